"""The whole story behind a feed entry that carries only a summary (`full-text` subscriptions).

Many outlets' feeds hold a teaser of a sentence or two; the story is on the linked page. For a
new or edited entry of such a feed the page is fetched with the same limits as feeds (timeout,
size cap, http(s) redirects only) and its article read by the extractor saved `.html` pages use.
The entry keeps the feed's own text as `summary`, so that the next poll can tell an unchanged
entry from an edited one without fetching the page again. When the page cannot be had, or holds
less than the feed did, the feed's text stays the article's text and the reason is reported.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from assistant.errors import ArticleError
from assistant.follow.fetch import Fetched, FetchError
from assistant.ingest.files import decode_text
from assistant.ingest.html import read_page

SUMMARY = "summary"
"""The field keeping the feed's own text of an entry whose text came from its page."""


def feed_text(record: dict[str, Any]) -> str:
    """The text the feed itself gave for an entry written earlier."""
    return record.get(SUMMARY) or record.get("text", "")


def with_full_text(record: dict[str, Any], fetcher: Callable[..., Fetched]) -> tuple[dict, str]:
    """The entry's record with the text of its linked page, and "" or why the page's text was
    not used (the record then keeps the feed's text)."""
    summary = record["text"]
    out = {**record, SUMMARY: summary}
    link = record.get("url") or ""
    if not link:
        return out, "the entry links to no page"
    try:
        got = fetcher(link)
        if got.status != 200:
            return out, f"{link}: HTTP {got.status}"
        declared = got.charset.lower().replace("_", "-")
        html = (
            got.body.decode(got.charset, errors="replace")
            if declared not in ("", "utf-8", "utf8")
            else decode_text(got.body, link, [])
        )
        page = read_page(link, html)
    except (FetchError, ArticleError, LookupError) as exc:  # LookupError: an unknown charset
        return out, str(exc)
    if len(page.text) > len(summary):  # else the feed already carried the whole story
        out["text"] = page.text
    return out, ""
