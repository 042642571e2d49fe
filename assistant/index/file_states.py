"""What the store recorded about each corpus file when it indexed it, so that a sync reads and
parses only the files that changed.

The states live in the metadata of the file's article records (keys `file_size`,
`file_mtime_ns`, `file_sha`, `duplicate_of`). Reading every article record costs about 0.2 s per
1,000 articles, on each sync; so they are also cached in a local file, valid while the store's
`states` token (renewed before any write that changes them, by any client) is the one it was
made for.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, replace
from pathlib import Path

from assistant import atomic
from assistant.index.chroma import Collections, pages, pages_of
from assistant.index.meta import SyncMeta

MISSING = -1
"""Size and mtime of a record that has none: it matches no file, which is then hashed."""


@dataclass(frozen=True)
class FileState:
    """One corpus file as it was seen."""

    size: int
    """Bytes."""
    mtime_ns: int
    """Modification time, in nanoseconds."""
    sha: str = ""
    """sha256 of the bytes; "" when the file was only stat'ed."""
    duplicate_of: str = ""
    """The indexed file with the same bytes, when this one is indexed as its copy."""

    @classmethod
    def of(cls, path: Path) -> FileState:
        """Size and mtime of the file now (OSError if it cannot be stat'ed)."""
        st = path.stat()
        return cls(st.st_size, st.st_mtime_ns)

    def hashed(self, data: bytes) -> FileState:
        return replace(self, sha=hashlib.sha256(data).hexdigest())

    def same_stat(self, other: FileState) -> bool:
        return (self.size, self.mtime_ns) == (other.size, other.mtime_ns)

    @classmethod
    def from_metadata(cls, meta: dict) -> FileState:
        return cls(
            meta.get("file_size", MISSING),
            meta.get("file_mtime_ns", MISSING),
            meta.get("file_sha", ""),
            meta.get("duplicate_of", ""),
        )

    def stat_metadata(self) -> dict:
        """The keys that say which bytes were indexed (not whether they are a copy)."""
        return {"file_size": self.size, "file_mtime_ns": self.mtime_ns, "file_sha": self.sha}

    def to_metadata(self) -> dict:
        return {**self.stat_metadata(), "duplicate_of": self.duplicate_of}


@dataclass(frozen=True)
class IndexedFiles:
    """The file states a store held when they were read."""

    states: dict[str, FileState]
    """path -> its state."""
    token: str
    """The store's `states` token then ("" before anything was written)."""
    from_cache: bool
    """Read from the local cache file (else from the article records)."""


class FileStates:
    """`read()` the states, `update()` one, and keep the local cache (`save()`)."""

    def __init__(self, collections: Collections, meta: SyncMeta, cache: Path) -> None:
        self.collections = collections
        self.meta = meta
        self.cache = cache

    def read(self) -> IndexedFiles:
        """From the cache when it is valid, else from the store; writes nothing."""
        token = self.meta.read().get("states", "")
        try:
            saved = json.loads(self.cache.read_text(encoding="utf-8"))
            if token and saved["token"] == token:
                states = {p: FileState.from_metadata(m) for p, m in saved["states"].items()}
                return IndexedFiles(states, token, from_cache=True)
        except (OSError, ValueError, KeyError):
            pass
        records = pages(self.collections.articles)
        states = {m["path"]: FileState.from_metadata(m) for _, m in records}
        return IndexedFiles(states, token, from_cache=False)

    def refreshed(self, indexed: IndexedFiles, paths: set[str]) -> IndexedFiles:
        """The states after a sync that changed `paths` (every path it wrote, removed, marked
        or stat'ed): those read again from the store, the others as `indexed` had them. There
        is one writer at a time, so no other file changed meanwhile."""
        states = {p: s for p, s in indexed.states.items() if p not in paths}
        states |= {
            m["path"]: FileState.from_metadata(m)
            for _, m in pages_of(self.collections.articles, paths)
        }
        return IndexedFiles(states, self.meta.read().get("states", ""), from_cache=False)

    def save(self, indexed: IndexedFiles) -> None:
        """Write states read from the store to the cache file, so that the next sync starts
        fast."""
        if not indexed.token or indexed.from_cache:
            return
        states = {path: state.to_metadata() for path, state in indexed.states.items()}
        atomic.write_text(self.cache, json.dumps({"token": indexed.token, "states": states}))

    def changing(self) -> None:
        """Called before any write that changes the states: every client's cache goes stale."""
        self.meta.update(states=uuid.uuid4().hex)

    def update(self, path: str, state: FileState) -> None:
        """Record new stat data for a file whose bytes did not change (its copy mark stays)."""
        self.changing()
        got = self.collections.articles.get(where={"path": path}, include=[])
        if got["ids"]:
            metadata = state.stat_metadata()
            self.collections.articles.update(ids=got["ids"], metadatas=[metadata] * len(got["ids"]))
