"""Writes to the store: articles with their sentences and chunks, and removal by file.

An article's chunks (with its sentences' vectors) are written before its `articles` record,
and a sync journals the paths it changes first (meta.py), so a sync killed half-way leaves
records the next sync removes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from assistant.index.chroma import Collections, placeholder, text_hash
from assistant.index.file_states import FileState, FileStates
from assistant.index.packing import owned_starts
from assistant.index.schema import article_metadata, chunk_metadata
from assistant.types import Article, Chunk, Sentence

Records = tuple[Article, Sequence[Sentence], Sequence[Chunk], FileState]
"""One article to write, with the state of the file it came from."""


def article_chunk_rows(records: Records, vectors: dict[str, np.ndarray]) -> list[tuple]:
    """(id, vector, metadata) of an article's chunk records (schema.py)."""
    article, sentences, chunks, _ = records
    starts = owned_starts([(c.first, c.last) for c in chunks])
    return [
        (
            c.id,
            vectors[text_hash(c.indexed_text)],
            chunk_metadata(article, sentences, c, own, vectors),
        )
        for c, own in zip(chunks, starts)
    ]


def article_row(records: Records) -> tuple:
    """(id, vector, metadata) of an article's record (schema.py; its vector a placeholder)."""
    article, sentences, chunks, state = records
    return article.id, placeholder(article.id), article_metadata(article, sentences, chunks, state)


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
            chunk_rows += article_chunk_rows(records, vectors)
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
