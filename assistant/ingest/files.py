"""Find article files in the corpus folder and load them as `Article`s.

Formats: `.txt` (headline on the first line) and `.md`, both with optional YAML front matter;
`.html` (text and metadata extracted by trafilatura); `.json` (an object or a list of objects)
and `.jsonl` (one object per line) with `title`, `text`/`body`, `date`/`published_at`, `source`,
`url`, `author`. A bad record of a JSON Lines file is reported and the good ones still load.
`.rss`, `.atom` and `.xml` feeds: one article per entry (see `feeds.py`).
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import hashlib
import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from assistant.errors import ArticleError, CorpusError
from assistant.ingest import feeds
from assistant.ingest.layout import parse_layout
from assistant.types import UNKNOWN_DATE, Article

log = logging.getLogger(__name__)

SUPPORTED = (".txt", ".md", ".html", ".htm", ".json", ".jsonl", *feeds.SUFFIXES)
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
FIELDS = {
    "title": ("title", "headline"),
    "text": ("text", "body", "content", "article"),
    "date": ("date", "published_at", "published", "datePublished", "pubdate"),
    "source": ("source", "outlet", "publisher", "sitename"),
    "url": ("url", "link"),
    "author": ("author", "authors", "byline"),
}


@dataclass
class Loaded:
    """The articles of one file, and warnings about parts that could not be used."""

    articles: list[Article] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


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


def normalize_date(value: Any) -> str | None:
    """ISO date from metadata, or None when it cannot be read (the caller warns)."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    from dateutil import parser  # imported here: only metadata with dates needs it

    try:
        return parser.parse(str(value)).date().isoformat()
    except (ValueError, OverflowError):
        return None


def _pick(meta: dict, key: str) -> Any:
    return next((meta[k] for k in FIELDS[key] if meta.get(k) not in (None, "")), None)


def _names(value: Any) -> tuple[str, ...]:
    if not value:
        return ()
    items = value if isinstance(value, list) else re.split(r";|,|\band\b", str(value))
    return tuple(n.strip() for n in map(str, items) if n.strip())


def build_article(
    article_id: str, path: str, fmt: str, text: str, meta: dict, body_start: int = 0
) -> tuple[Article, list[str]]:
    """An Article from text whose first line (at body_start) is the headline, plus warnings."""
    warnings = []
    layout = parse_layout(text, body_start)
    title = str(_pick(meta, "title") or layout.headline).strip()
    if not layout.body:
        raise ArticleError(f"{article_id}: no article text found (only a headline or boilerplate)")
    raw_date = _pick(meta, "date")
    date = normalize_date(raw_date)
    if raw_date and date is None:
        warnings.append(f"{article_id}: cannot read date {raw_date!r}; date left unknown")
    authors = _names(_pick(meta, "author")) or tuple(layout.authors)
    fields = dict(
        title=title,
        date=date or UNKNOWN_DATE,
        source=str(_pick(meta, "source") or layout.outlet),
        place=layout.place,
        url=str(_pick(meta, "url") or ""),
        authors=authors,
        editors=tuple(layout.editors),
    )
    digest = hashlib.sha256(
        (text + json.dumps(fields, sort_keys=True, default=str)).encode("utf-8")
    ).hexdigest()
    article = Article(
        id=article_id,
        path=path,
        text=text,
        body=tuple(layout.body),
        content_hash=digest,
        format=fmt,
        **fields,
    )
    return article, warnings


def _decode(data: bytes, name: str, warnings: list[str]) -> str:
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
    article, warnings = build_article(rel, rel, fmt, text, meta, body_start)
    out.articles.append(article)
    out.warnings += warnings


def _record_article(rel: str, article_id: str, fmt: str, record: Any, out: Loaded) -> None:
    if not isinstance(record, dict):
        raise ArticleError(f"{article_id}: expected a JSON object, got {type(record).__name__}")
    body = _pick(record, "text")
    if not isinstance(body, str) or not body.strip():
        raise ArticleError(f"{article_id}: no `text` or `body` field with article text")
    title = str(_pick(record, "title") or "").strip()
    # The stored text is "headline, blank line, body", so offsets index one uniform layout.
    text = f"{title}\n\n{body.strip()}" if title else body.strip()
    article, warnings = build_article(article_id, rel, fmt, text, record)
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
    import trafilatura  # heavy import, only for HTML corpora

    doc = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False)
    body = getattr(doc, "text", None) if doc is not None else None
    if not body or not body.strip():
        raise ArticleError(f"{rel}: no article text found in the HTML")
    meta = {
        "title": doc.title,
        "date": doc.date,
        "source": doc.sitename or doc.hostname,
        "url": doc.url,
        "author": doc.author,
    }
    _record_article(rel, rel, "html", {**meta, "text": body}, out)


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
    except OSError as exc:
        raise ArticleError(f"{rel}: cannot read ({exc.strerror or exc})") from None
    if not data.strip():
        raise ArticleError(f"{rel}: empty file")
    suffix = path.suffix.lower()
    # A feed goes to its parser as bytes: its XML declaration may name an encoding besides UTF-8.
    text = "" if suffix in feeds.SUFFIXES else _decode(data, rel, out.warnings)
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
