"""Every article record of one published generation, held in memory for the questions asked of it.

A question read its candidates' article records (text, offsets, credits) and made one more query
for their duplicates and wire copies: about 20 ms of a 60 ms search at 200 articles; a question
with time words or an outlet or author filter read every article record. Articles change only
when a sync publishes a new generation (index/meta.py), so they are read once per generation, in
pages, and each question of that generation takes them from memory. A sync that changed a few
files lists them with the generation it replaced (`previous_generation`, `changed`): a snapshot
of that generation then reads only those files' records (0.5 s per 1,000 articles for all of
them). The BM25 index of the generation is built from the same read (retrieval/hybrid.py).
"""

from __future__ import annotations

import json
import threading
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property

from assistant.index.meta import SyncMeta
from assistant.index.packing import owned_starts, unpack_ranges, unpack_sentences
from assistant.ingest.chunking import chunk_header
from assistant.types import (
    UNKNOWN_DATE,
    ArticleInfo,
    Chunk,
    Published,
    Sentence,
    chunk_id,
    split_chunk_id,
)


@dataclass(frozen=True)
class Passages:
    """Articles with their sentences, for a question's candidates."""

    infos: dict[str, ArticleInfo]
    sentences: dict[str, list[Sentence]]
    """Article id -> its sentences, in order (cut from its text by its record's spans)."""


@dataclass
class Snapshot:
    """The article records of one generation: credits, text, sentence offsets, chunk ranges."""

    generation: str
    infos: dict[str, ArticleInfo]
    """Article id -> what the store keeps about it, with its duplicates and wire copies."""
    texts: dict[str, str]
    metas: dict[str, dict]
    """Article id -> its record's metadata, less the text (packed sentence offsets and chunk
    ranges are unpacked on first use)."""
    _sentences: dict[str, list[Sentence]] = field(default_factory=dict, repr=False)
    _ranges: dict[str, list[tuple[int, int]]] = field(default_factory=dict, repr=False)
    _starts: dict[str, list[int]] = field(default_factory=dict, repr=False)

    @cached_property
    def newest_first(self) -> tuple[ArticleInfo, ...]:
        """The dated articles (duplicates left out), newest first: a question's "now" is the
        first that its filters allow, found without a pass over every article."""
        dated = [i for i in self.infos.values() if i.date != UNKNOWN_DATE and not i.duplicate_of]
        return tuple(sorted(dated, key=lambda i: i.date, reverse=True))

    @cached_property
    def outlets(self) -> frozenset[str]:
        return frozenset(i.source for i in self.infos.values())

    @cached_property
    def authors(self) -> frozenset[str]:
        return frozenset(a for i in self.infos.values() for a in i.authors)

    def sentences(self, article_id: str) -> list[Sentence]:
        """The article's sentences in order ([] for an id not in the snapshot)."""
        found = self._sentences.get(article_id)
        if found is None and article_id in self.texts:
            found = unpack_sentences(article_id, self.texts[article_id], self.metas[article_id])
            self._sentences[article_id] = found
        return found or []

    def chunk_ranges(self, article_id: str) -> list[tuple[int, int]]:
        """The first and last sentence of each of the article's chunks."""
        ranges = self._ranges.get(article_id)
        if ranges is None:
            ranges = unpack_ranges(self.metas[article_id]["chunk_ranges"])
            self._ranges[article_id] = ranges
        return ranges

    def owned_starts(self, article_id: str) -> list[int]:
        """The first sentence whose vector each of the article's chunks carries (packing.py)."""
        starts = self._starts.get(article_id)
        if starts is None:
            starts = self._starts[article_id] = owned_starts(self.chunk_ranges(article_id))
        return starts

    def vector_holder(self, sentence: Sentence) -> str:
        """The id of the chunk record that carries this sentence's vector."""
        return self._holder(sentence.article_id, sentence.index)

    def _holder(self, article_id: str, index: int) -> str:
        starts = self.owned_starts(article_id)
        return chunk_id(article_id, bisect_right(starts, index) - 1)

    def vector_holders(self, chunk_ids: Iterable[str]) -> set[str]:
        """The ids of the chunk records that carry the vectors of these chunks' sentences,
        known without reading a chunk record: a question reads them together with its BM25
        hits (retrieval/hybrid.py). A chunk of an article this snapshot lacks, or past the
        article's chunks here (a sync is changing its file), adds none."""
        holders = set()
        for cid in chunk_ids:
            article_id, n = split_chunk_id(cid)
            ranges = self.chunk_ranges(article_id) if article_id in self.metas else []
            if n >= len(ranges):
                continue
            first, last = ranges[n]
            holders |= {self._holder(article_id, i) for i in range(first, last + 1)}
        return holders

    def passages(self, ids: Iterable[str]) -> Passages:
        """These articles (ids not in the snapshot left out) and their sentences."""
        kept = [i for i in ids if i in self.infos]
        return Passages({i: self.infos[i] for i in kept}, {i: self.sentences(i) for i in kept})

    def chunks(self) -> tuple[list[str], list[str], list[str]]:
        """(ids, files, indexed texts) of every chunk, for building the BM25 index."""
        ids, paths, texts = [], [], []
        for article_id, info in self.infos.items():
            sentences = self.sentences(article_id)
            header = chunk_header(info)
            for n, (first, last) in enumerate(
                unpack_ranges(self.metas[article_id]["chunk_ranges"])
            ):
                body = " ".join(s.text for s in sentences[first : last + 1])
                chunk = Chunk(article_id, n, first, last, body, header)
                ids.append(chunk.id)
                paths.append(info.path)
                texts.append(chunk.indexed_text)
        return ids, paths, texts


Read = Callable[..., Snapshot]


class Snapshots:
    """`current(published)`: the snapshot of the published generation, read on first use."""

    def __init__(self, read: Read, meta: SyncMeta) -> None:
        self.read = read
        """Reads the article records into a Snapshot of a generation (reader.py): all of them,
        or those of some files on top of an older snapshot."""
        self.meta = meta
        self._lock = threading.Lock()  # the chat page asks from several threads
        self._kept: Snapshot | None = None

    def current(self, published: Published | None = None) -> Snapshot:
        """The snapshot of `published` (the store's published view, read now when None). A read
        that straddled the start or end of a sync is used once and not kept: the question's
        own view check (retrieval/hybrid.py) then asks again."""
        published = published or self.meta.published()
        with self._lock:
            kept = self._kept
            if kept and published.generation and kept.generation == published.generation:
                return kept
            snapshot = self.read(published.generation, *self._since(kept, published))
            if published.generation and self.meta.published() == published:
                self._kept = snapshot
            return snapshot

    def _since(self, kept: Snapshot | None, published: Published) -> tuple:
        """(snapshot, files) to read on top of, when the last sync went from the kept
        snapshot's generation to the published one and listed what it changed; else ()."""
        if kept is None or not published.generation:
            return ()
        meta = self.meta.read()
        changed = meta.get("changed")
        if meta.get("previous_generation") != kept.generation or not changed:
            return ()
        return kept, json.loads(changed)
