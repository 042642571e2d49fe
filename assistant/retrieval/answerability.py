"""Features of a question and its retrieved sentences that tell answerable from unanswerable.

A cosine threshold on the best sentence cannot separate the two (issue 15): an unanswerable
question close to an article's topic scores as high as an answerable one. These features add
what the score blends away, all from what retrieval already computed plus cheap lexical work:
how much of the question's IDF weight and of its names the best sentence and its neighbours
hold, whether the answer type it asks for is there, how far ahead the best sentence is, whether
dense and lexical scoring agree, and whether the hits concentrate on one article.

`features(question, hits, idf, neighbours)` computes them; `Features.vector()` is the row a
model reads (in `Features.NAMES` order). Nothing here decides: eval/answerability/ fits and
measures a model on them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import astuple, dataclass, fields

import numpy as np

from assistant.retrieval.query import can_answer, expected_types, names
from assistant.text import terms
from assistant.types import ScoredSentence, sentence_id


@dataclass(frozen=True)
class Features:
    """One question's answerability features (every one a float, most in [0, 1])."""

    top_score: float
    """Final score of the best sentence (what `answer.min_score` is compared with)."""
    top_dense: float
    """Its dense score (cosine in its chunk's context)."""
    top_lexical: float
    """Its lexical score: share of the question's IDF weight it contains."""
    gap: float
    """Best score minus the second best (0 with one hit)."""
    coverage: float
    """Share of the question's IDF-weighted content terms found in the best sentence or its
    neighbours (the sentences either side, retrieved or passed in)."""
    name_share: float
    """Share of the question's names found in the best sentence or its neighbours (1 when the
    question names nothing)."""
    has_names: float
    """1 when the question names something (so `name_share` means something), else 0."""
    type_present: float
    """1 when the best sentence holds the answer type the question asks for (number, time), or
    the question asks for none."""
    rank_agreement: float
    """Spearman correlation of the hits' dense and lexical scores (0 with fewer than 3 hits or
    no spread)."""
    article_share: float
    """Share of the hits from the best sentence's article."""

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    def vector(self) -> list[float]:
        return [float(x) for x in astuple(self)]


NAMES = Features.names()
NONE = Features(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
"""The features of a question nothing was retrieved for."""


def neighbour_ids(hit: ScoredSentence, width: int = 1) -> list[str]:
    """Ids of the sentences within `width` of a hit in its article (to fetch from the store)."""
    s = hit.sentence
    return [
        sentence_id(s.article_id, i)
        for i in range(max(0, s.index - width), s.index + width + 1)
        if i != s.index and (not hit.article.sentences or i < hit.article.sentences)
    ]


def _spearman(a: Sequence[float], b: Sequence[float]) -> float:
    if len(a) < 3:
        return 0.0
    ra = np.argsort(np.argsort(a)).astype(float)
    rb = np.argsort(np.argsort(b)).astype(float)
    if np.std(a) == 0 or np.std(b) == 0:
        return 0.0
    return float(np.corrcoef(ra, rb)[0, 1])


def features(
    question: str,
    hits: Sequence[ScoredSentence],
    idf: Callable[[str], float],
    neighbours: Sequence[str] = (),
) -> Features:
    """The features of `question` given its `hits` (best first), the corpus `idf` of a term
    (e.g. `LexicalIndex.idf`) and the texts of the best hit's neighbouring sentences."""
    if not hits:
        return NONE
    top = hits[0]
    near = [
        h.sentence.text
        for h in hits[1:]
        if h.sentence.article_id == top.sentence.article_id
        and abs(h.sentence.index - top.sentence.index) <= 1
    ]
    window = " ".join([top.sentence.text, *near, *neighbours])
    window_terms = set(terms(window))
    weights = {t: idf(t) for t in set(terms(question))}
    total = sum(weights.values())
    coverage = sum(w for t, w in weights.items() if t in window_terms) / total if total else 0.0
    asked = list(dict.fromkeys(names(question)))
    lowered = window.lower()
    found = sum(1 for n in asked if n.lower() in lowered)
    return Features(
        top_score=top.score,
        top_dense=top.dense,
        top_lexical=top.lexical,
        gap=top.score - hits[1].score if len(hits) > 1 else 0.0,
        coverage=coverage,
        name_share=found / len(asked) if asked else 1.0,
        has_names=1.0 if asked else 0.0,
        type_present=1.0 if can_answer(expected_types(question), top.sentence.text) else 0.0,
        rank_agreement=_spearman([h.dense for h in hits], [h.lexical for h in hits]),
        article_share=sum(h.sentence.article_id == top.sentence.article_id for h in hits)
        / len(hits),
    )
