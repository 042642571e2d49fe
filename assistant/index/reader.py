"""Reads of the store for retrieval, display and citation: articles, sentences, chunks."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

import chromadb
import numpy as np

from assistant.errors import StoreError
from assistant.index.chroma import Collections, pages, pages_of
from assistant.index.facts import load_facts, save_facts
from assistant.index.packing import TEXT_FIELD, unpack_ranges, unpack_sentences, unpack_text
from assistant.index.records import ArticleRecords
from assistant.index.schema import ArticleRecord, ChunkRecord
from assistant.index.snapshot import Snapshot
from assistant.ingest.chunking import chunk_header
from assistant.types import ArticleInfo, Chunk, Copy

log = logging.getLogger(__name__)
CACHE_ARTICLES = 2000
"""Article records kept in memory by default (texts, offsets, readings; about 10 MB)."""
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


def group_copies(pairs: Iterable[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    """{original: (copies…)} from (original or "", copy) pairs."""
    out: dict[str, set[str]] = {}
    for original, copy in pairs:
        if original:
            out.setdefault(original, set()).add(copy)
    return {path: tuple(sorted(copies)) for path, copies in out.items()}


def _earliest(a: ArticleInfo) -> tuple:
    """Sort key of a wire-copy group's members: dated first, oldest first, then by id."""
    return (a.date is None, a.date or dt.date.min, a.id)


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
            for m in sorted(members.values(), key=_earliest)
            if m.id != info.id
        )
    return out


def infos_of(infos: dict[str, ArticleInfo]) -> dict[str, ArticleInfo]:
    """Every article's info with its duplicates and the other members of its wire-copy group,
    from the infos of every article record (those members are among them)."""
    copies = group_copies((a.duplicate_of, a.path) for a in infos.values())
    wire = wire_copies(infos.values(), infos.values())
    return {i: replace(a, also_in=copies.get(a.path, ()), copies=wire[i]) for i, a in infos.items()}


def _less_text(meta: dict) -> dict:
    """An article record's metadata without its text pieces and its MinHash signature (the
    bulk of it, and read back only by a sync: index/copy_marks.py)."""
    return {k: v for k, v in meta.items() if k != "minhash" and not TEXT_FIELD.fullmatch(k)}


