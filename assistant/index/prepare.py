"""One corpus file read, parsed, split into sentences and chunked, waiting for its embeddings."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.errors import ArticleError
from assistant.index.chroma import text_hash
from assistant.index.file_states import FileState
from assistant.ingest.chunking import Chunker
from assistant.ingest.files import load_file
from assistant.ingest.reading import read_sentences
from assistant.ingest.sentences import split_sentences
from assistant.types import Article, Chunk, Sentence, SyncReport

log = logging.getLogger(__name__)


@dataclass
class Prepared:
    """One file parsed and chunked."""

    path: str
    state: FileState
    items: list[tuple[Article, list[Sentence], list[Chunk]]]
    replaces: bool = True
    """Whether records of this path may exist (indexed before, or by an interrupted sync)."""

    @property
    def duplicate_of(self) -> str:
        """The indexed file with the same bytes, if any: then only article records are written
        (the path is part of the file state stored with them)."""
        return self.state.duplicate_of

    def texts(self, with_chunks: bool) -> list[str]:
        """The texts to embed: sentences and, unless derived, chunks (an article record's
        vector is a placeholder: chroma.py)."""
        if self.duplicate_of:  # its text is indexed once, under the file it duplicates
            return []
        out = []
        for _, sentences, chunks in self.items:
            out += [s.text for s in sentences]
            if with_chunks:
                out += [c.indexed_text for c in chunks]
        return out


def prepare(
    rel: str, path: Path, root: Path, chunker: Chunker, report: SyncReport
) -> Prepared | None:
    """The file at `path` (`rel` in the corpus at `root`), or None when it cannot be used (the
    reason is added to report.skipped; problems in a usable file to report.warnings)."""
    try:
        # stat, then read once and parse those very bytes: a file changed meanwhile is seen
        # as changed by the next sync (its mtime moved on), never indexed half old, half new.
        before = FileState.of(path)
        data = path.read_bytes()
        loaded = load_file(path, root, data)
    except (ArticleError, OSError) as exc:
        reason = str(exc) if isinstance(exc, ArticleError) else f"{rel}: cannot read"
        report.skipped.append((rel, reason))
        log.warning("skipped %s", reason)
        return None
    for warning in loaded.warnings:
        log.warning("%s", warning)
        report.warnings.append(warning)
    items = []
    for article in loaded.articles:
        sentences = read_sentences(article, split_sentences(article))
        items.append((article, sentences, chunker(article, sentences)))
    return Prepared(rel, before.hashed(data), items)


def derive_chunk_vectors(
    sentences: list[Sentence], chunks: list[Chunk], vectors: dict[str, np.ndarray]
) -> None:
    """Add a vector for each chunk to `vectors`: the normalised mean of its sentences' vectors.

    On eval/ this retrieves as well as embedding the chunk text (header included) and adding
    the headline's vector did not help (docs/speed.md); BM25 still reads the header."""
    for chunk in chunks:
        rows = [vectors[text_hash(s.text)] for s in sentences[chunk.first : chunk.last + 1]]
        mean = np.mean(rows, axis=0)
        vectors[text_hash(chunk.indexed_text)] = mean / max(float(np.linalg.norm(mean)), 1e-12)
