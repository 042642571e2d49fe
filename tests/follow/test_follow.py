"""assistant/follow: subscriptions, the polite fetch and the poll, against feeds served on
loopback by a server the test controls (ETag and 304, a feed that changes, a 301, a 429, a huge
answer, a gzip bomb, a redirect to file:, HTML where the feed was, a 404, a slow answer)."""

from __future__ import annotations

import contextlib
import gzip
import http.server
import json
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.errors import AssistantError
from assistant.follow import subscriptions
from assistant.follow.fetch import FetchError, fetch
from assistant.follow.poll import feed_folder, load_state, poll

pytestmark = pytest.mark.integration
runner = CliRunner()


def rss(*items: tuple[str, str, str]) -> bytes:
    body = "".join(
        f"<item><guid>{guid}</guid><title>{title}</title><pubDate>Tue, 03 Nov 2026 10:00:00 GMT"
        f"</pubDate><description>{text}</description></item>"
        for guid, title, text in items
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour News</title>'
        f"{body}</channel></rss>"
    ).encode()


ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Valley Post</title>
<entry><id>tag:valley.example,2026:1</id><title>Bridge reopens</title>
<updated>2026-11-04T09:00:00Z</updated>
<content type="text">The Aare bridge reopened on Wednesday after six weeks of repairs.</content>
</entry></feed>"""


class Site:
    """Routes of the loopback server: path -> (status, headers, body, delay)."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, dict, bytes, float]] = {}
        self.requests: list[tuple[str, dict]] = []

    def serve(self, path, body=b"", status=200, headers=None, delay=0.0):
        self.routes[path] = (status, headers or {}, body, delay)


@pytest.fixture
def site():
    state = Site()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            state.requests.append((self.path, dict(self.headers)))
            status, headers, body, delay = state.routes.get(self.path, (404, {}, b"nope", 0))
            time.sleep(delay)
            etag = headers.get("ETag")
            if etag and self.headers.get("If-None-Match") == etag:
                status, body = 304, b""
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            # the reader may stop at its cap, which is what it should do
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield state
    server.shutdown()


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
    # the second poll sends the ETag back and gets a 304
    second = runner.invoke(app, ["feeds", "poll"])
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
