"""assistant/follow/poller.py: the background poll's own duties (the page-level behaviour, a feed
falling due and answered, is in tests/web/test_feeds_tab.py)."""

from __future__ import annotations

import logging
import time

import pytest

from assistant.follow.poller import FeedPoller


def test_a_bad_subscriptions_line_is_told_once_and_polling_goes_on(empty_corpus, caplog):
    (empty_corpus / ".feeds").write_text("gopher://old.example/news\n")
    poller = FeedPoller(empty_corpus, empty_corpus.parent / "store", check_seconds=0.05)
    with caplog.at_level(logging.WARNING):
        poller.start()
        time.sleep(0.5)  # about ten checks
        assert "not an http(s) URL" in poller.last_error
        (empty_corpus / ".feeds").write_text("")  # fixed by hand: the next check is clean
        time.sleep(0.3)
        poller.stop()
    assert poller.last_error == "" and poller.last_report is not None
    assert len([r for r in caplog.records if "feeds not polled" in r.message]) == 1
    assert not poller._thread.is_alive()


def test_a_poller_needs_a_folder_and_a_positive_check(tmp_path):
    with pytest.raises(ValueError, match="not a folder"):
        FeedPoller(tmp_path / "missing", tmp_path / "store")
    tmp_path.joinpath("c").mkdir()
    with pytest.raises(ValueError, match="check_seconds must be above 0, got 0"):
        FeedPoller(tmp_path / "c", tmp_path / "store", check_seconds=0)
