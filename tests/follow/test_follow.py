"""assistant/follow: subscriptions, the polite fetch and the poll, against feeds served on
loopback by a server the test controls (ETag and 304, a feed that changes, a 301, a 429, a huge
answer, a gzip bomb, a redirect to file:, HTML where the feed was, a 404, a slow answer)."""

from __future__ import annotations

import gzip
import json
import os
from datetime import UTC, datetime, timedelta

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.errors import AssistantError
from assistant.follow import subscriptions
from assistant.follow.fetch import FetchError, fetch
from assistant.follow.poll import feed_folder, poll
from assistant.follow.state import load_state
from tests.feed_site import ATOM, rss

pytestmark = pytest.mark.integration
runner = CliRunner()


STORY = (
    "harbour-1",
    "Ferry strike ends",
    "Ferries sail again after a two-day strike, the union said.",
)


def test_a_feed_is_followed_polled_once_and_then_asked_only_whether_it_changed(
    empty_corpus, site, fake_model
):
    site.serve("/rss", rss(STORY), headers={"ETag": '"v1"'})
    added = runner.invoke(app, ["feeds", "add", f"{site.url}/rss", "--every", "15"])
    assert added.exit_code == 0, added.output
    assert (empty_corpus / ".feeds").read_text() == f"{site.url}/rss every=15\n"
    first = json.loads(runner.invoke(app, ["feeds", "poll", "--json"]).stdout)
    assert first["feeds"][0]["outcome"] == "new" and first["feeds"][0]["new"] == 1
    (written,) = feed_folder(empty_corpus, f"{site.url}/rss").glob("*.json")
    record = json.loads(written.read_text())
    assert record["title"] == "Ferry strike ends" and record["source"] == "Harbour News"
    # the entry is an ordinary article of the folder: indexed and cited like any other
    assert runner.invoke(app, ["ingest"]).exit_code == 0
    answer = json.loads(runner.invoke(app, ["ask", "--json", "Did the ferry strike end?"]).stdout)
    assert answer["citations"][0]["article"].startswith("feeds/")
    # not due again for 15 minutes: a cron job polling every minute fetches nothing
    assert runner.invoke(app, ["feeds", "poll"]).stdout.startswith("not due")
    # asked for every feed now, the poll sends the ETag back and gets a 304
    second = runner.invoke(app, ["feeds", "poll", "--all"])
    assert second.stdout.startswith("unchanged") and site.requests[-1][1]["If-None-Match"] == '"v1"'
    assert "news-qa-assistant" in site.requests[-1][1]["User-Agent"]
    listed = runner.invoke(app, ["feeds", "list"]).stdout
    assert "1 entries written" in listed and "next " in listed


def test_an_edited_entry_rewrites_its_file_and_a_new_one_is_added(empty_corpus, site):
    site.serve("/rss", rss(STORY))
    subscriptions.add(empty_corpus, subscriptions.Subscription(f"{site.url}/rss"))
    store = empty_corpus.parent / "store"
    poll(empty_corpus, store)
    edited = (STORY[0], STORY[1], "Ferries sail again after a three-day strike, the union said.")
    site.serve("/rss", rss(edited, ("harbour-2", "Port fees rise", "Port fees rise by 4% in May.")))
    (result,) = poll(empty_corpus, store).feeds
    assert (result.outcome, result.new, result.updated) == ("new", 1, 1)
    files = sorted(p.name for p in feed_folder(empty_corpus, f"{site.url}/rss").iterdir())
    assert files == ["harbour-1.json", "harbour-2.json"]  # stable names: no duplicate
    (again,) = poll(empty_corpus, store).feeds
    assert again.outcome == "unchanged"


def test_an_atom_feed_is_read_too(empty_corpus, site):
    site.serve("/atom", ATOM)
    subscriptions.add(empty_corpus, subscriptions.Subscription(f"{site.url}/atom"))
    (result,) = poll(empty_corpus, empty_corpus.parent / "store").feeds
    assert result.outcome == "new" and result.new == 1


def test_a_feed_that_moved_for_good_moves_its_subscription_and_its_entries(empty_corpus, site):
    site.serve("/rss", rss(STORY))
    old, new = f"{site.url}/old", f"{site.url}/rss"
    subscriptions.add(empty_corpus, subscriptions.Subscription(old))
    site.serve("/old", rss(STORY))
    store = empty_corpus.parent / "store"
    poll(empty_corpus, store)
    site.serve("/old", status=301, headers={"Location": "/rss"})
    (result,) = poll(empty_corpus, store).feeds
    assert "moved permanently" in result.why
    assert [s.url for s in subscriptions.read(empty_corpus)] == [new]
    assert not feed_folder(empty_corpus, old).exists()
    assert [p.name for p in feed_folder(empty_corpus, new).iterdir()] == ["harbour-1.json"]


