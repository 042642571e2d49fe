"""A question set's scores: the metrics of its judged questions (`summarize`), and abstention
replayed at other thresholds (`set_report`), which together make its `SetReport`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from assistant.answer.gate import REFUSED
from assistant.eval.attribution import said_by_precision
from assistant.eval.judge import QuestionResult
from assistant.eval.metrics import (
    PRF,
    SweepPoint,
    abstention,
    best_point,
    mean,
    percentile,
    ratio,
    recall_at,
    reciprocal_rank,
    sweep,
)
from assistant.eval.news import NewsMetrics, news_metrics
from assistant.eval.standalone import StandaloneMetrics, standalone_metrics

DEPTH = 10
"""Sentences retrieved for scoring: recall@10 needs ten."""
RECALL_KS = (1, 3, 5, 10)
"""The k of the recall@k figures reported by name (the curve has every k up to `DEPTH`)."""
THRESHOLDS = tuple(round(0.20 + i / 100, 2) for i in range(31))
"""The `answer.min_score` values the abstention sweep replays: 0.20 to 0.50."""

GATE_METRICS = (
    "answerability_auc",
    "gate_abstention_precision",
    "gate_abstention_recall",
    "gate_abstention_f1",
    "gate_answerable_abstained",
    "gate_on_topic_recall",
)
"""The metrics only `assistant eval --cv` measures (see `GateMetrics`)."""


@dataclass(frozen=True)
class GateMetrics:
    """The answerability gate on a set's cross-validation rows (`assistant eval --cv`): each
    answerable question as asked (should answer), with its article left out and each
    unanswerable question (should abstain), every row judged by a model fitted without its
    article. Positive class: abstaining."""

    rows: int
    should_abstain: int
    auc: float | None
    """ROC AUC of the out-of-fold P(answerable); None when the rows hold one class only."""
    precision: float
    recall: float
    f1: float
    answerable_abstained: float
    """Share of the answerable rows abstained on (the score floor counted in)."""
    on_topic_rows: int = 0
    """Evidence-out rows: answerable questions asked with their evidence sentences hidden
    (calibration/rows.py), measured apart from the rows above (the model is not fitted on
    them)."""
    on_topic_recall: float = 0.0
    """Share of those abstained on."""


@dataclass(frozen=True)
class Metrics:
    """The scores of one question set. Ratios are in [0, 1]; see metrics.py for zero cases."""

    questions: int
    answerable: int
    sentence_recall: dict[int, float]
    """k -> share of gold quotes overlapped by a top-k sentence, averaged over answerable
    questions, for k = 1..DEPTH."""
    sentence_mrr: float
    article_recall: dict[int, float]
    """k -> share of answerable questions with a sentence of the gold article in the top k."""
    article_mrr: float
    answer_token_recall: float
    """Over answerable questions, abstentions scoring 0 (as F1)."""
    answer_f1: float
    mc_accuracy: float | None
    """Share of multiple-choice questions whose closest choice is the gold answer (abstentions
    count as wrong); None when the set has no choices."""
    mc_questions: int
    citation_precision: float
    """Share of citations overlapping gold evidence, averaged over answered answerable questions."""
    citation_recall: float
    """Share of gold quotes cited, averaged over answerable questions."""
    citation_integrity: float
    citations_checked: int
    abstention: PRF
    """Positive class: abstained on an unanswerable question."""
    answerable_abstained: int
    latency_p50_ms: float
    latency_p95_ms: float
    verifier_recall: float
    """The verifier's citation recall (supported sentences / sentences), averaged over answered
    questions: 1 for quoted answers, the share an LLM got right otherwise."""
    verifier_precision: float
    """The verifier's citation precision, averaged over answered questions."""
    fallbacks: int
    """Answers whose LLM text was replaced by quoting (unreachable model, nothing verified)."""
    gate: GateMetrics | None = None
    """Only with `--cv`: the model in force may have been fitted on these very questions."""
    news: NewsMetrics | None = None
    """Only for sets whose questions carry news-dynamics gold (eval/news.py)."""
    standalone: StandaloneMetrics | None = None
    """Only for sets whose questions say what their answer is (`kind`, eval/standalone.py)."""
    said_by_precision: float | None = None
    """Over answerable questions with a gold `speaker` ("What did X say…?"): the share of the
    cited sentences that are X's (eval/attribution.py); an abstention counts 0."""
    time_words_questions: int = 0
    """Questions with time words ("latest", "this week", "in 2015")."""
    time_words: dict[str, float] = field(default_factory=dict)
    """`TIME_SLICE`'s figures over those questions alone."""

    def flat(self) -> dict[str, float]:
        """The headline numbers by name, as report.json, --compare and the floors use them."""
        out: dict[str, float] = {f"sentence_recall@{k}": self.sentence_recall[k] for k in RECALL_KS}
        out["sentence_mrr"] = self.sentence_mrr
        out |= {f"article_recall@{k}": self.article_recall[k] for k in RECALL_KS}
        out |= {
            "article_mrr": self.article_mrr,
            "answer_token_recall": self.answer_token_recall,
            "answer_f1": self.answer_f1,
        }
        if self.mc_accuracy is not None:
            out["mc_accuracy"] = self.mc_accuracy
        out |= {
            "citation_precision": self.citation_precision,
            "citation_recall": self.citation_recall,
            "citation_integrity": self.citation_integrity,
        }
        if self.abstention.actual:  # without unanswerable questions these are undefined
            out |= {
                "abstention_precision": self.abstention.precision,
                "abstention_recall": self.abstention.recall,
                "abstention_f1": self.abstention.f1,
            }
        out |= {
            "verifier_citation_recall": self.verifier_recall,
            "verifier_citation_precision": self.verifier_precision,
            "llm_fallbacks": self.fallbacks,
            "answerable_abstained": self.answerable_abstained,
            "latency_p50_ms": self.latency_p50_ms,
            "latency_p95_ms": self.latency_p95_ms,
        }
        if self.gate is not None:
            if self.gate.auc is not None:
                out["answerability_auc"] = self.gate.auc
            if self.gate.should_abstain:
                out |= {
                    "gate_abstention_precision": self.gate.precision,
                    "gate_abstention_recall": self.gate.recall,
                    "gate_abstention_f1": self.gate.f1,
                }
            out["gate_answerable_abstained"] = self.gate.answerable_abstained
            if self.gate.on_topic_rows:
                out["gate_on_topic_recall"] = self.gate.on_topic_recall
        if self.news is not None:
            out |= self.news.flat()
        if self.standalone is not None:
            out |= self.standalone.flat()
        if self.said_by_precision is not None:
            out["said_by_precision"] = self.said_by_precision
        if self.time_words_questions:
            out["time_words_questions"] = self.time_words_questions
            out |= {f"time_words_{k}": v for k, v in self.time_words.items()}
        return out


