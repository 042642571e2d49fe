"""One `Article` from a text, its metadata and its layout: the step every format shares.

Metadata given with the text (front matter, JSON fields, HTML meta) wins over what the text's
own lines say (header lines, byline, dateline), which wins over the file name.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import PurePosixPath
from typing import Any

from assistant.errors import ArticleError
from assistant.ingest.dates import file_name_date, header_date, normalize_date, resolve_date
from assistant.ingest.layout import parse_layout
from assistant.ingest.lines import split_names
from assistant.types import Article, iso

FIELDS = {
    "title": ("title", "headline"),
    "text": ("text", "body", "content", "article"),
    "date": ("date", "published_at", "published", "datePublished", "pubdate"),
    "source": ("source", "outlet", "publisher", "sitename"),
    "url": ("url", "link"),
    "author": ("author", "authors", "byline"),
}


def pick(meta: dict, key: str) -> Any:
    """The first non-empty value of a field under any of its usual names."""
    return next((meta[k] for k in FIELDS[key] if meta.get(k) not in (None, "")), None)


def _names(value: Any) -> tuple[str, ...]:
    if not value:
        return ()
    items = value if isinstance(value, list) else split_names(str(value))
    return tuple(n.strip() for n in map(str, items) if n.strip())


def title_from_name(path: str) -> str:
    """ "news/2022-06-12_fiji-climate.txt" -> "Fiji climate": the title of last resort."""
    stem = PurePosixPath(path.split("#")[0]).stem
    words = re.sub(r"(?:19|20)\d\d[-_.]?\d\d[-_.]?\d\d", " ", stem).replace("_", " ")
    words = " ".join(words.replace("-", " ").split())
    return words[:1].upper() + words[1:]


def build_article(
    article_id: str,
    path: str,
    fmt: str,
    text: str,
    meta: dict,
    body_start: int = 0,
    *,
    headline: str = "detect",
    saved: str | None = None,
) -> tuple[Article, list[str]]:
    """An Article from text[body_start:] (see `parse_layout` for `headline`), plus warnings;
    `saved` is the file's modification date (ISO), for a dateline without a year."""
    warnings = []
    layout = parse_layout(text, body_start, headline=headline)
    if not layout.body:
        raise ArticleError(f"{article_id}: no article text found (only a headline or boilerplate)")
    raw_date = pick(meta, "date")
    meta_date = normalize_date(raw_date)
    unreadable = ""
    if raw_date and meta_date is None:
        unreadable = f"unreadable date {str(raw_date)!r} in the metadata"
        warnings.append(f"{article_id}: {unreadable}; write it as YYYY-MM-DD")
    head_date, head_note = header_date(layout.dates)
    dated = resolve_date(
        meta_date,
        head_date,
        layout.dateline,
        file_name_date(PurePosixPath(path).name),
        unreadable or head_note,
        saved,
    )
    title = pick(meta, "title") or layout.title or layout.headline or title_from_name(path)
    fields = dict(
        title=str(title).strip(),
        date=dated.date,
        date_from=dated.source,
        date_note=dated.note,
        source=str(pick(meta, "source") or layout.outlet),
        place=layout.place,
        url=str(pick(meta, "url") or layout.url),
        authors=_names(pick(meta, "author")) or tuple(layout.authors),
        editors=tuple(layout.editors),
    )
    # The body spans are hashed too: a loader that finds more prose in an unchanged file must
    # re-index it. The date as the store writes it: a store of an older version keeps its hashes.
    hashed = [fields | {"date": iso(dated.date)}, layout.body]
    digest = hashlib.sha256(
        (text + json.dumps(hashed, sort_keys=True, default=str)).encode("utf-8")
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
