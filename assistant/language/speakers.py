"""Who a sentence's words are: the speaker news copy names around a quote or a claim.

Read by rules over the patterns wire copy uses, in this order:

- "…, X said." / "“…,” X said." / "X told reporters…" — the noun phrase just before a verb of
  saying, after the sentence's last comma or quote mark ("a Turkish Defence Ministry official",
  "his office", "Yasar Guler");
- "“…,” said X, the union's leader." — the name after an inverted "said";
- "…, according to X." — what follows "according to";
- "X said (that) …" opening the sentence or its clause after a comma ("Ahead of the visit, a
  diplomatic source in Ankara said…").

A sentence inside a quote that names no speaker (the second sentence of "“A. B,” she said.", or
a quote continued after "“…” the official said.") takes the speaker of the quote it belongs to;
"he", "she" and "the official" are resolved by the article's reading (ingest/reading.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SAY = (
    r"(?:said|says|told|tells|added|adds|warned|warns|wrote|writes|explained|noted|stated|"
    r"argued|insisted|claimed|claims|announced|confirmed|denied|recalled|replied)"
)
_PHRASE = r"(?:(?:a|an|the|his|her|its|their)\s+)?(?:[\w’'.&-]+\s+){0,6}?[\w’'.&-]+"
CLAIM = (
    r"(?:(?:estimated?|estimates|found|ruled|believes?|believed|concluded|predicted|"
    r"expects?|expected|argued|argues)\s+that)"
)
"""A verb that attributes a claim only with the clause it governs: "Government scientists
estimate that…", "Judge Dlamini found that…" (without "that", "Police found the body")."""
BEFORE_SAY = re.compile(
    rf"(?:^|[,;”\"]\s*|\bthat\s+)[“\"]?(?P<who>{_PHRASE})(?:,\s*\d{{1,3}},)?\s+"
    rf"(?:also\s+|had\s+|has\s+|have\s+)?(?:{CLAIM}|{SAY}\b)"
)
_NAME = r"[A-Z][\w’'.-]*(?:\s+(?:von|van|de|der|del|da|bin|al|[A-Z][\w’'.-]*))+"
NAME_ROLE = re.compile(
    rf"(?P<who>{_NAME}|(?<!of )[Tt]he\s+[a-z]+)(?:\s+\([A-Z]{{2,}}\))?,\s+"
    rf"[^,;“”\"]{{2,80}},\s+(?:also\s+)?{SAY}\b"
)
"""A name and its role before the verb: "Holger von Neuhoff, curator at the museum, said",
"The International Transport Workers' Federation (ITF), a global union, said"."""
ROLE_NAME = re.compile(
    rf"(?:^|[,”\"]\s*)(?:[^,;“”\"]{{2,60}}),\s+"
    rf"(?P<who>{_NAME}|(?:a|an|the)\s+[^,;“”\"]{{2,60}}),\s+(?:also\s+)?{SAY}\b"
)
"""A role, then the name (or a description) between commas before the verb: "the museum's
director, Ewa Sikorska, said", "Its chair, Imran Qureshi, told the Ledger", "one of the 21 crew
members, a sailor from the Philippines, told AFP"."""
QUOTED = re.compile(r"“[^”]*(?:”|$)|\"[^\"]*(?:\"|$)")
"""Quoted words, which are no attribution even when they say "told"."""
INVERTED = r"(?:said|says|added|adds|wrote|writes|warned|warns|explained|noted|argued|insisted)"
"""The verbs wire copy puts before their speaker ("…,” said X, "…,” said manager Gordon
Baird); "told" never is: in "…, told the Ledger" the one told follows."""
AFTER_SAY = re.compile(
    rf"[,”\"]\s*{INVERTED}\s+(?P<who>(?:[A-Z]|(?:a|an|the|his|her|its|their)\s"
    rf"|[a-z]+(?:\s[a-z]+)?\s(?=[A-Z]))[^,.;:“”\"]{{1,80}})"
)
ACCORDING = re.compile(r"\b[Aa]ccording to (?P<who>[^,.;:“”\"]{2,80})")
NOT_SPEAKERS = frozenset("it this that which who there what".split())
OPENERS = frozenset("a an the his her its their he she they".split())
"""Lower-case words a speaker may open with ("a diplomatic source", "he")."""
OPENS_QUOTE = re.compile(r"^\s*[“\"]")


def _speaker(phrase: str) -> str:
    """A speaker as written, without a trailing "in a readout"/"on Tuesday" tail or an opening
    "But"; "" when what is left is no noun phrase ("the", "he sighs and")."""
    phrase = re.split(r"\s+(?:on|in|at|after|before|during|told|when)\s+", phrase.strip())[0]
    phrase = re.sub(r"^(?:But|And|So|Yet|Still)\s+", "", phrase.strip(' ,“”"'))
    words = phrase.lower().split()
    if not words or words[-1] in ("the", "a", "an", "and", "but", "or") or len(words) > 8:
        return ""
    return phrase


