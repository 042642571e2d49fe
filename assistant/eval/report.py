"""The files of an eval run (answers.jsonl, report.json, report.md, charts), run comparisons and
the floors that make the eval a CI gate."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from assistant.errors import EvalError
from assistant.eval.judge import QuestionResult
from assistant.eval.metrics import SweepPoint, deltas
from assistant.eval.plots import Figure, draw, label
from assistant.eval.runner import EvalRun
from assistant.eval.summary import DEPTH, SetReport

WORST_SHOWN = 5
"""Retrieved sentences shown per worst question."""
COUNTS = {"answerable_abstained", "llm_fallbacks"}
"""Metrics that count questions: printed as whole numbers, like latencies."""


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


def answer_row(r: QuestionResult) -> dict:
    q = r.question
    return {
        "set": r.set_name,
        "id": q.id,
        "question": q.question,
        "answer": r.answer.text,
        "abstained": r.answer.abstained,
        "citations": r.answer.to_dict()["citations"],
        "sentences": r.answer.to_dict()["sentences"],
        "verification": r.answer.to_dict()["verification"],
        "mode": r.answer.mode,
        "notice": r.answer.notice,
        "latency_ms": round(r.answer.latency_ms, 1),
        "retrieved": [h.sentence.id for h in r.ranking],
        "retrieved_scores": [round(h.score, 4) for h in r.ranking],
        "evidence_ranks": list(r.quote_ranks),
        "article_rank": r.article_rank,
        "token_recall": None if r.tokens is None else round(r.tokens.recall, 4),
        "token_f1": None if r.tokens is None else round(r.tokens.f1, 4),
        "mc_choice": r.mc_choice,
        "broken_citations": list(r.broken_citations),
        "gold_answer": q.answer,
        "gold_article": q.article,
        "evidence": list(q.evidence),
        "wrong_choices": list(q.wrong_choices),
    }


def sweep_json(p: SweepPoint) -> dict:
    return {
        "threshold": p.threshold,
        "precision": round(p.abstention.precision, 4),
        "recall": round(p.abstention.recall, 4),
        "f1": round(p.abstention.f1, 4),
        "answerable_lost": p.answerable_lost,
    }


def set_json(s: SetReport) -> dict:
    m = s.metrics
    return {
        "questions": m.questions,
        "answerable": m.answerable,
        "metrics": {k: round(v, 4) for k, v in m.flat().items()},
        "recall_curve": {
            "sentence": [round(m.sentence_recall[k], 4) for k in range(1, DEPTH + 1)],
            "article": [round(m.article_recall[k], 4) for k in range(1, DEPTH + 1)],
        },
        "abstention": asdict(m.abstention),
        "citations_checked": m.citations_checked,
        "sweep": [sweep_json(p) for p in s.sweep],
        "best_threshold": sweep_json(s.best),
    }


def worst_json(r: QuestionResult) -> dict:
    return {
        "set": r.set_name,
        "id": r.question.id,
        "question": r.question.question,
        "gold_answer": r.question.answer,
        "answer": r.answer.text,
        "quality": round(r.quality, 4),
        "retrieved": [
            {
                "id": h.sentence.id,
                "score": round(h.score, 4),
                "evidence": n in r.quote_ranks,
                "sentence": h.sentence.text,
            }
            for n, h in enumerate(r.ranking)
        ],
    }


def sweep_section(run: EvalRun) -> list[str]:
    sets = [s for s in run.sets if s.metrics.abstention.actual]
    if not sets:
        return ["No question set has unanswerable questions: nothing to calibrate."]
    rows = []
    for n, point in enumerate(sets[0].sweep):
        marks = (["current"] if abs(point.threshold - run.min_score) < 1e-9 else []) + [
            f"best F1 ({s.name})" for s in sets if s.best.threshold == point.threshold
        ]
        rows.append(
            [
                f"{point.threshold:.2f}",
                *(
                    c
                    for s in sets
                    for c in (f"{s.sweep[n].abstention.f1:.3f}", str(s.sweep[n].answerable_lost))
                ),
                ", ".join(marks),
            ]
        )
    lines = [
        "Replays the answerer's rule (abstain when the top hit scores below `answer.min_score`) "
        'on the top retrieval score of every question; "lost" counts answerable questions it '
        "would abstain on. The best threshold has the highest F1, then the fewest lost.",
        "",
    ]
    for s in sets:
        ab, best = s.metrics.abstention, s.best
        lines.append(
            f"- **{s.name}**: at the current {run.min_score:.2f}, abstained on "
            f"{ab.true_positives} of {ab.actual} unanswerable and "
            f"{s.metrics.answerable_abstained} of {s.metrics.answerable} answerable questions "
            f"(precision {ab.precision:.3f}, recall {ab.recall:.3f}, F1 {ab.f1:.3f}). "
            f"Best: F1 {best.abstention.f1:.3f} at {best.threshold:.2f} "
            f"({best.abstention.true_positives} of {ab.actual} unanswerable abstained on, "
            f"{best.answerable_lost} answerable lost)."
        )
    headers = ["threshold", *(h for s in sets for h in (f"F1 {s.name}", f"lost {s.name}")), ""]
    return [*lines, "", table(headers, rows)]


def shorten(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def worst_section(run: EvalRun) -> list[str]:
    lines = [
        "Lowest mean of answer token recall and evidence reciprocal rank (an answer to an "
        "unanswerable question scores 0, an abstention on one 1). ✓ marks a retrieved "
        "sentence overlapping the gold evidence.",
        "",
    ]
    for n, r in enumerate(run.worst(), 1):
        q = r.question
        lines += [
            f"### {n}. `{q.id}` ({r.set_name})",
            "",
            f"**Q:** {q.question}  ",
            f"**gold:** {q.answer if q.answerable else '(unanswerable)'}  ",
            f"**answer:** {shorten(r.answer.text, 400)}",
            "",
            "retrieved:",
            "",
        ]
        lines += [
            f"- {'✓' if rank in r.quote_ranks else '·'} {h.score:.3f} "
            f"`{h.sentence.id}` {shorten(h.sentence.text)}"
            for rank, h in enumerate(r.ranking[:WORST_SHOWN])
        ]
        lines.append("")
    return lines


def markdown(run: EvalRun, figures: Sequence[Figure]) -> str:
    lines = [
        "# Evaluation report",
        "",
        f"{run.created} · corpus `{run.corpus}` · model `{run.embedding_model}` · k = {run.k} "
        f"(retrieval scored at depth {DEPTH}) · `answer.min_score` = {run.min_score:.2f}",
        "",
        summary_table(run),
        "",
        "- **Recall@k, MRR** (answerable questions): sentence level, the share of gold evidence "
        "quotes whose character span in the gold article intersects the span of one of the top k "
        "sentences; article level, whether one of the top k sentences is from the gold article.",
        "- **Answer token recall, F1**: the answer without its `[n]` markers against the gold "
        "answer, SQuAD-normalised tokens; an abstention scores 0.",
        "- **Multiple-choice accuracy**: the choice closest to the answer by embedding "
        "similarity is the gold one (abstentions count as wrong; chance is 0.25).",
        "- **Citation precision, recall**: citations overlapping gold evidence, per answered "
        "question; gold quotes cited, per answerable question. **Integrity**: "
        "`article_text[start:end] == sentence` for every citation and related source.",
        "- **Abstention**: positive class, abstaining on a question the corpus cannot answer.",
        "",
    ]
    lines += [f"![{f.title}]({f.file})\n" for f in figures]
    lines += [
        "## Abstention threshold",
        "",
        *sweep_section(run),
        "",
        "## Worst 10 questions",
        "",
        *worst_section(run),
        "",
    ]
    return "\n".join(lines)


def write_run(run: EvalRun, out: Path) -> Path:
    """Write the run's files into `out` (created if needed); returns the path of report.md."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise EvalError(f"cannot create the output folder {out}: {exc.strerror}") from None
    with open(out / "answers.jsonl", "w", encoding="utf-8") as f:
        for r in run.results:
            f.write(json.dumps(answer_row(r), ensure_ascii=False) + "\n")
    report = {
        "created": run.created,
        "settings": {
            "k": run.k,
            "depth": DEPTH,
            "min_score": run.min_score,
            "embedding_model": run.embedding_model,
            "corpus": run.corpus,
        },
        "sets": {s.name: set_json(s) for s in run.sets},
        "worst": [worst_json(r) for r in run.worst()],
    }
    (out / "report.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    figures = draw(run, out)
    (out / "report.md").write_text(markdown(run, figures), encoding="utf-8")
    return out / "report.md"


def read_metrics(folder: Path) -> dict[str, dict[str, float]]:
    path = folder / "report.json"
    if not path.is_file():
        raise EvalError(f"{path} does not exist: pass the --out folder of an `assistant eval` run")
    try:
        return {
            name: s["metrics"]
            for name, s in json.loads(path.read_text(encoding="utf-8"))["sets"].items()
        }
    except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
        raise EvalError(f"{path} is not an eval report: {exc}") from None


def compare_runs(old: Path, new: Path) -> str:
    """Metric deltas of two runs side by side (new minus old), set by set."""
    before, after = read_metrics(old), read_metrics(new)
    rows = []
    for name in list(after) + [n for n in before if n not in after]:
        for d in deltas(before.get(name, {}), after.get(name, {})):
            change = (
                "–"
                if d.delta is None
                else (("+" if d.delta >= 0 else "-") + number(d.name, abs(d.delta)))
            )
            rows.append([name, label(d.name), number(d.name, d.old), number(d.name, d.new), change])
    return table(["set", "metric", f"old ({old.name})", f"new ({new.name})", "delta"], rows, left=2)


def check_floors(run: EvalRun, path: Path) -> list[str]:
    """The metrics below their floor in a TOML file of `["set file name"] "metric" = floor`."""
    try:
        floors = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise EvalError(f"threshold file {path} does not exist") from None
    except tomllib.TOMLDecodeError as exc:
        raise EvalError(f"{path}: not valid TOML: {exc}") from None
    measured = {s.name: s.metrics.flat() for s in run.sets}
    failures = []
    for set_name, wanted in floors.items():
        if set_name not in measured or not isinstance(wanted, dict):
            raise EvalError(
                f"{path}: [{set_name}] is not an evaluated question set ({', '.join(measured)})"
            )
        for metric, floor in wanted.items():
            if metric not in measured[set_name] or not isinstance(floor, int | float):
                raise EvalError(
                    f"{path}: [{set_name}] {metric} = {floor!r}: not a metric of the "
                    "report with a number"
                )
            value = measured[set_name][metric]
            if value < floor:
                failures.append(
                    f"{set_name} {metric} = {number(metric, value)} is below its floor {floor}"
                )
    return failures