def test_a_feed_that_moved_and_did_not_change_moves_its_entries_too(empty_corpus, site):
    """The new address answers the ETag sent with a 304: the entries still move with it."""
    site.serve("/old", rss(STORY), headers={"ETag": '"v1"'})
    old, new = f"{site.url}/old", f"{site.url}/rss"
    subscriptions.add(empty_corpus, subscriptions.Subscription(old))
    store = empty_corpus.parent / "store"
    poll(empty_corpus, store)
    site.serve("/old", status=301, headers={"Location": "/rss"})
    site.serve("/rss", rss(STORY), headers={"ETag": '"v1"'})
    (result,) = poll(empty_corpus, store).feeds
    assert result.outcome == "unchanged" and "moved permanently" in result.why
    assert not feed_folder(empty_corpus, old).exists()
    assert [p.name for p in feed_folder(empty_corpus, new).iterdir()] == ["harbour-1.json"]


def test_failing_feeds_are_reported_backed_off_and_never_stop_the_others(empty_corpus, site):
    bomb = gzip.compress(b"<" * (40 * 2**20))  # 40 MB unpacked from about 40 KB
    site.serve("/busy", status=429, headers={"Retry-After": "7200"})
    site.serve("/page", b"<html><body><p>Not a feed</p></body></html>")
    site.serve("/bomb", bomb, headers={"Content-Encoding": "gzip"})
    site.serve("/escape", status=302, headers={"Location": "file:///etc/passwd"})
    site.serve("/rss", rss(STORY))
    for path in ("/busy", "/page", "/bomb", "/escape", "/gone", "/rss"):
        subscriptions.add(empty_corpus, subscriptions.Subscription(f"{site.url}{path}"))
    now = datetime(2026, 11, 5, 12, tzinfo=UTC)
    store = empty_corpus.parent / "store"
    report = {f.url.rsplit("/", 1)[1]: f for f in poll(empty_corpus, store, now=now).feeds}
    assert report["rss"].outcome == "new"  # the good one, after five bad ones
    assert all(report[k].outcome == "failed" for k in ("busy", "page", "bomb", "escape", "gone"))
    assert "asked to wait 7200 s" in report["busy"].why
    assert datetime.fromisoformat(report["busy"].next_poll) >= now + timedelta(hours=2)
    assert "not an RSS or Atom feed" in report["page"].why
    assert "too large" in report["bomb"].why
    assert "refused to follow a redirect to 'file:///etc/passwd'" in report["escape"].why
    assert "HTTP 404" in report["gone"].why
    # a second failure in a row doubles the wait; polling only what is due skips them meanwhile
    again = {f.url.rsplit("/", 1)[1]: f for f in poll(empty_corpus, store, now=now).feeds}
    # even a poll of every feed leaves alone one whose server asked to wait
    assert again["busy"].outcome == "not due" and "asked to wait until" in again["busy"].why
    assert datetime.fromisoformat(again["gone"].next_poll) == now + timedelta(hours=2)
    due = poll(empty_corpus, store, now=now + timedelta(minutes=1), due_only=True).feeds
    assert {f.outcome for f in due} == {"not due"}
    assert load_state(store)[f"{site.url}/gone"].failures == 2


def test_a_slow_feed_times_out(site):
    site.serve("/slow", rss(STORY), delay=2.0)
    with pytest.raises(FetchError, match="no answer within 0.5 s"):
        fetch(f"{site.url}/slow", timeout=0.5)


def test_a_bad_line_of_the_subscriptions_file_names_its_line(empty_corpus):
    (empty_corpus / ".feeds").write_text(
        "# my feeds\nhttps://a.example/rss every=30\nhttps://b.example/rss every=2\n"
    )
    with pytest.raises(AssistantError, match=r"\.feeds:3: unknown option 'every=2'"):
        subscriptions.read(empty_corpus)
    (empty_corpus / ".feeds").write_text("ftp://a.example/rss\n")
    with pytest.raises(AssistantError, match=r"\.feeds:1: 'ftp://a.example/rss' is not an http"):
        subscriptions.read(empty_corpus)
    (empty_corpus / ".feeds").write_text("https://a.example/rss\n")
    with pytest.raises(AssistantError, match="is not followed"):
        subscriptions.remove(empty_corpus, "https://c.example/rss")


def test_a_huge_answer_is_refused_before_it_is_read(site):
    site.serve("/huge", b"x" * (50 * 2**20))
    with pytest.raises(FetchError, match="50 MB; too large"):
        fetch(f"{site.url}/huge")


