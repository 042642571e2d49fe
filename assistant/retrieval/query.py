"""How a question is read before retrieval: what it asks for, and what it means in a chat.

- **Answer types.** "How many drones did Japan buy?" is not answered by a sentence without a
  number, however close its words; "When…" needs a date or time. Without a reader model this
  check is what stops on-topic but answer-less sentences from being served as answers.
- **Follow-ups.** "What about Jordan?" after "Which companies will Nakatani tour in Istanbul?" is
  searched as "Which companies will Nakatani tour in Jordan?". Without an LLM this is a
  heuristic: "what/how about X" (and "and X?") swaps X into the previous question in place of
  its last named place/thing, or appends it when nothing fits; a question with a pronoun and no
  name of its own ("When did he arrive?") gets the previous question's names appended; anything
  else is taken as a new question.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.text import NAME_PHRASE, STOPWORDS

NUMBER = "number"
TIME = "time"

_WANTS = [
    (
        re.compile(
            r"\bhow (?:many|much|old|long|far|big|large|tall|fast|often)\b|"
            r"\bwhat (?:percentage|proportion|number|amount|share|age|price|speed)\b",
            re.I,
        ),
        NUMBER,
    ),
    (
        re.compile(
            r"^\s*when\b|\b(?:what|which) (?:year|date|day|month|time|century|decade)\b|"
            r"\bwhen (?:did|does|do|will|was|is|were|are|has|had)\b",
            re.I,
        ),
        TIME,
    ),
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


ABOUT = re.compile(r"^\s*(?:and\s+)?(?:what|how)\s+about\s+(?P<x>.+?)\s*\??\s*$", re.I)
AND_X = re.compile(r"^\s*and\s+(?P<x>[^?]{1,60}?)\s*\?\s*$", re.I)
PRONOUN = re.compile(
    r"\b(?:he|she|it|they|them|him|his|her|its|their|theirs|there|this|that|these|those)\b", re.I
)
_QUESTION_WORDS = {
    "What",
    "Which",
    "Who",
    "Whom",
    "Whose",
    "When",
    "Where",
    "Why",
    "How",
    "Is",
    "Are",
    "Was",
    "Were",
    "Did",
    "Does",
    "Do",
    "Will",
    "Can",
    "And",
}


def names(text: str) -> list[str]:
    return [n for n in NAME_PHRASE.findall(text.strip()) if n not in _QUESTION_WORDS]


def _swap_in(previous: str, new_thing: str) -> str:
    """Put a new name in place of the previous question's last one (usually what was asked
    about); anything that is not a name is added to the previous question instead."""
    found = names(previous)
    prev = previous.rstrip(" ?")
    if found and new_thing[:1].isupper():
        last = found[-1]
        cut = prev.rfind(last)
        return f"{prev[:cut]}{new_thing}{prev[cut + len(last) :]}?"
    return f"{prev} {new_thing}?"


def standalone_question(question: str, history: Sequence[str]) -> str:
    """The question rewritten to stand alone, given the earlier questions (oldest first)."""
    question = question.strip()
    if not history:
        return question
    previous = history[-1].strip()
    about = ABOUT.match(question) or AND_X.match(question)
    if about:
        return _swap_in(previous, about.group("x").strip())
    content = [w for w in re.findall(r"\w+", question.lower()) if w not in STOPWORDS]
    if PRONOUN.search(question) and not names(question) and len(content) <= 6:
        context = ", ".join(dict.fromkeys(names(previous))) or previous.rstrip(" ?")
        return f"{question.rstrip(' ?')} ({context})?"
    return question
