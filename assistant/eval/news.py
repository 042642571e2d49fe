"""The news-dynamics metrics: does an answer know *when* and *who*?

Scored on the questions whose gold carries the fields of `dataset.NewsGold`
(eval/news-dynamics.jsonl and its corpus of dated follow-ups, wire copies and outlets that
disagree). Each metric averages over the questions that carry its field only, and an abstention
counts as a miss: an assistant that says nothing has not shown the latest source first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.eval.judge import QuestionResult
from assistant.eval.metrics import PRF, mean, ratio
from assistant.types import Answer, Citation, iso

NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


@dataclass(frozen=True)
class NewsMetrics:
    """The news-dynamics scores of one question set (None: no question carries the field)."""

    as_of_accuracy: float | None
    """Share of questions whose answer's `as_of` is the gold date."""
    latest_first_accuracy: float | None
    """Share of questions whose first citation comes from the gold article (or a wire copy of
    it): the newest source for "latest" questions, the asked-for date's for "in <month>" ones."""
    timeline_completeness: float | None
    """Per question, the share of the gold values of a moved figure that the answer's timeline
    gives in the gold (newest-first) order, averaged."""
    conflicts: PRF | None
    """Positive class: the answer flags a disagreement; gold from `conflict` true/false."""
    copies: PRF | None
    """Micro-averaged over questions: the articles the first citation says carried the story
    (itself and its listed copies) against the gold group."""

    def flat(self) -> dict[str, float]:
        """The scores by name, as report.json and --compare use them; those no question carries left
        out."""
        out: dict[str, float] = {}
        for name in ("as_of_accuracy", "latest_first_accuracy", "timeline_completeness"):
            if (value := getattr(self, name)) is not None:
                out[name] = value
        if self.conflicts is not None:
            out["conflict_precision"] = self.conflicts.precision
            out["conflict_recall"] = self.conflicts.recall
            out["conflict_false_alarms"] = self.conflicts.predicted - self.conflicts.true_positives
        if self.copies is not None:
            out["copy_grouping_precision"] = self.copies.precision
            out["copy_grouping_recall"] = self.copies.recall
        return out


def values(text: str) -> list[str]:
    """The numbers in a value as digits only ("about 5,000 people" -> ["5000"])."""
    return [n.replace(",", "") for n in NUMBER.findall(text)]


def in_order(gold: Sequence[str], given: Sequence[str]) -> int:
    """How many of `gold` appear in `given` in the same order (longest common subsequence)."""
    table = [[0] * (len(given) + 1) for _ in range(len(gold) + 1)]
    for i, g in enumerate(gold):
        for j, v in enumerate(given):
            table[i + 1][j + 1] = (
                table[i][j] + 1 if g == v else max(table[i][j + 1], table[i + 1][j])
            )
    return table[-1][-1]


def timeline_share(answer: Answer, gold: Sequence[str]) -> float:
    given = [v for entry in answer.timeline for v in values(entry.value)[:1]]
    wanted = [v for g in gold for v in values(g)[:1]]
    return ratio(in_order(wanted, given), len(wanted))


def carried_by(citation: Citation) -> set[str]:
    """The articles a citation says carried its sentence: its own and its wire copies."""
    return {citation.article, *(copy.article for copy in citation.copies)}


def news_metrics(results: Sequence[QuestionResult]) -> NewsMetrics | None:
    """The news-dynamics scores of `results`, each over the questions carrying its field; None when
    no question carries news gold."""
    golds = [(r.answer, r.question.news) for r in results if r.question.news is not None]
    if not golds:
        return None
    first = [(a, g.first_article) for a, g in golds if g.first_article]
    timelines = [(a, g.timeline) for a, g in golds if g.timeline]
    conflicts = [(bool(a.conflicts) and not a.abstained, g.conflict) for a, g in golds]
    conflicts = [(said, gold) for said, gold in conflicts if gold is not None]
    grouped = [
        (carried_by(a.citations[0]) if a.citations else set(), set(g.copies))
        for a, g in golds
        if g.copies
    ]
    return NewsMetrics(
        as_of_accuracy=_share([iso(a.as_of) == g.as_of for a, g in golds if g.as_of]),
        latest_first_accuracy=_share(
            [bool(a.citations) and gold in carried_by(a.citations[0]) for a, gold in first]
        ),
        timeline_completeness=(
            mean([timeline_share(a, gold) for a, gold in timelines]) if timelines else None
        ),
        conflicts=(
            PRF(
                true_positives=sum(said and gold for said, gold in conflicts),
                predicted=sum(said for said, _ in conflicts),
                actual=sum(gold for _, gold in conflicts),
            )
            if conflicts
            else None
        ),
        copies=(
            PRF(
                true_positives=sum(len(said & gold) for said, gold in grouped),
                predicted=sum(len(said) for said, _ in grouped),
                actual=sum(len(gold) for _, gold in grouped),
            )
            if grouped
            else None
        ),
    )


def _share(hits: Sequence[bool]) -> float | None:
    return mean(hits) if hits else None
