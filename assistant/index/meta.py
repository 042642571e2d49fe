"""Store-wide sync state, kept in Chroma (the `articles` collection's metadata) so that a Chroma
server holds all of it: embedding model, generation, last sync, the states token (see
file_states.py) and `pending`, the journal of paths an unfinished sync was changing.

How a sync publishes, and what a reader in another process may see meanwhile: the sync first
writes `pending` (every file whose records it will delete or write), then changes those files'
records one collection after another, and last writes `pending=[]` with a new `generation`. The
records of a file in `pending` are torn while it runs (old chunks gone, new ones without their
article, an article id whose text changed under its old chunks' sentence ranges); every other file's
records are those of the published generation. So `published()` is what a reader may use:
records of pending files are left out, and a reader that sees `published()` change across its
reads has straddled a sync and reads again (retrieval/hybrid.py).
"""

from __future__ import annotations

import json

from assistant.index.chroma import Collections
from assistant.types import Published


class SyncMeta:
    """`read()` the sync state, `update(**values)` some of its keys, `published()` the view."""

    def __init__(self, collections: Collections) -> None:
        self.collections = collections

    def read(self) -> dict:
        # Fetched anew, not from the cached collection: another client may have changed it.
        return dict(self.collections.client.get_collection("articles").metadata or {})

    def update(self, **values) -> None:
        self.collections.articles.modify(metadata={**self.read(), **values})

    def published(self) -> Published:
        """The published generation and the files a sync is changing now (one read)."""
        meta = self.read()
        return Published(
            meta.get("generation", ""),
            frozenset(json.loads(meta.get("pending") or "[]")),
            copies=bool(meta.get("copies")),
        )
