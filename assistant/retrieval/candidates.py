"""Candidate sentences of one question with their raw features, before any scoring.

`HybridRetriever.candidates` gathers them (one question embedding, one round of store reads);
`SentenceScorer` (scorer.py) turns them into ranked `ScoredSentence`s. Keeping the two apart
lets a caller compute candidates once per question and rescore them many times, e.g. once per
cross-validation fold, without touching the store or the model again.

Every feature is a column of `Candidates.features`, named in `FEATURES`. They are kept raw (not
standardised): the fitted weights fold any scaling in, and today's hand-set blend reads the
first columns as they are.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from assistant.index.snapshot import Passages
from assistant.language.asked import can_answer
from assistant.question import Question
from assistant.text import coverage, terms
from assistant.types import ArticleInfo, Sentence

FEATURES: tuple[str, ...] = (
    "sentence_cos",
    "chunk_cos",
    "lexical",
    "lexical_prev",
    "headline",
    "type_ok",
    "position",
    "chunk_rank",
)
"""Column names of `Candidates.features`, in order:

- `sentence_cos`: cosine of the question and the sentence's own embedding.
- `chunk_cos`: the best cosine of a fused chunk holding the sentence (its context).
- `lexical`: share of the question's IDF weight whose terms the sentence holds.
- `lexical_prev`: the same for the sentence together with the one before it in its article: a
  "He said…" sentence takes its subject, often the question's name, from there.
- `headline`: the same for the article's headline (is this the article the question is about).
- `type_ok`: 1 when the sentence holds the answer type the question asks for (a number for "how
  many", a time for "when"), or the question asks for none; else 0.
- `position`: log(1 + index of the sentence in its article): 0 for the lede. Logarithmic
  because the difference between the 1st and 3rd sentence matters more than between the 30th
  and 32nd.
- `chunk_rank`: log(1 + rank of the sentence's best chunk after rank fusion), 0 = best.
"""
COLUMN = {name: i for i, name in enumerate(FEATURES)}


@dataclass(frozen=True)
class Candidates:
    """One question's candidate sentences: row i of `features` describes `sentences[i]`.

    Rows are in no meaningful order; a scorer ranks them. `chunk_ranks` holds the integer fused
    rank (the `chunk_rank` column is its log) because `ScoredSentence.chunk_rank` reports it
    and ties in score are broken by it.
    """

    sentences: tuple[Sentence, ...]
    articles: Mapping[str, ArticleInfo]
    """Info of every article a candidate comes from, by article id."""
    features: np.ndarray
    """float64, shape (len(sentences), len(FEATURES))."""
    chunk_ranks: np.ndarray
    """int, shape (len(sentences),)."""
    context_weight: float = 0.3
    """Share of `ScoredSentence.dense` taken from the chunk cosine (RetrievalSettings)."""
    names: tuple[str, ...] = field(default=FEATURES)

    def __post_init__(self) -> None:
        n = len(self.sentences)
        if self.features.shape != (n, len(self.names)) or self.chunk_ranks.shape != (n,):
            raise ValueError(
                f"candidates: {n} sentences but features {self.features.shape} and "
                f"chunk_ranks {self.chunk_ranks.shape} (expected ({n}, {len(self.names)}))"
            )

    def __len__(self) -> int:
        return len(self.sentences)

    def column(self, name: str) -> np.ndarray:
        return self.features[:, COLUMN[name]]

    def dense(self) -> np.ndarray:
        """What `ScoredSentence.dense` reports: the sentence cosine blended with its chunk's,
        clipped to [0, 1] (whatever scorer ranks, this stays comparable across versions)."""
        w = self.context_weight
        blend = (1 - w) * self.column("sentence_cos") + w * self.column("chunk_cos")
        return np.clip(blend, 0.0, 1.0)

    @classmethod
    def empty(cls, context_weight: float = 0.3) -> Candidates:
        return cls(
            sentences=(),
            articles={},
            features=np.zeros((0, len(FEATURES))),
            chunk_ranks=np.zeros(0, dtype=int),
            context_weight=context_weight,
        )


def position_feature(index: int) -> float:
    return math.log1p(index)


def rank_feature(rank: int) -> float:
    return math.log1p(rank)


def feature_rows(
    question: Question,
    weights: Mapping[str, float],
    sentences: Sequence[Sentence],
    cosines: np.ndarray,
    chunks: Mapping[str, Sequence[tuple[float, int]]],
    passages: Passages,
) -> tuple[np.ndarray, np.ndarray]:
    """(`FEATURES` rows, fused chunk ranks) of these sentences: `cosines` are theirs with the
    question, `chunks` each one's fused chunks as (cosine, fused rank), `weights` the IDF of the
    question's terms, `passages` their articles (infos and sentences)."""
    # The sentence before each, for `lexical_prev` (most are candidates already: chunks overlap
    # by a sentence).
    before_each = [
        passages.sentences[s.article_id][s.index - 1] if s.index else None for s in sentences
    ]
    words = {s.id: set(terms(s.text)) for s in (*sentences, *filter(None, before_each))}
    title_words = {a: set(terms(info.title)) for a, info in passages.infos.items()}
    rows, ranks = [], []
    for sentence, cos, prev in zip(sentences, cosines, before_each):
        held = chunks[sentence.id]
        own = words[sentence.id]
        rank = min(r for _, r in held)
        rows.append(
            (
                float(cos),
                max(c for c, _ in held),
                coverage(weights, own),
                coverage(weights, own | words[prev.id]) if prev else coverage(weights, own),
                coverage(weights, title_words[sentence.article_id]),
                float(can_answer(question.kinds, sentence.text)),
                position_feature(sentence.index),
                rank_feature(rank),
            )
        )
        ranks.append(rank)
    return np.array(rows, dtype=np.float64), np.array(ranks, dtype=int)
