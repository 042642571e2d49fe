"""Dates as news writes them, read one way for ingest (an article's date), the question's time
words (`when.py`) and the quantities an answer compares: month names, written dates with a year
("12 June 2022", "Sun June 12, 2022", "2022-06-12") and unambiguous numeric ones."""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    name: n
    for n, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        1,
    )
    for name in names
}
MONTH = r"(?i:{})\.?".format("|".join(sorted(MONTHS, key=len, reverse=True)))
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
# Written-out dates with a year: "2022-06-12", "12 June 2022", "Sun June 12, 2022", "2022/06/12".
WRITTEN = [
    re.compile(rf"\b{_YEAR}[-/.](?P<month>\d{{1,2}})[-/.]{_DAY}\b"),
    re.compile(rf"\b{_DAY}\s+(?P<mname>{MONTH}),?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b(?P<mname>{MONTH})\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),
]
# "12/06/2022" reads as 12 June or 6 December: only an unambiguous one (a part > 12) is used.
NUMERIC = re.compile(r"\b(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<year>(?:19|20)\d\d)\b")


def iso_date(year: int, month: int, day: int) -> str | None:
    """The ISO date of a day, or None when there is no such day (30 February)."""
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def find_date(text: str) -> str | None:
    """The ISO date written in a header line or meta value, or None when it has no full date."""
    for pattern in WRITTEN:
        m = pattern.search(text)
        if m:
            month = int(m.group("month")) if "month" in m.groupdict() else None
            if month is None:
                month = MONTHS[m.group("mname").lower().rstrip(".")]
            return iso_date(int(m.group("year")), month, int(m.group("day")))
    m = NUMERIC.search(text)
    if m:
        a, b = int(m.group("a")), int(m.group("b"))
        if (a > 12) != (b > 12):  # exactly one reading is a valid month/day order
            day, month = (a, b) if a > 12 else (b, a)
            return iso_date(int(m.group("year")), month, day)
    return None
