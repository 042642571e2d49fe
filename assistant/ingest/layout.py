"""Where the headline, the metadata lines and the citable prose of a news text are.

`parse_layout` walks a text line by line. Before the first prose line (the "head") it reads the
headline, header lines, bylines, outlet lines and labels; the first prose line may open with a
dateline, which gives place, outlet and maybe a month and day and is left out of the prose. After
that, metadata lines (credits, captions, boilerplate, headings, "Read more" boxes) still end a
paragraph and are skipped. Spans index the original text, so citations keep their offsets.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from assistant.ingest.dates import MonthDay
from assistant.ingest.lines import Meta, classify, known_outlet, split_names
from assistant.language.dates import MONTH, MONTHS
from assistant.language.places import place

# "ANKARA (Reuters) -", "VALENCIA, Aug 1 (Reuters) -", "VALENCIA, Spain, Aug 3 (AP) -",
# "RIO DE JANEIRO (Reuters) -", "SPRINGFIELD, Ill. —", "(CNN) —"; the space after the dash is
# optional (the seed article has "-Japan’s"). `_dateline` decides which matches are datelines.
DATELINE = re.compile(
    rf"""^(?P<place>[A-Z][\w.'’-]*(?:\ [A-Z][\w.'’-]*){{0,3}})?
        (?:,\s*(?P<region>[A-Z][\w.]*(?:\ [A-Z][\w.]*){{0,2}}))?
        (?:,?\s*(?P<month>{MONTH})\s+(?P<day>\d{{1,2}})(?:,\s*(?P<year>(?:19|20)\d\d))?)?
        \s*(?:\((?P<outlet>[^()\n]{{2,40}})\))?
        \s*[-–—]+\s*""",
    re.VERBOSE,
)
DATE_KEY = re.compile(r"date|published|posted|updated")  # "Published on:", "Last updated:"
TERMINAL = tuple(".!?…:;,\"”’'")


@dataclass
class Layout:
    """Where the parts of a news text are; spans index the text given to `parse_layout`."""

    headline: str = ""
    body: list[tuple[int, int]] = field(default_factory=list)
    """Paragraph spans of citable prose."""
    title: str = ""
    """A `Title:` header line's value."""
    place: str = ""
    outlet: str = ""
    """From a `Source:` header, a lone outlet line or the dateline, in that order."""
    url: str = ""
    authors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    dates: list[tuple[str, str]] = field(default_factory=list)
    """(key, value) of each date header line ("updated", "Sun June 12, 2022"), in file order."""
    dateline: MonthDay | None = None


def _lines(text: str, start: int) -> Iterator[tuple[int, int]]:
    """(line_start, line_end) for each line of text[start:]; line_end excludes the newline."""
    pos = start
    while pos < len(text):
        nl = text.find("\n", pos)
        line_end = len(text) if nl == -1 else nl
        yield pos, line_end
        pos = line_end + 1


def _place(name: str) -> str:
    """ "RIO DE JANEIRO" -> "Rio de Janeiro"."""
    words = name.strip(" ,").title().split()
    small = {"De", "Da", "Do", "Del", "La", "Of", "Es", "Al"}
    return " ".join(w.lower() if i and w in small else w for i, w in enumerate(words))


def _dateline(line: str) -> re.Match | None:
    m = DATELINE.match(line)
    if not m:
        return None
    place, outlet = m.group("place") or "", m.group("outlet") or ""
    if outlet and known_outlet(outlet):
        return m
    # Without a known outlet only a capitals place ("SPRINGFIELD, Ill. —") is a dateline.
    if place.isupper() and (outlet or m.group("month") or m.group("region")):
        return m
    return None


def _headline_like(line: str) -> bool:
    """Headlines have no closing period; one ending in an abbreviation ("… the U.S.") may."""
    if re.search(r"(?:\b[A-Z]\.){2,}$", line):
        line = line[:-1]
    return len(line.split()) <= 30 and not line.endswith(tuple(".:;,"))


def _label_like(line: str) -> bool:
    """A kicker or section label above the prose ("Climate crisis", "World")."""
    return len(line.split()) <= 3 and not line.endswith(TERMINAL)