class Reader:
    """Typed reads of the two collections."""

    def __init__(
        self,
        collections: Collections,
        cache_articles: int = CACHE_ARTICLES,
        local: Path | None = None,
    ) -> None:
        self.collections = collections
        self.cache_articles = cache_articles
        """Article records a snapshot keeps (records.py)."""
        self.local = local
        """The store's local folder, where each generation's facts are saved (facts.py)."""

    def saved(self, generation: str) -> Snapshot | None:
        """The snapshot of `generation` from its saved facts, or None when none are saved."""
        loaded = load_facts(self.local, generation) if self.local else None
        if loaded is None:
            return None
        infos, ranges = loaded
        records = ArticleRecords(self.read_records, self.cache_articles)
        return Snapshot(generation, infos_of(infos), ranges, records)

    def save(self, snapshot: Snapshot) -> None:
        """Save a snapshot's facts for the next process to open this generation (facts.py)."""
        if not self.local:
            return
        try:
            save_facts(self.local, snapshot.generation, snapshot.infos, snapshot.ranges)
        except OSError as exc:  # a replica's read-only copy of the writer's folder
            log.warning("facts of generation %s not saved: %s", snapshot.generation, exc)

    def article_text(self, article_id: str) -> str:
        got = get_by_ids(self.collections.articles, [article_id], ["metadatas"])
        if not got["ids"]:
            raise StoreError(f"article {article_id!r} is not in the index")
        return unpack_text(got["metadatas"][0])

    def records(self, where: dict | None = None) -> Iterator[tuple[str, str, dict]]:
        """(article id, text, metadata less the text) of every article record (or those
        matching `where`), read in pages: one get of every record overflows SQLite's variable
        limit at scale, and a page at a time bounds what a pass over them holds."""
        for article_id, meta in self._pages(where):
            yield article_id, unpack_text(meta), _less_text(meta)

    def _pages(self, where: dict | None = None) -> Iterator[tuple[str, dict]]:
        return pages(self.collections.articles, where)

    def read_records(self, ids: list[str]) -> dict[str, tuple[str, dict]]:
        """{article id: (text, metadata less the text)} of these articles (missing ones left
        out): what a snapshot reads on demand (records.py)."""
        got = get_by_ids(self.collections.articles, ids, ["metadatas"])
        return {i: (unpack_text(m), _less_text(m)) for i, m in zip(got["ids"], got["metadatas"])}

    def snapshot(
        self, generation: str, base: Snapshot | None = None, paths: Iterable[str] = ()
    ) -> Snapshot:
        """The snapshot of `generation` (snapshot.py): every article record's facts read from
        the store, or, given a `base` snapshot, only those of the files `paths` (the rest is the
        base's, with the base's cached records of unchanged articles)."""
        infos: dict[str, ArticleInfo] = {}
        ranges: dict[str, str] = {}
        if base is None:
            rows = self._pages()
            records = ArticleRecords(self.read_records, self.cache_articles)
        else:
            changed = set(paths)
            infos = {i: a for i, a in base.infos.items() if a.path not in changed}
            ranges = {i: base.ranges[i] for i in infos}
            rows = pages_of(self.collections.articles, changed)
            records = base.records.without(set(base.infos) - set(infos))  # the changed files'
        for article_id, meta in rows:
            record = ArticleRecord.from_metadata(article_id, meta)
            infos[article_id], ranges[article_id] = record.info, record.ranges
        return Snapshot(generation, infos_of(infos), ranges, records)

    def all_chunks(self) -> tuple[list[str], list[str], list[str]]:
        """(ids, files, indexed texts) of every chunk, for building the BM25 index: made from
        the article records alone (their text, spans and chunk ranges), a page at a time."""
        ids, paths, texts = [], [], []
        for article_id, text, meta in self.records():
            record = ArticleRecord.from_metadata(article_id, meta)
            sentences = unpack_sentences(article_id, text, meta)
            header = chunk_header(record.info)
            for n, (first, last) in enumerate(unpack_ranges(record.ranges)):
                body = " ".join(s.text for s in sentences[first : last + 1])
                chunk = Chunk(article_id, n, first, last, body, header)
                ids.append(chunk.id)
                paths.append(record.info.path)
                texts.append(chunk.indexed_text)
        return ids, paths, texts

    def chunk_ids(self) -> list[str]:
        return self.collections.chunks.get(include=[])["ids"]

    def search_chunks(
        self, vector: np.ndarray, n: int, where: dict | None = None
    ) -> list[tuple[ChunkRecord, float]]:
        """(chunk record, cosine similarity) of the n nearest chunks."""
        # No count() first: it costs ~6 ms at 68,000 chunks, and Chroma caps n_results itself.
        got = self.collections.chunks.query(
            query_embeddings=[vector.tolist()],
            n_results=n,
            where=where,
            include=["metadatas", "distances"],
        )
        # A record a sync deletes between the search and a read comes back without metadata:
        # left out (retrieval checks that the view it read stayed the same, and reads again).
        return [
            (ChunkRecord.from_metadata(cid, meta), 1.0 - dist)
            for cid, meta, dist in zip(got["ids"][0], got["metadatas"][0], got["distances"][0])
            if meta
        ]

    def chunks(self, ids: Sequence[str]) -> dict[str, tuple[ChunkRecord, np.ndarray]]:
        """Chunk id -> (record, embedding) of these chunks (ids not in the store left out)."""
        got = get_by_ids(self.collections.chunks, list(ids), ["metadatas", "embeddings"])
        return {
            cid: (ChunkRecord.from_metadata(cid, meta), np.asarray(vec, dtype=np.float32))
            for cid, meta, vec in zip(got["ids"], got["metadatas"], got["embeddings"])
            if meta
        }

    def counts(self) -> tuple[int, int, int]:
        """Articles (duplicates not counted), sentences, chunks."""
        infos = [ArticleRecord.from_metadata(i, m).info for i, m in self._pages()]
        originals = [a.sentences for a in infos if not a.duplicate_of]
        return len(originals), sum(originals), self.collections.chunks.count()
