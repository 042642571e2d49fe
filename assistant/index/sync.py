"""Make the index equal the corpus folder, doing work only for what changed.

A file whose size and mtime match what was indexed is not even read; one whose bytes hash the
same is not re-parsed. Changed files are re-parsed, but text already embedded anywhere in the
store (an unchanged sentence of an edited article, a renamed file) reuses its stored embedding.
The paths a sync is about to touch are journaled in the store first; a sync that was killed
leaves them there and the next one removes their records and indexes them afresh.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import chromadb
import numpy as np

from assistant.config import Settings
from assistant.errors import ArticleError
from assistant.index.bm25 import Change, LexicalIndex, lexical_dir
from assistant.index.store import Store, text_hash
from assistant.ingest.chunking import Chunker
from assistant.ingest.files import load_file, scan
from assistant.ingest.sentences import split_sentences
from assistant.models.embeddings import Embedder
from assistant.types import Article, Chunk, Sentence, SyncReport

log = logging.getLogger(__name__)

EMBED_BATCH = 512  # texts gathered across files before one call to the model
Progress = Callable[[int, int, str], None]


@dataclass
class Prepared:
    """One file parsed and chunked, waiting for its embeddings."""

    path: str
    state: dict
    items: list[tuple[Article, list[Sentence], list[Chunk]]]
    replaces: bool = True
    """Whether records of this path may exist (indexed before, or by an interrupted sync)."""

    @property
    def duplicate_of(self) -> str:
        """The indexed file with the same bytes, if any: then only article records are written
        (the path is part of the file state stored with them)."""
        return self.state.get("duplicate_of", "")

    def texts(self, with_chunks: bool) -> list[str]:
        """The texts to embed: headlines, sentences and, unless derived, chunks."""
        out = []
        for article, sentences, chunks in self.items:
            out.append(article.title)
            if self.duplicate_of:
                continue
            out += [s.text for s in sentences]
            if with_chunks:
                out += [c.indexed_text for c in chunks]
        return out


def derive_chunk_vectors(
    sentences: list[Sentence], chunks: list[Chunk], vectors: dict[str, np.ndarray]
) -> None:
    """Add a vector for each chunk to `vectors`: the normalised mean of its sentences' vectors.

    On eval/ this retrieves as well as embedding the chunk text (header included) and adding
    the headline's vector did not help (README, Speed); BM25 still reads the header."""
    for chunk in chunks:
        rows = [vectors[text_hash(s.text)] for s in sentences[chunk.first : chunk.last + 1]]
        mean = np.mean(rows, axis=0)
        vectors[text_hash(chunk.indexed_text)] = mean / max(float(np.linalg.norm(mean)), 1e-12)


def file_state(path: Path, data: bytes | None = None) -> dict:
    st = path.stat()
    state = {"file_size": st.st_size, "file_mtime_ns": st.st_mtime_ns}
    if data is not None:
        state["file_sha"] = hashlib.sha256(data).hexdigest()
    return state


