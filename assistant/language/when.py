"""Time words in a question ("latest", "last week", "in August 2025", "since 1 Aug 2025") read
as dates of the articles.

Relative words count from "now": the date the user answers as of (`--as-of`), else the newest
article date the search may reach, never the clock: a corpus saved last year is read as of its
own newest news. A month or day without a year is the most recent one not after now.

Precision over recall: a word inside a quoted title, inside another word ("known") or in a
hyphenated compound ("now-closed") is not read; a capitalised one that does not open the question
is a name ("USA Today"); a year or month that modifies a noun ("the 2025 floods", "August's race")
says what the news is about, not when it was reported, so neither is read.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from assistant.language.dates import MONTHS, find_date
from assistant.text import STOPWORDS
from assistant.types import TimeReading

Range = tuple[dt.date | None, dt.date | None]

_MONTH = "|".join(sorted((m.capitalize() for m in MONTHS), key=len, reverse=True))
MONTH_NAME = rf"(?:{_MONTH})\.?"  # capitalised only: "may" and "march" are words too
DAY = r"\d{1,2}(?:st|nd|rd|th)?"
YEAR = r"(?:19|20)\d\d"
DAY_MONTH = rf"(?:{DAY}\s+{MONTH_NAME}|{MONTH_NAME}\s+{DAY}\b)"
FULL_DATE = rf"(?:{YEAR}-\d\d-\d\d|{DAY_MONTH},?\s+{YEAR})"
WHEN = rf"(?:{FULL_DATE}|{DAY_MONTH}|{MONTH_NAME}(?:\s+{YEAR})?|{YEAR})"
"""A date, a day without a year, a month (with or without a year) or a year."""
END = r"(?![-\w'’])"
"""Not inside a word, a hyphenated compound or a possessive ("August's")."""

NEWEST = re.compile(
    rf"\b(?:latest|most\s+recent|newest)(?:\s+(?:news|updates?|developments?|reports?))?{END}",
    re.IGNORECASE,
)
"""Recency words that are no news themselves: cut from the search (see `resolve_time`)."""
NOW = re.compile(rf"\b(?:now|currently){END}", re.IGNORECASE)
"""Recency words that articles also use ("is now exhibiting it"): kept in the search."""
RELATIVE = re.compile(
    rf"\b(?:today|yesterday|(?:this|last|past)\s+(?:week|month|year)){END}", re.IGNORECASE
)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
SINCE_WEEKDAY = re.compile(
    rf"\bsince\s+(?P<weekday>{'|'.join(WEEKDAYS)}){END}",
    re.IGNORECASE,
)
"""A weekday is only read after "since" ("the main stories since Monday"): "on Tuesday" in an
article's words would narrow too much to guess at."""
DAYS_BACK = re.compile(
    rf"\b(?:in\s+|over\s+)?the\s+(?:past|last)\s+(?P<n>\d{{1,3}}|two|three|four|five|six|ten)"
    rf"\s+days{END}",
    re.IGNORECASE,
)
NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "ten": 10}
ANCHORED = re.compile(
    rf"\b(?P<word>(?i:in|on|since|after|before|until))\s+(?:the\s+)?(?P<when>{WHEN}){END}"
)
QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|‘[^’]*’|(?<!\w)'[^']*'(?!\w)")
FOLLOWING_WORD = re.compile(r"\s*(\w+)")


@dataclass(frozen=True)
class Phrase:
    """One time expression found in a question."""

    text: str
    start: int
    end: int
    recency: bool
    resolve: Callable[[dt.date | None], Range | None]
    """The dates it allows given now (None: it cannot be read without a now)."""
    cut: bool = False
    """Left out of the question as searched."""


def day_span(day: dt.date) -> Range:
    return day, day


def month_span(year: int, month: int) -> Range:
    first = dt.date(year, month, 1)
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return first, nxt - dt.timedelta(days=1)


def before_now(month: int, now: dt.date, day: int = 0) -> int:
    """The year of the most recent `month` (and `day`) not after now."""
    return now.year if (month, day) <= (now.month, now.day if day else 0) else now.year - 1


