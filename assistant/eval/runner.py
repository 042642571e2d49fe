"""`assistant eval`: answer every question of the eval sets and score what came back.

Each question goes through `Assistant.ask`, exactly as `assistant ask` answers it. Retrieval is
scored on a second, deeper `retriever.search` call (`DEPTH` sentences) rather than by asking with
a larger k, because the answerer may quote any hit it is given, so a larger k could change the
answer being scored; the search is deterministic, so its first k hits are the ones `ask` saw.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from assistant.app import Assistant
from assistant.errors import EvalError
from assistant.eval.dataset import EvalQuestion, load_questions
from assistant.eval.metrics import (
    PRF,
    SweepPoint,
    TokenScores,
    abstention,
    best_point,
    closest,
    find_all,
    first_ranks,
    mean,
    overlaps,
    percentile,
    ratio,
    recall_at,
    reciprocal_rank,
    sweep,
    token_scores,
)
from assistant.types import Answer, ScoredSentence

DEPTH = 10
"""Sentences retrieved for scoring: recall@10 needs ten."""
RECALL_KS = (1, 3, 5, 10)
THRESHOLDS = tuple(round(0.20 + i / 100, 2) for i in range(31))
"""The `answer.min_score` values the abstention sweep replays: 0.20 to 0.50."""
ALL = "all"
"""Name of the pooled set reported when several question files are evaluated."""


@dataclass(frozen=True)
class QuestionResult:
    """What the assistant did with one question, judged against the gold data."""

    question: EvalQuestion
    set_name: str
    answer: Answer
    ranking: tuple[ScoredSentence, ...]
    """The `DEPTH` best sentences, best first (`ask` was given the first k of this ranking)."""
    quote_ranks: tuple[int | None, ...]
    """Per gold quote, the rank of the first retrieved sentence whose span overlaps the quote's
    span in the gold article (None: not within `DEPTH`)."""
    article_rank: int | None
    """Rank of the first retrieved sentence of the gold article."""
    citation_hits: tuple[bool, ...]
    """Per citation: its span overlaps a gold quote's span."""
    quotes_cited: int
    """Gold quotes overlapped by at least one citation."""
    citations_checked: int
    """Citations and related sources whose offsets were checked against the stored text."""
    broken_citations: tuple[str, ...]
    """`article[start:end]` of those whose text differs from their sentence (must be none)."""
    tokens: TokenScores | None
    """The answer against the gold answer; None for unanswerable questions."""
    mc_choice: int | None
    """Index into (gold answer, *wrong choices) of the choice closest to the answer by embedding
    similarity; None without choices or when the assistant abstained."""

    @property
    def quality(self) -> float:
        """For ranking the worst questions: the mean of answer token recall and sentence
        reciprocal rank; an unanswerable question scores 1 if abstained on, else 0."""
        if self.tokens is None:
            return float(self.answer.abstained)
        return (self.tokens.recall + reciprocal_rank(self.quote_ranks)) / 2


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
        return out


def summarize(results: Sequence[QuestionResult]) -> Metrics:
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
        fallbacks=sum(bool(r.answer.notice) for r in results),
    )


@dataclass(frozen=True)
class SetReport:
    """One question file (or all of them pooled, named `ALL`), scored."""

    name: str
    results: tuple[QuestionResult, ...]
    metrics: Metrics
    sweep: tuple[SweepPoint, ...]
    """Abstention replayed at each of `THRESHOLDS`."""
    best: SweepPoint


def set_report(name: str, results: Sequence[QuestionResult]) -> SetReport:
    points = sweep(
        [r.answer.retrieved[0].score if r.answer.retrieved else None for r in results],
        [not r.question.answerable for r in results],
        THRESHOLDS,
    )
    return SetReport(
        name=name,
        results=tuple(results),
        metrics=summarize(results),
        sweep=tuple(points),
        best=best_point(points),
    )


@dataclass(frozen=True)
class EvalRun:
    """Everything one `assistant eval` measured."""

    sets: tuple[SetReport, ...]
    """One per question file, in the order given, then `ALL` when there are several."""
    k: int
    """Sentences each `ask` retrieved (the answerer's input)."""
    min_score: float
    embedding_model: str
    corpus: str
    created: str

    @property
    def results(self) -> tuple[QuestionResult, ...]:
        return tuple(r for s in self.sets if s.name != ALL for r in s.results)

    def worst(self, n: int = 10) -> list[QuestionResult]:
        return sorted(self.results, key=lambda r: (r.quality, r.set_name, r.question.id))[:n]


