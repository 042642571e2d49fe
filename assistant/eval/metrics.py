"""Pure evaluation metrics: no store, no model, no files, so each is checked by hand in tests.

Conventions: ranks count from 0 (best); a span is a half-open `(start, end)` character range of
one article; a mean or ratio over nothing is 0.0 (as scikit-learn's `zero_division=0`), so an
empty case reads as "nothing achieved" rather than failing or reading as perfect.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

Span = tuple[int, int]


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def ratio(part: float, whole: float) -> float:
    return part / whole if whole else 0.0


def overlaps(a: Span, b: Span) -> bool:
    """Whether two half-open spans share at least one character."""
    return a[0] < b[1] and b[0] < a[1]


def find_all(text: str, quote: str) -> list[Span]:
    """Every place `quote` occurs in `text` (a short quote such as a name may occur twice)."""
    spans, at = [], text.find(quote)
    while quote and at >= 0:
        spans.append((at, at + len(quote)))
        at = text.find(quote, at + 1)
    return spans


def first_ranks(
    ranked: Sequence[Span | None], targets: Sequence[Sequence[Span]]
) -> list[int | None]:
    """For each target (the spans of one gold quote), the rank of the first span overlapping it.

    `ranked[r]` is None for a retrieved sentence of another article, which never overlaps.
    """
    return [
        next(
            (
                r
                for r, span in enumerate(ranked)
                if span is not None and any(overlaps(span, t) for t in target)
            ),
            None,
        )
        for target in targets
    ]


def recall_at(ranks: Sequence[int | None], k: int) -> float:
    """Share of the targets first found within the top k (ranks from `first_ranks`)."""
    return ratio(sum(r is not None and r < k for r in ranks), len(ranks))


def reciprocal_rank(ranks: Sequence[int | None]) -> float:
    """1 / (1 + rank) of the best-ranked target found; 0.0 when none was retrieved."""
    found = [r for r in ranks if r is not None]
    return 1.0 / (1 + min(found)) if found else 0.0


def normalize_tokens(text: str) -> list[str]:
    """SQuAD normalisation: lower case, no punctuation, no articles, split on white space.

    Punctuation is every Unicode punctuation or symbol character, not only ASCII, because the
    corpus uses curly quotes and dashes that SQuAD's `string.punctuation` would leave in words.
    """
    text = "".join(" " if unicodedata.category(ch)[0] in "PS" else ch for ch in text.lower())
    return re.sub(r"\b(a|an|the)\b", " ", text).split()


@dataclass(frozen=True)
class TokenScores:
    """Overlap of the normalised tokens of a system answer with a gold answer."""

    recall: float
    """Share of the gold tokens found in the answer (extractive answers are long: this is the
    fairer measure of whether the answer holds the gold one)."""
    f1: float
    """SQuAD F1: harmonic mean of token precision and recall."""


def token_scores(prediction: str, gold: str) -> TokenScores:
    pred, ref = normalize_tokens(prediction), normalize_tokens(gold)
    if not pred or not ref:  # SQuAD: two empty answers agree, one empty answer scores 0
        same = float(pred == ref)
        return TokenScores(recall=same, f1=same)
    common = sum((Counter(pred) & Counter(ref)).values())
    precision, recall = common / len(pred), common / len(ref)
    f1 = ratio(2 * precision * recall, precision + recall)
    return TokenScores(recall=recall, f1=f1)


def closest(vector: np.ndarray, choices: np.ndarray) -> int:
    """Index of the row of `choices` most similar to `vector` (rows normalised: dot = cosine)."""
    return int(np.argmax(choices @ vector))


@dataclass(frozen=True)
class PRF:
    """Precision, recall and F1 of one positive class, with the counts they come from."""

    true_positives: int
    predicted: int
    """Cases the system called positive."""
    actual: int
    """Cases that are positive in the gold data."""

    @property
    def precision(self) -> float:
        return ratio(self.true_positives, self.predicted)

    @property
    def recall(self) -> float:
        return ratio(self.true_positives, self.actual)

    @property
    def f1(self) -> float:
        return ratio(2 * self.precision * self.recall, self.precision + self.recall)


def abstention(abstained: Sequence[bool], unanswerable: Sequence[bool]) -> PRF:
    """Positive class: the system abstained on a question the corpus cannot answer."""
    return PRF(
        true_positives=sum(a and u for a, u in zip(abstained, unanswerable, strict=True)),
        predicted=sum(abstained),
        actual=sum(unanswerable),
    )


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile with linear interpolation (numpy's default); 0.0 for no values."""
    return float(np.percentile(values, q)) if len(values) else 0.0


@dataclass(frozen=True)
class SweepPoint:
    """Abstention as it would be with `answer.min_score = threshold`."""

    threshold: float
    abstention: PRF
    answerable_lost: int
    """Answerable questions the assistant would abstain on."""


def sweep(
    top_scores: Sequence[float | None], unanswerable: Sequence[bool], thresholds: Sequence[float]
) -> list[SweepPoint]:
    """Replay the answerer's rule (abstain when the top hit scores below the threshold, or when
    nothing was retrieved, shown as None) at each threshold."""
    points = []
    for t in thresholds:
        abstained = [s is None or s < t for s in top_scores]
        points.append(
            SweepPoint(
                threshold=t,
                abstention=abstention(abstained, unanswerable),
                answerable_lost=sum(a and not u for a, u in zip(abstained, unanswerable)),
            )
        )
    return points


def best_point(points: Sequence[SweepPoint]) -> SweepPoint:
    """Highest abstention F1; among equals, fewest answerable questions lost, then the lowest
    threshold (the one that abstains least)."""
    return min(points, key=lambda p: (-p.abstention.f1, p.answerable_lost, p.threshold))


@dataclass(frozen=True)
class Delta:
    """One metric of two runs side by side; None where a run lacks the metric."""

    name: str
    old: float | None
    new: float | None

    @property
    def delta(self) -> float | None:
        return None if self.old is None or self.new is None else self.new - self.old


def deltas(old: Mapping[str, float], new: Mapping[str, float]) -> list[Delta]:
    """Every metric of either run, in the new run's order, then those only the old run has."""
    names = list(new) + [n for n in old if n not in new]
    return [Delta(name=n, old=old.get(n), new=new.get(n)) for n in names]
