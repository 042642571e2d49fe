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

import math
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
        for n, article in enumerate(items):
            joined = story_of[index[article.copy_of]] if article.copy_of in index else -1
            if joined < 0 and n:
                joined = self._best_story(n, days, sims, story_of)
            if joined < 0:
                joined = len(stories)
                stories.append([])
            stories[joined].append(n)
            story_of[n] = joined
        return [[items[n].id for n in members] for members in stories]

    def _best_story(self, n: int, days: np.ndarray, sims: Similarity, story_of) -> int:
        earlier = np.arange(n)
        if days[n] >= 0:
            near = (days[:n] >= 0) & (np.abs(days[:n] - days[n]) <= self.window_days)
            earlier, threshold = earlier[near], self.threshold
        else:
            threshold = self.undated_threshold
        if not len(earlier):
            return -1
        scores = sims.to(n, earlier)
        best = int(np.argmax(scores))
        return int(story_of[earlier[best]]) if scores[best] >= threshold else -1


class Similarity:
    """How alike two articles are: lede_weight x the cosine of their openings' vectors plus the
    rest x the cosine of their tf-idf term vectors (idf over these articles)."""

    def __init__(self, items: Sequence[StoryArticle], lede_weight: float) -> None:
        self.lede_weight = lede_weight
        self.ledes = np.stack([a.lede for a in items]) if items else np.zeros((0, 1))
        df = Counter(t for a in items for t in a.terms)
        vocab = {t: n for n, t in enumerate(df)}
        idf = {t: math.log((1 + len(items)) / (1 + c)) + 1 for t, c in df.items()}
        rows, cols, vals = [], [], []
        for r, a in enumerate(items):
            weights = {t: (1 + math.log(c)) * idf[t] for t, c in a.terms.items()}
            norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
            for t, w in weights.items():
                rows.append(r)
                cols.append(vocab[t])
                vals.append(w / norm)
        self.terms = csr_matrix((vals, (rows, cols)), shape=(len(items), max(len(vocab), 1)))

    def to(self, n: int, others: np.ndarray) -> np.ndarray:
        lede = self.ledes[others] @ self.ledes[n]
        terms = (self.terms[others] @ self.terms[n].T).toarray().ravel()
        return self.lede_weight * lede + (1 - self.lede_weight) * terms


def _order_key(article: StoryArticle) -> tuple:
    return (article.day is None, article.day or date.min, article.id)
