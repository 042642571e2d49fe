"""The corpus tab's view of the index: one page of the article table at a time, searched on
the server, and read from the store once per change.

An open page polls every few seconds. Re-reading every article record on each tick (twice: the
table and the file list) and shipping every row to the browser kept a core busy at 10,000
articles with one idle tab; now a tick costs one read of the store's metadata, and a change of
generation (a sync that changed something) one read of the article records.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from assistant.index.snapshot import Snapshot
from assistant.index.speakers import quoted_in
from assistant.index.store import Store
from assistant.types import ArticleInfo, Sentence, iso

PAGE_ROWS = 50
"""Rows sent to the browser at a time."""


@dataclass(frozen=True)
class CatalogPage:
    """One page of the article table, for a search."""

    rows: tuple[tuple, ...]
    """(headline, outlet, date, sentences, speakers, file) per article, by file name."""
    files: tuple[str, ...]
    """The files of these rows: the delete box offers them."""
    page: int
    """1-based, clamped to the pages there are."""
    pages: int
    matching: int
    """Articles the search matches (all of them without a search)."""
    total: int


SPEAKERS_SHOWN = 3
"""Speakers listed per article, most quoted first (the rest counted)."""


def row(a: ArticleInfo, sentences: list[Sentence]) -> tuple:
    """An article's row of the catalog table: headline, outlet, date, sentences, its most
    quoted speakers and its id (with the file it has the same text as)."""
    quoted = quoted_in(sentences).most_common()
    speakers = "; ".join(f"{name} ({n})" for name, n in quoted[:SPEAKERS_SHOWN])
    if len(quoted) > SPEAKERS_SHOWN:
        speakers += f"; {len(quoted) - SPEAKERS_SHOWN} more"
    return (
        a.title,
        a.source,
        iso(a.date),
        a.sentences,
        speakers,
        a.id + (f" (same text as {a.duplicate_of})" if a.duplicate_of else ""),
    )


class Catalog:
    """`Catalog(store)`: `version()` says whether anything changed; `page(search, n)` reads."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()  # the page's timer and its buttons run on several threads
        self._cached: tuple[Snapshot | None, tuple[ArticleInfo, ...]] = (None, ())

    def version(self) -> str:
        """Changes whenever the table or the status line would: a new generation of the index,
        or another sync (which updates "last sync" even when nothing changed)."""
        meta = self.store.meta.read()
        return f"{meta.get('generation', '')}@{meta.get('last_sync', '')}"

    def articles(self, snapshot: Snapshot | None = None) -> tuple[ArticleInfo, ...]:
        """Every article record, by file name: the published generation's snapshot (read
        from the store once per generation, index/snapshot.py), sorted once."""
        snapshot = snapshot or self.store.snapshots.current()
        with self._lock:
            if self._cached[0] is not snapshot:
                infos = sorted(snapshot.infos.values(), key=lambda a: a.id)
                self._cached = (snapshot, tuple(infos))
            return self._cached[1]

    def page(self, search: str = "", number: int = 1) -> CatalogPage:
        """The `number`th page of the articles whose headline, outlet, date or file name holds
        every word of `search` (case-insensitive)."""
        snapshot = self.store.snapshots.current()
        articles = self.articles(snapshot)
        words = search.lower().split()
        matching = [
            a
            for a in articles
            if all(w in f"{a.title} {a.source} {iso(a.date)} {a.id}".lower() for w in words)
        ]
        pages = max(1, -(-len(matching) // PAGE_ROWS))
        number = min(max(1, int(number)), pages)
        shown = matching[(number - 1) * PAGE_ROWS : number * PAGE_ROWS]
        sentences = {r.article_id: r.sentences for r in snapshot.each(a.id for a in shown)}
        return CatalogPage(
            rows=tuple(row(a, sentences.get(a.id, [])) for a in shown),
            files=tuple(dict.fromkeys(a.path for a in shown)),
            page=number,
            pages=pages,
            matching=len(matching),
            total=len(articles),
        )
