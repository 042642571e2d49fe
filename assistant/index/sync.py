"""Make the index equal the corpus folder, doing work only for what changed: `plan()` finds the
differences (plan.py), an `Executor` carries them out (execute.py)."""

from __future__ import annotations

import logging
import time

import chromadb

from assistant.config import Settings
from assistant.index.execute import Executor, Progress
from assistant.index.plan import plan
from assistant.index.store import Store
from assistant.models.embeddings import Embedder
from assistant.types import SyncReport

log = logging.getLogger(__name__)


class Syncer:
    """`Syncer(settings, store, embedder).run()` -> SyncReport."""

    def __init__(self, settings: Settings, store: Store, embedder: Embedder) -> None:
        self.settings = settings
        self.store = store
        self.embedder = embedder

    def run(self, progress: Progress | None = None) -> SyncReport:
        """Make the store equal the corpus folder (plan.py, then execute.py); an embedded Chroma
        whose own files a killed sync tore is rebuilt from the corpus, and the report says so."""
        try:
            return self._sync(progress, [])
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
            self.store.collections.reset()
            return self._sync(progress, [damage])

    def _sync(self, progress: Progress | None, warnings: list[str]) -> SyncReport:
        started = time.perf_counter()
        todo = plan(self.settings, self.store, self.embedder.name)
        report = SyncReport(
            unchanged=todo.unchanged,
            skipped=list(todo.skipped),
            warnings=warnings,
            ignored=list(todo.ignored),
        )
        Executor(self.settings, self.store, self.embedder).run(todo, report, progress)
        report.seconds = time.perf_counter() - started
        return report
