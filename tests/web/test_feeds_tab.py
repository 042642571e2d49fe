"""The page's Feeds tab and the background poll, served for real on loopback against a feed site
on loopback: follow a feed from the page, see it polled, and ask about what it brought."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from assistant.follow import subscriptions
from assistant.follow.poller import FeedPoller
from assistant.web.feeds_tab import ago
from tests.feed_site import rss
from tests.web.test_app import client, serving, wait_until

FERRY = ("harbour-1", "Ferry strike ends", "Ferries sail again after a two-day strike ended.")
BRIDGE = (
    "harbour-2",
    "Aare bridge reopens",
    "The Aare bridge reopened after six weeks of repairs.",
)


@pytest.fixture
def answers_anything(monkeypatch):
    # the fake embedder's scores are not the model's: let every search answer
    monkeypatch.setenv("ASSISTANT_ANSWER__MIN_SCORE", "0")
    monkeypatch.setenv("ASSISTANT_ANSWER__ANSWERABILITY_THRESHOLD", "0")


def cites(api, question: str, story: str) -> bool:
    answer = api.predict(question, 3, "", "", api_name="/ask")
    return any(story in c["article"] for c in answer["citations"])


def test_an_entry_published_becomes_a_cited_answer_within_one_interval(
    empty_corpus, site, make_assistant, answers_anything, capsys
):
    site.serve("/rss", rss(FERRY), headers={"ETag": '"v1"'})
    subscriptions.add(empty_corpus, subscriptions.Subscription(f"{site.url}/rss", every=10))
    assistant = make_assistant()
    assistant.sync()
    moved_on = [timedelta(0)]  # the poller's clock, moved on by one interval below
    poller = FeedPoller(
        empty_corpus,
        assistant.settings.store_path,
        check_seconds=0.2,
        clock=lambda: datetime.now(UTC) + moved_on[0],
    )
    with serving(assistant, poller=poller) as url:
        api = client(url)
        # a feed never polled is due at once: the server's first check brings its entry in
        assert wait_until(lambda: cites(api, "Did the ferry strike end?", "harbour-1"), 30)[0]
        site.serve("/rss", rss(BRIDGE, FERRY), headers={"ETag": '"v2"'})
        time.sleep(1)  # checked five times meanwhile: not due for ten minutes
        assert not cites(api, "When did the Aare bridge reopen?", "harbour-2")
        assert [path for path, _ in site.requests].count("/rss") == 1
        moved_on[0] = timedelta(minutes=10)
        answered, seconds = wait_until(
            lambda: cites(api, "When did the Aare bridge reopen?", "harbour-2"), 30
        )
        assert answered, "the new entry was not answerable within 30 s of the feed falling due"
        with capsys.disabled():
            print(f"\nfeed due -> cited answer in the page: {seconds:.1f} s")
        assert site.requests[-1][1]["If-None-Match"] == '"v1"'


def test_the_feeds_tab_follows_lists_polls_and_drops_a_feed(empty_corpus, site, make_assistant):
    site.serve("/rss", rss(FERRY))
    assistant = make_assistant()
    assistant.sync()
    with serving(assistant) as url:  # the settings' poller: checks every 15 s
        api = client(url)
        said, status, table, _ = api.predict("ftp://x.example/rss", 30, False, api_name="/follow")
        assert "is not an http(s) URL" in said and table["data"] == []
        said, status, table, _ = api.predict(f"{site.url}/rss", 30, True, api_name="/follow")
        assert said == f"following {site.url}/rss"
        assert (empty_corpus / ".feeds").read_text() == f"{site.url}/rss every=30 full-text\n"
        # added from the page, it is polled at once rather than at the next check
        assert wait_until(lambda: list((empty_corpus / "feeds").rglob("*.json")), 10)[0]
        said, status, table, _ = api.predict(api_name="/poll_feeds")
        assert said.startswith("unchanged (0 new)")
        (row,) = table["data"]
        assert row[0] == f"{site.url}/rss" and row[2] == "yes" and row[5] == 1
        assert "min ago" in row[3] or "(now)" in row[3]
        said, status, table, _ = api.predict(f"{site.url}/rss", api_name="/unfollow")
        assert said.startswith("no longer following") and table["data"] == []
        assert list((empty_corpus / "feeds").rglob("*.json"))  # its articles stay


def test_times_are_shown_with_how_long_ago_or_how_soon():
    now = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
    assert ago("2026-12-07T09:56:00+00:00", now) == "2026-12-07 09:56 UTC (4 min ago)"
    assert ago("2026-12-07T10:30:00+00:00", now) == "2026-12-07 10:30 UTC (in 30 min)"
    assert ago("", now) == ""
