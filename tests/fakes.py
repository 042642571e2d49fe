"""Deterministic stand-ins that implement the real interfaces."""

from __future__ import annotations

import hashlib

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.ingest.chunking import approx_tokens
from assistant.question import Question
from assistant.text import terms
from assistant.types import ArticleInfo, Filters, ScoredSentence, Sentence


class FakeEmbedder(Embeddings):
    """Hashed bag-of-terms vectors: texts sharing content words are similar, others orthogonal.

    It has the Embedder interface (name, dimension, count_tokens, embed) and counts its calls, so
    tests can assert that an unchanged corpus embeds nothing.
    """

    def __init__(self, dimension: int = 256, name: str = "fake-bow") -> None:
        self.name = name
        self.dimension = dimension
        self.embedded: list[str] = []

    def count_tokens(self, text: str) -> int:
        return approx_tokens(text)

    def _vector(self, text: str) -> np.ndarray:
        vec = np.zeros(self.dimension, dtype=np.float32)
        for term in terms(text):
            slot = int.from_bytes(hashlib.md5(term.encode()).digest()[:4], "little")
            vec[slot % self.dimension] += 1.0
        norm = np.linalg.norm(vec)
        if norm == 0:
            vec[0] = 1.0
            return vec
        return vec / norm

    def embed(self, texts: list[str]) -> np.ndarray:
        self.embedded.extend(texts)
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.stack([self._vector(t) for t in texts])

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embed(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed([text])[0].tolist()


INFO = ArticleInfo(
    id="a.txt",
    path="a.txt",
    title="Head",
    date="2025-01-02",
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
