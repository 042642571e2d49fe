"""The index store: one Chroma database (chroma.py), and a part for each job done with it.

- `meta`: the store-wide sync state and journal (meta.py);
- `files`: the state of every indexed file, cached locally (file_states.py);
- `embeddings`: vectors already stored, found by text (embedding_cache.py);
- `reader`: articles, sentences and chunks for retrieval and citation (reader.py);
- `snapshots`: the published generation's article facts, its records on demand (snapshot.py);
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
from assistant.index.reader import CACHE_ARTICLES, Reader
from assistant.index.snapshot import Snapshots
from assistant.index.writer import Writer

INGEST_FIRST = "run `assistant ingest` with the corpus (the writer) against it first"


class Store:
    """The store in `path`, or on the Chroma server at `url` (then `path` only holds local
    caches such as the BM25 index and the file states). `read_only` opens an index that must
    exist already (a serving replica's; it never calls `writer`). `cache_articles` article
    records are kept in memory (records.py)."""

    def __init__(
        self,
        path: Path,
        client: chromadb.ClientAPI | None = None,
        url: str | None = None,
        read_only: bool = False,
        cache_articles: int = CACHE_ARTICLES,
    ) -> None:
        self.path = Path(path)
        self.location = url or str(self.path)
        if read_only and client is None and not url and not (self.path / "chroma").is_dir():
            raise StoreError(f"no index at {self.location} to serve read-only: {INGEST_FIRST}")
        try:
            self.collections = Collections(client or connect(self.path, url), read_only)
        except chromadb.errors.NotFoundError:
            raise StoreError(
                f"no index at {self.location} to serve read-only: {INGEST_FIRST}"
            ) from None
        except Exception as exc:
            raise StoreError(f"cannot open the index store at {self.location}: {exc}") from None
        self.meta = SyncMeta(self.collections)
        self.files = FileStates(self.collections, self.meta, self.path / "file-states.json")
        self.embeddings = EmbeddingCache(self.collections)
        self.reader = Reader(self.collections, cache_articles, self.path)
        self.snapshots = Snapshots(
            self.reader.snapshot, self.meta, self.reader.saved, self.reader.save
        )
        self.writer = Writer(self.collections, self.files)
