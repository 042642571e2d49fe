"""What the store keeps per article and per chunk, as typed records: the one module that names
the keys of their Chroma metadata, writes them and reads them back (chroma.py says what each
collection is for).

An article record's metadata holds its facts (`ArticleRecord`), the state of its file
(file_states.py's `FileState`), its wire-copy mark (`Mark`, set by copy_marks.py), and the
bulk packed by packing.py: its text (`t0`, `t1`…), sentence spans (`spans`) and readings
(`r0`, `r1`…), and its MinHash signature (`minhash`, read only by copy_marks.py, as a
`GroupingRecord`). A chunk record's holds `ChunkRecord`, with its sentences' hashes and vectors
packed (`hashes`, `v0`…).
The format on disk is the index format of meta.py; changing a key here changes it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from assistant.index.chroma import text_hash
from assistant.index.copies import signature
from assistant.index.file_states import FileState
from assistant.index.packing import (
    HASH_CHARS,
    VECTOR_FIELD,
    pack_hashes,
    pack_ranges,
    pack_readings,
    pack_spans,
    pack_text,
    pack_vectors,
    unpack_vectors,
)
from assistant.types import Article, ArticleInfo, Chunk, Sentence, facts_of, iso, parse_iso


def date_number(day: dt.date | None) -> int:
    """A date as the store filters on it: 20250819 for 19 August 2025, 0 when unknown (so date
    filters exclude it)."""
    return day.year * 10000 + day.month * 100 + day.day if day else 0


@dataclass(frozen=True)
class Mark:
    """What an article's records (its article record and its chunks) say about its wire-copy
    group (copy_marks.py)."""

    copy_of: str = ""
    """The representative's article id; "" for an article that is no copy."""
    rep_date: int = 0
    """The representative's date as a number (`date_number`)."""
    rep_source: str = ""
    """The representative's outlet."""

    @classmethod
    def from_metadata(cls, meta: dict) -> Mark:
        return cls(
            meta.get("copy_of", ""), meta.get("copy_rep_date", 0), meta.get("copy_rep_source", "")
        )

    def metadata(self) -> dict:
        # `copy` too: a where on `copy_of != ""` would also match records that lack the key
        return {
            "copy": bool(self.copy_of),
            "copy_of": self.copy_of,
            "copy_rep_date": self.rep_date,
            "copy_rep_source": self.rep_source,
        }


@dataclass(frozen=True)
class GroupingRecord:
    """What wire-copy grouping reads of an article record (copy_marks.py): not its text, only
    its signature, date, outlet, chunk count and mark; saved beside the store per generation in
    the record's own keys (`metadata`)."""

    path: str
    date: dt.date | None
    source: str
    minhash: str
    """Its body's MinHash signature (copies.py); "" for none."""
    chunks: int
    mark: Mark = Mark()

    @classmethod
    def from_metadata(cls, meta: dict) -> GroupingRecord:
        """From an article record's metadata, or from what `metadata` saved."""
        return cls(
            meta["path"],
            parse_iso(meta["date"]),
            meta["source"],
            meta.get("minhash", ""),
            meta["chunks"],
            Mark.from_metadata(meta),
        )

    @classmethod
    def of_article(cls, meta: dict) -> GroupingRecord | None:
        """What grouping reads of an article record; None for a file with the bytes of another
        (it is that article, and groups with it)."""
        return None if meta.get("duplicate_of") else cls.from_metadata(meta)

    def metadata(self) -> dict:
        return {
            "path": self.path,
            "date": iso(self.date),
            "source": self.source,
            "minhash": self.minhash,
            "chunks": self.chunks,
            **self.mark.metadata(),
        }


@dataclass(frozen=True)
class ArticleRecord:
    """An article record's facts, less its packed bulk: what display, citation, sync and checks
    read of it."""

    info: ArticleInfo
    """Its facts and counts (`also_in` and `copies` are grouped later: reader.py)."""
    ranges: str
    """Its chunks' sentence ranges, packed (packing.pack_ranges)."""
    file: FileState
    """The file it came from, as it was when indexed."""

    @property
    def id(self) -> str:
        return self.info.id

    @classmethod
    def of(
        cls,
        article: Article,
        sentences: Sequence[Sentence],
        chunks: Sequence[Chunk],
        state: FileState,
    ) -> ArticleRecord:
        """The record an article gets when it is indexed (not yet marked as a wire copy)."""
        info = ArticleInfo(
            **facts_of(article),
            sentences=len(sentences),
            chunks=len(chunks),
            duplicate_of=state.duplicate_of,
        )
        return cls(info, pack_ranges(chunks), state)

    def metadata(self) -> dict:
        """Its metadata, less the packed bulk (`article_metadata` adds it) and the copy mark
        (copy_marks.py sets it)."""
        a = self.info
        return {
            "path": a.path,
            "title": a.title,
            "content_hash": a.content_hash,
            "date": iso(a.date),
            "date_number": date_number(a.date),
            "date_from": a.date_from,
            "date_note": a.date_note,
            "source": a.source,
            "place": a.place,
            "url": a.url,
            "authors": json.dumps(list(a.authors)),
            "editors": json.dumps(list(a.editors)),
            "format": a.format,
            "sentences": a.sentences,
            "chunks": a.chunks,
            "chunk_ranges": self.ranges,
            # the flag too: a where on `duplicate_of != ""` would also match older records
            # that lack the key
            "duplicate": bool(self.file.duplicate_of),
            **self.file.to_metadata(),
        }

    @classmethod
    def from_metadata(cls, article_id: str, meta: dict) -> ArticleRecord:
        """The record of this metadata (keys an older format lacks read as empty)."""
        mark = Mark.from_metadata(meta)
        info = ArticleInfo(
            id=article_id,
            path=meta["path"],
            title=meta["title"],
            content_hash=meta["content_hash"],
            date=parse_iso(meta["date"]),
            date_from=meta.get("date_from", ""),
            date_note=meta.get("date_note", ""),
            source=meta["source"],
            place=meta["place"],
            url=meta["url"],
            authors=tuple(json.loads(meta["authors"])),
            editors=tuple(json.loads(meta["editors"])),
            format=meta.get("format", "txt"),
            sentences=meta["sentences"],
            chunks=meta["chunks"],
            duplicate_of=meta.get("duplicate_of", ""),
            copy_of=mark.copy_of,
        )
        return cls(info, meta["chunk_ranges"], FileState.from_metadata(meta))


