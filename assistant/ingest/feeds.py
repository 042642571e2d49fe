"""RSS and Atom feeds: each entry of a `.rss`, `.atom` or `.xml` feed file is one article.

`parse_feed` reads a feed file's bytes with feedparser and returns its entries as plain records
(headline, text, date, outlet, authors, link) for `files.py` to turn into `Article`s. Nothing is
fetched: feedparser gets a byte stream, never a string it could take for a URL or a file name,
and it drops external entities (it strips the DOCTYPE's non-literal ENTITY declarations and turns
off expat's external general entities).

An entry's HTML goes through trafilatura, the extractor `.html` files use, as the body of a
page: given a bare fragment of a paragraph or two, trafilatura does not take it for HTML (it logs
errors and returns nothing). Should it still find no text (all of it looks like boilerplate to
it), the fragment is read paragraph by paragraph with the standard library: the publisher put it
in the entry as the story.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from assistant.errors import ArticleError
from assistant.ingest.html import read_page

SUFFIXES = (".rss", ".atom", ".xml")
# An id/guid that is already short and filename-safe is kept as it is ("4812", "post-17").
SAFE_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
SCHEME = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)(?://)?")
# WordPress ends every feed entry with this link back to the site: not a sentence of the story.
WORDPRESS_FOOTER = re.compile(r"^The post .+ appeared first on .+\.$")
# RSS 2.0's <author> is "email (Name)"; feedparser misreads it when the domain's last label is
# longer than 4 letters, so the name is taken from the raw value.
EMAIL_NAME = re.compile(r"^\s*\S+@\S+\s*\((?P<name>[^()]+)\)\s*$")
EMAIL = re.compile(r"^\S+@\S+$")
SLUG_CHARS = 40
TITLE_CHARS = 80  # a headline made from the text of an entry that has none


@dataclass(frozen=True)
class Entry:
    """One feed entry, ready to become an article of the feed file."""

    id: str
    """`<file>#<key>`: see `entry_key`."""
    title: str
    text: str
    """Plain text, paragraphs separated by blank lines."""
    date: str
    """The entry's own `published` (else `updated`) value as the feed writes it, or ""."""
    source: str
    url: str
    authors: tuple[str, ...]

    def record(self) -> dict[str, Any]:
        """The fields `files.py` reads from a record (the same as a JSON article's)."""
        return {
            "title": self.title,
            "text": self.text,
            "date": self.date,
            "source": self.source,
            "url": self.url,
            "author": list(self.authors),
        }


@dataclass
class Feed:
    """The usable entries of one feed file, and warnings about the entries left out."""

    entries: list[Entry] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def entry_key(raw: str) -> str:
    """A stable, filename-safe key for an entry's id, guid or link.

    Ids are mostly URLs or `tag:` URIs, whose `/`, `?`, `:` and `#` would need quoting in a shell,
    a file name or a URL: such a value becomes a readable slug of its last words (a URL's end
    names the story, its start the site) plus 8 hex digits of its sha256, which keeps two ids
    that slug alike apart and stays the same on every sync.
    """
    if SAFE_KEY.fullmatch(raw):
        return raw
    words = re.sub(r"[^a-z0-9]+", " ", SCHEME.sub("", raw.lower())).split()
    slug = ""
    for word in reversed(words):  # whole words from the end, up to 40 characters
        if slug and len(word) + 1 + len(slug) > SLUG_CHARS:
            break
        slug = f"{word}-{slug}" if slug else word[-SLUG_CHARS:]
    digest = hashlib.sha256(raw.encode("utf-8")).hexdigest()[:8]
    return f"{slug}-{digest}" if slug else digest


class _Paragraphs(HTMLParser):
    """Text of an HTML fragment, one string per block element."""

    BLOCKS = frozenset(
        "address article aside blockquote dd div dl dt figure footer header hr li main ol p pre "
        "section table td th tr ul".split()
    )
    # Skipped like trafilatura skips them: code, and captions and subheads, which are not prose
    # of the story.
    SKIP = frozenset("script style noscript template figcaption h1 h2 h3 h4 h5 h6".split())

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.buffer: list[str] = []
        self.skipping = 0

    def flush(self) -> None:
        # Two <br> in a row separate paragraphs in many feeds' summaries; one is a line break.
        for block in re.split(r"\n[ \t]*\n", "".join(self.buffer)):
            lines = (" ".join(line.split()) for line in block.split("\n"))
            if text := "\n".join(line for line in lines if line):
                self.paragraphs.append(text)
        self.buffer.clear()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag == "br":
            self.buffer.append("\n")
        elif tag in self.BLOCKS:
            self.flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.flush()

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.buffer.append(data.replace("\n", " "))


def html_paragraphs(html: str) -> list[str]:
    """The paragraphs of an HTML fragment, by the standard library's HTML parser."""
    parser = _Paragraphs()
    parser.feed(html)
    parser.close()
    parser.flush()
    return parser.paragraphs


