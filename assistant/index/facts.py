"""The article facts of a generation saved beside the store: a process opening a store of
100,000 articles reads one file instead of every article record (text included) from Chroma.

A snapshot's facts (snapshot.py: each article's `ArticleInfo` before its relatives are grouped,
and its packed chunk ranges) are written once per generation, by whichever process first read
them (the writer, after its sync; else the first replica), as `facts/v2-<generation>.json`, in
columns rather than one object per article. They are a cache of the store, like the BM25 files:
a missing, damaged or older file only costs the read from Chroma, and a generation's facts
never change, so a file is written once under a temporary name and renamed into place.
"""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from assistant.index.generation_files import GenerationFiles
from assistant.types import ArticleInfo, iso, parse_iso

VERSION = 2
"""2: an article's `format` is kept too."""
FOLDER = "facts"
COLUMNS = tuple(f.name for f in fields(ArticleInfo) if f.name not in ("id", "also_in", "copies"))
"""What is kept of each article; `also_in` and `copies` are grouped again on load."""
TUPLES = ("authors", "editors")
"""Columns of tuples, kept as JSON lists; `date` is kept as the store writes it (types.iso)."""


def _files(store: Path) -> GenerationFiles:
    return GenerationFiles(store / FOLDER, VERSION)


def save_facts(
    store: Path, generation: str, infos: dict[str, ArticleInfo], ranges: dict[str, str]
) -> None:
    """Write a generation's facts (once; earlier generations' files are removed)."""
    files = _files(store)
    if not generation or files.path(generation).is_file():
        return
    ids = list(infos)
    table = {"ids": ids, "ranges": [ranges[i] for i in ids]}
    for column in COLUMNS:
        values = [getattr(infos[i], column) for i in ids]
        if column in TUPLES:
            values = [list(v) for v in values]
        table[column] = [iso(v) for v in values] if column == "date" else values
    files.save(generation, table)


def load_facts(
    store: Path, generation: str
) -> tuple[dict[str, ArticleInfo], dict[str, str]] | None:
    """(infos before grouping, packed chunk ranges) of a generation, or None when not saved."""
    table = _files(store).load(generation)
    try:
        ids = table["ids"]
        columns = [table[c] for c in COLUMNS]
        ranges = dict(zip(ids, table["ranges"], strict=True))
    except (KeyError, TypeError, ValueError):  # none saved, or not a table of facts
        return None
    infos = {}
    for n, article_id in enumerate(ids):
        values = {c: tuple(col[n]) if c in TUPLES else col[n] for c, col in zip(COLUMNS, columns)}
        infos[article_id] = ArticleInfo(
            id=article_id, **values | {"date": parse_iso(values["date"])}
        )
    return infos, ranges
