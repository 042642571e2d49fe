"""What a sync has to do: compare the corpus folder with the store, writing nothing.

A file whose size and mtime match what was indexed is not even read; one whose bytes hash the
same only needs its new stat data recorded. Files an interrupted sync was writing (its journal,
`pending`) are indexed again whatever their state looks like.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from assistant.config import Settings
from assistant.index.file_states import FileState, IndexedFiles
from assistant.index.store import Store
from assistant.ingest.files import scan
from assistant.ingest.reading import READING_VERSION


@dataclass(frozen=True)
class SyncPlan:
    """The differences between the corpus folder and the store, and what to do about them."""

    files: dict[str, Path]
    """Every corpus file to consider, by its path relative to the corpus folder."""
    indexed: IndexedFiles
    """The file states the store holds (none when it is to be reset)."""
    to_index: list[str]
    """Files to parse and index: new, changed, left by an interrupted sync, or copies whose
    indexed original changes or goes."""
    removed: list[str]
    """Indexed (or journaled) files that are no longer in the corpus."""
    touched: dict[str, FileState] = field(default_factory=dict)
    """Files with new size or mtime but the same bytes: only their state is to be recorded."""
    pending: set[str] = field(default_factory=set)
    """The journal of an interrupted sync: files that may have half-written records."""
    originals: dict[str, str] = field(default_factory=dict)
    """sha256 -> the indexed file that is kept and holds those bytes."""
    unchanged: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    """(file, reason) for files that cannot be read or are too large, or that the last sync
    could not use and have not changed since."""
    seen: dict[str, FileState] = field(default_factory=dict)
    """Each file's stat as this plan saw it, before anything was read: what a file skipped
    now is remembered as (plan.SKIPPED_FILES), so that an edit made during the sync counts."""
    ignored: list[str] = field(default_factory=list)
    generation: str = ""
    """The store generation the plan was made against."""
    reset: str = ""
    """Why the store must be emptied first (its vectors would not compare), or ""."""
    reread: str = ""
    """Why every article is to be read again with its vectors kept (the sentence readings
    were made by other rules), or ""."""

    def skipped_now(self, skipped: list[tuple[str, str]]) -> str:
        """What SKIPPED_FILES remembers of the files this sync could not use: each as this plan
        saw it, before anything was read, and why (`skipped_before` reads it back)."""
        remembered = {
            rel: [self.seen[rel].size, self.seen[rel].mtime_ns, why]
            for rel, why in skipped
            if rel in self.seen
        }
        return json.dumps(remembered, sort_keys=True)

    @property
    def journal(self) -> set[str]:
        """Every file whose records the sync may change."""
        return {*self.to_index, *self.removed, *self.pending}


@dataclass
class _Comparison:
    changed: list[str] = field(default_factory=list)
    touched: dict[str, FileState] = field(default_factory=dict)
    unchanged: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    seen: dict[str, FileState] = field(default_factory=dict)


INDEX_FORMAT = 6
"""The version of the records a sync writes; a store written in another is rebuilt, never
misread (format 1 had no authors on chunk records, so an author filter found nothing)."""
FORMAT_CHANGES = {
    2: "chunk records carry their article's authors, for --author",
    3: "sentences are packed into their article and chunk records (no records of their own)",
    4: "a sentence's vector is stored once, in 4 bits per component",
    5: "sentence vectors in base64 rather than base85, which was slow to decode",
    6: "each sentence's reading (what it mentions, what its opening leans on) is stored",
}


def model_change(meta: dict, model: str, chunk_vectors: str) -> str:
    """Why the stored records cannot be used with this model and chunk-vector setting, or by
    this version of the index (`INDEX_FORMAT`), or ""."""
    stored = meta.get("embedding_model")
    if not stored:
        return ""
    written = int(meta.get("index_format", 1))
    if written != INDEX_FORMAT:
        return (
            f"the index was written in format {written}, this version reads format "
            f"{INDEX_FORMAT} ({FORMAT_CHANGES[INDEX_FORMAT]}): re-indexing everything"
        )
    # Stores made before chunk vectors could be derived embedded them.
    old = (stored, meta.get("chunk_vectors", "embedded"))
    new = (model, chunk_vectors)
    if old == new:
        return ""
    return "embeddings changed ({} -> {}): re-indexing everything".format(
        " with chunk vectors ".join(old), " with chunk vectors ".join(new)
    )


def reading_change(meta: dict) -> str:
    """Why the stored sentence readings are stale (made by another `READING_VERSION` of the
    rules), or "" (also for an empty store)."""
    if not meta.get("embedding_model"):
        return ""
    # stores of format 6 made before readings were versioned hold version 1's
    written = int(meta.get("reading_version", 1))
    if written == READING_VERSION:
        return ""
    return (
        f"the sentence readings were made by version {written} of the reading rules, this "
        f"version reads with {READING_VERSION}: reading every article again (no embedding)"
    )


def plan(settings: Settings, store: Store, model: str) -> SyncPlan:
    """Compare the corpus folder with the store for a sync by embedding model `model`."""
    root = settings.corpus_dir
    found, ignored = scan(root, settings.corpus.ignore)
    files = {p.relative_to(root).as_posix(): p for p in found}
    meta = store.meta.read()
    reset = model_change(meta, model, settings.embedding.chunk_vectors)
    if reset:
        meta, indexed = {}, IndexedFiles({}, "", from_cache=True)
    else:
        indexed = store.files.read()
    pending = set(json.loads(meta.get("pending", "[]")))
    reread = reading_change(meta)
    force = pending | set(indexed.states) if reread else pending
    comparison = _compare(settings, files, indexed.states, force, skipped_before(meta))
    removed = sorted((set(indexed.states) | pending) - set(files))
    originals, copies = _copies_to_reindex(files, indexed.states, {*comparison.changed, *removed})
    # a copy indexed again is reported as updated, not also as unchanged
    reindexed = set(copies) - {rel for rel, _ in comparison.skipped}
    return SyncPlan(
        files=files,
        indexed=indexed,
        to_index=comparison.changed + copies,
        removed=removed,
        touched=comparison.touched,
        pending=pending,
        originals=originals,
        unchanged=comparison.unchanged - len(reindexed),
        skipped=comparison.skipped,
        seen=comparison.seen,
        ignored=[p.relative_to(root).as_posix() for p in ignored],
        generation=meta.get("generation", ""),
        reset=reset,
        reread=reread,
    )


SKIPPED_FILES = "skipped_files"
"""The store metadata field remembering the files a sync could not use: path -> [size,
mtime_ns, why]."""


def skipped_before(meta: dict) -> dict[str, tuple[FileState, str]]:
    """The files the last sync could not use, as they were then, and why."""
    remembered = json.loads(meta.get(SKIPPED_FILES, "{}"))
    return {rel: (FileState(size, mtime), why) for rel, (size, mtime, why) in remembered.items()}


def _compare(
    settings: Settings,
    files: dict[str, Path],
    indexed: dict[str, FileState],
    force: set[str],
    skipped: dict[str, tuple[FileState, str]],
) -> _Comparison:
    """Which files differ from what was indexed (stat first, then hash); `force`d ones do. A
    file the last sync could not use is not read again, nor warned about, until it changes."""
    out = _Comparison()
    for rel, path in files.items():
        try:
            now = FileState.of(path)
        except OSError as exc:
            out.skipped.append((rel, f"cannot read ({exc.strerror})"))
            continue
        out.seen[rel] = now
        if now.size > settings.corpus.max_bytes:
            out.skipped.append(
                (rel, f"larger than corpus.max_file_mb ({settings.corpus.max_file_mb} MB)")
            )
            continue
        if rel in force:
            out.changed.append(rel)
            continue
        if rel in skipped and skipped[rel][0].same_stat(now):
            out.skipped.append((rel, skipped[rel][1]))
            continue
        old = indexed.get(rel)
        if old and old.same_stat(now):
            out.unchanged += 1
            continue
        if old:
            try:
                # `now` was taken before the read: should an edit land after it, the recorded
                # stat is older than the file's and the next sync reads the file again.
                hashed = now.hashed(path.read_bytes())
            except OSError:
                hashed = None
            if hashed is not None and hashed.sha == old.sha:
                out.touched[rel] = hashed
                out.unchanged += 1
                continue
        out.changed.append(rel)
    return out


def _copies_to_reindex(
    files: dict[str, Path], indexed: dict[str, FileState], changing: set[str]
) -> tuple[dict[str, str], list[str]]:
    """The indexed file that holds each kept text (sha256 -> path), and the files to index
    again besides the `changing` ones: copies whose original changes or goes (one of them
    becomes the original), and a second copy of a text indexed twice by an older version."""
    originals: dict[str, str] = {}
    again = []
    for path, state in sorted(indexed.items()):
        if path not in files or path in changing:
            continue
        if state.duplicate_of in changing or (
            not state.duplicate_of and originals.setdefault(state.sha, path) != path
        ):
            again.append(path)
    return originals, again
