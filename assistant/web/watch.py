"""Keep the index in step with the corpus folder while the server runs.

A background thread waits on file-system events (watchfiles: inotify on Linux, no polling) and
runs a sync shortly after the folder changes, so a file saved by any program is answerable within
a few seconds. Chats are never blocked: questions read the store while the sync writes it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from watchfiles import watch

from assistant.types import SyncReport

log = logging.getLogger(__name__)


class FolderWatcher:
    """`FolderWatcher(folder, sync).start()` calls `sync()` after each burst of changes."""

    def __init__(
        self,
        folder: Path,
        sync: Callable[[], SyncReport],
        *,
        ignore: Path | None = None,
        debounce_ms: int = 300,
        on_sync: Callable[[SyncReport], None] | None = None,
    ) -> None:
        if not folder.is_dir():
            raise ValueError(f"cannot watch {folder}: not a folder")
        self.folder = folder.resolve()
        self.sync = sync
        self.ignore = ignore.resolve() if ignore else None  # the store, when it sits inside
        self.debounce_ms = debounce_ms
        self.on_sync = on_sync
        """Told of each sync that changed the index (the CLI prints its line)."""
        self.last_report: SyncReport | None = None
        self.skipped = 0
        """Bursts of changes that were only the store's own writes (no sync for those)."""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="corpus-watcher", daemon=True)

    def _relevant(self, changes) -> bool:
        return any(
            self.ignore is None or not Path(path).resolve().is_relative_to(self.ignore)
            for _, path in changes
        )

    def _run(self) -> None:
        for changes in watch(
            self.folder,
            stop_event=self._stop,
            debounce=self.debounce_ms,
            step=50,
            recursive=True,
            raise_interrupt=False,
        ):
            if not self._relevant(changes):
                self.skipped += 1
                continue
            try:
                self.last_report = self.sync()
                if self.on_sync is not None and self.last_report.changed:
                    self.on_sync(self.last_report)
            except Exception:  # a failed sync must not end the watching; the next change retries
                log.exception("sync after a corpus change failed")

    def start(self) -> FolderWatcher:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
