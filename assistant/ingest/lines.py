"""Which lines of a news text are metadata, not prose: one line at a time.

Exports of real outlets and tools surround the prose with header lines (`Date:`, `Updated …`,
`By …`, `Source:`), a lone outlet line (`Reuters —`, `BBC News`), image credits and captions,
credits (`(Reporting by …)`) and boilerplate ("Read more", tags, bare URLs). None of them may
become a citable sentence, but most still say something about the article: `classify` returns
what a line says, or None for prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.language.dates import find_date

OUTLETS = (
    "Reuters|Thomson Reuters|AP|Associated Press|The Associated Press|AFP|Agence France-Presse"
    "|BBC|BBC News|CNN|The Guardian|Guardian|The Observer|The New York Times|New York Times"
    "|The Washington Post|Washington Post|Bloomberg|Al Jazeera|NPR|ABC News|CBS News|NBC News"
    "|Sky News|The Independent|Financial Times|The Times|The Telegraph|DW|Deutsche Welle|dpa"
    "|Xinhua|Kyodo|Kyodo News|PA|PA Media|UPI|Euronews|France 24|RNZ|ABC|Fiji Times"
)
OUTLET_LINE = re.compile(rf"^\(?(?P<outlet>{OUTLETS})\)?\s*[-–—:|]*$", re.IGNORECASE)
# `Key: value` header lines; BBC exports write "Image caption, …" and "Image source, …".
HEADER = re.compile(
    r"^(?P<key>date|dated|published(?: on| at)?|first published(?: on)?|updated|last updated"
    r"|posted(?: on)?|source|sources|author|authors|by|byline|writer|title|headline|section"
    r"|category|categories|tags|keywords|url|link|outlet|publisher|publication|location"
    r"|dateline|word count|words|length|language|image|images|photo|photos|picture|photograph"
    r"|illustration|credit|credits|caption|video|copyright|read time|reading time)"
    r"\s*:\s*(?P<value>.*)$"
    r"|^(?P<bbc>image caption|media caption|image source|video caption),\s*(?P<bbcvalue>.*)$",
    re.IGNORECASE,
)
# "Updated 10:32 AM EDT, Sun June 12, 2022", "First published on Sun 12 Jun 2022 10.32 BST".
STAMP = re.compile(
    r"^(?P<key>published|first published|updated|last updated|posted)(?:\s+on)?\s+(?P<value>"
    r".*\d.*)$",
    re.IGNORECASE,
)
CREDIT_LINE = re.compile(
    r"^\(?\s*(?:(?:additional\s+)?reporting|writing|editing|compiled|compiling)\s+by\b.*\)?$",
    re.IGNORECASE,
)
# A caption that ends in its photo credit: "… Photograph: Jo Roe/AFP", "… (Photo: EPA)".
CAPTION = re.compile(
    r"(?:\b(?:photo|photograph|picture|image|illustration)s?\s*:\s*[^.]{2,80}"
    r"|\((?:photo|image|picture)[^)]{0,80}\)|\S/\s?(?:AFP|AP|Reuters|EPA|Getty Images|PA)"
    r"(?: via Getty Images)?\)?)$",
    re.IGNORECASE,
)
BYLINE = re.compile(r"^By\s+(?P<rest>[^.!?:;]{2,120})$", re.IGNORECASE)
NAME_WORD = re.compile(r"^(?:[A-Z][\w.’'-]*|de|da|del|van|von|der|bin|al-\w+)$")
BOX = re.compile(
    r"^(?:read more|related(?: stories| coverage| articles?| content| topics)?|more on this story"
    r"|see also|most read|you may also like|more from \w+|top stories)\b\s*:?$",
    re.IGNORECASE,
)
BOILERPLATE = [
    re.compile(r"^\S{25,}$"),  # image tags, tracking codes, bare URLs: no prose has no spaces
    re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE),
    re.compile(
        r"^(?:advertisement|read more\b.*|related(?: coverage| articles?| stories)?:.*|sign up\b.*"
        r"|click here\b.*|share this\b.*|share|follow us\b.*|subscribe\b.*|listen to this.*"
        r"|skip to .*|watch:.*)$",
        re.IGNORECASE,
    ),
    re.compile(r"^(?:©|\(c\)|copyright\b).*$", re.IGNORECASE),
    re.compile(r"^[\W_]+$"),  # separators such as "***" or "---"
    re.compile(r"^!\[[^\]]*\]\([^)]*\)$"),  # a Markdown image
    re.compile(r"^(?:#[\w/-]+\s*)+$"),  # Obsidian tags: "#climate #fiji"
]
MARKDOWN_HEADING = re.compile(r"^#{1,6}\s")


@dataclass(frozen=True)
class Meta:
    """What a metadata line says; `kind` is one of the values listed on each field."""

    kind: str
    """header, stamp, byline, outlet, credit, caption, box, boilerplate or heading."""
    key: str = ""
    """A header's key, lower-cased ("date", "source", …)."""
    value: str = ""
    authors: tuple[str, ...] = ()
    editors: tuple[str, ...] = ()
    outlet: str = ""


