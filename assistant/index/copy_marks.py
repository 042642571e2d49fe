"""Wire-copy groups in the store: after a sync wrote and removed articles, every indexed article's
stored signature (writer.py) is grouped again (copies.py), and the records whose group changed
are marked anew. A copy keeps its sentences and chunks (a filter that excludes its group's
representative, e.g. another outlet, must still find it); the marks on its chunks tell retrieval
when to skip them (retrieval/where.py, `copy_clause`).

Marks are metadata updates of existing records: the paths they touch are journaled first, like
every write of a sync, so that a sync killed half-way has them indexed (and marked) again.

What grouping reads of each article (schema.py's `GroupingRecord`: its signature, date, outlet
and marks) is saved beside the store for the generation the sync publishes
(`copies/v1-<generation>.json`), so that the next sync reads only the records of the files it
changed, not every article's; a missing or damaged file, or one of another generation, only
costs that read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

from assistant.index.chroma import Collections, pages, pages_of
from assistant.index.copies import CopyGrouper, Member
from assistant.index.generation_files import GenerationFiles
from assistant.index.meta import SyncMeta
from assistant.index.schema import GroupingRecord, Mark, date_number
from assistant.types import chunk_id

FOLDER = "copies"


def _root(article_id: str, record: GroupingRecord) -> str:
    """The representative of the group an article record is marked with (itself if none)."""
    return record.mark.copy_of or article_id


@dataclass(frozen=True)
class Changes:
    """What a sync changed, as grouping sees it."""

    roots: set[str]
    """The groups (their representatives) of the articles whose files the sync rewrote or
    removed, as they were marked before it."""
    read: set[str]
    """The articles read again: those of the files the sync wrote."""


@dataclass(frozen=True)
class Regrouping:
    """What `CopyMarks.run` did."""

    copies: int
    """Articles marked as a copy of another, now."""
    marked: dict[str, str]
    """Articles whose mark changed -> their representative now ("" when no longer a copy)."""
    threshold: float
    paths: frozenset[str] = frozenset()
    """The files of the marked articles (their records changed)."""


class CopyMarks:
    """`CopyMarks(collections, meta, threshold, local).run(journal, base)` regroups and
    re-marks; `save(generation)` keeps what it read for the next sync."""

    def __init__(
        self,
        collections: Collections,
        meta: SyncMeta,
        threshold: float,
        local: Path | None = None,
    ) -> None:
        self.collections = collections
        self.meta = meta
        self.grouper = CopyGrouper(threshold)
        self.saved = GenerationFiles(local / FOLDER) if local else None
        """Each generation's grouping input, in the store's local folder."""
        self.records: dict[str, GroupingRecord] = {}
        """Article id -> what grouping read of it, marks as they are after `run`."""

    def _read(
        self, journal: set[str], base: str
    ) -> tuple[dict[str, GroupingRecord], Changes | None]:
        """What grouping needs of every article (duplicates left out): the base generation's
        saved copy with the journaled files' records read again, and what that changed; else
        (no saved copy) every record, and None."""
        saved = _load(self.saved.load(base)) if self.saved else None
        records: dict[str, GroupingRecord] = {}
        if saved is None:  # none, or damaged: every record is read
            found = pages(self.collections.articles)
            changes = None
        else:
            dropped = {i: r for i, r in saved.items() if r.path in journal}
            records = {i: r for i, r in saved.items() if i not in dropped}
            found = pages_of(self.collections.articles, journal)
            changes = Changes({_root(i, r) for i, r in dropped.items()}, set())
        for i, m in found:
            if record := GroupingRecord.of_article(m):
                records[i] = record
                if changes is not None:
                    changes.read.add(i)
        return records, changes

    def save(self, generation: str) -> None:
        """Keep what the last `run` read, for the sync after the one publishing `generation`."""
        if self.saved and generation and self.records:
            self.saved.save(generation, {i: r.metadata() for i, r in self.records.items()})

    def needed(self, changed: bool) -> bool:
        """Whether the groups may differ from the marks: articles changed, or the threshold."""
        return changed or self.meta.read().get("copy_threshold") != self.grouper.threshold

    def run(self, journal: set[str], base: str = "") -> Regrouping:
        """Group every indexed article and mark those whose group changed; `journal` is what
        the sync has journaled so far (the marked files are added to it first), `base` the
        generation the sync started from."""
        records, changes = self._read(journal, base)
        self.records = records
        members = {i: Member(i, r.path, r.date, r.minhash) for i, r in records.items()}
        if changes is None or self.meta.read().get("copy_threshold") != self.grouper.threshold:
            representative = self.grouper(members.values())
        else:  # only the groups a changed article was or is now in can differ
            near = self.grouper.near(list(members.values()), changes.read)
            roots = changes.roots | {_root(i, records[i]) for i in near | changes.read}
            affected = {i for i, r in records.items() if _root(i, r) in roots} | near
            representative = {
                i: r.mark.copy_of
                for i, r in records.items()
                if r.mark.copy_of and i not in affected
            } | self.grouper(members[i] for i in affected)
        wanted = {
            i: Mark(rep, date_number(records[rep].date), records[rep].source)
            if (rep := representative.get(i))
            else Mark()
            for i in records
        }
        marked = sorted(i for i, r in records.items() if r.mark != wanted[i])
        paths = frozenset(records[i].path for i in marked)
        if marked:
            self.meta.update(pending=json.dumps(sorted(journal | paths)))
            self._mark({i: wanted[i] for i in marked}, {i: records[i].chunks for i in marked})
            for i in marked:
                records[i] = replace(records[i], mark=wanted[i])
        return Regrouping(
            len(representative),
            {i: wanted[i].copy_of for i in marked},
            self.grouper.threshold,
            paths,
        )

    def _mark(self, marks: dict[str, Mark], chunks: dict[str, int]) -> None:
        """Mark these articles and their chunks (`chunks` counts each article's: their ids
        follow from it, so no chunk record is read)."""
        ids = list(marks)
        self._update(self.collections.articles, ids, [marks[i].metadata() for i in ids])
        held = [chunk_id(i, n) for i in ids for n in range(chunks[i])]
        owners = [i for i in ids for _ in range(chunks[i])]
        self._update(self.collections.chunks, held, [marks[i].metadata() for i in owners])

    def _update(self, collection, ids: list[str], metadatas: list[dict]) -> None:
        """Merge `metadatas` into the records' metadata, in batches Chroma accepts."""
        batch = self.collections.batch
        for n in range(0, len(ids), batch):
            collection.update(ids=ids[n : n + batch], metadatas=metadatas[n : n + batch])


def _load(saved: object) -> dict[str, GroupingRecord] | None:
    """A generation's saved grouping input, or None when there is none or it is damaged."""
    if not isinstance(saved, dict):
        return None
    try:
        return {i: GroupingRecord.from_metadata(r) for i, r in saved.items()}
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