PAST_DAYS = {"week": 7, "month": 30, "year": 365}


def relative(words: str) -> Callable[[dt.date | None], Range | None]:
    """Calendar units around now ("this week", "last month"); "past week" is the 7 days up to
    now."""
    which, unit = (["", *words.split()])[-2:]

    def resolve(now: dt.date | None) -> Range | None:
        if now is None:
            return None
        if unit in ("today", "yesterday"):
            return day_span(now - dt.timedelta(days=unit == "yesterday"))
        if which == "past":
            return now - dt.timedelta(days=PAST_DAYS[unit] - 1), now
        back = which == "last"
        if unit == "week":
            monday = now - dt.timedelta(days=now.weekday() + 7 * back)
            return monday, monday + dt.timedelta(days=6)
        if unit == "month":
            year, month = divmod(now.year * 12 + now.month - 1 - back, 12)
            return month_span(year, month + 1)
        year = now.year - back
        return dt.date(year, 1, 1), dt.date(year, 12, 31)

    return resolve


def since_weekday(weekday: str) -> Callable[[dt.date | None], Range | None]:
    """From the most recent such weekday not after now ("since Monday": Monday, or now if it
    is one)."""
    number = WEEKDAYS.index(weekday.lower())

    def resolve(now: dt.date | None) -> Range | None:
        if now is None:
            return None
        return now - dt.timedelta(days=(now.weekday() - number) % 7), None

    return resolve


def days_back(n: int) -> Callable[[dt.date | None], Range | None]:
    """The `n` days up to now, now included ("the past three days")."""
    return lambda now: None if now is None else (now - dt.timedelta(days=n - 1), now)


def span_of(when: str) -> Callable[[dt.date | None], Range | None] | None:
    """The dates `when` covers (a day, month or year), or None when it is no date."""
    iso = find_date(when)
    if iso:
        return lambda now: day_span(dt.date.fromisoformat(iso))
    if re.fullmatch(YEAR, when):
        year = int(when)
        return lambda now: (dt.date(year, 1, 1), dt.date(year, 12, 31))
    words = when.replace(",", " ").split()
    month = next(MONTHS[w.lower().rstrip(".")] for w in words if w.lower().rstrip(".") in MONTHS)
    year = next((int(w) for w in words if re.fullmatch(YEAR, w)), 0)
    day = next((int(re.sub(r"\D", "", w)) for w in words if w[0].isdigit() and w != str(year)), 0)
    if day:  # a day without a year ("3 August"): the most recent one not after now
        try:
            dt.date(2000, month, day)  # a leap year: only days no year has are refused
        except ValueError:
            return None

        def resolve_day(now: dt.date | None) -> Range | None:
            if now is None:
                return None
            year = before_now(month, now, day)
            while True:  # 29 February: the most recent leap year's
                try:
                    return day_span(dt.date(year, month, day))
                except ValueError:
                    year -= 1

        return resolve_day
    if year:
        return lambda now: month_span(year, month)
    return lambda now: None if now is None else month_span(before_now(month, now), month)


def anchored(word: str, when: str) -> Callable[[dt.date | None], Range | None] | None:
    """`in`/`on` August: its dates; `since`/`after`/`before`/`until` it: one side of them."""
    span = span_of(when)
    if span is None:
        return None
    one_day = dt.timedelta(days=1)

    def resolve(now: dt.date | None) -> Range | None:
        got = span(now)
        if got is None:
            return None
        first, last = got
        return {
            "in": (first, last),
            "on": (first, last),
            "since": (first, None),
            "after": (last + one_day, None),
            "before": (None, first - one_day),
            "until": (None, last),
        }[word]

    return resolve


def modifies_a_noun(question: str, end: int) -> bool:
    """ "in 2025 floods": the year names the floods; "in 2025 in Spain" or "in 2025?" does not."""
    following = FOLLOWING_WORD.match(question, end)
    return bool(following) and following.group(1).lower() not in STOPWORDS


