"""Carry out a sync plan: journal, parse, embed, write, remove, and keep BM25 in step.

The paths a sync is about to touch are journaled in the store first; a sync that was killed
leaves them there and the next one removes their records and indexes them afresh. Text already
embedded anywhere in the store reuses its stored embedding.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, datetime

from assistant.config import Settings
from assistant.index.bm25 import Change, LexicalIndex, lexical_dir
from assistant.index.chroma import text_hash
from assistant.index.copy_marks import CopyMarks
from assistant.index.plan import INDEX_FORMAT, SKIPPED_FILES, SyncPlan
from assistant.index.prepare import Prepared, derive_chunk_vectors, prepare
from assistant.index.store import Store
from assistant.index.writer import Records
from assistant.ingest.chunking import Chunker
from assistant.ingest.reading import READING_VERSION
from assistant.models.embeddings import Embedder
from assistant.types import SyncReport

log = logging.getLogger(__name__)

EMBED_BATCH = 512  # texts gathered across files before one call to the model
CHANGES_LISTED = 500
Progress = Callable[[int, int, str], None]


class Executor:
    """`Executor(settings, store, embedder).run(plan, report)` makes the store match the plan."""

    def __init__(self, settings: Settings, store: Store, embedder: Embedder) -> None:
        self.settings = settings
        self.store = store
        self.embedder = embedder
        self.chunker = Chunker(settings.chunking, embedder.count_tokens)
        self.derived = settings.embedding.chunk_vectors == "derived"
        self.originals: dict[str, str] = {}
        """sha256 -> the path indexed with those bytes, during a run."""
        self.written: list[tuple[str, str, str]] = []
        """(chunk id, file, indexed text) of the chunks written during a run, for BM25."""
        self.moved: dict[str, list[str]] = {}
        """sha256 -> files going in this run that held those bytes (renamed, or an original
        whose copy takes its place): their stored sentence vectors are reused."""

    def run(self, plan: SyncPlan, report: SyncReport, progress: Progress | None) -> SyncReport:
        """Carry `plan` out and fill in `report`: journal the files it changes, index the new
        and changed ones (`_index`), remove the gone ones, regroup wire copies, then publish a
        new generation with its BM25 index, saved facts and file states (nothing when nothing
        changed, the same generation kept)."""
        if plan.reset:
            log.warning("%s", plan.reset)
            self.store.collections.reset()
        if plan.reread:
            log.warning("%s", plan.reread)
        if plan.pending:
            log.warning(
                "repairing %d file(s) left half-indexed by an interrupted sync", len(plan.pending)
            )
        for rel, state in plan.touched.items():
            self.store.files.update(rel, state)
        if plan.to_index or plan.removed:
            self.store.meta.update(pending=json.dumps(sorted(plan.journal)))
        self.originals, self.written, self.moved = dict(plan.originals), [], {}
        for rel in plan.removed:
            if rel in plan.indexed.states:
                self.moved.setdefault(plan.indexed.states[rel].sha, []).append(rel)
        self._index(plan, report, progress)
        if plan.removed:
            self.store.writer.remove_paths(plan.removed)
            report.removed += plan.removed  # after files that turned bad, removed above
        changed = report.changed or bool(plan.pending)
        groups, touched = {}, set(plan.journal)
        marks = CopyMarks(
            self.store.collections,
            self.store.meta,
            self.settings.copies.threshold,
            self.store.path,
        )
        if marks.needed(changed):
            regrouped = marks.run(plan.journal, plan.generation)
            changed = changed or bool(regrouped.marked)
            report.copies += [(i, rep) for i, rep in regrouped.marked.items() if rep]
            groups = {"copies": regrouped.copies, "copy_threshold": regrouped.threshold}
            touched |= regrouped.paths
        generation = uuid.uuid4().hex if changed else plan.generation
        if changed:
            # what a reader's snapshot of the previous generation must read again (snapshot.py);
            # past a few hundred files reading everything is as quick, and the list would
            # lengthen every read of the sync state
            listed = len(touched) <= CHANGES_LISTED
            groups |= {
                "previous_generation": plan.generation,
                "changed": json.dumps(sorted(touched)) if listed else "",
            }
        self.store.meta.update(
            **groups,
            **{SKIPPED_FILES: plan.skipped_now(report.skipped)},
            pending="[]",
            generation=generation,
            embedding_model=self.embedder.name,
            index_format=INDEX_FORMAT,
            reading_version=READING_VERSION,
            chunk_vectors=self.settings.embedding.chunk_vectors,
            last_sync=datetime.now(UTC).isoformat(timespec="seconds"),
        )
        reader = self.store.reader
        change = Change(plan.generation, plan.journal, self.written, reader.chunk_ids)
        LexicalIndex.load_or_build(
            lexical_dir(self.store.path), generation, reader.all_chunks, change
        )
        if changed:  # its article facts saved too (facts.py): a replica opens it from them
            self.store.snapshots.current()
        marks.save(generation)
        # The local cache of file states is refilled now, so that the next sync starts fast.
        unchanged = self.store.meta.read().get("states", "") == plan.indexed.token
        files = self.store.files
        files.save(
            plan.indexed
            if unchanged
            else files.refreshed(plan.indexed, touched | set(plan.touched))
        )
        return report

    def _index(self, plan: SyncPlan, report: SyncReport, progress: Progress | None) -> None:
        # Files are parsed here while the previous batch is embedded and written by one worker
        # thread: the model and Chroma release the GIL, the sentence splitter needs it.
        indexed = set(plan.indexed.states) | plan.pending
        root = self.settings.corpus_dir
        batch: list[Prepared] = []
        size = 0
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="embed") as writer:
            writing: Future | None = None
            for n, rel in enumerate(plan.to_index, 1):
                if progress:
                    progress(n, len(plan.to_index), rel)
                prepared = prepare(rel, plan.files[rel], root, self.chunker, report)
                if prepared is None:
                    if rel in indexed:  # it was indexed before: its old content must not be cited
                        self.store.writer.remove_paths([rel])
                        report.removed.append(rel)
                    continue
                (report.updated if rel in indexed else report.added).append(rel)
                prepared.replaces = rel in indexed
                self._mark_if_copy(prepared, report)
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

    def _mark_if_copy(self, prepared: Prepared, report: SyncReport) -> None:
        """Mark a file with the same bytes as an indexed (or earlier) one as its duplicate."""
        if not prepared.items:
            return
        original = self.originals.setdefault(prepared.state.sha, prepared.path)
        if original != prepared.path:
            prepared.state = replace(prepared.state, duplicate_of=original)
            report.duplicates.append((prepared.path, original))

    def _write(self, batch: list[Prepared], report: SyncReport) -> None:
        if not batch:
            return
        texts = list(dict.fromkeys(t for p in batch for t in p.texts(not self.derived)))
        earlier = [p.path for p in batch if p.replaces]
        earlier += [rel for p in batch for rel in self.moved.get(p.state.sha, [])]
        vectors = self.store.embeddings.known(
            (text_hash(t) for t in texts), not self.derived, earlier
        )
        missing = [t for t in texts if text_hash(t) not in vectors]
        if missing:
            embedded = self.embedder.embed(missing)
            vectors.update({text_hash(t): v for t, v in zip(missing, embedded)})
            report.embedded += len(missing)
        self.store.writer.remove_paths([p.path for p in batch if p.replaces])
        items: list[Records] = []
        for prepared in batch:
            if prepared.duplicate_of:
                items += [(article, [], [], prepared.state) for article, _, _ in prepared.items]
                continue
            for article, sentences, chunks in prepared.items:
                if self.derived:
                    derive_chunk_vectors(sentences, chunks, vectors)
                self.written += [(c.id, article.path, c.indexed_text) for c in chunks]
                items.append((article, sentences, chunks, prepared.state))
        self.store.writer.add_articles(items, vectors)
