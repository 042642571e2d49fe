"""The two Chroma collections of a store, and how records are keyed in them.

One Chroma client (embedded `PersistentClient` on disk, or `HttpClient` of a Chroma server with
`store.chroma_url`) holds:

- `articles`: one record per article, no document and no real vector (a placeholder of one
  number, `placeholder`: Chroma requires a vector, and nothing searches articles by one; a
  headline's vector cost an embedding per article and an HNSW entry): its metadata holds the
  article text the offsets index (in pieces, packing.py), its headline, outlet, date, credits
  and the file's state for sync (file_states.py); `spans` lists its sentences' offsets (a
  sentence has no record of its own).
  A file with the same bytes as an indexed one gets records here only, marked `duplicate_of`
  that file's path, with no sentences or chunks: the text is indexed once. `minhash` holds the
  body's signature; a wire copy (an edited republication, copies.py) is marked `copy_of` its
  group's representative, on its article record and its chunks (copy_marks.py).
- `chunks`: overlapping runs of sentences, the unit of dense search (and of BM25, see bm25.py).
  No text (the article's, between its sentences' offsets); `v0`, `v1`… carry
  its sentences' embeddings, which score sentences against a question at query time without
  re-embedding anything.

Every chunk record carries `h`, the hash of the text it embeds, so that stored vectors are found
by text (embedding_cache.py).
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import chromadb

NAMES = ("articles", "chunks")
RETIRED = ("sentences",)
"""Collections of older index formats, dropped when a store is rebuilt."""


PAGE = 500
"""Records read at once by a pass over a whole collection: an article record holds its text, and
5,000 at a time left a serving process 550 MB larger at 10,000 articles (500: 90 MB, as quick);
one get of every record would hold them all."""


def pages(collection, where: dict | None = None) -> Iterator[tuple[str, dict]]:
    """(id, metadata) of every record of `collection` (or those matching `where`), read `PAGE`
    at a time."""
    for offset in range(0, collection.count(), PAGE):
        got = collection.get(where=where, include=["metadatas"], limit=PAGE, offset=offset)
        if not got["ids"]:
            return
        yield from zip(got["ids"], got["metadatas"])


def pages_of(collection, paths: Iterable[str]) -> Iterator[tuple[str, dict]]:
    """(id, metadata) of the records of these files, asked for 100 files at a time (a longer
    `$in` list is slow to plan), each answer read in pages."""
    listed = sorted(set(paths))
    for n in range(0, len(listed), 100):
        yield from pages(collection, {"path": {"$in": listed[n : n + 100]}})


def text_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def placeholder(article_id: str) -> list[float]:
    """An article record's vector: one number, distinct per article (`l2` space), so that
    Chroma's HNSW index of the collection is never built over equal points."""
    return [int(text_hash(article_id)[:8], 16) / 2**32]


def connect(path: Path, url: str | None) -> chromadb.ClientAPI:
    """A client of the Chroma server at url, else of an embedded database under path."""
    settings = chromadb.Settings(anonymized_telemetry=False)
    if url:
        parts = urlsplit(url)
        https = parts.scheme == "https"
        return chromadb.HttpClient(
            host=parts.hostname,
            port=parts.port or (443 if https else 80),
            ssl=https,
            settings=settings,
        )
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path / "chroma"), settings=settings)


class Collections:
    """The collections of one client; the store's parts read them through this object, so
    that after `reset()` they all use the new ones."""

    def __init__(self, client: chromadb.ClientAPI, read_only: bool = False) -> None:
        self.client = client
        self.read_only = read_only
        """Open existing collections only: a serving replica must not create an empty index."""
        self._open()

    def _open(self) -> None:
        def get(name: str):
            if self.read_only:
                return self.client.get_collection(name, embedding_function=None)
            space = "l2" if name == "articles" else "cosine"
            return self.client.get_or_create_collection(
                name, configuration={"hnsw": {"space": space}}, embedding_function=None
            )

        self.articles, self.chunks = (get(n) for n in NAMES)
        self.batch = self.client.get_max_batch_size()

    def reset(self) -> None:
        """Drop everything (when the embedding model changes, or Chroma's files are damaged)."""
        for name in (*NAMES, *RETIRED):
            with contextlib.suppress(Exception):  # not there yet
                self.client.delete_collection(name)
        self._open()