def is_boilerplate(line: str) -> bool:
    return any(p.match(line) for p in BOILERPLATE)


def known_outlet(text: str) -> str:
    """The outlet named by a whole string ("BBC News", "(AP)"), or ""."""
    m = OUTLET_LINE.match(text.strip())
    return m.group("outlet") if m else ""


def split_names(names: str) -> list[str]:
    """ "Ece Toksabay and Tuvan Gumrukcu in Ankara, Timothy Kelly in Tokyo" -> three names."""
    out = []
    for part in re.split(r",|;|\||\band\b|&", names):
        name = re.sub(r"\s+in\s+[A-Z][\w .’'-]*$", "", part.strip()).strip(" .)(")
        if name and name[0].isupper():
            out.append(name)
    return out


def parse_credits(line: str) -> tuple[list[str], list[str]]:
    """Authors and editors from a `(Reporting by …; Editing by …)` line.

    Wire copy often loses the separator ("…in TokyoEditing by Gareth Jones"), so roles are found
    by their keywords, not by punctuation.
    """
    body = line.strip().strip("()")
    body = re.sub(
        r"(?<=[a-z])(?=(?:Additional reporting|Reporting|Writing|Editing)\s+by)", "; ", body
    )
    parts = list(
        re.finditer(
            r"(?P<role>(?:additional\s+)?reporting|writing|editing|compiled|compiling)\s+by\s+",
            body,
            re.IGNORECASE,
        )
    )
    authors: list[str] = []
    editors: list[str] = []
    for i, match in enumerate(parts):
        end = parts[i + 1].start() if i + 1 < len(parts) else len(body)
        names = split_names(body[match.end() : end].strip(" ;"))
        (editors if match.group("role").lower() == "editing" else authors).extend(names)
    return authors, editors


def parse_byline(line: str) -> Meta | None:
    """ "By Jane Doe and Tom Roe, CNN" -> authors and outlet; None for prose ("By then, …")."""
    m = BYLINE.match(line)
    if not m:
        return None
    authors, outlet = [], ""
    for name in split_names(m.group("rest")):
        # AP writes "By JANE DOE Associated Press": the outlet ends the last name.
        tail = re.search(rf"\s+(?:for\s+)?({OUTLETS})$", name)
        if tail and not known_outlet(name):
            outlet, name = tail.group(1), name[: tail.start()]
        if known_outlet(name):
            outlet = outlet or known_outlet(name)
            continue
        words = name.split()
        if not all(NAME_WORD.match(w) for w in words) or len(words) > 4:
            if not authors:
                return None  # lower-case words first: a sentence that starts with "By"
            continue  # a job title after the names ("Climate correspondent")
        authors.append(name.title() if name.isupper() else name)
    return Meta("byline", authors=tuple(authors), outlet=outlet) if authors else None


def classify(line: str, head: bool) -> Meta | None:
    """What the stripped, non-empty `line` says, or None when it is prose.

    `head` is true before the first prose paragraph, where header, date and byline lines stand;
    later the same words may begin a sentence.
    """
    if MARKDOWN_HEADING.match(line):
        return Meta("heading", value=line.lstrip("#").strip())
    if BOX.match(line):
        return Meta("box")
    if is_boilerplate(line):
        return Meta("boilerplate")
    line = line.strip("*_ ") or line  # Markdown emphasis: "*By Jane Doe*", "_Photo: AP_"
    if CREDIT_LINE.match(line):
        authors, editors = parse_credits(line)
        return Meta("credit", authors=tuple(authors), editors=tuple(editors))
    header = HEADER.match(line)
    if header:
        key = (header.group("key") or header.group("bbc")).lower()
        value = (header.group("value") or header.group("bbcvalue") or "").strip()
        return Meta("header", key=key, value=value)
    if known_outlet(line):
        return Meta("outlet", outlet=known_outlet(line))
    if CAPTION.search(line):
        return Meta("caption", value=line)
    if head:
        stamp = STAMP.match(line)
        if stamp:
            return Meta("stamp", key=stamp.group("key").lower(), value=stamp.group("value"))
        if len(line.split()) <= 7 and find_date(line) and not line.endswith("."):
            return Meta("stamp", key="date", value=line)  # a date on a line of its own
        return parse_byline(line)
    return None
