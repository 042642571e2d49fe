"""What a question asks for, read by rules (`assistant/question.py` reads each question once with
them and hands every stage the result):

- **answer kinds**: "How many drones did Japan buy?" is not answered by a sentence without a
  number, however close its words; "When…" needs a date or time (`answer_kinds`, and on the
  sentence side `can_answer`);
- **the thing asked about**: "how many *drones*", "which *city*", "what kind of *boat*", "who is
  the *president* of France" (`read_focus`);
- **the kind of thing asked for**: a country for "which country", a place for "where", a person
  or an organisation for "who" (`wanted`), which a sentence's mentions can be held against;
- **the quantity asked for**: what it counts and what happened to it, "how many *people* were
  *evacuated*" (`read_quantity`), so that a timeline never mixes evacuees with the dead;
- **subjects**: of the names a question holds (text.py `names`), those a figure must be about
  (the places a question is set in are left out).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from assistant.language.numbers import ANY as A_NUMBER
from assistant.language.speakers import asks_who_said
from assistant.text import STOPWORDS, terms
from assistant.types import ORGANISATION, PERSON, PLACE, Mention, SentenceReading

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
_HAS = {
    NUMBER: A_NUMBER,
    TIME: re.compile(
        r"\d|\b(?:january|february|march|april|may|june|july|august|september|october|november|"
        r"december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|"
        r"tomorrow|tonight|week|month|year|decade|century|morning|evening|night|spring|summer|"
        r"autumn|winter|ago|since|until|before|after)\b",
        re.I,
    ),
}


def answer_kinds(question: str) -> frozenset[str]:
    """The answer kinds a question asks for (empty when any sentence could answer it)."""
    return frozenset(kind for pattern, kind in _WANTS if pattern.search(question))


def can_answer(kinds: frozenset[str] | set[str], sentence: str) -> bool:
    """True when the sentence holds every kind asked for (a number: digits, "fourteen",
    "dozens", "half"; a time: a date, a weekday, "last week"…)."""
    return all(_HAS[kind].search(sentence) for kind in kinds)


LOCATIVE = re.compile(r"\b(?:in|near|at|outside|around|across|off|over)\s+(?:the\s+)?$", re.I)


def subjects(question: str, names: tuple[str, ...]) -> tuple[str, ...]:
    """The names a figure must be about: the question's `names`, less the places it is set in
    ("killed in the crash near Sicuani"): a report gives a place once, in its lede, and its
    other sentences count without repeating it."""
    return tuple(n for n in names if not LOCATIVE.search(question[: question.find(n)]))


@dataclass(frozen=True)
class Focus:
    """The thing a question asks about."""

    noun: str
    """Its stemmed noun: "drone" for "how many drones", "president" for "who is the president
    of France"."""
    count: bool
    """The question asks for a count of it ("how many / how much")."""
    role: bool
    """The question asks who or what holds it as a role ("who is the president of France")."""


_FOCUS = re.compile(
    r"\bhow\s+(?P<count>many|much)\s+(?P<a>[\w'’-]+)|"
    r"\bwhat\s+(?:(?:is|was|are|were)\s+the\s+)?"
    r"(?:kind|type|brand|name|sort|make|model|breed|species)\s+of\s+(?:the\s+|an?\s+)?"
    r"(?P<b>[\w'’-]+(?:\s+[\w'’-]+){0,3})|"
    # "who is the president of France", "what was the diameter of …": the role asked for
    r"\b(?:who|what)\s+(?:is|was|are|were)\s+the\s+(?:[\w'’-]+\s+){0,2}?"
    r"(?P<r>[\w'’-]+)\s+(?:of|for|in|at|on)\b|"
    r"\bwhich\s+(?P<c>[\w'’-]+)",
    re.I,
)


def read_focus(question: str) -> Focus | None:
    """The thing a question asks about ("how many drones" -> drone, "what is the name of the
    fishing boat" -> boat, "who is the president of France" -> president, a role); None when
    there is none (e.g. "how much did it cost", "which of them": the word after is a stop
    word)."""
    m = _FOCUS.search(question)
    if not m:
        return None
    if m.group("b"):  # "what kind of X": X's head, the last word before a stop word
        run = []
        for word in m.group("b").split():
            if not terms(word):
                break
            run.append(word)
        word = run[-1] if run else ""
    else:  # "how many X", "which X": the word right after; "who is the X of": X
        word = m.group("a") or m.group("r") or m.group("c")
    stem = terms(word)
    return Focus(stem[-1], bool(m.group("count")), bool(m.group("r"))) if stem else None


@dataclass(frozen=True)
class Wanted:
    """The kind of thing a question asks for, as a sentence's mentions give it."""

    kinds: frozenset[str]
    """Mention kinds that answer it (PERSON, ORGANISATION, PLACE)."""
    detail: str = ""
    """"country" when only a country answers it."""
    speaker: bool = False
    """It asks who said something: a sentence with a speaker answers it ("Who said…?")."""

    def fits(self, mention: Mention) -> bool:
        """Whether a sentence's mention is of the kind asked for."""
        return mention.kind in self.kinds and (not self.detail or mention.detail == self.detail)

    def given_by(self, reading: SentenceReading, named: str = "") -> bool:
        """Whether a sentence's reading gives what is asked for: a mention of the kind (not
        one the lower-cased text `named` already holds: the question's own names), or, for
        "who said…", a known speaker."""
        if self.speaker and reading.speaker:
            return True
        return any(self.fits(m) and m.text.lower() not in named for m in reading.mentions)


