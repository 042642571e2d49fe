"""Store-wide sync state, kept in Chroma (the `articles` collection's metadata) so that a Chroma
server holds all of it: embedding model, generation, last sync, the states token (see
file_states.py) and `pending`, the journal of paths an unfinished sync was changing."""

from __future__ import annotations

from assistant.index.chroma import Collections


class SyncMeta:
    """`read()` the sync state, `update(**values)` some of its keys."""

    def __init__(self, collections: Collections) -> None:
        self.collections = collections

    def read(self) -> dict:
        # Fetched anew, not from the cached collection: another client may have changed it.
        return dict(self.collections.client.get_collection("articles").metadata or {})

    def update(self, **values) -> None:
        self.collections.articles.modify(metadata={**self.read(), **values})
