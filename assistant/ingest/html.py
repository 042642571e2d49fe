"""Saved HTML pages: trafilatura finds the article; its structure keeps headings out of prose.

trafilatura's plain text joins a page's `<h1>` to the first paragraph with a single newline
("Fire F\\nA wildfire …"), and for short pages it falls back to one run-on paragraph. Its XML
tree keeps headings and paragraphs apart, so the article text is rebuilt from it: headline,
blank line, one paragraph per block; sub-headings become `## ` lines, which are never prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from assistant.errors import ArticleError


@dataclass
class Page:
    """An HTML page's article text and metadata, as the record loaders take them."""

    title: str
    text: str
    """Paragraphs separated by blank lines; sub-headings as `## ` lines."""
    meta: dict[str, Any] = field(default_factory=dict)


@lru_cache(maxsize=1)
def _config():
    from trafilatura.settings import use_config

    config = use_config()
    # The defaults treat a page under 250 characters of text as failed extraction and fall back
    # to a baseline that flattens all structure; a short news brief is still an article.
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "1")
    config.set("DEFAULT", "MIN_OUTPUT_SIZE", "1")
    return config


def _block_paragraphs(element) -> list[str]:
    """The paragraphs of one block: a line break (`<br>`, trafilatura's `<lb/>`) separates
    words, two in a row separate paragraphs, as feeds' summaries and many pages use them."""
    for line_break in element.iter("lb"):
        line_break.text = "\n"
    text = "".join(element.itertext())
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]


def read_page(name: str, html: str) -> Page:
    """The article of a saved page; raises ArticleError when the page has none."""
    import trafilatura  # heavy import, only for HTML corpora

    doc = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, config=_config()
    )
    if doc is None or doc.body is None:
        raise ArticleError(f"{name}: no article text found in the HTML")
    title = (doc.title or "").strip()
    blocks: list[str] = []
    for element in doc.body:
        paragraphs = _block_paragraphs(element)
        if not paragraphs:
            continue
        if element.tag == "head":
            text = " ".join(paragraphs)
            if not blocks:  # a heading above all paragraphs is the page's headline
                title = text
                continue
            paragraphs = [f"## {text}"]
        blocks += paragraphs
    if not any(not b.startswith("## ") for b in blocks):
        raise ArticleError(f"{name}: no article text found in the HTML")
    meta = {
        "date": doc.date,
        "source": doc.sitename or doc.hostname,
        "url": doc.url,
        "author": doc.author,
    }
    return Page(title=title, text="\n\n".join(blocks), meta=meta)
