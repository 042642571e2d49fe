"""Numbers as news writes them, read one way for every stage: "14", "1,200", "5.2 million",
"$3bn", "fourteen", "twenty-three", "a dozen", "two hundred".

The gate asks whether a sentence can answer "how many", the verifier whether a claim's numbers
are in its sources, the anchors what a number is tied to and the timeline which figure moved:
each read "fourteen" its own way until these four tables disagreed (the gate took "twelve
drones" for a count but not "fourteen drones"). Now all of them read here.

Read: digits (with thousands commas and decimals), a scale after them ("5.2 million", "1.2m",
"3bn"), spelled numbers to ninety-nine ("fourteen", "twenty-three", "twenty three"), "a dozen",
and a spelled number or "a" with a scale ("two hundred", "a million"). Not read as values:
vague counts ("dozens", "hundreds"), fractions and multipliers ("half", "twice"), which
`has_number` still counts as a figure, and longer spelled numbers ("two hundred and fifty" reads
as 200 and 50).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.text import DIGITS as DIGITS_PATTERN

UNITS = "zero one two three four five six seven eight nine".split()
TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
SMALL = (
    {w: n for n, w in enumerate(UNITS)}
    | {w: n for n, w in enumerate(TEENS, 10)}
    | {w: n for n, w in zip(range(20, 100, 10), TENS)}
    | {"dozen": 12}
)
"""Each spelled number that is a value on its own."""
SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
ABBREVIATED = {"k": 1e3, "m": 1e6, "bn": 1e9}
"""Scales written straight after digits ("1.2m", "3bn", "50k"); with a space "5 m" is metres."""
VAGUE = "dozens scores hundreds thousands millions billions".split()
PARTS = "half quarter twice double once".split()
"""Words that give a figure without a value of their own: "half the staff", "twice a week"."""


def _alternatives(words) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_COMPOUND = rf"(?:{_alternatives(TENS)})[- ](?:{_alternatives(UNITS[1:])})"
SPELLED = rf"(?:{_COMPOUND}|{_alternatives(SMALL)})"
"""A spelled number to ninety-nine (pattern, case-insensitive where used)."""
_SCALE = _alternatives(SCALES)
MENTION = re.compile(
    r"(?P<digits>(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\d.,])\d+(?:\.\d+)?)"
    rf"(?:\s?(?P<scale>{_SCALE})\b|(?P<abbr>{_alternatives(ABBREVIATED)})\b)?"
    rf"|\b(?:(?P<words>{SPELLED})|(?P<a>a))(?(a)\s+(?P<ascale>{_SCALE})|(?:\s+(?P<wscale>{_SCALE}))?)\b",
    re.IGNORECASE,
)
ANY = re.compile(
    rf"\d|\b(?:{SPELLED}|{_alternatives(VAGUE + PARTS)}|hundred|thousand|million|billion)\b", re.I
)


DIGITS = re.compile(DIGITS_PATTERN)
"""A number written in digits as one word-token reads it: "1,200", "1.3", "7"."""


@dataclass(frozen=True)
class Number:
    """One number in a text."""

    start: int
    end: int
    """Its span in the text (`text[start:end]` is `written`)."""
    written: str
    """As written: "1,200", "5.2 million", "fourteen"."""
    value: float
    """What it is worth: 1200.0, 5200000.0, 14.0."""
    spelled: bool
    """Written in words ("fourteen", "a dozen"), not digits."""

    @property
    def canonical(self) -> str:
        """The value as compared between texts: "1200", "5200000", "1.5"."""
        return f"{self.value:.15g}"


def spelled_value(words: str) -> int | None:
    """The value of a spelled number to ninety-nine ("fourteen", "twenty-three", "Twenty
    three", "dozen"), or None."""
    parts = words.lower().replace("-", " ").split()
    if len(parts) == 1:
        return SMALL.get(parts[0])
    if len(parts) == 2 and parts[0] in TENS and parts[1] in UNITS[1:]:
        return SMALL[parts[0]] + SMALL[parts[1]]
    return None


def _value(m: re.Match) -> tuple[float, bool]:
    if m.group("digits"):
        value = float(m.group("digits").replace(",", ""))
        scale = SCALES.get((m.group("scale") or "").lower())
        return value * (scale or ABBREVIATED.get((m.group("abbr") or "").lower(), 1.0)), False
    if m.group("a"):
        return SCALES[m.group("ascale").lower()], True
    value = float(spelled_value(m.group("words")))
    return value * SCALES.get((m.group("wscale") or "").lower(), 1.0), True


@lru_cache(maxsize=65536)
def _read(text: str) -> tuple[Number, ...]:
    found = []
    for m in MENTION.finditer(text):
        if m.group("a") and not m.group("ascale"):
            continue
        value, spelled = _value(m)
        found.append(Number(m.start(), m.end(), m.group(), value, spelled))
    return tuple(found)


def numbers(text: str) -> tuple[Number, ...]:
    """The numbers of a text with a value, in reading order."""
    return _read(text)


def values(text: str) -> set[str]:
    """The canonical values of a text's numbers: "14 drones" and "fourteen drones" give
    {"14"}, "1.2 million" and "1,200,000" {"1200000"}."""
    return {n.canonical for n in _read(text)}


def has_number(text: str) -> bool:
    """Whether a text gives a figure: a number, a vague count ("dozens") or a part ("half")."""
    return bool(ANY.search(text))


def token_value(token: str) -> str | None:
    """The value of one word-token as the anchors read it: digits without thousands commas
    ("1,200" -> "1200", "1.3" -> "1.3") or a spelled number ("fourteen" -> "14",
    "twenty-three" -> "23"); None for anything else."""
    if DIGITS.fullmatch(token):
        return token.replace(",", "")
    value = spelled_value(token)
    return None if value is None else str(value)
