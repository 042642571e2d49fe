"""Out-of-fold figures for a scorer and citation rule: leave one article out.

A *policy* is what training produces: a `SentenceScorer` and the `AnswerSettings` the
extractive answerer quotes with (`min_score`, `relative_floor`). `cross_validate` trains a
policy per article on the other articles' questions and judges that article's questions with
it, so no question is scored by a policy that saw its article. Questions without an article
(unanswerable) are dealt to the folds in turn; they teach nothing and only count in the
abstention figure.

The figures are the eval's (assistant/eval/summary.py), recomputed from candidates without
asking: sentence recall@k over the ranking, and the citations `ExtractiveAnswerer.select`
makes from the top `K` hits (the same code `ask` runs).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from assistant.answer.extractive import ExtractiveAnswerer
from assistant.config import AnswerSettings
from assistant.eval.calibration.rows import deal
from assistant.eval.calibration.scorer_rows import QuestionRows, fit_scorer
from assistant.eval.metrics import first_ranks, mean, overlaps, ratio, recall_at
from assistant.retrieval.scorer import ScorerWeights, SentenceScorer
from assistant.types import ScoredSentence

K = 5
"""Hits the answerer sees (`retrieval.k`)."""
FLOORS = tuple(round(0.10 + 0.05 * i, 2) for i in range(19))
"""relative_floor values tried: 0.10 to 1.00."""
DEPTH = 10
"""Ranking depth the recall figures are read from (the eval's)."""


@dataclass(frozen=True)
class Policy:
    scorer: SentenceScorer
    answer: AnswerSettings


@dataclass(frozen=True)
class Outcome:
    """One question under one policy."""

    id: str
    set_name: str
    answerable: bool
    quote_ranks: tuple[int | None, ...]
    citation_hits: tuple[bool, ...]
    quotes_cited: int
    cited_chars: int
    top_score: float | None

    @property
    def abstained(self) -> bool:
        return not self.citation_hits


@dataclass(frozen=True)
class Figures:
    questions: int
    recall_at_1: float
    recall_at_5: float
    citation_recall: float
    """Share of gold quotes cited, averaged over answerable questions."""
    citation_precision: float
    """Share of citations overlapping a gold quote, averaged over answered answerable ones."""
    median_chars: float
    """Median characters cited per answered answerable question."""
    answerable_abstained: float
    unanswerable: int
    unanswerable_abstained: float


def ranked(row: QuestionRows, scorer: SentenceScorer) -> list[ScoredSentence]:
    return scorer.rank(row.candidates, DEPTH)


def judge(row: QuestionRows, hits: Sequence[ScoredSentence], answer: AnswerSettings) -> Outcome:
    """The question of `row` judged as the answerer would answer it from `hits` (best first) under
    `answer`: the citations it makes from the top `K`, the gold quotes' ranks within `DEPTH`."""

    def span(hit: ScoredSentence) -> tuple[int, int] | None:
        s = hit.sentence
        return (s.start, s.end) if s.article_id == row.article else None

    chosen = ExtractiveAnswerer(answer).select(hits[:K])
    cited = [span(h) for h in chosen]
    return Outcome(
        id=row.id,
        set_name=row.set_name,
        answerable=row.answerable,
        quote_ranks=tuple(first_ranks([span(h) for h in hits[:DEPTH]], row.gold)),
        citation_hits=tuple(
            s is not None and any(overlaps(s, g) for quote in row.gold for g in quote)
            for s in cited
        ),
        quotes_cited=sum(r is not None for r in first_ranks(cited, row.gold)),
        cited_chars=sum(len(h.sentence.text) for h in chosen),
        top_score=hits[0].score if hits else None,
    )


def figures(outcomes: Sequence[Outcome], rows: dict[str, QuestionRows]) -> Figures:
    """The eval's figures over `outcomes`; `rows` (by question id) give each question's gold
    quotes."""
    answerable = [o for o in outcomes if o.answerable]
    answered = [o for o in answerable if not o.abstained]
    unanswerable = [o for o in outcomes if not o.answerable]
    return Figures(
        questions=len(answerable),
        recall_at_1=mean([recall_at(o.quote_ranks, 1) for o in answerable]),
        recall_at_5=mean([recall_at(o.quote_ranks, 5) for o in answerable]),
        citation_recall=mean([ratio(o.quotes_cited, len(rows[o.id].gold)) for o in answerable]),
        citation_precision=mean([mean(o.citation_hits) for o in answered]),
        median_chars=float(np.median([o.cited_chars for o in answered])) if answered else 0.0,
        answerable_abstained=ratio(len(answerable) - len(answered), len(answerable)),
        unanswerable=len(unanswerable),
        unanswerable_abstained=mean([float(o.abstained) for o in unanswerable]),
    )


def folds(rows: Sequence[QuestionRows]) -> dict[str, list[QuestionRows]]:
    """Rows by fold (`rows.deal`: the article; unanswerable rows dealt to the articles in id
    order)."""
    fold_of = deal((r.id, r.article) for r in rows)
    groups: dict[str, list[QuestionRows]] = {}
    for r in rows:
        groups.setdefault(fold_of[r.id], []).append(r)
    return groups


def cross_validate(
    rows: Sequence[QuestionRows], train: Callable[[list[QuestionRows]], Policy]
) -> list[Outcome]:
    """Each article's questions judged by the policy trained on the other articles'."""
    outcomes = []
    groups = folds(rows)
    for name, held_out in groups.items():
        policy = train([r for g, rs in groups.items() if g != name for r in rs])
        outcomes += [judge(r, ranked(r, policy.scorer), policy.answer) for r in held_out]
    return outcomes


def out_of_fold_rankings(
    rows: Sequence[QuestionRows], fit: Callable[[list[QuestionRows]], SentenceScorer]
) -> dict[str, list[ScoredSentence]]:
    """Each question's ranking by a scorer fitted without its article (for choosing answer
    settings on rankings the scorer did not learn from)."""
    out = {}
    groups = folds(rows)
    for name, held_out in groups.items():
        scorer = fit([r for g, rs in groups.items() if g != name for r in rs])
        out |= {r.id: ranked(r, scorer) for r in held_out}
    return out


def matching_threshold(tops: Sequence[float], share: float) -> float:
    """The largest threshold abstaining (top score below it) on at most `share` of `tops`."""
    ordered = sorted(tops)
    allowed = int(np.floor(share * len(ordered) + 1e-9))
    return ordered[allowed] if allowed < len(ordered) else 1.0


def choose_floor(
    rows: Sequence[QuestionRows],
    rankings: dict[str, list[ScoredSentence]],
    answer: AnswerSettings,
    floors: Sequence[float],
    max_chars: float = 400,
) -> float:
    """The relative floor with the best F1 of citation recall and precision over the
    answerable rows, among those whose median cited characters stay within `max_chars`
    (the shortest answers when none does); ties go to the higher floor (fewer citations)."""
    table = {r.id: r for r in rows}
    scored = []
    for floor in floors:
        settings = answer.model_copy(update={"relative_floor": floor})
        outs = [judge(r, rankings[r.id], settings) for r in rows if r.answerable]
        f = figures(outs, table)
        f1 = ratio(
            2 * f.citation_recall * f.citation_precision, f.citation_recall + f.citation_precision
        )
        scored.append(
            (
                f.median_chars <= max_chars,
                f1 if f.median_chars <= max_chars else -f.median_chars,
                floor,
            )
        )
    return max(scored)[2]


def choose_answer_settings(
    rows: Sequence[QuestionRows],
    rankings: dict[str, list[ScoredSentence]],
    base: AnswerSettings | None = None,
    floors: Sequence[float] = FLOORS,
) -> AnswerSettings:
    """Answer settings for a new scorer, from rankings it did not learn from (out of fold):

    - `min_score`: abstain on the same share of the answerable questions as the blend does at
      `base.min_score` (a new scorer's scale is its own; this keeps today's trade-off on the
      answerable side, the only side most question sets can measure);
    - `relative_floor`: `choose_floor` under that min_score.
    """
    base = base or AnswerSettings()
    blend = SentenceScorer(ScorerWeights.blend())
    answerable = [r for r in rows if r.answerable and rankings[r.id]]
    share = mean([float(blend.rank(r.candidates, 1)[0].score < base.min_score) for r in answerable])
    threshold = matching_threshold([rankings[r.id][0].score for r in answerable], share)
    settings = base.model_copy(update={"min_score": round(threshold, 4)})
    floor = choose_floor(rows, rankings, settings, floors)
    return settings.model_copy(update={"relative_floor": floor})


def calibrated(rows: Sequence[QuestionRows], c: float = 1.0) -> ScorerWeights:
    """Weights fitted on all `rows`, with the answer settings to use them with (chosen on
    leave-one-article-out rankings) in `meta["min_score"]` and `meta["relative_floor"]`:
    what `assistant calibrate` needs from a user's question file. Needs questions from at
    least two articles."""
    if len({r.article for r in rows if r.article}) < 2:
        raise ValueError("calibrating needs answerable questions from at least two articles")
    oof = out_of_fold_rankings(rows, lambda train: SentenceScorer(fit_scorer(train, c)))
    settings = choose_answer_settings(rows, oof)
    weights = fit_scorer(rows, c)
    meta = weights.meta | {
        "min_score": settings.min_score,
        "relative_floor": settings.relative_floor,
    }
    return ScorerWeights(weights.kind, weights.values, meta)
