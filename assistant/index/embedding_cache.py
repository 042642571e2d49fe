"""Embeddings already in the store, found by the hash of their text: unchanged text (a kept
sentence of an edited article, a renamed file, a copy that takes its original's place) is never
embedded again."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from assistant.index.chroma import Collections
from assistant.index.packing import HASH_CHARS
from assistant.index.schema import ChunkRecord


class EmbeddingCache:
    """`known(hashes, paths=…)` -> {text hash: stored vector}."""

    def __init__(self, collections: Collections) -> None:
        self.collections = collections

    def known(
        self, hashes: Iterable[str], chunks: bool = True, paths: Iterable[str] = ()
    ) -> dict[str, np.ndarray]:
        """The stored vectors of these text hashes (unknown ones left out): chunk texts
        anywhere in the store (unless `chunks=False`: derived ones match no text); sentences
        only on the chunk records of `paths`, which carry them (packing.py)."""
        c = self.collections
        wanted = list(set(hashes))
        found: dict[str, np.ndarray] = {}
        for i in range(0, len(wanted) if chunks else 0, 500):
            where = {"h": {"$in": wanted[i : i + 500]}}
            got = c.chunks.get(where=where, include=["embeddings", "metadatas"])
            for cid, meta, vec in zip(got["ids"], got["metadatas"], got["embeddings"]):
                found[ChunkRecord.from_metadata(cid, meta).text_hash] = np.asarray(
                    vec, dtype=np.float32
                )
        by_prefix = {h[:HASH_CHARS]: h for h in wanted if h not in found}
        paths = sorted(set(paths))
        for i in range(0, len(paths) if by_prefix else 0, 100):
            got = c.chunks.get(where={"path": {"$in": paths[i : i + 100]}}, include=["metadatas"])
            for cid, meta in zip(got["ids"], got["metadatas"]):
                chunk = ChunkRecord.from_metadata(cid, meta)
                for prefix, vector in zip(chunk.held_hashes(), chunk.held_vectors()):
                    if prefix in by_prefix:
                        found[by_prefix[prefix]] = vector
        return found
