"""Writes to the store: articles with their sentences and chunks, and removal by file.

An article's chunks (with its sentences' vectors) are written before its `articles` record,
and a sync journals the paths it changes first (meta.py), so a sync killed half-way leaves
records the next sync removes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

import numpy as np

from assistant.index.chroma import Collections, date_number, placeholder, text_hash
from assistant.index.copies import signature
from assistant.index.file_states import FileState, FileStates
from assistant.index.packing import (
    owned_starts,
    pack_hashes,
    pack_ranges,
    pack_readings,
    pack_spans,
    pack_text,
    pack_vectors,
)
from assistant.types import Article, Chunk, Sentence

Records = tuple[Article, Sequence[Sentence], Sequence[Chunk], FileState]
"""One article to write, with the state of the file it came from."""


def chunk_row(
    article: Article,
    sentences: Sequence[Sentence],
    c: Chunk,
    own: int,
    vectors: dict[str, np.ndarray],
) -> tuple:
    """A chunk record: its vector, no text (it is cut from the article's), and the vectors of
    its sentences from `own` on, packed (packing.py: the ones before ride on an earlier chunk)."""
    held = sentences[own : c.last + 1]
    meta = {
        "article_id": c.article_id,
        "path": article.path,
        "index": c.index,
        "first": c.first,
        "last": c.last,
        "date": date_number(article.date),
        "source": article.source,
        "h": text_hash(c.indexed_text),
        "hashes": pack_hashes(held),
    }
    if held:
        meta |= pack_vectors(np.stack([vectors[text_hash(s.text)] for s in held]))
    if article.authors:  # an empty list is refused by Chroma; no key matches no author filter
        meta["authors"] = list(article.authors)
    return c.id, vectors[text_hash(c.indexed_text)], meta


def article_row(records: Records) -> tuple:
    article, sentences, chunks, state = records
    meta = {
        "path": article.path,
        "title": article.title,
        "date": article.date,
        "date_number": date_number(article.date),
        "date_from": article.date_from,
        "date_note": article.date_note,
        "source": article.source,
        "place": article.place,
        "url": article.url,
        "format": article.format,
        "authors": json.dumps(list(article.authors)),
        "editors": json.dumps(list(article.editors)),
        "sentences": len(sentences),
        "spans": pack_spans(sentences),
        **pack_readings(sentences),
        "chunk_ranges": pack_ranges(chunks),
        "chunks": len(chunks),
        "content_hash": article.content_hash,
        # the flag too: a where on `duplicate_of != ""` would also match older records
        # that lack the key
        "duplicate": bool(state.duplicate_of),
        # read back by every sync that changes something, to group wire copies without
        # parsing any article again (index/copy_marks.py marks them)
        "minhash": "" if state.duplicate_of else signature(article),
        **state.to_metadata(),
        **pack_text(article.text),
    }
    return article.id, placeholder(article.id), meta


class Writer:
    """`add_articles(records, vectors)` and `remove_paths(paths)`."""

    def __init__(self, collections: Collections, files: FileStates) -> None:
        self.collections = collections
        self.files = files

    def _add(self, collection, ids, embeddings, metadatas) -> None:
        batch = self.collections.batch
        for i in range(0, len(ids), batch):
            j = i + batch
            collection.upsert(ids=ids[i:j], embeddings=embeddings[i:j], metadatas=metadatas[i:j])

    def add_articles(self, items: Sequence[Records], vectors: dict[str, np.ndarray]) -> None:
        """Write articles with their sentences, chunks and file states, in one upsert per
        collection and batch (each Chroma write has a fixed cost); all chunks go before any
        article record. `vectors` maps text_hash(text) to its embedding."""
        self.files.changing()
        chunk_rows, article_rows = [], []
        for records in items:
            article, sentences, chunks, _ = records
            starts = owned_starts([(c.first, c.last) for c in chunks])
            chunk_rows += [
                chunk_row(article, sentences, c, own, vectors) for c, own in zip(chunks, starts)
            ]
            article_rows.append(article_row(records))
        c = self.collections
        for collection, rows in ((c.chunks, chunk_rows), (c.articles, article_rows)):
            if rows:
                self._add(collection, *(list(column) for column in zip(*rows)))

    def remove_paths(self, paths: Iterable[str]) -> None:
        """Delete every record that came from these files (article records first)."""
        paths = list(paths)
        if paths:
            self.files.changing()
        c = self.collections
        for i in range(0, len(paths), 100):
            where = {"path": {"$in": paths[i : i + 100]}}
            for collection in (c.articles, c.chunks):
                collection.delete(where=where)
