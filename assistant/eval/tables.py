"""How metrics read in a terminal and in Markdown: their names for people, their numbers, and
the padded tables that `assistant eval`, report.md and `--compare` print."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.eval.runner import EvalRun

LABELS = {
    "sentence_mrr": "sentence MRR",
    "article_mrr": "article MRR",
    "answer_token_recall": "answer token recall",
    "answer_f1": "answer token F1",
    "mc_accuracy": "multiple-choice accuracy",
    "citation_precision": "citation precision",
    "citation_recall": "citation recall",
    "citation_integrity": "citation integrity",
    "abstention_precision": "abstention precision",
    "abstention_recall": "abstention recall",
    "abstention_f1": "abstention F1",
    "verifier_citation_recall": "verifier citation recall",
    "verifier_citation_precision": "verifier citation precision",
    "llm_fallbacks": "LLM answers replaced by quotes",
    "answerable_abstained": "answerable abstained on",
    "answerability_auc": "answerability ROC AUC (CV)",
    "gate_abstention_precision": "gate abstention precision (CV)",
    "gate_abstention_recall": "gate abstention recall (CV)",
    "gate_abstention_f1": "gate abstention F1 (CV)",
    "gate_answerable_abstained": "gate answerable abstained, share (CV)",
    "gate_on_topic_recall": "gate abstention recall, answer sentences removed (CV)",
    "as_of_accuracy": "as-of date right",
    "latest_first_accuracy": "latest (asked-for date) cited first",
    "timeline_completeness": "timeline completeness",
    "conflict_false_alarms": "conflicts flagged wrongly",
    "time_words_questions": "questions with time words",
    "answer_named": "answer names the gold answer",
    "answer_kind_given": "answer gives the kind asked for",
    "said_by_precision": "cited sentences in the asked speaker's words",
    "speaker_precision": "speaker precision",
    "speaker_recall": "speaker recall",
    "latency_p50_ms": "latency p50 (ms)",
    "latency_p95_ms": "latency p95 (ms)",
}
COUNTS = {
    "answerable_abstained",
    "llm_fallbacks",
    "conflict_false_alarms",
    "time_words_questions",
    "time_words_answerable_abstained",
}
"""Metrics that count questions: printed as whole numbers, like latencies."""


def label(metric: str) -> str:
    """A metric's name for people: "sentence_mrr" -> "sentence MRR"; "time_words_citation_recall"
    -> "citation recall, time words"."""
    if metric.startswith("time_words_") and metric != "time_words_questions":
        return f"{label(metric.removeprefix('time_words_'))}, time words"
    return LABELS.get(metric, metric.replace("_", " "))


def number(metric: str, value: float | None) -> str:
    """Ratios to three places; milliseconds and counts whole; "–" for a metric a run lacks."""
    if value is None:
        return "–"
    whole = metric.endswith("_ms") or metric in COUNTS
    return f"{value:.0f}" if whole else f"{value:.3f}"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], left: int = 1) -> str:
    """A Markdown table padded to line up in a terminal too: the first `left` columns (names)
    left-aligned, the rest (numbers) right-aligned."""
    widths = [max(len(str(c)) for c in col) for col in zip(headers, *rows)]

    def cells(row: Sequence[str]) -> str:
        return (
            "| "
            + " | ".join(
                str(c).ljust(w) if i < left else str(c).rjust(w)
                for i, (c, w) in enumerate(zip(row, widths))
            )
            + " |"
        )

    rule = (
        "| "
        + " | ".join("-" * w if i < left else "-" * (w - 1) + ":" for i, w in enumerate(widths))
        + " |"
    )
    return "\n".join([cells(headers), rule, *map(cells, rows)])


def summary_table(run: EvalRun) -> str:
    """Metric by set, the table `assistant eval` prints and report.md opens with."""
    flats = [s.metrics.flat() for s in run.sets]
    names = list(dict.fromkeys(m for f in flats for m in f))
    rows = [
        [
            "questions (answerable)",
            *(f"{s.metrics.questions} ({s.metrics.answerable})" for s in run.sets),
        ]
    ]
    rows += [[label(m), *(number(m, f.get(m)) for f in flats)] for m in names]
    return table(["metric", *(s.name for s in run.sets)], rows)
