"""Find article files in the corpus folder and load them as `Article`s.

Formats: `.txt` and `.md`, both with optional YAML front matter (the text's own layout, headline,
header lines, dateline, is read by `layout.py`); `.html` (see `html.py`); `.json` (an object or a
list of objects) and `.jsonl` (one object per line) with `title`, `text`/`body`,
`date`/`published_at`, `source`, `url`, `author`. A bad record of a JSON Lines file is reported
and the good ones still load. `.rss`, `.atom` and `.xml` feeds: one article per entry (see
`feeds.py`).
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from assistant.errors import ArticleError, CorpusError
from assistant.ingest import feeds
from assistant.ingest.article import build_article, pick
from assistant.ingest.html import read_page
from assistant.types import Article

SUPPORTED = (".txt", ".md", ".html", ".htm", ".json", ".jsonl", *feeds.SUFFIXES)
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)


@dataclass
class Loaded:
    """The articles of one file, and warnings about parts that could not be used."""

    articles: list[Article] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    saved: str | None = None
    """The file's modification date (ISO): the year of a dateline that has none
    (dates.file_time_date)."""


def scan(root: Path, ignore: list[str]) -> tuple[list[Path], list[Path]]:
    """(article files, ignored files) under root, sorted; ignore globs match any path part."""
    if not root.is_dir():
        raise CorpusError(f"corpus folder {root} does not exist: create it or pass --corpus DIR")
    files, ignored = [], []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(root)
        if any(fnmatch.fnmatch(part, pat) for part in rel.parts for pat in ignore):
            continue
        (files if path.suffix.lower() in SUPPORTED else ignored).append(path)
    return files, ignored


def decode_text(data: bytes, name: str, warnings: list[str]) -> str:
    """UTF-8 text of a file's bytes (bad bytes replaced, with a warning); raises ArticleError
    for binary content."""
    if b"\x00" in data[:8192]:
        raise ArticleError(f"{name}: binary content, not a text article; remove or rename it")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        warnings.append(f"{name}: invalid UTF-8 at byte {exc.start}; bad bytes replaced by �")
        return data.decode("utf-8", errors="replace")


def _load_text(rel: str, fmt: str, text: str, out: Loaded) -> None:
    meta: dict = {}
    body_start = 0
    match = FRONT_MATTER.match(text)
    if match:
        try:
            meta = yaml.safe_load(match.group(1)) or {}
        except yaml.YAMLError as exc:
            raise ArticleError(f"{rel}: bad YAML front matter ({exc.__class__.__name__})") from None
        if not isinstance(meta, dict):
            raise ArticleError(f"{rel}: front matter must be `key: value` lines")
        body_start = match.end()
    article, warnings = build_article(rel, rel, fmt, text, meta, body_start, saved=out.saved)
    out.articles.append(article)
    out.warnings += warnings


def _record_article(rel: str, article_id: str, fmt: str, record: Any, out: Loaded) -> None:
    if not isinstance(record, dict):
        raise ArticleError(f"{article_id}: expected a JSON object, got {type(record).__name__}")
    body = pick(record, "text")
    if not isinstance(body, str) or not body.strip():
        raise ArticleError(f"{article_id}: no `text` or `body` field with article text")
    title = str(pick(record, "title") or "").strip()
    # The stored text is "headline, blank line, body", so offsets index one uniform layout.
    text = f"{title}\n\n{body.strip()}" if title else body.strip()
    headline = "first" if title else "detect"
    article, warnings = build_article(
        article_id, rel, fmt, text, record, headline=headline, saved=out.saved
    )
    out.articles.append(article)
    out.warnings += warnings


def _load_json(rel: str, text: str, out: Loaded) -> None:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ArticleError(f"{rel}: invalid JSON at line {exc.lineno}: {exc.msg}") from None
    records = data if isinstance(data, list) else [data]
    for n, record in enumerate(records, 1):
        rid = record.get("id") if isinstance(record, dict) else None
        article_id = rel if not isinstance(data, list) else f"{rel}#{rid or n}"
        try:
            _record_article(rel, article_id, "json", record, out)
        except ArticleError as exc:
            out.warnings.append(str(exc))


def _load_jsonl(rel: str, text: str, out: Loaded) -> None:
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            rid = record.get("id") if isinstance(record, dict) else None
            _record_article(rel, f"{rel}#{rid or n}", "jsonl", record, out)
        except json.JSONDecodeError as exc:
            out.warnings.append(f"{rel}:{n}: invalid JSON ({exc.msg}); line skipped")
        except ArticleError as exc:
            out.warnings.append(f"{str(exc)} (line {n}); line skipped")


def _load_html(rel: str, text: str, out: Loaded) -> None:
    page = read_page(rel, text)
    _record_article(rel, rel, "html", {**page.meta, "title": page.title, "text": page.text}, out)


def _load_feed(rel: str, data: bytes, out: Loaded) -> None:
    feed = feeds.parse_feed(rel, data)
    out.warnings += feed.warnings
    for entry in feed.entries:
        try:
            _record_article(rel, entry.id, "feed", entry.record(), out)
        except ArticleError as exc:
            out.warnings.append(f"{exc}; entry skipped")


def load_file(path: Path, root: Path, data: bytes | None = None) -> Loaded:
    """Load every article in one file (from `data` when the caller already read it); raises
    ArticleError when nothing in it is usable."""
    rel = path.relative_to(root).as_posix()
    out = Loaded()
    try:
        data = path.read_bytes() if data is None else data
        modified = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
    except OSError as exc:
        raise ArticleError(f"{rel}: cannot read ({exc.strerror or exc})") from None
    out.saved = modified.date().isoformat()
    if not data.strip():
        raise ArticleError(f"{rel}: empty file")
    suffix = path.suffix.lower()
    # A feed goes to its parser as bytes: its XML declaration may name an encoding besides UTF-8.
    text = "" if suffix in feeds.SUFFIXES else decode_text(data, rel, out.warnings)
    if suffix in feeds.SUFFIXES:
        _load_feed(rel, data, out)
    elif suffix in (".txt", ".md"):
        _load_text(rel, suffix[1:], text, out)
    elif suffix in (".html", ".htm"):
        _load_html(rel, text, out)
    elif suffix == ".json":
        _load_json(rel, text, out)
    elif suffix == ".jsonl":
        _load_jsonl(rel, text, out)
    else:
        raise ArticleError(f"{rel}: unsupported file type {suffix!r}")
    if not out.articles:
        reasons = "; ".join(out.warnings) or "no articles"
        raise ArticleError(f"{rel}: nothing usable ({reasons})")
    return out
