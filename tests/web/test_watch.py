import threading
import time

import pytest

from assistant.types import SyncReport
from assistant.web.watch import FolderWatcher


def wait_for(predicate, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_sync_runs_after_a_change_and_not_for_the_store(empty_corpus):
    store = empty_corpus / ".store"
    store.mkdir()
    calls = []
    done = threading.Event()

    def sync():
        calls.append(time.monotonic())
        done.set()
        return SyncReport(added=["a.txt"])

    watcher = FolderWatcher(empty_corpus, sync, ignore=store, debounce_ms=100).start()
    try:
        time.sleep(0.3)  # watchfiles sets up its watches in the background
        (store / "internal.bin").write_bytes(b"x")  # the store's own writes are not changes
        assert wait_for(lambda: watcher.skipped == 1), "the store's write was never seen"
        assert calls == []
        (empty_corpus / "a.txt").write_text("Head\n\nBody.")
        assert done.wait(5)
        assert watcher.last_report.added == ["a.txt"]
    finally:
        watcher.stop()


def test_a_failing_sync_does_not_stop_watching(empty_corpus):
    calls = []

    def sync():
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("disk hiccup")
        return SyncReport()

    watcher = FolderWatcher(empty_corpus, sync, debounce_ms=100).start()
    try:
        time.sleep(0.3)
        (empty_corpus / "a.txt").write_text("one")
        assert wait_for(lambda: len(calls) == 1)
        time.sleep(0.3)
        (empty_corpus / "b.txt").write_text("two")
        assert wait_for(lambda: len(calls) == 2)
    finally:
        watcher.stop()


def test_watching_a_missing_folder_is_refused(tmp_path):
    with pytest.raises(ValueError, match="not a folder"):
        FolderWatcher(tmp_path / "nope", lambda: SyncReport())


def test_a_sync_that_changed_the_index_is_told_and_one_that_did_not_is_not(empty_corpus):
    """Issue 29: `serve` printed nothing when the watcher indexed a file."""
    reports = iter([SyncReport(added=["a.txt"]), SyncReport(unchanged=1)])
    heard = []
    watcher = FolderWatcher(
        empty_corpus, lambda: next(reports), debounce_ms=100, on_sync=heard.append
    ).start()
    try:
        time.sleep(0.3)
        (empty_corpus / "a.txt").write_text("Head\n\nBody.")
        assert wait_for(lambda: heard == [SyncReport(added=["a.txt"])])
        (empty_corpus / "a.txt").touch()
        assert wait_for(lambda: watcher.last_report == SyncReport(unchanged=1))
        assert len(heard) == 1
    finally:
        watcher.stop()
