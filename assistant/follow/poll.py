"""One pass over a corpus's subscriptions: fetch each feed that is due, write every new or edited
entry into the corpus folder as an article file, and remember what to send next time.

The corpus folder stays the one source of truth: an entry becomes `feeds/<feed>/<entry>.json`
(the JSON layout the loader reads: title, text, date, source, url, author), named stably from
the entry's id, so a second poll never duplicates it and an edited entry rewrites its file.
Files are written to a temporary name in the same folder and renamed: a crash mid-poll leaves
only whole files. What a feed answered last (ETag, Last-Modified), when it is next due and its
last error live in the store (`feeds-state.json`), not in the corpus.

A failing feed (a 404, HTML where the feed was, a broken or hostile document, a timeout) is
reported, backed off (its interval doubled per failure in a row, up to 32 times) and retried
later; it never stops the others. A 429 or 503 is retried no sooner than its Retry-After.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from assistant import atomic
from assistant.errors import ArticleError
from assistant.follow import subscriptions
from assistant.follow.fetch import Fetched, FetchError, fetch
from assistant.ingest.feeds import entry_key, parse_feed

STATE_FILE = "feeds-state.json"
FOLDER = "feeds"
"""Where fetched entries go inside the corpus folder, one sub-folder per feed."""
MAX_BACKOFF = 32


@dataclass(frozen=True)
class FeedState:
    """What the assistant remembers of one feed between polls."""

    etag: str = ""
    last_modified: str = ""
    last_poll: str = ""
    """ISO time of the last attempt, or ""."""
    next_poll: str = ""
    """ISO time it is due again, or "" (due now)."""
    failures: int = 0
    """Failed polls in a row."""
    last_error: str = ""
    entries: int = 0
    """Entry files written for it so far."""


@dataclass(frozen=True)
class FeedResult:
    """What one poll did with one feed."""

    url: str
    outcome: str
    """"new", "unchanged", "failed" or "not due"."""
    new: int = 0
    updated: int = 0
    why: str = ""
    next_poll: str = ""


@dataclass
class PollReport:
    feeds: list[FeedResult] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"feeds": [asdict(f) for f in self.feeds]}


def _iso(when: datetime) -> str:
    return when.astimezone(UTC).isoformat(timespec="seconds")


def load_state(store: Path) -> dict[str, FeedState]:
    path = store / STATE_FILE
    if not path.is_file():
        return {}
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return {url: FeedState(**fields) for url, fields in raw.items()}
    except (ValueError, TypeError):
        return {}  # a damaged state only costs unconditional fetches


def _save_state(store: Path, state: dict[str, FeedState]) -> None:
    text = json.dumps({u: asdict(s) for u, s in state.items()}, indent=1)
    atomic.write_text(store / STATE_FILE, text)


def feed_folder(corpus: Path, url: str) -> Path:
    return corpus / FOLDER / entry_key(url)


def _move_folder(corpus: Path, old_url: str, new_url: str) -> None:
    old, new = feed_folder(corpus, old_url), feed_folder(corpus, new_url)
    if old.is_dir() and not new.exists():
        new.parent.mkdir(parents=True, exist_ok=True)
        os.replace(old, new)


def _write_entries(corpus: Path, url: str, body: bytes) -> tuple[int, int]:
    """(new, updated) entry files for a fetched feed body; raises ArticleError for no feed."""
    folder = feed_folder(corpus, url)
    feed = parse_feed(url, body)
    folder.mkdir(parents=True, exist_ok=True)
    new = updated = 0
    for entry in feed.entries:
        key = entry.id.rpartition("#")[2]
        path = folder / f"{key}.json"
        text = json.dumps(entry.record(), ensure_ascii=False, indent=1) + "\n"
        old = path.read_text(encoding="utf-8") if path.is_file() else None
        if old == text:
            continue
        atomic.write_text(path, text)
        new += old is None
        updated += old is not None
    return new, updated


def poll(
    corpus: Path,
    store: Path,
    *,
    now: datetime | None = None,
    due_only: bool = False,
    fetcher: Callable[..., Fetched] = fetch,
) -> PollReport:
    """Poll every subscription of `corpus` (with `due_only`, only those whose time has come)."""
    now = now or datetime.now(UTC)
    state = load_state(store)
    report = PollReport()
    for sub in subscriptions.read(corpus):
        old = state.get(sub.url, FeedState())
        if due_only and old.next_poll and datetime.fromisoformat(old.next_poll) > now:
            report.feeds.append(FeedResult(sub.url, "not due", next_poll=old.next_poll))
            continue
        result, new_state, moved = _poll_one(corpus, sub, old, now, fetcher)
        if moved:  # the feed moved for good: so does its line, and its state
            subscriptions.add(corpus, replace(sub, url=moved))
            subscriptions.remove(corpus, sub.url)
            state.pop(sub.url, None)
            result = replace(result, why=f"moved permanently to {moved}; subscription updated")
        state[moved or sub.url] = new_state
        report.feeds.append(result)
    _save_state(store, state)
    return report


def _poll_one(
    corpus: Path,
    sub: subscriptions.Subscription,
    old: FeedState,
    now: datetime,
    fetcher: Callable[..., Fetched],
) -> tuple[FeedResult, FeedState, str]:
    every = timedelta(minutes=sub.every)
    polled = replace(old, last_poll=_iso(now))

    def failed(why: str, wait: timedelta | None = None) -> tuple[FeedResult, FeedState, str]:
        failures = old.failures + 1
        wait = wait or every * min(2 ** (failures - 1), MAX_BACKOFF)
        due = _iso(now + wait)
        st = replace(polled, failures=failures, last_error=why, next_poll=due)
        return FeedResult(sub.url, "failed", why=why, next_poll=due), st, ""

    try:
        got = fetcher(sub.url, old.etag, old.last_modified)
    except FetchError as exc:
        return failed(str(exc))
    if got.status in (429, 503):
        wait = max(timedelta(seconds=got.retry_after), every)
        return failed(f"HTTP {got.status}: asked to wait {got.retry_after:g} s", wait)
    if got.moved_to:  # its entries move with it, changed or not: a second folder would duplicate
        _move_folder(corpus, sub.url, got.moved_to)
    due = _iso(now + every)
    base = replace(polled, failures=0, last_error="", next_poll=due)
    if got.unchanged:
        return FeedResult(sub.url, "unchanged", next_poll=due), base, got.moved_to
    try:
        new, updated = _write_entries(corpus, got.moved_to or sub.url, got.body)
    except ArticleError as exc:
        return failed(str(exc).replace(f"{sub.url}: ", "", 1))
    st = replace(base, etag=got.etag, last_modified=got.last_modified, entries=old.entries + new)
    outcome = "new" if new or updated else "unchanged"
    return FeedResult(sub.url, outcome, new, updated, next_poll=due), st, got.moved_to
