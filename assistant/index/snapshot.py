"""What a question needs of every article of one published generation, held in memory.

A question's filters and its "now" look at every article (its date, outlet, authors, whether
it is a duplicate or a wire copy), and its candidates' chunks are mapped to the chunk records
that carry their sentences' vectors: those facts, `ArticleInfo` and the packed chunk ranges, are
read once per generation, in pages, and kept. Article text, sentence offsets and readings are
not: they are read for the articles a question needs (records.py), so that a process's memory
does not grow with the archive's text. A sync that changed a few files lists them with the
generation it replaced (`previous_generation`, `changed`): a snapshot of that generation then
reads only those files' records, and keeps the other articles' cached records.
"""

from __future__ import annotations

import json
import threading
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property

from assistant.index.meta import SyncMeta
from assistant.index.packing import owned_starts, unpack_ranges
from assistant.index.records import ArticleRecords, Record
from assistant.types import (
    ArticleInfo,
    Published,
    Sentence,
    chunk_id,
    split_chunk_id,
)

BATCH = 500
"""Articles read at once by a pass over many of them (`each`)."""


@dataclass(frozen=True)
class Passages:
    """Articles with their sentences, for a question's candidates."""

    infos: dict[str, ArticleInfo]
    sentences: dict[str, list[Sentence]]
    """Article id -> its sentences, in order (cut from its text by its record's spans)."""


def _holder(article_id: str, starts: list[int], index: int) -> str:
    """The chunk that carries sentence `index`'s vector, given each chunk's first own sentence."""
    return chunk_id(article_id, bisect_right(starts, index) - 1)


@dataclass
class Snapshot:
    """The article facts of one generation, and its article records on demand."""

    generation: str
    infos: dict[str, ArticleInfo]
    """Article id -> what the store keeps about it, with its duplicates and wire copies."""
    ranges: dict[str, str]
    """Article id -> the first and last sentence of each of its chunks, packed as stored."""
    records: ArticleRecords
    """Text, offsets and readings, read when asked (records.py)."""

    @cached_property
    def newest_first(self) -> tuple[ArticleInfo, ...]:
        """The dated articles (duplicates left out), newest first: a question's "now" is the
        first that its filters allow, found without a pass over every article."""
        dated = [i for i in self.infos.values() if i.date and not i.duplicate_of]
        return tuple(sorted(dated, key=lambda i: i.date, reverse=True))

    @cached_property
    def outlets(self) -> frozenset[str]:
        return frozenset(i.source for i in self.infos.values())

    @cached_property
    def authors(self) -> frozenset[str]:
        return frozenset(a for i in self.infos.values() for a in i.authors)

    def _record(self, article_id: str) -> Record | None:
        if article_id not in self.infos:
            return None
        return self.records.get([article_id]).get(article_id)

    def sentences(self, article_id: str) -> list[Sentence]:
        """The article's sentences in order ([] for an id not in the snapshot)."""
        record = self._record(article_id)
        return record.sentences if record else []

    def text(self, article_id: str) -> str:
        """The article's text ("" for an id not in the snapshot)."""
        record = self._record(article_id)
        return record.text if record else ""

    def each(self, ids: Iterable[str]) -> Iterator[Record]:
        """The records of these articles, read in batches and not kept: a pass over many
        articles leaves the cache to the questions."""
        wanted = [i for i in ids if i in self.infos]
        for n in range(0, len(wanted), BATCH):
            batch = wanted[n : n + BATCH]
            found = self.records.get(batch, keep=False)
            yield from (found[i] for i in batch if i in found)

    def chunk_ranges(self, article_id: str) -> list[tuple[int, int]]:
        """The first and last sentence of each of the article's chunks."""
        return unpack_ranges(self.ranges[article_id])

    def owned_starts(self, article_id: str) -> list[int]:
        """The first sentence whose vector each of the article's chunks carries (packing.py)."""
        return owned_starts(self.chunk_ranges(article_id))

    def vector_holder(self, sentence: Sentence) -> str:
        """The id of the chunk record that carries this sentence's vector."""
        return _holder(sentence.article_id, self.owned_starts(sentence.article_id), sentence.index)

    def vector_holders(self, chunk_ids: Iterable[str]) -> set[str]:
        """The ids of the chunk records that carry the vectors of these chunks' sentences,
        known without reading a chunk record: a question reads them together with its BM25
        hits (retrieval/hybrid.py). A chunk of an article this snapshot lacks, or past the
        article's chunks here (a sync is changing its file), adds none."""
        holders = set()
        for cid in chunk_ids:
            article_id, n = split_chunk_id(cid)
            ranges = self.chunk_ranges(article_id) if article_id in self.ranges else []
            if n >= len(ranges):
                continue
            starts = owned_starts(ranges)
            first, last = ranges[n]
            holders |= {_holder(article_id, starts, i) for i in range(first, last + 1)}
        return holders

    def passages(self, ids: Iterable[str]) -> Passages:
        """These articles (ids not in the snapshot left out) and their sentences, the records
        not kept read in one batch."""
        kept = [i for i in ids if i in self.infos]
        found = self.records.get(kept)
        kept = [i for i in kept if i in found]  # a sync removed it since: the view check tells
        return Passages({i: self.infos[i] for i in kept}, {i: found[i].sentences for i in kept})


Read = Callable[..., Snapshot]


class Snapshots:
    """`current(published)`: the snapshot of the published generation, read on first use."""

    def __init__(
        self,
        read: Read,
        meta: SyncMeta,
        saved: Callable[[str], Snapshot | None] = lambda generation: None,
        save: Callable[[Snapshot], None] = lambda snapshot: None,
    ) -> None:
        self.read = read
        """Reads the article records into a Snapshot of a generation (reader.py): all of them,
        or those of some files on top of an older snapshot."""
        self.meta = meta
        self.saved = saved
        """A generation's snapshot from the facts a process saved for it, or None (facts.py)."""
        self.save = save
        self._lock = threading.Lock()  # the chat page asks from several threads
        self._kept: Snapshot | None = None

    def current(self, published: Published | None = None) -> Snapshot:
        """The snapshot of `published` (the store's published view, read now when None): its
        saved facts, or the records of the files its sync changed read on top of the previous
        generation's, or every record. A read that straddled the start or end of a sync is
        used once and not kept: the question's own view check (retrieval/hybrid.py) then asks
        again."""
        published = published or self.meta.published()
        generation = published.generation
        with self._lock:
            kept = self._kept
            if kept and generation and kept.generation == generation:
                return kept
            snapshot = self.saved(generation) if generation else None
            if snapshot is None:
                snapshot = self.read(generation, *self._since(kept, published))
                if not generation or self.meta.published() != published:
                    return snapshot
                self.save(snapshot)  # saved facts are of a whole generation, never a straddle
            self._kept = snapshot
            return snapshot

    def _since(self, kept: Snapshot | None, published: Published) -> tuple:
        """(snapshot, files) to read on top of, when the last sync went from the kept (or
        saved) snapshot's generation to the published one and listed what it changed; else ()."""
        if not published.generation:
            return ()
        meta = self.meta.read()
        changed, previous = meta.get("changed"), meta.get("previous_generation", "")
        if not changed or not previous:
            return ()
        base = kept if kept and kept.generation == previous else self.saved(previous)
        return (base, json.loads(changed)) if base else ()
