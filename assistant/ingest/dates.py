"""An article's date from the evidence its file carries, never guessed.

Evidence, strongest first: explicit metadata (front matter, JSON fields, HTML meta), a header
line (`Date: 2022-06-12`, `Updated 10:32 AM EDT, Sun June 12, 2022`), the dateline
(`VALENCIA, Aug 1 (Reuters) -`), the file name (`2022-06-12_fiji.txt`). A dateline has no year:
it takes the year of the file's other evidence only when that cannot be wrong. With no other
evidence, it takes the year of the file's modification time when that puts the dateline at most
`FILE_TIME_DAYS` before it — a wire story saved the day after it was filed, as newsroom tools
read it — and says so (`date_from` "dateline + file time"); otherwise the date stays unknown.
The file time alone never dates an article: it says when the file was copied, not written.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from assistant.language.dates import NUMERIC, find_date, iso_date

# File names: "2022-06-12_fiji.txt", "20220612-fiji.txt", "fiji-2022_06_12.md".
FILE_NAME = re.compile(
    r"(?<!\d)(?P<year>(?:19|20)\d\d)[-_.]?(?P<month>\d\d)[-_.]?(?P<day>\d\d)(?!\d)"
)


@dataclass(frozen=True)
class MonthDay:
    """A date without a year, as a dateline gives it ("Aug 1")."""

    month: int
    day: int
    text: str
    """As written, e.g. "Aug 1"."""
    year: int = 0
    """Set when the dateline has one ("Aug 3, 2022 (AFP)")."""


@dataclass(frozen=True)
class Dated:
    """The date chosen for an article and where it came from."""

    date: dt.date | None = None
    """None when unknown."""
    source: str = ""
    """"metadata", "header", "dateline", "dateline + file time", "file name", or "" when
    unknown."""
    note: str = ""
    """Why the date is unknown, e.g. "no date in the file"."""


def normalize_date(value: Any) -> str | None:
    """ISO date from a metadata value, or None when it cannot be read without guessing.

    A value without a four-digit year ("June 12") is unreadable: a parser would fill in the
    current year.
    """
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):  # YAML timestamps; an aware one keeps its local date
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if not re.search(r"(?<!\d)(?:19|20)\d\d(?!\d)", text):
        return None
    found = find_date(text)
    if found or NUMERIC.search(text):  # an ambiguous "12/06/2022" is not parsed either way
        return found
    from dateutil import parser  # only for the rarer shapes the patterns above do not read

    try:
        return parser.parse(text).date().isoformat()
    except (ValueError, OverflowError):
        return None


def file_name_date(name: str) -> str | None:
    """ISO date in a file name such as "2022-06-12_fiji.txt" or "20220612-fiji.txt"."""
    m = FILE_NAME.search(name)
    return iso_date(int(m.group("year")), int(m.group("month")), int(m.group("day"))) if m else None


def dateline_date(day: MonthDay, others: list[str]) -> tuple[str | None, str]:
    """The dateline's month/day with the year of the file's other dates, or (None, why).

    A dateline with its own year needs no other evidence. Otherwise the year is taken only when
    all other dates share it and the dateline date is not after them (a story is filed before
    it is published or saved): "Dec 31" in a file named 2023-01-01 may be either year, so it
    stays unknown.
    """
    if day.year:
        iso = iso_date(day.year, day.month, day.day)
        return (iso, "") if iso else (None, f"dateline {day.text!r} is not a date")
    if not others:
        return None, f"dateline {day.text!r} without a year"
    years = {d[:4] for d in others}
    if len(years) != 1:
        return None, f"dateline {day.text!r} and dates of different years in the file"
    iso = iso_date(int(years.pop()), day.month, day.day)
    if iso is None:
        return None, f"dateline {day.text!r} is not a date"
    latest = max(dt.date.fromisoformat(d) for d in others)
    if dt.date.fromisoformat(iso) > latest + dt.timedelta(days=2):
        return None, f"dateline {day.text!r} comes after the file's date {latest}: year unclear"
    return iso, ""


FILE_TIME = "dateline + file time"
FILE_TIME_DAYS = 31
"""How long before the file's modification time a dateline's month and day may fall to take
its year ("Aug 3" in a file saved on 4 August is 3 August of that year; in one saved in
December it is undated)."""


def file_time_date(day: MonthDay, saved: str) -> str | None:
    """The dateline's month and day in the year that puts them within `FILE_TIME_DAYS` before
    the file's save date `saved` (ISO; "Dec 30" saved on 2 January is the year before), or
    None."""
    when = dt.date.fromisoformat(saved)
    for year in (when.year, when.year - 1):
        iso = iso_date(year, day.month, day.day)
        if iso and -1 <= (when - dt.date.fromisoformat(iso)).days <= FILE_TIME_DAYS:
            return iso  # a day after the save time: the save time's zone is not the dateline's
    return None


def header_date(dates: list[tuple[str, str]]) -> tuple[str | None, str]:
    """The date of the header lines, or (None, why): a publication date beats an update."""
    ordered = [v for k, v in dates if k != "updated"] + [v for k, v in dates if k == "updated"]
    for value in ordered:
        found = find_date(value)
        if found:
            return found, ""
    return None, f"unreadable date {ordered[0]!r} in a header line" if ordered else ""


def resolve_date(
    meta: str | None,
    header: str | None,
    dateline: MonthDay | None,
    file_name: str | None,
    unreadable: str = "",
    saved: str | None = None,
) -> Dated:
    """The strongest evidence wins; `unreadable` says why a metadata date could not be used;
    `saved` is the file's modification date (ISO), for a dateline without a year."""
    if meta:
        return Dated(dt.date.fromisoformat(meta), "metadata")
    if header:
        return Dated(dt.date.fromisoformat(header), "header")
    note = unreadable or "no date in the file"
    if dateline:
        iso, why = dateline_date(dateline, [d for d in (file_name,) if d])
        if iso:
            return Dated(dt.date.fromisoformat(iso), "dateline")
        if not file_name and saved and (iso := file_time_date(dateline, saved)):
            return Dated(dt.date.fromisoformat(iso), FILE_TIME)
        note = unreadable or why
    if file_name:
        return Dated(dt.date.fromisoformat(file_name), "file name")
    return Dated(None, "", note)
