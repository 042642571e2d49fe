"""Reads of the store for retrieval, display and citation: articles, sentences, chunks."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Sequence
from dataclasses import replace

import chromadb
import numpy as np

from assistant.errors import StoreError
from assistant.index.chroma import Collections
from assistant.index.packing import TEXT_FIELD, unpack_text
from assistant.index.snapshot import Snapshot
from assistant.types import UNKNOWN_DATE, ArticleInfo, Copy

PAGE = 5000
RETRIES = 3
"""Tries of a read by ids that races a sync deleting some of them (see `get_by_ids`)."""


def get_by_ids(collection, ids: list[str], include: list[str]) -> dict:
    """`collection.get(ids=…)`, tried again when it races a sync: the embedded Chroma can fail a
    read by ids with "Error finding id" while the same ids are being deleted (seen with 20 page
    clients during syncs). Missing ids are never an error; a failure that persists is raised."""
    if not ids:  # Chroma refuses an empty list
        return {"ids": [], **{field: [] for field in include}}
    for attempt in range(RETRIES - 1):
        try:
            return collection.get(ids=ids, include=include)
        except chromadb.errors.InternalError:
            time.sleep(0.05 * (attempt + 1))
    return collection.get(ids=ids, include=include)


def info_from_metadata(article_id: str, meta: dict) -> ArticleInfo:
    return ArticleInfo(
        id=article_id,
        path=meta["path"],
        title=meta["title"],
        date=meta["date"],
        source=meta["source"],
        place=meta["place"],
        url=meta["url"],
        authors=tuple(json.loads(meta["authors"])),
        editors=tuple(json.loads(meta["editors"])),
        sentences=meta["sentences"],
        chunks=meta["chunks"],
        content_hash=meta["content_hash"],
        date_from=meta.get("date_from", ""),
        date_note=meta.get("date_note", ""),
        duplicate_of=meta.get("duplicate_of", ""),
        copy_of=meta.get("copy_of", ""),
    )


def group_copies(pairs: Iterable[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    """{original: (copies…)} from (original or "", copy) pairs."""
    out: dict[str, set[str]] = {}
    for original, copy in pairs:
        if original:
            out.setdefault(original, set()).add(copy)
    return {path: tuple(sorted(copies)) for path, copies in out.items()}


def wire_copies(
    infos: Iterable[ArticleInfo], relatives: Iterable[ArticleInfo]
) -> dict[str, tuple[Copy, ...]]:
    """article id -> the other members of its wire-copy group, earliest first, for each of
    `infos`; `relatives` holds the members the infos do not (more may be given)."""
    infos = list(infos)
    groups: dict[str, dict[str, ArticleInfo]] = {}
    for a in (*infos, *relatives):
        if not a.duplicate_of:
            groups.setdefault(a.copy_of or a.id, {})[a.id] = a
    out = {}
    for info in infos:
        members = groups.get(info.copy_of or info.id, {})
        out[info.id] = tuple(
            Copy(m.id, m.source, m.date)
            for m in sorted(members.values(), key=lambda m: (m.date == UNKNOWN_DATE, m.date, m.id))
            if m.id != info.id
        )
    return out


def infos_of(metas: dict[str, dict]) -> dict[str, ArticleInfo]:
    """Article id -> its info, from every article record's metadata (the duplicates and the
    other members of wire-copy groups are among them)."""
    infos = {i: info_from_metadata(i, m) for i, m in metas.items()}
    copies = group_copies((a.duplicate_of, a.path) for a in infos.values())
    wire = wire_copies(infos.values(), infos.values())
    return {i: replace(a, also_in=copies.get(a.path, ()), copies=wire[i]) for i, a in infos.items()}


class Reader:
    """Typed reads of the two collections."""

    def __init__(self, collections: Collections) -> None:
        self.collections = collections

    def article_text(self, article_id: str) -> str:
        got = get_by_ids(self.collections.articles, [article_id], ["metadatas"])
        if not got["ids"]:
            raise StoreError(f"article {article_id!r} is not in the index")
        return unpack_text(got["metadatas"][0])

    def snapshot(
        self, generation: str, base: Snapshot | None = None, paths: Iterable[str] = ()
    ) -> Snapshot:
        """Every article record as the snapshot of `generation` (snapshot.py): read from the
        store, or, given a `base` snapshot, only the records of the files `paths` (the rest is
        the base's)."""
        metas: dict[str, dict] = {}
        texts: dict[str, str] = {}

        def add(got: dict) -> None:
            for i, m in zip(got["ids"], got["metadatas"]):
                texts[i] = unpack_text(m)
                metas[i] = {k: v for k, v in m.items() if not TEXT_FIELD.fullmatch(k)}

        articles = self.collections.articles
        if base is None:
            # in pages: one get of every record overflows SQLite's variable limit at scale
            for offset in range(0, articles.count(), PAGE):
                add(articles.get(include=["metadatas"], limit=PAGE, offset=offset))
        else:
            changed = set(paths)
            paths = sorted(changed)
            kept = [i for i, m in base.metas.items() if m["path"] not in changed]
            metas.update((i, base.metas[i]) for i in kept)
            texts.update((i, base.texts[i]) for i in kept)
            for n in range(0, len(paths), 100):
                add(
                    articles.get(where={"path": {"$in": paths[n : n + 100]}}, include=["metadatas"])
                )
        return Snapshot(generation, infos_of(metas), texts, metas)

    def all_chunks(self) -> tuple[list[str], list[str], list[str]]:
        """(ids, files, indexed texts) of every chunk, for building the BM25 index: made from
        the article records alone (their text, spans and chunk ranges)."""
        return self.snapshot("").chunks()

    def chunk_ids(self) -> list[str]:
        return self.collections.chunks.get(include=[])["ids"]

    def search_chunks(
        self, vector: np.ndarray, n: int, where: dict | None = None
    ) -> list[tuple[str, dict, float]]:
        """(chunk id, metadata, cosine similarity) of the n nearest chunks."""
        # No count() first: it costs ~6 ms at 68,000 chunks, and Chroma caps n_results itself.
        got = self.collections.chunks.query(
            query_embeddings=[vector.tolist()],
            n_results=n,
            where=where,
            include=["metadatas", "distances"],
        )
        return [
            (cid, meta, 1.0 - dist)
            for cid, meta, dist in zip(got["ids"][0], got["metadatas"][0], got["distances"][0])
        ]

    def chunks(self, ids: Sequence[str]) -> dict[str, tuple[dict, np.ndarray]]:
        """Chunk id -> (metadata, embedding) of these chunks (ids not in the store left out)."""
        got = get_by_ids(self.collections.chunks, list(ids), ["metadatas", "embeddings"])
        return {
            cid: (meta, np.asarray(vec, dtype=np.float32))
            for cid, meta, vec in zip(got["ids"], got["metadatas"], got["embeddings"])
        }

    def counts(self) -> tuple[int, int, int]:
        """Articles (duplicates not counted), sentences, chunks."""
        metas = self.collections.articles.get(include=["metadatas"])["metadatas"]
        originals = [m for m in metas if not m.get("duplicate")]
        return (
            len(originals),
            sum(m["sentences"] for m in originals),
            self.collections.chunks.count(),
        )
