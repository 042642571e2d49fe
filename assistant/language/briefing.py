"""Whether a question asks for the news rather than a fact: "What happened this week?", "What
are the main stories since Monday?", "Any news on Valencia?". Such a question is answered with
the briefing (stories/briefing.py) of its days, about what it names besides the asking words.

"What happened to the evacuees?" asks a fact about something named (`happened to`), and so does
"What happens next?": neither is a briefing question.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.language.when import Phrase
from assistant.text import WORD, terms

AFTER_NEWS = (
    r"(?=\s*(?:$|[?.!,:]|(?:on|about|from|in|of|for|today|this|yesterday|since|last|over"
    r"|so\s+far)\b))"
)
"""What may follow "the news" in a briefing question: nothing, a topic or a time ("the news
agency that reported it" is a fact question)."""
ASKS = re.compile(
    rf"""^\W*(?:
        what(?:'s|\s+is|\s+are|\s+were|\s+was)\s+(?:the\s+|today's\s+)?
            (?:(?:latest|main|top|big|biggest|key)\s+)?(?:news|headlines|stories){AFTER_NEWS}
      | (?:the\s+|today's\s+)?(?:main|top|big|biggest|key)\s+(?:news|stories|headlines){AFTER_NEWS}
      | (?:any|the\s+latest|latest|recent)\s+news{AFTER_NEWS}
      | (?:the\s+)?news\s+(?:on|about|from|in|of)\b
      | (?:give\s+me\s+|i\s+want\s+)?(?:a|the)\s+(?:news\s+)?(?:briefing|rundown|round-?up)\b
      | (?:catch|fill)\s+me\s+(?:up|in)\b
      | brief\s+me\b
      | what\s+did\s+i\s+miss\b
      | what(?:'s|\s+is)\s+new(?=\s*(?:$|[?.!]|in\b|with\b|on\b|about\b|from\b))
    )""",
    re.IGNORECASE | re.VERBOSE,
)
HAPPENED = re.compile(
    r"^\W*(?:so\s+)?what(?:'s|\s+is|\s+has|\s+have)?\s+(?:been\s+)?happen(?:ed|ing)\b",
    re.IGNORECASE,
)
NAMED_PLACE = re.compile(
    r"\s*(?:(?:in|at|on|with|around|across|for|over)\s+(?:the\s+)?"
    r"[A-Z][\w'’-]*(?:\s+(?:of\s+|de\s+|the\s+|and\s+)?[A-Z][\w'’-]*)*)?\s*[?.!]*\s*"
)
"""What may follow "what happened" in a briefing question besides time words: nothing, or a
name ("in Valencia", "at the Port of Hallen"). "What happened in the room she worked in?" and
"What happened at the end of the experiment?" ask a fact."""
ASKING_TERMS = frozenset(
    terms(
        "what happened happening happen news headlines main top big biggest key stories story "
        "latest recent briefing rundown roundup round-up catch fill brief miss today's give want "
        "any been new since"
    )
)
"""The terms of the asking words: what the question is about is its other terms."""


def asks_for_briefing(text: str, times: Sequence[Phrase] = ()) -> bool:
    """Whether the question asks for the news of some days rather than a fact; `times`: its
    time words (language/when.py), which may follow "what happened"."""
    if ASKS.match(text):
        return True
    happened = HAPPENED.match(text)
    if not happened or text[happened.end() :].lstrip().lower().startswith("to "):
        return False
    rest = _without(text, times)[happened.end() :]
    return bool(NAMED_PLACE.fullmatch(rest))


def _without(text: str, times: Sequence[Phrase]) -> str:
    """`text` with its time words blanked (same length: positions still hold)."""
    for p in times:
        text = text[: p.start] + " " * (p.end - p.start) + text[p.end :]
    return text


def briefing_topic(text: str, times: Sequence[Phrase] = ()) -> str:
    """What a briefing question is about, in its own words: its words besides the asking words
    and the time words `times` ("Valencia" of "What happened in Valencia this week?"; "" for
    the news of everything)."""
    words = WORD.findall(_without(text, times))
    kept = [w for w in words if (t := terms(w)) and t[0] not in ASKING_TERMS]
    return " ".join(kept)
