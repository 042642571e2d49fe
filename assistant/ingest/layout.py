"""What news text carries besides prose: headline, dateline, credits and boilerplate lines.

`parse_layout` reads a text line by line and returns the spans that hold citable prose, so that
a dateline, a `(Reporting by …)` credit line or a `tagreuters.com…-VIEWIMAGE` tag never becomes a
citable sentence, while offsets keep indexing the original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# "ANKARA (Reuters) -", "WASHINGTON, March 3 (AP) —", "LONDON (Reuters) -" (space after the dash
# is optional: the seed article has "-Japan’s").
DATELINE = re.compile(
    r"""^(?P<place>[A-Z][A-Z .,'’/-]{1,40}?)
        (?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?      # optional ", March 3"
        \s*\((?P<outlet>[^()\n]{2,40})\)\s*
        [-–—]+\s*""",
    re.VERBOSE,
)
CREDIT_LINE = re.compile(
    r"^\(?\s*(?:(?:additional\s+)?reporting|writing|editing|compiled|compiling)\s+by\b.*\)?$",
    re.IGNORECASE,
)
CREDIT_PART = re.compile(
    r"(?P<role>(?:additional\s+)?reporting|writing|editing|compiled|compiling)\s+by\s+",
    re.IGNORECASE,
)
BYLINE = re.compile(r"^(?i:by)\s+(?P<names>[A-Z][\w.’'-]+(?:[ ,]+(?:and\s+)?[A-Z][\w.’'-]+){0,8})$")
BOILERPLATE = [
    re.compile(r"^\S{25,}$"),  # image tags, tracking codes, bare URLs: no prose has no spaces
    re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE),
    re.compile(
        r"^(?:advertisement|read more\b.*|related(?: coverage| articles?)?:.*|sign up\b.*"
        r"|click here\b.*|share this\b.*|follow us\b.*|subscribe\b.*)$",
        re.IGNORECASE,
    ),
    re.compile(r"^(?:©|\(c\)|copyright\b).*$", re.IGNORECASE),
    re.compile(r"^[\W_]+$"),  # separators such as "***" or "---"
]
MARKDOWN_HEADING = re.compile(r"^#{1,6}\s")


@dataclass
class Layout:
    """Where the parts of a news text are; spans index the text given to `parse_layout`."""

    headline: str = ""
    body: list[tuple[int, int]] = field(default_factory=list)
    """Paragraph spans of citable prose."""
    place: str = ""
    outlet: str = ""
    authors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)


def is_boilerplate(line: str) -> bool:
    return any(p.match(line) for p in BOILERPLATE)


def split_names(names: str) -> list[str]:
    """ "Ece Toksabay and Tuvan Gumrukcu in Ankara, Timothy Kelly in Tokyo" -> three names."""
    out = []
    for part in re.split(r",|;|\band\b", names):
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
    # Re-insert a break where a role keyword is glued to the previous word.
    body = re.sub(
        r"(?<=[a-z])(?=(?:Additional reporting|Reporting|Writing|Editing)\s+by)", "; ", body
    )
    authors: list[str] = []
    editors: list[str] = []
    parts = list(CREDIT_PART.finditer(body))
    for i, match in enumerate(parts):
        end = parts[i + 1].start() if i + 1 < len(parts) else len(body)
        names = split_names(body[match.end() : end].strip(" ;"))
        (editors if match.group("role").lower() == "editing" else authors).extend(names)
    return authors, editors


def _lines(text: str, start: int, end: int):
    """(line_start, line_end) for each line in text[start:end]; line_end excludes the newline."""
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        line_end = end if nl == -1 else nl
        yield pos, line_end
        pos = line_end + 1


def parse_layout(text: str, start: int = 0, *, headline_first: bool = True) -> Layout:
    """Split text[start:] into headline, prose paragraphs and metadata lines.

    With `headline_first`, the first non-empty line is the headline (a leading markdown `#` is
    dropped). A dateline at the start of the first paragraph gives the place and outlet and is
    left out of the prose span.
    """
    layout = Layout()
    paragraph: list[int] = []  # [start, end] of the paragraph being built
    want_headline = headline_first

    def close() -> None:
        if paragraph:
            layout.body.append((paragraph[0], paragraph[1]))
            paragraph.clear()

    for line_start, line_end in _lines(text, start, len(text)):
        raw = text[line_start:line_end]
        line = raw.strip()
        if not line:
            close()
            continue
        lead = line_start + (len(raw) - len(raw.lstrip()))
        trail = lead + len(line)
        if want_headline:
            layout.headline = line.lstrip("#").strip()
            want_headline = False
            continue
        if MARKDOWN_HEADING.match(line) or is_boilerplate(line):
            close()
            continue
        if CREDIT_LINE.match(line):
            close()
            authors, editors = parse_credits(line)
            layout.authors += authors
            layout.editors += editors
            continue
        byline = BYLINE.match(line)
        if byline and not layout.body and not paragraph:
            layout.authors += split_names(byline.group("names"))
            continue
        if not layout.body and not paragraph and not layout.outlet:
            dateline = DATELINE.match(line)
            if dateline:
                layout.place = dateline.group("place").strip(" ,").title()
                layout.outlet = dateline.group("outlet").strip()
                lead += dateline.end()
        if paragraph:
            paragraph[1] = trail
        else:
            paragraph.extend([lead, trail])
    close()
    return layout