class _Reader:
    """The state of one `parse_layout` pass."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.layout = Layout()
        self.paragraph: list[int] = []  # [start, end] of the paragraph being built
        self.in_box = False  # inside a "Read more:" box, skipped to the next blank line

    def close(self) -> None:
        if self.paragraph:
            self.layout.body.append((self.paragraph[0], self.paragraph[1]))
            self.paragraph.clear()

    def note(self, meta: Meta) -> None:
        """Keep what a metadata line says (the first value of each kind wins)."""
        lay = self.layout
        lay.authors += [a for a in meta.authors if a not in lay.authors]
        lay.editors += [e for e in meta.editors if e not in lay.editors]
        lay.outlet = lay.outlet or meta.outlet
        key, value = meta.key, meta.value
        if meta.kind == "stamp" or DATE_KEY.search(key):
            lay.dates.append(("updated" if "updated" in key else key, value))
        elif key in ("source", "outlet", "publisher", "publication"):
            lay.outlet = lay.outlet or known_outlet(value) or value
        elif key in ("author", "authors", "by", "byline", "writer"):
            lay.authors += [a for a in split_names(value) if a not in lay.authors]
        elif key in ("title", "headline"):
            lay.title = lay.title or value
        elif key in ("url", "link"):
            lay.url = lay.url or value
        elif key in ("location", "dateline"):
            lay.place = lay.place or value
        self.in_box = meta.kind == "box"

    def dateline(self, line: str) -> int:
        """Length of the dateline opening the first prose line (0 when there is none)."""
        m = _dateline(line)
        if not m:
            return 0
        lay = self.layout
        lay.place = lay.place or _place(m.group("place") or "")
        region = m.group("region") or ""
        if lay.place and place(region):  # "VALENCIA, Spain, Aug 3 (AP) -": the country too
            lay.place = f"{lay.place}, {region}"
        lay.outlet = lay.outlet or known_outlet(m.group("outlet") or "")
        if m.group("month"):
            text = line[m.start("month") : m.end("year") if m.group("year") else m.end("day")]
            month = MONTHS[m.group("month").lower().rstrip(".")]
            year = int(m.group("year") or 0)
            lay.dateline = MonthDay(month, int(m.group("day")), text, year)
        return m.end()


def parse_layout(text: str, start: int = 0, *, headline: str = "detect") -> Layout:
    """Split text[start:] into headline, metadata and prose paragraphs.

    `headline="first"`: the first non-empty line is the headline (a record's title was put
    there). `"detect"`: the first line of the head that is a `#` heading or reads like a headline
    (no closing period, a line of its own) is; a file that opens with prose has none.
    """
    reader = _Reader(text)
    lay = reader.layout
    lines = list(_lines(text, start))
    head, want_headline, dateline_done = True, True, False
    for i, (line_start, line_end) in enumerate(lines):
        raw = text[line_start:line_end]
        line = raw.strip()
        if not line:
            reader.close()
            reader.in_box = False
            continue
        if reader.in_box:
            continue
        lead = line_start + (len(raw) - len(raw.lstrip()))
        trail = lead + len(line)
        if want_headline and headline == "first":
            lay.headline, want_headline = line.lstrip("#").strip(), False
            continue
        meta = classify(line, head)
        # A headline or label stands alone: a short line wrapped into more prose is prose.
        following = text[slice(*lines[i + 1])].strip() if i + 1 < len(lines) else ""
        alone = not following or classify(following, head) is not None
        if meta is None and head and alone and want_headline and _headline_like(line):
            lay.headline, want_headline = line, False
            continue
        if meta is not None:
            reader.close()
            if meta.kind == "heading" and head and want_headline:
                lay.headline, want_headline = meta.value, False
            if meta.key in ("title", "headline"):
                want_headline = False
            reader.note(meta)
            continue
        if head and alone and _label_like(line):
            continue
        if head and not dateline_done:
            dateline_done = True
            lead += reader.dateline(line)
            if lead >= trail:  # the dateline stood on a line of its own
                continue
        head = False
        if reader.paragraph:
            reader.paragraph[1] = trail
        else:
            reader.paragraph.extend([lead, trail])
    reader.close()
    return lay