TIME_SLICE = (
    "sentence_recall@1",
    "sentence_recall@5",
    "answer_token_recall",
    "citation_recall",
    "citation_precision",
    "abstention_f1",
    "answerable_abstained",
)
"""The figures shown apart for questions with time words: read against the wrong day, they are
the ones that move (an eval question's `asked_on`)."""


def summarize(results: Sequence[QuestionResult], time_slice: bool = True) -> Metrics:
    """The metrics of `results`; with `time_slice`, `TIME_SLICE`'s also over the questions with
    time words alone."""
    answerable = [r for r in results if r.question.answerable]
    answered = [r for r in answerable if not r.answer.abstained]
    choices = [r for r in results if r.question.wrong_choices]
    latencies = [r.answer.latency_ms for r in results]
    verified = [
        r.answer.verification
        for r in results
        if not r.answer.abstained and r.answer.verification is not None
    ]
    checked = sum(r.citations_checked for r in results)
    broken = sum(len(r.broken_citations) for r in results)
    return Metrics(
        questions=len(results),
        answerable=len(answerable),
        sentence_recall={
            k: mean([recall_at(r.quote_ranks, k) for r in answerable]) for k in range(1, DEPTH + 1)
        },
        sentence_mrr=mean([reciprocal_rank(r.quote_ranks) for r in answerable]),
        article_recall={
            k: mean([recall_at([r.article_rank], k) for r in answerable])
            for k in range(1, DEPTH + 1)
        },
        article_mrr=mean([reciprocal_rank([r.article_rank]) for r in answerable]),
        answer_token_recall=mean([r.tokens.recall for r in answerable if r.tokens]),
        answer_f1=mean([r.tokens.f1 for r in answerable if r.tokens]),
        mc_accuracy=mean([r.mc_choice == 0 for r in choices]) if choices else None,
        mc_questions=len(choices),
        citation_precision=mean([mean(r.citation_hits) for r in answered]),
        citation_recall=mean([ratio(r.quotes_cited, len(r.question.evidence)) for r in answerable]),
        citation_integrity=1 - broken / checked if checked else 1.0,  # nothing cited, none broken
        citations_checked=checked,
        abstention=abstention(
            [r.answer.abstained for r in results], [not r.question.answerable for r in results]
        ),
        answerable_abstained=len(answerable) - len(answered),
        latency_p50_ms=percentile(latencies, 50),
        latency_p95_ms=percentile(latencies, 95),
        verifier_recall=mean([v.citation_recall for v in verified]),
        verifier_precision=mean([v.citation_precision for v in verified]),
        # the gate's refusals carry a notice too, but keep the extractive mode
        fallbacks=sum(
            bool(r.answer.notice)
            and not r.answer.notice.startswith(REFUSED)
            and r.answer.mode != "extractive"
            for r in results
        ),
        news=news_metrics(results),
        standalone=standalone_metrics(results),
        said_by_precision=_said_by(answerable),
        **_time_words(results) if time_slice else {},
    )


def _said_by(answerable: Sequence[QuestionResult]) -> float | None:
    asked = [r for r in answerable if r.question.speaker]
    if not asked:
        return None
    return mean([said_by_precision(r.answer, r.question.speaker or "") or 0.0 for r in asked])


def _time_words(results: Sequence[QuestionResult]) -> dict:
    timed = [r for r in results if r.time_words]
    if not timed:
        return {}
    flat = summarize(timed, time_slice=False).flat()
    return {
        "time_words_questions": len(timed),
        "time_words": {k: flat[k] for k in TIME_SLICE if k in flat},
    }


@dataclass(frozen=True)
class SetReport:
    """One question file (or all of them pooled, named `runner.ALL`), scored."""

    name: str
    results: tuple[QuestionResult, ...]
    metrics: Metrics
    sweep: tuple[SweepPoint, ...]
    """Abstention replayed at each of `THRESHOLDS`."""
    best: SweepPoint


def set_report(
    name: str, results: Sequence[QuestionResult], gate: GateMetrics | None = None
) -> SetReport:
    """The `SetReport` of `results` under `name`: their metrics (the set's `gate` figures in them,
    --cv only) and abstention replayed at each of `THRESHOLDS`."""
    points = sweep(
        [r.answer.retrieved[0].score if r.answer.retrieved else None for r in results],
        [not r.question.answerable for r in results],
        THRESHOLDS,
    )
    return SetReport(
        name=name,
        results=tuple(results),
        metrics=replace(summarize(results), gate=gate),
        sweep=tuple(points),
        best=best_point(points),
    )