HOSTILE = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY secret SYSTEM "file:///etc/passwd">
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
]>
<rss version="2.0"><channel><title>Trap</title>
<item><guid>t1</guid><title>Trap one</title><description>Leak: &secret; end.</description></item>
<item><guid>t2</guid><title>Trap two</title><description>Laughs: &f; end.</description></item>
</channel></rss>"""


def test_a_hostile_feed_neither_leaks_a_file_nor_blows_up(empty_corpus, site):
    site.serve("/trap", HOSTILE)
    site.serve("/broken", rss(STORY)[:-40])  # cut off mid-document
    for path in ("/trap", "/broken"):
        subscriptions.add(empty_corpus, subscriptions.Subscription(f"{site.url}{path}"))
    report = poll(empty_corpus, empty_corpus.parent / "store").feeds
    written = "".join(p.read_text() for p in (empty_corpus / "feeds").rglob("*.json"))
    assert "root:" not in written  # the external entity was never read
    assert len(written) < 2**20  # 20**5 x 50 bytes would be 160 MB: never expanded
    trap, broken = report
    assert trap.outcome == "new" and "not well-formed" in trap.why  # read, and told so
    assert broken.outcome == "failed" and "not well-formed" in broken.why  # retried later


STORY_PAGE = """<html><head><title>Ferry strike ends | Harbour News</title></head><body>
<nav>Home · Sport · Weather</nav><article><h1>Ferry strike ends</h1>
<p>Ferries sail again after a two-day strike, the union said on Tuesday.</p>
<p>The agreement raises crews' pay by 4.5% from January, according to the operator.</p>
<p>About 12,000 passengers were stranded at the height of the strike.</p>
</article><footer>© Harbour News</footer></body></html>"""


def test_full_text_reads_each_new_entry_s_page_once(empty_corpus, site):
    teaser = "Ferries sail again."
    site.serve("/rss", rss(("h1", "Ferry strike ends", teaser, f"{site.url}/story")))
    site.serve("/story", STORY_PAGE.encode(), headers={"Content-Type": "text/html; charset=utf-8"})
    site.serve("/rss2", rss(("h2", "Gone story", teaser, f"{site.url}/missing")))
    assert runner.invoke(app, ["feeds", "add", f"{site.url}/rss", "--full-text"]).exit_code == 0
    assert (empty_corpus / ".feeds").read_text().endswith(" full-text\n")
    subscriptions.add(empty_corpus, subscriptions.Subscription(f"{site.url}/rss2", full_text=True))
    store = empty_corpus.parent / "store"
    report = poll(empty_corpus, store).feeds
    (page,) = feed_folder(empty_corpus, f"{site.url}/rss").glob("*.json")
    record = json.loads(page.read_text())
    assert "4.5% from January" in record["text"] and "Home" not in record["text"]
    assert record["summary"] == teaser
    # a page that cannot be had: the feed's text is kept and the reason told
    (kept,) = feed_folder(empty_corpus, f"{site.url}/rss2").glob("*.json")
    assert json.loads(kept.read_text())["text"] == teaser
    assert "1 linked page(s) not read" in report[1].why and "HTTP 404" in report[1].why
    # polled again, an unchanged entry's page is not fetched again
    pages = sum(path == "/story" for path, _ in site.requests)
    assert poll(empty_corpus, store).feeds[0].outcome == "unchanged"
    assert sum(path == "/story" for path, _ in site.requests) == pages == 1


def test_a_poll_that_dies_midway_leaves_whole_files_and_the_next_one_completes_it(
    empty_corpus, site, monkeypatch
):
    stories = [(f"s{n}", f"Story {n}", f"Story number {n} happened today.") for n in range(6)]
    site.serve("/rss", rss(*stories))
    subscriptions.add(empty_corpus, subscriptions.Subscription(f"{site.url}/rss"))
    store = empty_corpus.parent / "store"
    real_replace, calls = os.replace, []

    def dies_on_the_fourth(src, dst):
        calls.append(dst)
        if len(calls) == 4:
            raise KeyboardInterrupt  # the process is stopped between two files
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", dies_on_the_fourth)
    with pytest.raises(KeyboardInterrupt):
        poll(empty_corpus, store)
    monkeypatch.setattr(os, "replace", real_replace)
    folder = feed_folder(empty_corpus, f"{site.url}/rss")
    assert sorted(p.name for p in folder.iterdir()) == ["s0.json", "s1.json", "s2.json"]
    assert all(json.loads(p.read_text())["title"] for p in folder.iterdir())  # no torn file
    report = poll(empty_corpus, store).feeds[0]
    assert (report.outcome, report.new) == ("new", 3)
    assert len(list(folder.iterdir())) == 6


def test_serve_s_terminal_hears_of_entries_brought_in_and_feeds_failing(capsys):
    from assistant.cli.feeds import print_poll
    from assistant.follow.poll import FeedResult, PollReport

    print_poll(
        PollReport(
            [
                FeedResult("https://a.example/rss", "new", 2, 1),
                FeedResult("https://b.example/rss", "unchanged"),
                FeedResult("https://c.example/rss", "failed", why="HTTP 404 from c"),
                FeedResult("https://d.example/rss", "not due", next_poll="2026-12-07T10:00"),
            ]
        )
    )
    assert capsys.readouterr().out.splitlines() == [
        "feeds: new (2 new, 1 updated)  https://a.example/rss",
        "feeds: failed  https://c.example/rss: HTTP 404 from c",
    ]
