"""Article records read when a question needs them, the most recently used ones kept.

A serving process used to hold every article's text, offsets and readings in memory: about 70
MB per 1,000 articles, 7 GB at 100,000, in every replica. What a question needs is the records
of its candidates (twenty articles or so) and of the sources it cites; the snapshot keeps only
the facts filters and "now" need (snapshot.py) and asks `ArticleRecords` for the rest, which
reads the missing records in one batch and keeps the `capacity` most recently used.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from assistant.index.packing import unpack_sentences
from assistant.types import Sentence

Read = Callable[[list[str]], dict[str, tuple[str, dict]]]
"""Article ids -> {id: (text, metadata less the text)} of those the store holds."""


@dataclass
class Record:
    """One article's text and what its record says of its sentences."""

    article_id: str
    text: str
    meta: dict
    _sentences: list[Sentence] | None = field(default=None, repr=False)

    @property
    def sentences(self) -> list[Sentence]:
        """The article's sentences, cut from its text by its record's spans (on first use)."""
        if self._sentences is None:
            self._sentences = unpack_sentences(self.article_id, self.text, self.meta)
        return self._sentences


class ArticleRecords:
    """`get(ids)`: the records of these articles, read from the store when not kept."""

    def __init__(
        self, read: Read, capacity: int, kept: OrderedDict[str, Record] | None = None
    ) -> None:
        if capacity < 1:
            raise ValueError(f"the article cache needs room for 1 article or more, got {capacity}")
        self.read = read
        self.capacity = capacity
        self._kept: OrderedDict[str, Record] = kept if kept is not None else OrderedDict()
        self._lock = threading.Lock()  # the chat page asks from several threads
        self.reads = 0
        """Batches read from the store (a test counts them)."""

    def __len__(self) -> int:
        return len(self._kept)

    def get(self, ids: Iterable[str], keep: bool = True) -> dict[str, Record]:
        """The records of these articles the store holds (others left out). With `keep` off
        (a pass over every article) those read are not kept, and the kept ones stay."""
        wanted = list(dict.fromkeys(ids))
        with self._lock:
            found = {i: self._kept[i] for i in wanted if i in self._kept}
            for i in found:
                self._kept.move_to_end(i)
        missing = [i for i in wanted if i not in found]
        if missing:
            self.reads += 1
            read = {i: Record(i, text, meta) for i, (text, meta) in self.read(missing).items()}
            found |= read
            if keep:
                with self._lock:
                    self._kept.update(read)
                    while len(self._kept) > self.capacity:
                        self._kept.popitem(last=False)
        return found

    def without(self, ids: Iterable[str]) -> ArticleRecords:
        """Records for the next generation: these (changed) articles' dropped, the rest kept."""
        gone = set(ids)
        with self._lock:
            kept = OrderedDict((i, r) for i, r in self._kept.items() if i not in gone)
        return ArticleRecords(self.read, self.capacity, kept)
