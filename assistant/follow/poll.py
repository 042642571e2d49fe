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

Feeds are fetched a few at a time (`WORKERS`, each feed's files written by its own worker in its
own folder), so one slow server does not hold up the rest. One poll runs at a time per store
(a lock file): `feeds poll` from cron waits for the page's background poll, and the reverse.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from assistant import atomic
from assistant.errors import ArticleError
from assistant.follow import subscriptions
from assistant.follow.fetch import Fetched, FetchError, fetch
from assistant.follow.fulltext import SUMMARY, feed_text, with_full_text
from assistant.follow.state import FeedState, load_state, save_state
from assistant.ingest.feeds import entry_key, parse_feed

LOCK_FILE = "feeds.lock"
WORKERS = 4
"""Feeds fetched at once."""
FOLDER = "feeds"
"""Where fetched entries go inside the corpus folder, one sub-folder per feed."""
MAX_BACKOFF = 32


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


def feed_folder(corpus: Path, url: str) -> Path:
    return corpus / FOLDER / entry_key(url)


def _move_folder(corpus: Path, old_url: str, new_url: str) -> None:
    old, new = feed_folder(corpus, old_url), feed_folder(corpus, new_url)
    if old.is_dir() and not new.exists():
        new.parent.mkdir(parents=True, exist_ok=True)
        os.replace(old, new)


def _unchanged(old: dict | None, record: dict) -> bool:
    """Whether the feed gives an entry as it gave it when its file was written."""
    if old is None:
        return False
    as_fed = {k: v for k, v in old.items() if k != SUMMARY}
    return {**as_fed, "text": feed_text(old)} == record


def _read_record(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # none yet, or damaged by hand: written again


def _write_entries(
    corpus: Path, sub: subscriptions.Subscription, url: str, body: bytes, fetcher
) -> tuple[int, int, str]:
    """(new, updated, what went wrong all the same: the feed's warnings, pages not read) for a
    fetched feed body; raises ArticleError when it holds no feed or no entry could be read."""
    folder = feed_folder(corpus, url)
    feed = parse_feed(url, body)
    if not feed.entries:  # a broken document of which nothing could be read
        raise ArticleError(feed.warnings[0] if feed.warnings else f"{url}: no entries")
    folder.mkdir(parents=True, exist_ok=True)
    new = updated = 0
    warnings = [w.replace(f"{url}: ", "", 1) for w in feed.warnings]
    pages: list[str] = []
    for entry in feed.entries:
        path = folder / f"{entry.id.rpartition('#')[2]}.json"
        record, old = entry.record(), _read_record(path)
        if _unchanged(old, record):
            continue
        if sub.full_text:
            record, why = with_full_text(record, fetcher)
            pages += [why] if why else []
        atomic.write_text(path, json.dumps(record, ensure_ascii=False, indent=1) + "\n")
        new += old is None
        updated += old is not None
    return new, updated, _note(warnings, pages)


def _note(warnings: list[str], pages: list[str]) -> str:
    """What went wrong in a poll that wrote entries all the same ("" when nothing did)."""
    notes = warnings[:1] + [f"{len(warnings) - 1} more warnings"] * (len(warnings) > 1)
    if pages:
        notes.append(
            f"{len(pages)} linked page(s) not read, the feed's text kept (first: {pages[0]})"
        )
    return "; ".join(notes)


@contextmanager
def _one_poll_at_a_time(store: Path) -> Iterator[None]:
    store.mkdir(parents=True, exist_ok=True)
    with open(store / LOCK_FILE, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # released when the file closes
        yield


def poll(
    corpus: Path,
    store: Path,
    *,
    now: datetime | None = None,
    due_only: bool = False,
    fetcher: Callable[..., Fetched] = fetch,
    workers: int = WORKERS,
) -> PollReport:
    """Poll every subscription of `corpus` (with `due_only`, only those whose time has come)."""
    now = now or datetime.now(UTC)
    with _one_poll_at_a_time(store):
        state = load_state(store)
        subs = subscriptions.read(corpus)
        results: dict[str, FeedResult] = {}
        due = []
        for sub in subs:
            old = state.get(sub.url, FeedState())
            if old.not_before and datetime.fromisoformat(old.not_before) > now:
                why = f"its server asked to wait until {old.not_before}"
                results[sub.url] = FeedResult(sub.url, "not due", why=why, next_poll=old.next_poll)
            elif due_only and old.next_poll and datetime.fromisoformat(old.next_poll) > now:
                results[sub.url] = FeedResult(sub.url, "not due", next_poll=old.next_poll)
            else:
                due.append((sub, old))
        with ThreadPoolExecutor(max(1, workers), thread_name_prefix="feed") as pool:
            polled = pool.map(lambda so: _poll_one(corpus, *so, now, fetcher), due)
            for (sub, _), (result, new_state, moved) in zip(due, polled, strict=True):
                if moved:  # the feed moved for good: so do its line and its state
                    subscriptions.add(corpus, replace(sub, url=moved))
                    subscriptions.remove(corpus, sub.url)
                    state.pop(sub.url, None)
                    result = replace(
                        result, why=f"moved permanently to {moved}; subscription updated"
                    )
                state[moved or sub.url] = new_state
                results[sub.url] = result
        save_state(store, state)
    return PollReport([results[sub.url] for sub in subs])


def _poll_one(
    corpus: Path,
    sub: subscriptions.Subscription,
    old: FeedState,
    now: datetime,
    fetcher: Callable[..., Fetched],
) -> tuple[FeedResult, FeedState, str]:
    every = timedelta(minutes=sub.every)
    polled = replace(old, last_poll=_iso(now))

    def failed(why: str, asked: timedelta | None = None) -> tuple[FeedResult, FeedState, str]:
        failures = old.failures + 1
        backoff = every * min(2 ** (failures - 1), MAX_BACKOFF)
        due = _iso(now + max(backoff, asked or timedelta(0)))
        not_before = _iso(now + asked) if asked else ""
        st = replace(polled, failures=failures, last_error=why, next_poll=due)
        st = replace(st, not_before=not_before)
        return FeedResult(sub.url, "failed", why=why, next_poll=due), st, ""

    try:
        got = fetcher(sub.url, old.etag, old.last_modified)
    except FetchError as exc:
        return failed(str(exc))
    if got.status in (429, 503):
        why = f"HTTP {got.status}: asked to wait {got.retry_after:g} s"
        return failed(why, timedelta(seconds=got.retry_after))
    if got.moved_to:  # its entries move with it, changed or not: a second folder would duplicate
        _move_folder(corpus, sub.url, got.moved_to)
    due = _iso(now + every)
    base = replace(polled, failures=0, last_error="", next_poll=due, not_before="")
    if got.unchanged:
        return FeedResult(sub.url, "unchanged", next_poll=due), base, got.moved_to
    try:
        new, updated, why = _write_entries(corpus, sub, got.moved_to or sub.url, got.body, fetcher)
    except ArticleError as exc:
        return failed(str(exc).replace(f"{sub.url}: ", "", 1))
    st = replace(base, etag=got.etag, last_modified=got.last_modified, entries=old.entries + new)
    outcome = "new" if new or updated else "unchanged"
    return FeedResult(sub.url, outcome, new, updated, why, due), st, got.moved_to