class Syncer:
    """`Syncer(settings, store, embedder).run()` -> SyncReport."""

    def __init__(self, settings: Settings, store: Store, embedder: Embedder) -> None:
        self.settings = settings
        self.root = settings.corpus_dir
        self.store = store
        self.embedder = embedder
        self.chunker = Chunker(settings.chunking, embedder.count_tokens)
        self.derived = settings.embedding.chunk_vectors == "derived"
        self.originals: dict[str, str] = {}
        """file_sha -> the path indexed with those bytes, during a run."""
        self.written: list[tuple[str, str, str]] = []
        """(chunk id, file, indexed text) of the chunks written during a run, for BM25."""

    def run(self, progress: Progress | None = None) -> SyncReport:
        try:
            return self._run(progress, SyncReport())
        except chromadb.errors.InternalError as exc:
            # Chroma's own files can be torn by a kill during its write (e.g. "Failed to apply
            # logs to the hnsw segment writer"); the journal cannot mend that, the corpus can.
            # Only for the embedded store: a server's error may be passing, and its index shared.
            if self.settings.store.chroma_url:
                raise
            damage = (
                f"the index store was damaged ({str(exc).splitlines()[0]}), probably by "
                "an interrupted sync: rebuilt from the corpus"
            )
            log.warning("%s", damage)
            self.store.reset()
            return self._run(progress, SyncReport(warnings=[damage]))

    def _run(self, progress: Progress | None, report: SyncReport) -> SyncReport:
        started = time.perf_counter()
        self.written = []
        files, ignored = scan(self.root, self.settings.corpus.ignore)
        report.ignored = [p.relative_to(self.root).as_posix() for p in ignored]
        meta = self._check_model(self.store.meta())
        # Files an interrupted sync was writing are re-indexed (or removed) whatever their
        # state looks like; their stored vectors are reused, their half-written records replaced.
        pending = set(json.loads(meta.get("pending", "[]")))
        if pending:
            log.warning(
                "repairing %d file(s) left half-indexed by an interrupted sync", len(pending)
            )
        indexed = self.store.file_states()
        current = {p.relative_to(self.root).as_posix(): p for p in files}
        to_index = self._changed(current, indexed, report, force=pending)
        removed = sorted((set(indexed) | pending) - set(current))
        to_index += self._find_originals(current, indexed, {*to_index, *removed})
        if to_index or removed:
            self.store.set_meta(pending=json.dumps(sorted({*to_index, *removed, *pending})))
        self._index(to_index, current, set(indexed) | pending, report, progress)
        if removed:
            self.store.remove_paths(removed)
            report.removed = removed
        changed = report.changed or bool(pending)
        generation = uuid.uuid4().hex if changed else meta.get("generation", "")
        self.store.set_meta(
            pending="[]",
            generation=generation,
            embedding_model=self.embedder.name,
            chunk_vectors=self.settings.embedding.chunk_vectors,
            last_sync=datetime.now(UTC).isoformat(timespec="seconds"),
        )
        change = Change(
            meta.get("generation", ""),
            {*to_index, *removed, *pending},
            self.written,
            self.store.chunk_ids,
        )
        LexicalIndex.load_or_build(
            lexical_dir(self.store.path), generation, self.store.all_chunks, change
        )
        if self.store.meta().get("states") != meta.get("states"):
            self.store.file_states()  # refills the local cache now, so the next sync starts fast
        report.seconds = time.perf_counter() - started
        return report

    def _check_model(self, meta: dict) -> dict:
        """Drop the index if it was embedded with another model or backend, or its chunk
        vectors were made otherwise: vectors would not compare."""
        model = meta.get("embedding_model")
        if not model:
            return meta
        # Stores made before chunk vectors could be derived embedded them.
        old = (model, meta.get("chunk_vectors", "embedded"))
        new = (self.embedder.name, self.settings.embedding.chunk_vectors)
        if old != new:
            log.warning(
                "embeddings changed (%s -> %s): re-indexing everything",
                " with chunk vectors ".join(old),
                " with chunk vectors ".join(new),
            )
            self.store.reset()
            return {}
        return meta

    def _changed(
        self,
        current: dict[str, Path],
        indexed: dict[str, dict],
        report: SyncReport,
        force: set[str],
    ):
        """Paths whose content differs from what was indexed (stat first, then hash), and the
        `force`d ones."""
        limit = self.settings.corpus.max_bytes
        out = []
        for rel, path in current.items():
            try:
                state = file_state(path)
            except OSError as exc:
                report.skipped.append((rel, f"cannot read ({exc.strerror})"))
                continue
            if state["file_size"] > limit:
                report.skipped.append(
                    (rel, f"larger than corpus.max_file_mb ({self.settings.corpus.max_file_mb} MB)")
                )
                continue
            if rel in force:
                out.append(rel)
                continue
            old = indexed.get(rel)
            if old and all(old[k] == state[k] for k in state):
                report.unchanged += 1
                continue
            if old:
                try:
                    state = file_state(path, path.read_bytes())
                except OSError:
                    state = {}
                if state.get("file_sha") == old["file_sha"]:
                    self.store.update_file_state(rel, state)  # touched, not changed
                    report.unchanged += 1
                    continue
            out.append(rel)
        return out

    def _index(
        self,
        paths: list[str],
        current: dict[str, Path],
        indexed: dict[str, dict],
        report: SyncReport,
        progress: Progress | None,
    ) -> None:
        # Files are parsed here while the previous batch is embedded and written by one worker
        # thread: the model and Chroma release the GIL, the sentence splitter needs it.
        batch: list[Prepared] = []
        size = 0
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="embed") as writer:
            writing: Future | None = None
            for n, rel in enumerate(paths, 1):
                if progress:
                    progress(n, len(paths), rel)
                prepared = self._prepare(rel, current[rel], report)
                if prepared is None:
                    if rel in indexed:  # it was indexed before: its old content must not be cited
                        self.store.remove_paths([rel])
                        report.removed.append(rel)
                    continue
                (report.updated if rel in indexed else report.added).append(rel)
                prepared.replaces = rel in indexed
                self._find_original(prepared, report)
                batch.append(prepared)
                size += len(prepared.texts(not self.derived))
                if size >= EMBED_BATCH:
                    if writing is not None:
                        writing.result()  # one batch in flight at most; its errors surface here
                    writing = writer.submit(self._write, batch, report)
                    batch, size = [], 0
            if writing is not None:
                writing.result()
        self._write(batch, report)

    def _find_originals(
        self, current: dict[str, Path], indexed: dict[str, dict], touched: set[str]
    ) -> list[str]:
        """Note which indexed file holds each text, and return the files to index again
        besides the `touched` ones: duplicates whose original changes or goes (one of them
        becomes the original), and a second copy of a text indexed twice by an older version."""
        self.originals, again = {}, []
        for path, state in sorted(indexed.items()):
            if path not in current or path in touched:
                continue
            if state.get("duplicate_of") in touched or (
                not state.get("duplicate_of")
                and self.originals.setdefault(state["file_sha"], path) != path
            ):
                again.append(path)
        return again

    def _find_original(self, prepared: Prepared, report: SyncReport) -> None:
        """Mark a file with the same bytes as an indexed (or earlier) one as its duplicate."""
        if not prepared.items:
            return
        original = self.originals.setdefault(prepared.state["file_sha"], prepared.path)
        if original != prepared.path:
            prepared.state["duplicate_of"] = original
            report.duplicates.append((prepared.path, original))

    def _prepare(self, rel: str, path: Path, report: SyncReport) -> Prepared | None:
        try:
            # stat, then read once and parse those very bytes: a file changed meanwhile is seen
            # as changed by the next sync (its mtime moved on), never indexed half old, half new.
            before = file_state(path)
            data = path.read_bytes()
            data_state = {**before, "file_sha": hashlib.sha256(data).hexdigest()}
            loaded = load_file(path, self.root, data)
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
            sentences = split_sentences(article)
            items.append((article, sentences, self.chunker(article, sentences)))
        return Prepared(rel, data_state, items)

    def _write(self, batch: list[Prepared], report: SyncReport) -> None:
        if not batch:
            return
        texts = list(dict.fromkeys(t for p in batch for t in p.texts(not self.derived)))
        vectors = self.store.known_vectors((text_hash(t) for t in texts), not self.derived)
        missing = [t for t in texts if text_hash(t) not in vectors]
        if missing:
            embedded = self.embedder.embed(missing)
            vectors.update({text_hash(t): v for t, v in zip(missing, embedded)})
            report.embedded += len(missing)
        self.store.remove_paths([p.path for p in batch if p.replaces])
        items = []
        for prepared in batch:
            if prepared.duplicate_of:
                items += [(article, [], [], prepared.state) for article, _, _ in prepared.items]
                continue
            for article, sentences, chunks in prepared.items:
                if self.derived:
                    derive_chunk_vectors(sentences, chunks, vectors)
                self.written += [(c.id, article.path, c.indexed_text) for c in chunks]
                items.append((article, sentences, chunks, prepared.state))
        self.store.add_articles(items, vectors)
