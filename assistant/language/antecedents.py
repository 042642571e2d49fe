"""What a sentence's opening stands for when it names nothing itself: "They will hold
inspections…", "The company blamed energy costs", "He said…".

Quoted alone, such a sentence does not tell the reader who acted. The opening is read as
leaning on the sentences before it when it is a personal pronoun or a bare role ("the
company", "the ministry", "the official"); "It" only when it acts as an organisation does ("It
said…", "It will close…"), not as the empty subject of "It is too early…" or a storm that
"weakened". What it stands for is the first
name of a fitting kind in the nearest sentence before that has one (a sentence's first name is
most often its subject), then the headline's: a person for "he"/"she"/"the minister", an
organisation for "the company" or "it", a country for "the country", a person or an
organisation for "they" (or two names joined by "and": "Turkey and Japan").
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from assistant.language.mentions import ROLES
from assistant.types import ORGANISATION, PERSON, PLACE, Mention

PRONOUNS = {
    **dict.fromkeys(("he", "she", "his", "her"), (PERSON,)),
    **dict.fromkeys(("they", "their"), (PERSON, ORGANISATION)),
    **dict.fromkeys(("it", "its"), (ORGANISATION,)),
}
OPENING = re.compile(
    r"^[\s“\"‘'(]*(?P<lean>(?:He|She|They|It|His|Her|Their|Its)\b|The\s+(?P<role>[a-z]+)\b)"
)
ACTING_IT = re.compile(
    r"^It\s+(?:also\s+)?(?:said|says|added|announced|reported|told|warned|stated|confirmed|"
    r"denied|expects|expected|plans|planned|employs|operates|owns|runs|blamed|cut|hired|sold|"
    r"bought|agreed|declined|launched|opened|closed|paid|fined|ordered|recalled|will|has|had|"
    r"did|does)\b"
)
"""An "it" that acts as an organisation does ("It said…", "It will close two plants"); any
other "it" is left alone: it is often empty ("It is too early…") or a storm, an idea or a
plan ("It weakened to a Category 1 hurricane", "It would improve results")."""
REACH = 5
"""Sentences looked back over for what an opening stands for (then the headline)."""


@dataclass(frozen=True)
class Leaning:
    """A sentence opening that stands for something named before."""

    words: str
    """As written: "They", "The company"."""
    kinds: tuple[str, ...]
    """The mention kinds it can stand for."""


def leaning(sentence: str) -> Leaning | None:
    """The opening of `sentence` that leans on the sentences before it, or None."""
    m = OPENING.match(sentence)
    if not m:
        return None
    if m.group("role"):
        kinds = ROLES.get(m.group("role"))
        return Leaning(m.group("lean"), kinds) if kinds else None
    word = m.group("lean")
    if word == "It" and not ACTING_IT.match(sentence[m.start("lean") :]):
        return None
    return Leaning(word, PRONOUNS[word.lower()])


GENDERED = {"he": "m", "his": "m", "she": "f", "her": "f"}
FEMININE = re.compile(r"\b(?:she|her|hers|herself)\b", re.IGNORECASE)
MASCULINE = re.compile(r"\b(?:he|his|him|himself)\b", re.IGNORECASE)


def gender(text: str, mentions: Sequence[Mention]) -> tuple[str, str] | None:
    """(surname, "f" or "m") when `text` names one person and speaks of one gender ("Angela
    Erdmann never knew her grandfather"), else None: what the sentences after it may call
    that person."""
    people = [m for m in mentions if m.kind == PERSON]
    she, he = bool(FEMININE.search(text)), bool(MASCULINE.search(text))
    if len(people) != 1 or she == he:
        return None
    return people[0].text.split()[-1], "f" if she else "m"


def _fits(lean: Leaning, m: Mention, text: str, genders: Mapping[str, str]) -> bool:
    if m.kind not in lean.kinds or m.kind == PLACE and m.detail not in ("country", ""):
        return False
    if text[m.end : m.end + 2] in ("’s", "'s"):  # "Erdmann’s grandfather": not the subject
        return False
    wanted = GENDERED.get(lean.words.lower())
    return not wanted or genders.get(m.text.split()[-1], wanted) == wanted


def antecedent(
    lean: Leaning,
    before: Sequence[tuple[str, Sequence[Mention]]],
    genders: Mapping[str, str] | None = None,
) -> tuple[str, int]:
    """What `lean` stands for and where: given the sentences before it with their mentions,
    nearest first (the headline last), (the name, its sentence's place in `before`), or ("",
    place) when only the sentence is known, or ("", -1).

    The first mention of a fitting kind in the nearest sentence that has one (a person the
    article called by the other gender's pronoun does not fit "he" or "she"). "They" is named
    only when that sentence joins two names by "and" ("Turkey and Japan"): a "they" standing
    for one organisation or person was wrong more often than right on the shipped corpus (the
    shoppers, the e-bikes, a child's parents), so then only its sentence is given."""
    plural = lean.words.lower() in ("they", "their")
    for place, (text, mentions) in enumerate(before):
        if plural:
            for a, b in zip(mentions, mentions[1:]):
                if a.kind == b.kind and text[a.end : b.start] == " and ":
                    return f"{a.text} and {b.text}", place
        for m in mentions:
            if _fits(lean, m, text, genders or {}):
                return ("" if plural else m.text), place
    return "", -1
