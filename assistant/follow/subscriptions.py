"""The feeds a corpus follows: one line each in `.feeds` inside the corpus folder, so that a copied
folder keeps them, and a person can read and edit them:

    https://example.org/rss.xml every=30
    https://example.net/feed full-text
    # a comment

Each line is a URL (http or https), then optionally `every=MINUTES` (default 60) and
`full-text` (fetch each new entry's linked page for its whole text, when the feed carries only
a summary). A bad line is an error naming the file, the line and what to write instead.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from assistant import atomic
from assistant.errors import AssistantError

FILE = ".feeds"
"""The subscriptions file in the corpus folder (a dot file: never indexed as an article)."""
EVERY = 60
"""Minutes between polls of a feed unless its line says otherwise."""
MIN_EVERY = 5
"""No feed is polled more often: feed servers ask readers to be gentle."""
FULL_TEXT = " full-text"


@dataclass(frozen=True)
class Subscription:
    """One followed feed."""

    url: str
    every: int = EVERY
    """Minutes between polls."""
    full_text: bool = False
    """Whether each new entry's text is taken from its linked page (see `fulltext.py`)."""

    def line(self) -> str:
        every = f" every={self.every}" if self.every != EVERY else ""
        return f"{self.url}{every}{FULL_TEXT if self.full_text else ''}"


def check_url(url: str, where: str = "") -> str:
    """The URL if it is an http(s) URL with a host, else an error naming it."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        prefix = f"{where}: " if where else ""
        raise AssistantError(f"{prefix}{url!r} is not an http(s) URL of a feed")
    return url


def _parse(line: str, where: str) -> Subscription:
    url, *options = line.split()
    sub = Subscription(check_url(url, where))
    for option in options:
        name, _, value = option.partition("=")
        if name == "every" and value.isdigit() and int(value) >= MIN_EVERY:
            sub = replace(sub, every=int(value))
        elif option == FULL_TEXT.strip():
            sub = replace(sub, full_text=True)
        else:
            raise AssistantError(
                f"{where}: unknown option {option!r}; write `every=MINUTES` (at least {MIN_EVERY})"
                f" or `{FULL_TEXT.strip()}`"
            )
    return sub


def read(corpus: Path) -> list[Subscription]:
    """The corpus's subscriptions, in the file's order ([] when it has none)."""
    path = corpus / FILE
    if not path.is_file():
        return []
    subs: list[Subscription] = []
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = "" if raw.lstrip().startswith("#") else raw.strip()  # a URL may hold a "#"
        if not line:
            continue
        sub = _parse(line, f"{path}:{n}")
        if any(s.url == sub.url for s in subs):
            raise AssistantError(f"{path}:{n}: {sub.url} is already followed on an earlier line")
        subs.append(sub)
    return subs


def write(corpus: Path, subs: list[Subscription]) -> None:
    """Replace the subscriptions file in one step (a reader never sees half of it)."""
    atomic.write_text(corpus / FILE, "".join(f"{s.line()}\n" for s in subs))


def add(corpus: Path, sub: Subscription) -> None:
    """Follow a feed (its line replaced when it is followed already)."""
    check_url(sub.url)
    subs = [s for s in read(corpus) if s.url != sub.url]
    write(corpus, [*subs, sub])


def remove(corpus: Path, url: str) -> None:
    """Stop following a feed; its articles already written stay in the folder."""
    subs = read(corpus)
    if not any(s.url == url for s in subs):
        raise AssistantError(f"{url} is not followed (see `assistant feeds list`)")
    write(corpus, [s for s in subs if s.url != url])