_COUNTRY_NOUNS = frozenset(terms("country nation"))
_PLACE_NOUNS = frozenset(
    terms("city town village region province port capital island county district")
)
_ORG_NOUNS = frozenset(
    terms(
        """company firm group organisation organization agency ministry bank airline carmaker
        outlet newspaper broadcaster team club party union government court council charity
        manufacturer maker retailer chain brand network institution university restaurant
        supermarket startup insurer lender operator body authority regulator watchdog fund
        directorate department office"""
    )
)
_PERSON_NOUNS = frozenset(
    terms(
        """person man woman official minister president leader executive spokesman spokeswoman
        player coach author scientist researcher judge lawyer politician officer mayor chief
        director founder chairman chairwoman manager spokesperson commissioner governor
        secretary ambassador analyst economist farmer"""
    )
)
_AGENT_NOUNS = frozenset(
    terms(
        """investor buyer seller bidder broker exporter importer developer supplier owner
        customer client partner shareholder creditor donor sponsor contractor rival"""
    )
)
"""Who does something in a deal: a person or an organisation ("which investor led…")."""
_WHICH = re.compile(r"\b(?:which|what)\s+([a-z]+)(?:\s+([a-z]+))?", re.I)
"""The words after "which": "which *food chain*" names its kind in the second."""
_WHO = re.compile(r"^\s*(?:who|whom)\b", re.I)
_WHERE = re.compile(r"^\s*where\b|\bin which (?:place|part)\b", re.I)


def wanted(question: str, focus: Focus | None) -> Wanted | None:
    """The kind of thing `question` asks for (with its `focus`, `read_focus`), or None when it
    asks for no person, organisation or place."""
    found = _wanted(question, focus)
    if found is not None and asks_who_said(question):
        return replace(found, speaker=True)
    return found


def _wanted(question: str, focus: Focus | None) -> Wanted | None:
    nouns = {focus.noun} if focus and not focus.count else set()
    if which := _WHICH.search(question):
        nouns |= set(terms(" ".join(w for w in which.groups() if w)))
    if nouns & _COUNTRY_NOUNS:
        return Wanted(frozenset({PLACE}), "country")
    if nouns & _PLACE_NOUNS or _WHERE.search(question):
        return Wanted(frozenset({PLACE}))
    if nouns & _ORG_NOUNS:
        return Wanted(frozenset({ORGANISATION}))
    if nouns & _PERSON_NOUNS:
        return Wanted(frozenset({PERSON}))
    if nouns & _AGENT_NOUNS or _WHO.search(question):
        return Wanted(frozenset({PERSON, ORGANISATION}))
    return None


SAME_THING = {"resident": "peopl", "person": "peopl", "inhabitant": "peopl"}
"""Counted things that are the same thing for a reader of the news."""
QUESTION_NOISE = frozenset(terms("many much number total amount percentage proportion share"))
"""Question words that name no predicate."""
PARTICIPLES = frozenset(
    """taken given chosen driven written stolen beaten broken eaten fallen forgotten hidden
    ridden risen seen shaken shown spoken sworn thrown torn worn frozen grown known drawn
    held paid sold bought lost won hit hurt cut built sent spent left fled burnt""".split()
)
AUXILIARY = re.compile(
    r"\b(?:were|was|are|is|been|be|get|got|did|do|does|will|would|have|has|had)\s+(?P<w>[a-z]+)"
)


@dataclass(frozen=True)
class AskedQuantity:
    """The quantity a question asks for: what it counts and what happened to it
    (answer/quantities.py `reports` finds it in a sentence)."""

    kinds: frozenset[str]
    """NUMBER and/or TIME: the figures that can answer it."""
    unit: str
    """The counted thing the question names ("how many people" -> "peopl"), or "" for any."""
    predicate: frozenset[str]
    """Terms a mention's clause must carry: the question's verbs ("evacuated"), else all of
    its content terms."""
    strict: bool
    """True when the predicate is every content term (no verb found): a mention must carry all
    of them, not one."""


def read_quantity(question: str, kinds: frozenset[str]) -> AskedQuantity:
    """The quantity `question` asks for, given the answer `kinds` it asks for."""
    unit = ""
    named = re.search(r"\bhow many\s+(?:more\s+)?(?P<noun>[a-z]+)", question, re.I)
    if named and named.group("noun").lower() not in STOPWORDS:
        noun = terms(named.group("noun"))[0]
        unit = SAME_THING.get(noun, noun)
    lowered = {w for w in re.findall(r"\b[a-z]+\b", question)}  # names stay out
    verbs = {w for w in lowered if (len(w) > 4 and w.endswith("ed")) or w in PARTICIPLES}
    # "will the vote be held": the word after the auxiliary, when no "-ed" word says it
    verbs = verbs or {m.group("w") for m in AUXILIARY.finditer(question)} - STOPWORDS
    content = set(terms(" ".join(lowered))) - QUESTION_NOISE - {unit}
    predicate = set(terms(" ".join(verbs))) - QUESTION_NOISE - {unit}
    return AskedQuantity(kinds, unit, frozenset(predicate or content), not predicate)
