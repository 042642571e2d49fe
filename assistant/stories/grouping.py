"""Articles grouped into stories: reports of one event, followed over days and across outlets.

Two articles report the same event when their openings mean the same (the cosine of their first
chunks' vectors: what happened, in the model's terms) and they share its particulars (the cosine
of their tf-idf term vectors: names of places, people, companies and the figures' words, weighted
by how rare they are in the corpus), within a few days of each other: the same kind of event
weeks apart (two fires in one region, a chief executive appointed in March and gone in
September) is another story. An article joins the story holding its most similar article
dated within `window_days` before or after it, if that similarity reaches `threshold`; else it
starts a story. Articles are taken oldest first, so a story grows as it was reported; an
undated article is taken last and joins only at `undated_threshold`. Wire copies join their
group's story whatever their score.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from scipy.sparse import csr_matrix


@dataclass(frozen=True)
class StoryArticle:
    """What grouping reads of one article."""

    id: str
    day: date | None
    """Its publication date; None when unknown."""
    lede: np.ndarray
    """The normalised vector of its opening (its first chunk)."""
    terms: Counter = field(default_factory=Counter)
    """Its content terms (assistant.text.terms) with their counts, headline included."""
    copy_of: str = ""
    """The id of its wire-copy group's representative, or ""."""


class StoryGrouper:
    """`grouper(articles)` -> stories, each a list of article ids oldest first."""

    def __init__(
        self,
        threshold: float = 0.4,
        window_days: int = 7,
        undated_threshold: float = 0.5,
        lede_weight: float = 0.5,
    ) -> None:
        for name, value in (
            ("threshold", threshold),
            ("undated_threshold", undated_threshold),
            ("lede_weight", lede_weight),
        ):
            if not 0 <= value <= 1:
                raise ValueError(f"{name} must be within [0, 1], got {value}")
        if window_days < 0:
            raise ValueError(f"window_days must be 0 or more, got {window_days}")
        self.threshold = threshold
        self.window_days = window_days
        self.undated_threshold = undated_threshold
        self.lede_weight = lede_weight

    def __call__(self, articles: Sequence[StoryArticle]) -> list[list[str]]:
        order = sorted(range(len(articles)), key=lambda i: _order_key(articles[i]))
        items = [articles[i] for i in order]
        sims = Similarity(items, self.lede_weight)
        days = np.array([a.day.toordinal() if a.day else -1 for a in items])
        index = {a.id: n for n, a in enumerate(items)}
        story_of = np.full(len(items), -1)
        stories: list[list[int]] = []
        # One day's articles at a time: their similarities to the articles they may join (the
        # window's, and the same day's before them) in one product, then each in turn.
        for block in _day_blocks(days):
            first, last = block[0], block[-1] + 1
            if days[first] >= 0:
                # dated articles come first: every one before this block is dated
                lo = int(np.searchsorted(days[:first], days[first] - self.window_days, "left"))
                threshold = self.threshold
            else:  # undated: any article, at the higher bar
                lo, threshold = 0, self.undated_threshold
            scores = sims.between(np.arange(first, last), np.arange(lo, last))
            for row, n in enumerate(range(first, last)):
                joined = story_of[index[items[n].copy_of]] if items[n].copy_of in index else -1
                if joined < 0 and n > lo:
                    candidates = scores[row, : n - lo]
                    best = int(np.argmax(candidates))
                    if candidates[best] >= threshold:
                        joined = story_of[lo + best]
                if joined < 0:
                    joined = len(stories)
                    stories.append([])
                stories[joined].append(n)
                story_of[n] = joined
        return [[items[n].id for n in members] for members in stories]


def _day_blocks(days: np.ndarray) -> list[np.ndarray]:
    """Runs of equal days in `days` (sorted, undated -1 last) as index arrays."""
    if not len(days):
        return []
    cuts = np.flatnonzero(np.diff(days)) + 1
    return np.split(np.arange(len(days)), cuts)


class Similarity:
    """How alike two articles are: lede_weight x the cosine of their openings' vectors plus the
    rest x the cosine of their tf-idf term vectors (idf over these articles)."""

    def __init__(self, items: Sequence[StoryArticle], lede_weight: float) -> None:
        self.lede_weight = lede_weight
        self.ledes = np.stack([a.lede for a in items]) if items else np.zeros((0, 1))
        vocab: dict[str, int] = {}
        cols = [vocab.setdefault(t, len(vocab)) for a in items for t in a.terms]
        rows = np.repeat(np.arange(len(items)), [len(a.terms) for a in items])
        counts = np.fromiter((c for a in items for c in a.terms.values()), float, len(cols))
        cols = np.asarray(cols, dtype=np.int64)
        df = np.bincount(cols, minlength=len(vocab))
        idf = np.log((1 + len(items)) / (1 + df)) + 1
        weights = (1 + np.log(np.maximum(counts, 1))) * idf[cols]
        norms = np.sqrt(np.bincount(rows, weights=weights * weights, minlength=len(items)))
        weights /= np.maximum(norms[rows], 1e-12)
        shape = (len(items), max(len(vocab), 1))
        self.terms = csr_matrix((weights, (rows, cols)), shape=shape)

    def between(self, rows: np.ndarray, others: np.ndarray) -> np.ndarray:
        """Similarities of articles `rows` (one row each) to articles `others` (columns)."""
        lede = self.ledes[rows] @ self.ledes[others].T
        terms = (self.terms[rows] @ self.terms[others].T).toarray()
        return self.lede_weight * lede + (1 - self.lede_weight) * terms


def _order_key(article: StoryArticle) -> tuple:
    return (article.day is None, article.day or date.min, article.id)
