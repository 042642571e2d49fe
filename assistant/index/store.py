"""The index store: one Chroma database (chroma.py), and a part for each job done with it.

- `meta`: the store-wide sync state and journal (meta.py);
- `files`: the state of every indexed file, cached locally (file_states.py);
- `embeddings`: vectors already stored, found by text (embedding_cache.py);
- `reader`: articles, sentences and chunks for retrieval and citation (reader.py);
- `writer`: adding articles and removing files (writer.py).

Only modules of `assistant.index` touch `collections`, the raw Chroma collections.
"""

from __future__ import annotations

from pathlib import Path

import chromadb

from assistant.errors import StoreError
from assistant.index.chroma import Collections, connect
from assistant.index.embedding_cache import EmbeddingCache
from assistant.index.file_states import FileStates
from assistant.index.meta import SyncMeta
from assistant.index.reader import Reader
from assistant.index.writer import Writer


class Store:
    """The store in `path`, or on the Chroma server at `url` (then `path` only holds local
    caches such as the BM25 index and the file states)."""

    def __init__(
        self, path: Path, client: chromadb.ClientAPI | None = None, url: str | None = None
    ) -> None:
        self.path = Path(path)
        self.location = url or str(self.path)
        try:
            self.collections = Collections(client or connect(self.path, url))
        except Exception as exc:
            raise StoreError(f"cannot open the index store at {self.location}: {exc}") from None
        self.meta = SyncMeta(self.collections)
        self.files = FileStates(self.collections, self.meta, self.path / "file-states.json")
        self.embeddings = EmbeddingCache(self.collections)
        self.reader = Reader(self.collections)
        self.writer = Writer(self.collections, self.files)
