"""What kind of answer a question expects, and whether a sentence can hold one.

"How many drones did Japan buy?" is not answered by a sentence without a number, however close
its words; "When…" needs a date or time. Without a reader model this check is what stops
on-topic but answer-less sentences from being served as answers.
"""

from __future__ import annotations

import re

NUMBER = "number"
TIME = "time"

_WANTS = [
    (re.compile(r"\bhow (?:many|much|old|long|far|big|large|tall|fast|often)\b|"
                r"\bwhat (?:percentage|proportion|number|amount|share|age|price|speed)\b", re.I),
     NUMBER),
    (re.compile(r"^\s*when\b|\b(?:what|which) (?:year|date|day|month|time|century|decade)\b|"
                r"\bwhen (?:did|does|do|will|was|is|were|are|has|had)\b", re.I),
     TIME),
]
_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|"
    "fifty|sixty|hundreds?|thousands?|millions?|billions?|dozens?|half|quarter|twice|double|once"
)
_HAS = {
    NUMBER: re.compile(rf"\d|\b(?:{_NUMBER_WORDS})\b", re.I),
    TIME: re.compile(
        r"\d|\b(?:january|february|march|april|may|june|july|august|september|october|november|"
        r"december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|"
        r"tomorrow|tonight|week|month|year|decade|century|morning|evening|night|spring|summer|"
        r"autumn|winter|ago|since|until|before|after)\b",
        re.I,
    ),
}


def expected_types(question: str) -> set[str]:
    """The answer types a question asks for (empty when any sentence could answer it)."""
    return {kind for pattern, kind in _WANTS if pattern.search(question)}


def can_answer(expected: set[str], sentence: str) -> bool:
    """True when the sentence contains every expected answer type."""
    return all(_HAS[kind].search(sentence) for kind in expected)
