"""What a question means in a chat, before it is read (`Question.read`): the follow-up made to
stand alone.

"What about Jordan?" after "Which companies will Nakatani tour in Istanbul?" is searched as
"Which companies will Nakatani tour in Jordan?". Without an LLM this is a heuristic: "what/how
about X" (and "and X?") swaps X into the previous question in place of its last named
place/thing, or appends it when nothing fits; a question with a pronoun and no name of its own
("When did he arrive?") gets the previous question's names appended; anything else is taken as
a new question.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.text import STOPWORDS, TOKEN, names

ABOUT = re.compile(r"^\s*(?:and\s+)?(?:what|how)\s+about\s+(?P<x>.+?)\s*\??\s*$", re.I)
AND_X = re.compile(r"^\s*and\s+(?P<x>[^?]{1,60}?)\s*\?\s*$", re.I)
PRONOUN = re.compile(
    r"\b(?:he|she|it|they|them|him|his|her|its|their|theirs|there|this|that|these|those)\b", re.I
)


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
    content = [w for w in TOKEN.findall(question.lower()) if w not in STOPWORDS]
    if PRONOUN.search(question) and not names(question) and len(content) <= 6:
        context = ", ".join(dict.fromkeys(names(previous))) or previous.rstrip(" ?")
        return f"{question.rstrip(' ?')} ({context})?"
    return question
