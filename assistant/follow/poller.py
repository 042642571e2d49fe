"""Poll the followed feeds in the background while the page is served.

A thread wakes every `check_seconds`, polls the feeds whose time has come (`poll(due_only=True)`)
and goes back to sleep; what it writes lands in the corpus folder, where the folder watcher
syncs it like any saved file. Chats never wait for it: questions read the store while a poll
fetches and a sync writes. A feed added from the page is polled at once (`wake`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from assistant.errors import AssistantError
from assistant.follow.poll import PollReport, poll

log = logging.getLogger(__name__)


class FeedPoller:
    """`FeedPoller(corpus, store).start()` polls each feed of `corpus` as it falls due."""

    def __init__(
        self,
        corpus: Path,
        store: Path,
        *,
        check_seconds: float = 15.0,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        on_poll: Callable[[PollReport], None] | None = None,
    ) -> None:
        if not corpus.is_dir():
            raise ValueError(f"cannot follow feeds into {corpus}: not a folder")
        if check_seconds <= 0:
            raise ValueError(f"check_seconds must be above 0, got {check_seconds}")
        self.corpus, self.store = corpus, store
        self.check_seconds = check_seconds
        self.clock = clock
        """The time feeds are due against (a test moves it on by a feed's interval)."""
        self.on_poll = on_poll
        """Told of each poll that fetched something (the CLI prints its lines)."""
        self.last_report: PollReport | None = None
        self.last_error = ""
        """Why the last pass failed as a whole (a bad line in `.feeds`), or ""."""
        self._wake, self._stop = threading.Event(), threading.Event()
        self._thread = threading.Thread(target=self._run, name="feed-poller", daemon=True)

    def poll_due(self) -> PollReport:
        """One pass over the feeds that are due, now, in the calling thread."""
        report = poll(self.corpus, self.store, now=self.clock(), due_only=True)
        self.last_report = report
        if self.on_poll is not None and any(f.outcome != "not due" for f in report.feeds):
            self.on_poll(report)
        return report

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.poll_due()
                self.last_error = ""
            except AssistantError as exc:  # a bad line in .feeds: said once, until it changes
                if str(exc) != self.last_error:
                    log.warning("feeds not polled: %s", exc)
                self.last_error = str(exc)
            except Exception:  # a full disk, say: told, and tried again at the next check
                log.exception("polling the followed feeds failed")
            self._wake.wait(self.check_seconds)
            self._wake.clear()

    def wake(self) -> None:
        """Look for due feeds now rather than at the next check (a feed was just added)."""
        self._wake.set()

    def start(self) -> FeedPoller:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=30)
