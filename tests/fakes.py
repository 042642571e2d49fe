"""Deterministic stand-ins that implement the real interfaces."""

from __future__ import annotations

import datetime as dt

import numpy as np

from assistant.index.records import ArticleRecords
from assistant.models.hashed import HashedEmbedder
from assistant.question import Question
from assistant.types import ArticleInfo, Filters, ScoredSentence, Sentence


class FakeEmbedder(HashedEmbedder):
    """The hashed bag-of-terms embedder (256 dimensions) that records what it embedded, so tests
    can assert that an unchanged corpus embeds nothing."""

    def __init__(self, dimension: int = 256, name: str = "fake-bow") -> None:
        super().__init__(dimension, name)
        self.embedded: list[str] = []

    def embed(self, texts: list[str]) -> np.ndarray:
        self.embedded.extend(texts)
        return super().embed(texts)


def no_records() -> ArticleRecords:
    """Article records of a snapshot whose articles have none (a test of its facts alone)."""
    return ArticleRecords(lambda ids: {}, 1)


INFO = ArticleInfo(
    id="a.txt",
    path="a.txt",
    title="Head",
    date=dt.date(2025, 1, 2),
    source="AP",
    place="Paris",
    url="",
    authors=(),
    editors=(),
    sentences=5,
    chunks=2,
    content_hash="h",
)


def hit(text: str, score: float, index: int = 0) -> ScoredSentence:
    """A retrieved sentence of article INFO, `index` sentences in, scored alike by both searches."""
    s = Sentence(
        article_id="a.txt",
        index=index,
        start=index * 100,
        end=index * 100 + len(text),
        text=text,
        paragraph=0,
    )
    return ScoredSentence(
        sentence=s, article=INFO, score=score, dense=score, lexical=score, chunk_rank=index
    )


class FakeSearcher:
    """A Searcher over fixed hits (best first) that records every search it is asked for."""

    def __init__(self, hits: list[ScoredSentence]) -> None:
        self.hits = hits
        self.calls: list[tuple[str, int | None, Filters | None]] = []

    def search(
        self, question: Question, k: int | None = None, filters: Filters | None = None
    ) -> list[ScoredSentence]:
        self.calls.append((question.searched, k, filters))
        return self.hits[:k]

    def idf(self):
        return lambda term: 1.0

    def sentences(self, article_id: str) -> list[Sentence]:
        """The article's sentences among the hits, in order (a fake article holds no more)."""
        found = {
            h.sentence.index: h.sentence for h in self.hits if h.sentence.article_id == article_id
        }
        return [found[i] for i in sorted(found)]

    def neighbours(self, hit: ScoredSentence, filters: Filters | None = None) -> list[str]:
        s = hit.sentence
        return [
            h.sentence.text
            for h in self.hits
            if h.sentence.article_id == s.article_id
            and abs(h.sentence.index - s.index) == 1
            and not (filters and filters.hides(h.sentence))
        ]
