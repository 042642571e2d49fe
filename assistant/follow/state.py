"""What the assistant remembers of each followed feed between polls (`feeds-state.json` in the
store: ETag, Last-Modified, when it is due, its last error), and the list of followed feeds
with it, as `feeds list` and the page's Feeds tab show them."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from assistant import atomic
from assistant.follow import subscriptions

STATE_FILE = "feeds-state.json"


@dataclass(frozen=True)
class FeedState:
    """What the assistant remembers of one feed between polls."""

    etag: str = ""
    last_modified: str = ""
    last_poll: str = ""
    """ISO time of the last attempt, or ""."""
    next_poll: str = ""
    """ISO time it is due again, or "" (due now)."""
    not_before: str = ""
    """ISO time before which the server asked not to come back (Retry-After), or ""."""
    failures: int = 0
    """Failed polls in a row."""
    last_error: str = ""
    entries: int = 0
    """Entry files written for it so far."""


@dataclass(frozen=True)
class Followed:
    """One followed feed as a person asks after it."""

    subscription: subscriptions.Subscription
    state: FeedState | None
    """None until it is first polled."""


def load_state(store: Path) -> dict[str, FeedState]:
    path = store / STATE_FILE
    if not path.is_file():
        return {}
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return {url: FeedState(**fields) for url, fields in raw.items()}
    except (ValueError, TypeError):
        return {}  # a damaged state only costs unconditional fetches


def save_state(store: Path, state: dict[str, FeedState]) -> None:
    text = json.dumps({u: asdict(s) for u, s in state.items()}, indent=1)
    atomic.write_text(store / STATE_FILE, text)


def followed(corpus: Path, store: Path) -> list[Followed]:
    """The corpus's subscriptions, in the file's order, each with what its polls left."""
    state = load_state(store)
    return [Followed(sub, state.get(sub.url)) for sub in subscriptions.read(corpus)]


def version(corpus: Path, store: Path) -> tuple[int, int]:
    """Changes when a subscription or a feed's state does (what a page checks before reading)."""
    paths = (corpus / subscriptions.FILE, store / STATE_FILE)
    return tuple(p.stat().st_mtime_ns if p.is_file() else 0 for p in paths)  # type: ignore[return-value]