def phrases(question: str) -> list[Phrase]:
    """The time expressions of a question, in order, none inside a quotation."""
    blank = QUOTED.sub(lambda m: " " * len(m.group()), question)
    opening = len(blank) - len(blank.lstrip())
    found: list[Phrase] = []
    for pattern in (ANCHORED, RELATIVE, SINCE_WEEKDAY, DAYS_BACK, NEWEST, NOW):
        for m in pattern.finditer(blank):
            if m.group()[0].isupper() and m.start() != opening:
                continue
            if any(m.start() < p.end and p.start < m.end() for p in found):
                continue
            words = " ".join(m.group().lower().split())
            if pattern in (NEWEST, NOW):
                cut = pattern is NEWEST
                found.append(Phrase(m.group(), m.start(), m.end(), True, lambda now: None, cut))
                continue
            if pattern is RELATIVE:
                resolve = relative(words)
            elif pattern is SINCE_WEEKDAY:
                resolve = since_weekday(m.group("weekday"))
            elif pattern is DAYS_BACK:
                n = m.group("n").lower()
                resolve = days_back(max(NUMBER_WORDS.get(n) or int(n), 1))
            elif re.fullmatch(YEAR, m.group("when")) and modifies_a_noun(blank, m.end()):
                continue
            else:
                resolve = anchored(m.group("word").lower(), m.group("when"))
            if resolve is not None:
                found.append(Phrase(m.group(), m.start(), m.end(), False, resolve))
    return sorted(found, key=lambda p: p.start)


def short(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def span_text(since: str | None, until: str | None) -> str:
    """ "of 3 Aug 2025", "of 1–31 Aug 2025", "of 28 Jul – 3 Aug 2025", "from …", "up to …"."""
    first = dt.date.fromisoformat(since) if since else None
    last = dt.date.fromisoformat(until) if until else None
    if first and last:
        if first == last:
            return f"of {short(first)}"
        if (first.year, first.month) == (last.year, last.month):
            return f"of {first.day}–{short(last)}"
        if first.year == last.year:
            return f"of {first.day} {first:%b} – {short(last)}"
        return f"of {short(first)} – {short(last)}"
    return f"from {short(first)}" if first else f"up to {short(last)}"


def describe(reading: TimeReading, unresolved: bool = False) -> str:
    """ "latest → articles of 3 Aug 2025", "last week → articles of 28 Jul – 3 Aug 2025"."""
    parts = []
    if reading.recency:
        parts.append(
            f"articles {span_text(reading.latest, reading.latest)}"
            if reading.latest
            else "the newest dated articles first"
        )
    if reading.since or reading.until:
        dates = f"articles {span_text(reading.since, reading.until)}"
        parts.append(f"within {dates}" if parts else dates)
    if unresolved:
        parts.append("no dated article to count from")
    return f"{reading.phrase} → {', '.join(parts)}"


def with_latest(reading: TimeReading, latest: str | None) -> TimeReading:
    """The reading once the newest relevant source is known."""
    return replace(reading, latest=latest, description=describe(replace(reading, latest=latest)))


def resolve_time(found: Sequence[Phrase], searched: str, now: str | None) -> TimeReading | None:
    """How the time phrases `found` in a question narrow its search, counted from `now` (an
    ISO date, or None when no article the search may reach has a date); None when there are
    none. `searched` is the question as searched (assistant/question.py).

    "latest" (news) is cut from the question as searched: no article reports "the latest", so
    the word only lowered every match ("What is the latest on the wildfire?" was refused by
    the answerability gate, P 0.006, and answered without it, P 1.0, with the bundled model).
    Dates and "now" stay: articles say "in 2015" and "is now" too, and cutting them lost
    evidence on the eval sets (docs/time.md)."""
    if not found:
        return None
    today = dt.date.fromisoformat(now) if now else None
    spans = [p.resolve(today) for p in found if not p.recency]
    firsts = [s[0] for s in spans if s and s[0]]
    lasts = [s[1] for s in spans if s and s[1]]
    reading = TimeReading(
        phrase=", ".join(p.text for p in found),
        since=max(firsts).isoformat() if firsts else None,
        until=min(lasts).isoformat() if lasts else None,
        recency=any(p.recency for p in found),
        searched=searched,
    )
    return replace(reading, description=describe(reading, unresolved=None in spans))