def article_metadata(
    article: Article, sentences: Sequence[Sentence], chunks: Sequence[Chunk], state: FileState
) -> dict:
    """The whole metadata of an article's record, as the writer stores it: its record's, its
    text, sentence spans and readings packed, and its MinHash signature."""
    return {
        **ArticleRecord.of(article, sentences, chunks, state).metadata(),
        "spans": pack_spans(sentences),
        **pack_readings(sentences),
        # read back by every sync that changes something, to group wire copies without
        # parsing any article again (copy_marks.py marks them)
        "minhash": "" if state.duplicate_of else signature(article),
        **pack_text(article.text),
    }


@dataclass(frozen=True)
class ChunkRecord:
    """A chunk record's metadata: where its sentences are, the article facts filters test, and
    the hashes and vectors of the sentences it carries (packing.py: each sentence's vector rides
    on the first chunk holding it)."""

    id: str
    article_id: str
    path: str
    index: int
    first: int
    last: int
    date: int
    """Its article's date as a number (`date_number`; 0 when unknown)."""
    source: str
    authors: tuple[str, ...]
    text_hash: str
    """The hash of the text embedded as its vector (embedding_cache.py finds vectors by it)."""
    hashes: str
    """The first HASH_CHARS of each carried sentence's text hash, run together."""
    mark: Mark = Mark()
    vectors: dict[str, str] = field(default_factory=dict, repr=False)
    """The carried sentences' vectors, packed (`v0`, `v1`…)."""

    @classmethod
    def from_metadata(cls, cid: str, meta: dict) -> ChunkRecord:
        """The record of chunk `cid` from its metadata (no `authors` key: no byline)."""
        return cls(
            id=cid,
            article_id=meta["article_id"],
            path=meta["path"],
            index=meta["index"],
            first=meta["first"],
            last=meta["last"],
            date=meta["date"],
            source=meta["source"],
            authors=tuple(meta.get("authors", ())),
            text_hash=meta["h"],
            hashes=meta["hashes"],
            mark=Mark.from_metadata(meta),
            vectors={k: v for k, v in meta.items() if VECTOR_FIELD.fullmatch(k)},
        )

    @property
    def owned(self) -> range:
        """The sentences whose vectors and hashes it carries: its last ones."""
        n = len(self.hashes) // HASH_CHARS
        return range(self.last - n + 1, self.last + 1)

    def held_hashes(self) -> list[str]:
        """The carried sentences' hash prefixes, in the order of `owned`."""
        return [self.hashes[i : i + HASH_CHARS] for i in range(0, len(self.hashes), HASH_CHARS)]

    def held_vectors(self) -> np.ndarray:
        """The carried sentences' vectors, in the order of `owned`."""
        return unpack_vectors(self.vectors, len(self.owned))


def chunk_metadata(
    article: Article,
    sentences: Sequence[Sentence],
    c: Chunk,
    own: int,
    vectors: dict[str, np.ndarray],
) -> dict:
    """A chunk record's metadata, carrying the vectors of its sentences from `own` on (the ones
    before ride on an earlier chunk). `vectors` maps text_hash(text) to its embedding."""
    held = sentences[own : c.last + 1]
    meta = {
        "article_id": c.article_id,
        "path": article.path,
        "index": c.index,
        "first": c.first,
        "last": c.last,
        "date": date_number(article.date),
        "source": article.source,
        "h": text_hash(c.indexed_text),
        "hashes": pack_hashes(held),
    }
    if held:
        meta |= pack_vectors(np.stack([vectors[text_hash(s.text)] for s in held]))
    if article.authors:  # an empty list is refused by Chroma; no key matches no author filter
        meta["authors"] = list(article.authors)
    return meta
