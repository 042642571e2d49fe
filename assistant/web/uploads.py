"""Adding and removing article files from the page: safe names, no overwrite, no escape, and a
deletion that the page can undo (the file is set aside, not removed, until the page is closed).

An uploaded name is only a hint: it is reduced to a plain file name (no folders, no `..`), its
characters are limited to letters, digits, `.`, `-` and `_`, and an existing file is never
replaced (a numbered name is chosen). The write goes to a temporary file inside the corpus folder
first, so a sync never sees half a file.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import unicodedata
from pathlib import Path, PurePosixPath, PureWindowsPath

from assistant.errors import AssistantError
from assistant.ingest.files import SUPPORTED

MAX_NAME = 100


def safe_name(name: str) -> str:
    """A plain, harmless file name derived from an uploaded one, keeping its extension."""
    base = PurePosixPath(PureWindowsPath(name).as_posix()).name  # drop any folder, / or \
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    stem, dot, ext = base.rpartition(".")
    if not dot:
        stem, ext = ext, ""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-_.")[:MAX_NAME] or "article"
    ext = re.sub(r"[^A-Za-z0-9]", "", ext).lower()
    return f"{stem}.{ext}" if ext else stem


def inside(folder: Path, path: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def save_upload(corpus: Path, name: str, source: Path, max_bytes: int) -> Path:
    """Copy an uploaded file into the corpus folder under a safe, unused name."""
    clean = safe_name(name)
    if Path(clean).suffix.lower() not in SUPPORTED:
        raise AssistantError(f"{name}: unsupported file type; upload {', '.join(SUPPORTED)} files")
    if source.stat().st_size > max_bytes:
        raise AssistantError(
            f"{name}: larger than the {max_bytes / 2**20:g} MB limit (corpus.max_file_mb)"
        )
    stem, suffix = Path(clean).stem, Path(clean).suffix
    target = corpus / clean
    n = 1
    while target.exists():
        target = corpus / f"{stem}-{n}{suffix}"
        n += 1
    if not inside(corpus, target):  # cannot happen with a cleaned name; checked all the same
        raise AssistantError(f"{name}: refusing to write outside the corpus folder")
    fd, tmp = tempfile.mkstemp(dir=corpus, prefix=".upload-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
            shutil.copyfileobj(src, out)
        os.link(tmp, target)  # fails rather than overwrite if the name was taken meanwhile
    finally:
        os.unlink(tmp)
    return target


def delete_file(corpus: Path, relative: str, aside: Path | None = None) -> Path | None:
    """Remove one article file of the corpus (the next sync drops it from the index); with
    `aside`, move it into that folder instead, so that `put_back` can undo it. Returns where
    it was kept."""
    path = corpus / relative
    if not inside(corpus, path) or not path.is_file():
        raise AssistantError(f"{relative}: no such article file in the corpus folder")
    if aside is None:
        path.unlink()
        return None
    kept = Path(tempfile.mkdtemp(dir=_made(aside))) / path.name
    shutil.move(path, kept)
    return kept


def put_back(corpus: Path, relative: str, kept: Path) -> None:
    """Return a file `delete_file` set aside to where it was, never over a file there now."""
    target = corpus / relative
    if not inside(corpus, target) or not kept.is_file():
        raise AssistantError(f"{relative}: nothing to undo (the deleted file is gone)")
    if target.exists():
        raise AssistantError(f"{relative}: a file of that name is there now; kept {kept}")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(kept, target)


def _made(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder
