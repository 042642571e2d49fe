"""The Chroma store: articles, their citable sentences and their chunks, with embeddings.

Three collections share one Chroma client (embedded `PersistentClient` on disk, or `HttpClient`
of a Chroma server with `store.chroma_url`):

- `articles`: one record per article; the document is the article text the offsets index, the
  metadata its headline, outlet, date, credits and the file's size, mtime and hash for sync.
  A file with the same bytes as an indexed one gets records here only, marked `duplicate_of`
  that file's path, with no sentences or chunks: the text is indexed once.
- `sentences`: one record per citable sentence with its offsets; its embedding scores sentences
  against a question at query time without re-embedding anything.
- `chunks`: overlapping runs of sentences, the unit of dense search (and of BM25, see bm25.py).

An article's sentences and chunks are written before its `articles` record, and the paths being
changed are journaled first, so a sync killed half-way leaves records the next sync removes.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

import chromadb
import numpy as np

from assistant.errors import StoreError
from assistant.types import Article, ArticleInfo, Chunk, Sentence

COLLECTIONS = ("articles", "sentences", "chunks")
FILE_STATE = ("file_size", "file_mtime_ns", "file_sha")
PAGE = 5000


def text_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def date_number(date: str) -> int:
    """20250819 for "2025-08-19"; 0 for an unknown date (so date filters exclude it)."""
    digits = date.replace("-", "")
    return int(digits) if digits.isdigit() else 0


def info_from_metadata(article_id: str, meta: dict) -> ArticleInfo:
    return ArticleInfo(
        id=article_id,
        path=meta["path"],
        title=meta["title"],
        date=meta["date"],
        source=meta["source"],
        place=meta["place"],
        url=meta["url"],
        authors=tuple(json.loads(meta["authors"])),
        editors=tuple(json.loads(meta["editors"])),
        sentences=meta["sentences"],
        chunks=meta["chunks"],
        content_hash=meta["content_hash"],
        duplicate_of=meta.get("duplicate_of", ""),
    )


def group_copies(pairs: Iterable[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    """{original: (copies…)} from (original or "", copy) pairs."""
    out: dict[str, set[str]] = {}
    for original, copy in pairs:
        if original:
            out.setdefault(original, set()).add(copy)
    return {path: tuple(sorted(copies)) for path, copies in out.items()}


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


class Store:
    """Typed access to the three collections of one Chroma database."""

    def __init__(
        self, path: Path, client: chromadb.ClientAPI | None = None, url: str | None = None
    ) -> None:
        """The store in `path`, or on the Chroma server at `url` (then `path` only holds local
        caches such as the BM25 index)."""
        self.path = Path(path)
        self.location = url or str(self.path)
        try:
            self.client = client or connect(self.path, url)
            self._open()
        except StoreError:
            raise
        except Exception as exc:
            raise StoreError(f"cannot open the index store at {self.location}: {exc}") from None

    def _open(self) -> None:
        def get(name: str):
            return self.client.get_or_create_collection(
                name, configuration={"hnsw": {"space": "cosine"}}, embedding_function=None
            )

        self.articles, self.sentences, self.chunks = (get(n) for n in COLLECTIONS)
        self.batch = self.client.get_max_batch_size()

    def reset(self) -> None:
        """Drop everything (when the embedding model changes, or Chroma's files are damaged)."""
        for name in COLLECTIONS:
            with contextlib.suppress(Exception):  # not there yet
                self.client.delete_collection(name)
        self._open()

    # -- store-wide state, kept in Chroma so that a Chroma server holds all of it --------------

    def meta(self) -> dict:
        """Sync state: embedding model, generation, last sync, paths of an unfinished sync."""
        return dict(self.client.get_collection("articles").metadata or {})

    def set_meta(self, **values) -> None:
        self.articles.modify(metadata={**self.meta(), **values})

    # -- writing -------------------------------------------------------------------------------

    def _add(self, collection, ids, embeddings, documents, metadatas) -> None:
        for i in range(0, len(ids), self.batch):
            j = i + self.batch
            collection.upsert(
                ids=ids[i:j],
                embeddings=embeddings[i:j],
                documents=documents[i:j],
                metadatas=metadatas[i:j],
            )

    def add_article(
        self,
        article: Article,
        sentences: Sequence[Sentence],
        chunks: Sequence[Chunk],
        vectors: dict[str, np.ndarray],
        file_state: dict,
    ) -> None:
        """Write one article; `vectors` maps text_hash(text) to its embedding."""
        self.add_articles([(article, sentences, chunks, file_state)], vectors)

    def add_articles(
        self,
        items: Sequence[tuple[Article, Sequence[Sentence], Sequence[Chunk], dict]],
        vectors: dict[str, np.ndarray],
    ) -> None:
        """Write articles with their sentences, chunks and file states, in one upsert per
        collection and batch (each Chroma write has a fixed cost); all sentences and chunks go
        before any article record."""
        self._states_change()
        sentence_rows, chunk_rows, article_rows = [], [], []
        for article, sentences, chunks, file_state in items:
            sentence_rows += [
                (
                    s.id,
                    vectors[text_hash(s.text)],
                    s.text,
                    {
                        "article_id": s.article_id,
                        "path": article.path,
                        "index": s.index,
                        "start": s.start,
                        "end": s.end,
                        "paragraph": s.paragraph,
                        "h": text_hash(s.text),
                    },
                )
                for s in sentences
            ]
            chunk_rows += [
                (
                    c.id,
                    vectors[text_hash(c.indexed_text)],
                    c.indexed_text,
                    {
                        "article_id": c.article_id,
                        "path": article.path,
                        "index": c.index,
                        "first": c.first,
                        "last": c.last,
                        "date": date_number(article.date),
                        "source": article.source,
                        "h": text_hash(c.indexed_text),
                    },
                )
                for c in chunks
            ]
            meta = {
                "path": article.path,
                "title": article.title,
                "date": article.date,
                "date_number": date_number(article.date),
                "source": article.source,
                "place": article.place,
                "url": article.url,
                "format": article.format,
                "authors": json.dumps(list(article.authors)),
                "editors": json.dumps(list(article.editors)),
                "sentences": len(sentences),
                "chunks": len(chunks),
                "content_hash": article.content_hash,
                "h": text_hash(article.title),
                # the flag too: a where on `duplicate_of != ""` would also match older records
                # that lack the key
                "duplicate": bool(file_state.get("duplicate_of")),
                "duplicate_of": "",
                **file_state,
            }
            article_rows.append((article.id, vectors[text_hash(article.title)], article.text, meta))
        for collection, rows in (
            (self.sentences, sentence_rows),
            (self.chunks, chunk_rows),
            (self.articles, article_rows),
        ):
            if rows:
                self._add(collection, *(list(column) for column in zip(*rows)))

    def remove_paths(self, paths: Iterable[str]) -> None:
        """Delete every record that came from these files (article records first)."""
        paths = list(paths)
        if paths:
            self._states_change()
        for i in range(0, len(paths), 100):
            where = {"path": {"$in": paths[i : i + 100]}}
            for collection in (self.articles, self.sentences, self.chunks):
                collection.delete(where=where)

    # -- reading -------------------------------------------------------------------------------

    def known_vectors(self, hashes: Iterable[str], chunks: bool = True) -> dict[str, np.ndarray]:
        """Embeddings already stored for these text hashes: unchanged text is never re-embedded.
        `chunks=False` skips chunk vectors (derived ones match no text)."""
        wanted = list(set(hashes))
        found: dict[str, np.ndarray] = {}
        for collection in (self.articles, self.sentences, *([self.chunks] if chunks else [])):
            for i in range(0, len(wanted), 500):
                batch = [h for h in wanted[i : i + 500] if h not in found]
                if not batch:
                    continue
                got = collection.get(
                    where={"h": {"$in": batch}}, include=["embeddings", "metadatas"]
                )
                for meta, vec in zip(got["metadatas"], got["embeddings"]):
                    found[meta["h"]] = np.asarray(vec, dtype=np.float32)
        return found

    def file_states(self) -> dict[str, dict]:
        """path -> the file state (size, mtime_ns, sha256) recorded when it was indexed.

        Reading every article record costs about 0.2 s per 1,000 articles, on each sync; so the
        states are also cached in a local file, valid while the store's `states` token (renewed
        before any write that changes them, by any client) is the one it was made for."""
        token = self.meta().get("states", "")
        cache = self.path / "file-states.json"
        try:
            saved = json.loads(cache.read_text(encoding="utf-8"))
            if token and saved["token"] == token:
                return saved["states"]
        except (OSError, ValueError, KeyError):
            pass
        got = self.articles.get(include=["metadatas"])
        states = {
            m["path"]: {k: m.get(k, "") for k in (*FILE_STATE, "duplicate_of")}
            for m in got["metadatas"]
        }
        if token:
            self.path.mkdir(parents=True, exist_ok=True)
            tmp = cache.with_suffix(".tmp")
            tmp.write_text(json.dumps({"token": token, "states": states}), encoding="utf-8")
            os.replace(tmp, cache)
        return states

    def _states_change(self) -> None:
        self.set_meta(states=uuid.uuid4().hex)

    def update_file_state(self, path: str, file_state: dict) -> None:
        self._states_change()
        got = self.articles.get(where={"path": path}, include=[])
        if got["ids"]:
            self.articles.update(ids=got["ids"], metadatas=[file_state] * len(got["ids"]))

    def article_infos(self, ids: Iterable[str] | None = None) -> dict[str, ArticleInfo]:
        """The articles with these ids (all when None), each with the paths of its duplicates."""
        got = self.articles.get(ids=list(ids) if ids is not None else None, include=["metadatas"])
        infos = {i: info_from_metadata(i, m) for i, m in zip(got["ids"], got["metadatas"])}
        if ids is None:  # the duplicates are among them
            copies = group_copies((a.duplicate_of, a.path) for a in infos.values())
        else:
            copies = self.duplicates({a.path for a in infos.values() if not a.duplicate_of})
        return {i: replace(a, also_in=copies.get(a.path, ())) for i, a in infos.items()}

    def duplicates(self, paths: Iterable[str]) -> dict[str, tuple[str, ...]]:
        """path -> the other files with its bytes, indexed once under it."""
        paths = list(paths)
        pairs = []
        for i in range(0, len(paths), 500):
            got = self.articles.get(
                where={"duplicate_of": {"$in": paths[i : i + 500]}}, include=["metadatas"]
            )
            pairs += [(m["duplicate_of"], m["path"]) for m in got["metadatas"]]
        return group_copies(pairs)

    def article_text(self, article_id: str) -> str:
        got = self.articles.get(ids=[article_id], include=["documents"])
        if not got["ids"]:
            raise StoreError(f"article {article_id!r} is not in the index")
        return got["documents"][0]

    def get_sentences(self, ids: Sequence[str]) -> tuple[list[Sentence], np.ndarray]:
        """Sentences (in the order of ids, missing ones left out) and their embeddings."""
        if not ids:
            return [], np.zeros((0, 0), dtype=np.float32)
        got = self.sentences.get(ids=list(ids), include=["documents", "metadatas", "embeddings"])
        order = {sid: n for n, sid in enumerate(got["ids"])}
        rows = [order[i] for i in ids if i in order]
        sentences = [
            Sentence(
                article_id=got["metadatas"][r]["article_id"],
                index=got["metadatas"][r]["index"],
                start=got["metadatas"][r]["start"],
                end=got["metadatas"][r]["end"],
                text=got["documents"][r],
                paragraph=got["metadatas"][r]["paragraph"],
            )
            for r in rows
        ]
        return sentences, np.asarray(got["embeddings"], dtype=np.float32)[rows]

    def all_chunks(self) -> tuple[list[str], list[str], list[str]]:
        """(ids, files, indexed texts) of every chunk, for building the BM25 index."""
        ids, paths, texts = [], [], []
        # In pages: one get of 68,000 chunks' metadata overflows SQLite's variable limit.
        for offset in range(0, self.chunks.count(), PAGE):
            got = self.chunks.get(include=["documents", "metadatas"], limit=PAGE, offset=offset)
            ids += got["ids"]
            paths += [m["path"] for m in got["metadatas"]]
            texts += got["documents"]
        return ids, paths, texts

    def chunk_ids(self) -> list[str]:
        return self.chunks.get(include=[])["ids"]

    def search_chunks(
        self, vector: np.ndarray, n: int, where: dict | None = None
    ) -> list[tuple[str, dict, float]]:
        """(chunk id, metadata, cosine similarity) of the n nearest chunks."""
        # No count() first: it costs ~6 ms at 68,000 chunks, and Chroma caps n_results itself.
        got = self.chunks.query(
            query_embeddings=[vector.tolist()],
            n_results=n,
            where=where,
            include=["metadatas", "distances"],
        )
        return [
            (cid, meta, 1.0 - dist)
            for cid, meta, dist in zip(got["ids"][0], got["metadatas"][0], got["distances"][0])
        ]

    def chunk_vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        """The stored vectors of these chunks (ids not in the store are left out)."""
        got = self.chunks.get(ids=list(ids), include=["embeddings"])
        return {
            cid: np.asarray(vec, dtype=np.float32)
            for cid, vec in zip(got["ids"], got["embeddings"])
        }

    def chunk_metadata(self, ids: Sequence[str]) -> dict[str, dict]:
        got = self.chunks.get(ids=list(ids), include=["metadatas"])
        return dict(zip(got["ids"], got["metadatas"]))

    def counts(self) -> tuple[int, int, int]:
        """Articles (duplicates not counted), sentences, chunks."""
        copies = self.articles.get(where={"duplicate": True}, include=[])["ids"]
        return self.articles.count() - len(copies), self.sentences.count(), self.chunks.count()
