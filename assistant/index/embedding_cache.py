"""Embeddings already in the store, found by the hash of their text: unchanged text (a kept
sentence of an edited article, a renamed file, a store rebuilt after damage) is never embedded
again."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from assistant.index.chroma import Collections


class EmbeddingCache:
    """`known(hashes)` -> {text hash: stored vector}."""

    def __init__(self, collections: Collections) -> None:
        self.collections = collections

    def known(self, hashes: Iterable[str], chunks: bool = True) -> dict[str, np.ndarray]:
        """The stored vectors of these text hashes (unknown ones left out). `chunks=False` skips
        chunk vectors (derived ones match no text)."""
        c = self.collections
        wanted = list(set(hashes))
        found: dict[str, np.ndarray] = {}
        for collection in (c.articles, c.sentences, *([c.chunks] if chunks else [])):
            for i in range(0, len(wanted), 500):
                batch = [h for h in wanted[i : i + 500] if h not in found]
                if not batch:
                    continue
                got = collection.get(
                    where={"h": {"$in": batch}}, include=["embeddings", "metadatas"]
                )
                for meta, vec in zip(got["metadatas"], got["embeddings"]):
                    found[meta["h"]] = np.asarray(vec, dtype=np.float32)
        return found
