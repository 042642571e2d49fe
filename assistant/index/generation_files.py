"""A JSON file per store generation, kept beside the store as a cache of it (the article facts,
facts.py; what regrouping reads, copy_marks.py): written whole under a temporary name, the
older generations' files removed, and a missing or damaged file read as none, which only costs
reading the store instead.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from assistant import atomic


class GenerationFiles:
    """`GenerationFiles(folder).load(generation)` / `.save(generation, data)`."""

    def __init__(self, folder: Path, version: int = 1) -> None:
        self.folder = folder
        self.version = version
        """Part of each name: a file of another layout is never read."""

    def path(self, generation: str) -> Path:
        return self.folder / f"v{self.version}-{generation}.json"

    def load(self, generation: str) -> Any | None:
        """The data saved for `generation`, or None (none saved, or damaged)."""
        if not generation:
            return None
        try:
            return json.loads(self.path(generation).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def save(self, generation: str, data: Any) -> None:
        """Save `data` for `generation`; the files of other generations are removed."""
        path = self.path(generation)
        atomic.write_text(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))
        for old in self.folder.glob(f"v{self.version}-*.json"):
            if old != path:
                old.unlink(missing_ok=True)