@dataclass(frozen=True)
class Said:
    """A sentence's attribution: who, as written, and where the sentence says so."""

    speaker: str
    start: int
    end: int
    """The speaker's words in the sentence: `sentence[start:end] == speaker`."""


def attributed(sentence: str, quoted_before: bool = False) -> Said | None:
    """The speaker a sentence names for its own words, or None (the outlet's own statement,
    or a quote whose speaker is named in another sentence). `quoted_before`: the sentence opens
    inside a quote left open before it, so its words up to the quote's end are the quote's ("I
    told him…" in it is no attribution)."""
    mark = "“" if "”" in sentence or '"' not in sentence else '"'
    shift = int(quoted_before and not OPENS_QUOTE.match(sentence))
    text = f"{mark}{sentence}" if shift else sentence
    # quoted words blanked, their end kept as a mark that parts the phrase before it
    outside = QUOTED.sub(lambda m: " " * (len(m.group()) - 1) + "”", text)
    for pattern in (NAME_ROLE, ROLE_NAME, AFTER_SAY, ACCORDING):
        if m := pattern.search(outside):
            return _said(text, m, shift)
    found = [m for m in BEFORE_SAY.finditer(outside) if m.group("who").lower() not in NOT_SPEAKERS]
    if not found or not (said := _said(text, found[0], shift)):
        return None
    who = said.speaker
    first = who.split()[0]
    # a phrase that starts lower case and is no pronoun or determiner is a clause, not a speaker,
    # unless it is a short one ("experts", "local officials") or a role before a name ("chief
    # executive Tomasz Zieliński")
    titled = bool(re.search(rf"(?:^|\s){_NAME}$", who))
    if first[:1].islower() and first.lower() not in OPENERS and len(who.split()) > 3:
        return said if titled else None
    return said


def _said(text: str, m: re.Match, shift: int) -> Said | None:
    """The attribution a pattern's match found, its span counted in the sentence (without the
    quote mark `attributed` may have put before it)."""
    who = _speaker(m.group("who"))
    if not who:
        return None
    start = text.index(who, m.start("who")) - shift
    return Said(who, start, start + len(who))


def attribution(sentence: str, quoted_before: bool = False) -> str:
    """The speaker a sentence names for its own words, as written, or "" (see `attributed`)."""
    said = attributed(sentence, quoted_before)
    return said.speaker if said else ""


def in_quote(sentence: str, open_before: bool) -> tuple[bool, bool]:
    """(the sentence is quoted words, a quote is still open after it), given whether a quote
    was open before it in its paragraph."""
    opens = sentence.count("“") + len(re.findall(r'(?:^|\s)"', sentence))
    closes = sentence.count("”") + len(re.findall(r'"(?:\s|$|[,.])', sentence))
    quoted = open_before or bool(OPENS_QUOTE.match(sentence))
    return quoted, (open_before or opens > 0) and opens + open_before > closes


ASKED_WORDS = re.compile(
    r"^\s*(?:what|how)\s+(?:did|does|do|has|have|had|will|would)\s+(?P<who>.+?)\s+"
    r"(?:say|said|tell|told|think|warn|warned|argue|claim|mean|add|write|describe|see)\b",
    re.IGNORECASE,
)
"""A question about someone's words: "What did Guler say about cooperation?", "How does the
analyst see the licence?"."""
ASKED_ACCORDING = re.compile(r"\baccording to (?P<who>[^,?;:]{2,60})", re.IGNORECASE)
ASKED_WHO_SAID = re.compile(
    rf"^\s*(?:who|which\s+[\w'’-]+(?:\s+[\w'’-]+)?)\s+(?:has\s+|had\s+)?{SAY[:-1]}|"
    r"warned|predicted|promised|called|accused|blamed|admitted|described|estimated)\b",
    re.IGNORECASE,
)
"""A question asking who said something: "Who said it is too early for an agreement?",
"Which broker said buyers were chasing quality?"."""


def asked_speaker(question: str) -> str:
    """The speaker whose words a question asks about, as the question names them ("Guler",
    "the ministry spokeswoman"; a name is kept without the role before it: "the analyst
    Ifeoma Okafor" is "Ifeoma Okafor"), or "" (also for a pronoun: "what did they say")."""
    m = ASKED_WORDS.search(question) or ASKED_ACCORDING.search(question)
    if not m:
        return ""
    who = m.group("who").strip()
    named = re.findall(r"[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*", who)
    before = who[: len(who) - len(named[-1])].split()[-1:] if named else []
    led = before and before[0].lower() not in ("in", "of", "for", "at", "from", "on", "to")
    if named and who.endswith(named[-1]) and led and not who[:1].isupper():
        return named[-1]  # "the analyst Ifeoma Okafor", "opposition lawmaker Mart Rebane"
    if who.split()[0].lower() in NOT_SPEAKERS | {"he", "she", "they", "you", "i", "we"}:
        return ""  # "what did it say": whose words, the question does not say
    return who


def asks_who_said(question: str) -> bool:
    """Whether the question asks who said something."""
    return bool(ASKED_WHO_SAID.search(question))