def html_text(html: str) -> str:
    """An entry's HTML as plain text, read as `.html` pages are (html.py): paragraphs separated
    by blank lines, sub-headings as `## ` lines; a leading heading repeats the entry's title."""
    try:
        paragraphs = read_page("entry", f"<html><body>{html}</body></html>").text.split("\n\n")
    except ArticleError:  # trafilatura found no article in it: keep every block
        paragraphs = html_paragraphs(html)
    return "\n\n".join(p for p in paragraphs if not WORDPRESS_FOOTER.match(p))


def _body(entry: dict) -> str:
    """`content:encoded` / Atom `content` when present, else `summary` / `description`."""
    parts = [c for c in entry.get("content", []) if str(c.get("value", "")).strip()]
    detail = parts[0] if parts else entry.get("summary_detail") or {}
    value = str(detail.get("value") or entry.get("summary") or "")
    if not value.strip():
        return ""
    if "html" in str(detail.get("type", "text/html")):
        return html_text(value)
    return "\n\n".join(" ".join(p.split()) for p in re.split(r"\n\s*\n", value) if p.strip())


def _title(entry: dict, source: str) -> str:
    title = str(entry.get("title") or "")
    if "html" in str(entry.get("title_detail", {}).get("type", "")):
        title = " ".join(html_paragraphs(title))
    title = " ".join(title.split())  # one line: the article text starts with it
    # Aggregators (Google News) append the outlet to every headline: "Headline - Outlet".
    if source and title.endswith(f" - {source}"):
        title = title[: -len(source) - 3].rstrip()
    return title


def _headline(text: str) -> str:
    """A headline for an entry without a title (a Mastodon post): its first line, shortened."""
    first = text.split("\n", 1)[0]
    return first if len(first) <= TITLE_CHARS else first[: TITLE_CHARS - 1].rstrip() + "…"


def _authors(entry: dict) -> tuple[str, ...]:
    raw = str(entry.get("author") or "").strip()
    match = EMAIL_NAME.match(raw)
    if match:
        return (match.group("name").strip(),)
    if EMAIL.match(raw) and len(entry.get("authors", [])) <= 1:
        return ()  # an address alone names nobody (and feedparser may have split it into one)
    names = (str(a.get("name") or "").strip() for a in entry.get("authors", []))
    return tuple(n for n in names if n and not EMAIL.match(n))


def _repeats_title(text: str, title: str, source: str) -> bool:
    """Whether the text is only the headline (and outlet), as in Google News summaries."""
    words = " ".join(text.split())
    return words in (title, f"{title} {source}".strip())


def parse_feed(rel: str, data: bytes) -> Feed:
    """The entries of the feed file `rel`; raises ArticleError when it holds no feed."""
    import feedparser  # imported here: only corpora with feeds need it

    parsed = feedparser.parse(io.BytesIO(data))
    complaint = str(parsed.get("bozo_exception", "")).strip() if parsed.bozo else ""
    # feedparser takes an <item> anywhere for an entry; only a feed's root element sets a version.
    if not parsed.version:
        detail = f" ({complaint})" if complaint else ""
        raise ArticleError(
            f"{rel}: not an RSS or Atom feed{detail}; remove the file or rename it to a suffix "
            "the assistant ignores"
        )
    if not parsed.entries:
        if complaint:
            raise ArticleError(f"{rel}: broken feed ({complaint}); fix the XML or remove the file")
        raise ArticleError(f"{rel}: the feed has no entries")
    feed = Feed()
    if complaint:
        feed.warnings.append(
            f"{rel}: the feed is not well-formed ({complaint}); the {len(parsed.entries)} "
            "entries the parser recovered were loaded: check them against the feed"
        )
    outlet = " ".join(str(parsed.feed.get("title") or "").split())
    seen: set[str] = set()
    for n, entry in enumerate(parsed.entries, 1):
        key = entry_key(str(entry.get("id") or entry.get("link") or n))
        entry_id = f"{rel}#{key}"
        if entry_id in seen:
            feed.warnings.append(
                f"{entry_id}: a second entry with the same id (entry {n}); skipped"
            )
            continue
        seen.add(entry_id)
        source = " ".join(str(entry.get("source", {}).get("title") or "").split()) or outlet
        text = _body(entry)
        title = _title(entry, source)
        if not text or _repeats_title(text, title, source):
            feed.warnings.append(f"{entry_id}: the entry has no article text (entry {n}); skipped")
            continue
        title = title or _headline(text)
        # dict.get: feedparser's own get answers `updated` with `published` (and a warning)
        date = entry.get("published") or dict.get(entry, "updated") or ""
        link = str(entry.get("link") or "")
        feed.entries.append(Entry(entry_id, title, text, date, source, link, _authors(entry)))
    return feed