def answer_text(answer: Answer) -> str:
    """The answer without its `[n]` markers; empty for an abstention, whose text is a notice."""
    return "" if answer.abstained else re.sub(r"\s*\[\d+\]", "", answer.text).strip()


class Evaluation:
    """`Evaluation(assistant, question_files, k).run()` -> EvalRun.

    Sync the assistant first (as `ask` does); the files are read and checked here, the gold
    articles and quotes against the index when `run` starts, before any question is asked.
    """

    def __init__(self, assistant: Assistant, files: Sequence[Path], k: int | None = None) -> None:
        if not files:
            raise EvalError("no question files given: pass --qa FILE")
        names = [f.name for f in files]
        if len(set(names)) < len(names):
            raise EvalError(
                f"two question files share a name ({', '.join(names)}): "
                "sets are reported by file name, rename one"
            )
        self.assistant = assistant
        self.k = k or assistant.settings.retrieval.k
        self.sets = {f.name: load_questions(f) for f in files}
        self.size = sum(map(len, self.sets.values()))
        self.article_text = cache(assistant.store.reader.article_text)

    def check_gold(self) -> None:
        indexed = set(self.assistant.store.reader.article_infos())
        for q in (q for qs in self.sets.values() for q in qs if q.article):
            if q.article not in indexed:
                raise EvalError(
                    f"{q.where}: article {q.article!r} is not in the index of "
                    f"{self.assistant.settings.corpus_dir}"
                )
            for quote in q.evidence:
                if quote not in self.article_text(q.article):
                    raise EvalError(f"{q.where}: evidence {quote[:50]!r} is not in {q.article}")

    def judge(
        self, q: EvalQuestion, set_name: str, answer: Answer, ranking: Sequence[ScoredSentence]
    ) -> QuestionResult:
        gold = [find_all(self.article_text(q.article), e) for e in q.evidence] if q.article else []

        def span(article: str, start: int, end: int) -> tuple[int, int] | None:
            return (start, end) if article == q.article else None

        cited = [span(c.article, c.start, c.end) for c in answer.citations]
        shown = answer.citations + answer.related
        return QuestionResult(
            question=q,
            set_name=set_name,
            answer=answer,
            ranking=tuple(ranking),
            quote_ranks=tuple(
                first_ranks(
                    [
                        span(h.sentence.article_id, h.sentence.start, h.sentence.end)
                        for h in ranking
                    ],
                    gold,
                )
            ),
            article_rank=next(
                (r for r, h in enumerate(ranking) if h.sentence.article_id == q.article), None
            ),
            citation_hits=tuple(
                s is not None and any(overlaps(s, g) for quote in gold for g in quote)
                for s in cited
            ),
            quotes_cited=sum(r is not None for r in first_ranks(cited, gold)),
            citations_checked=len(shown),
            broken_citations=tuple(
                f"{c.article}[{c.start}:{c.end}]"
                for c in shown
                if self.article_text(c.article)[c.start : c.end] != c.sentence
            ),
            tokens=token_scores(answer_text(answer), q.answer) if q.answer is not None else None,
            mc_choice=self.choose(q, answer),
        )

    def choose(self, q: EvalQuestion, answer: Answer) -> int | None:
        if not q.wrong_choices or answer.abstained:
            return None
        vectors = self.assistant.embedder.embed([answer_text(answer), q.answer, *q.wrong_choices])
        return closest(vectors[0], vectors[1:])

    def run(self, on_question: Callable[[str], None] | None = None) -> EvalRun:
        """Ask every question; `on_question(id)` is called after each (for a progress bar)."""
        self.check_gold()
        search = self.assistant.retriever.search
        # Load the model and the BM25 index now, so the first question's latency is like the rest.
        search(next(iter(self.sets.values()))[0].question, DEPTH)
        reports = []
        for name, questions in self.sets.items():
            results = []
            for q in questions:
                answer = self.assistant.ask(q.question, k=self.k)
                results.append(self.judge(q, name, answer, search(q.question, DEPTH)))
                if on_question:
                    on_question(q.id)
            reports.append(set_report(name, results))
        if len(reports) > 1:
            reports.append(set_report(ALL, [r for s in reports for r in s.results]))
        settings = self.assistant.settings
        return EvalRun(
            sets=tuple(reports),
            k=self.k,
            min_score=settings.answer.min_score,
            embedding_model=settings.embedding.model,
            corpus=str(settings.corpus_dir),
            created=datetime.now(UTC).isoformat(timespec="seconds"),
        )
