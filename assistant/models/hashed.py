"""An embedder with no model: hashed bag-of-terms vectors (the scale bench's and the tests').

Texts that share content words get similar vectors and others nearly orthogonal ones, so a store
filled with them has the neighbourhoods real searches find (clusters of articles on one topic,
names shared across a story) at a fraction of a model's cost: `bench/scale.py` fills stores of
100,000 articles with it to measure everything but the model. Never a user's embedder.
"""

from __future__ import annotations

import hashlib

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.ingest.chunking import approx_tokens
from assistant.text import terms


class HashedEmbedder(Embeddings):
    """The Embedder interface (name, dimension, count_tokens, embed) over hashed term counts."""

    def __init__(self, dimension: int = 384, name: str = "hashed-bow") -> None:
        if dimension < 2:
            raise ValueError(f"dimension must be 2 or more, got {dimension}")
        self.name = name
        self.dimension = dimension

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
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.stack([self._vector(t) for t in texts])

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embed(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed([text])[0].tolist()
