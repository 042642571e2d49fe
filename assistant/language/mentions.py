"""The people, organisations, places, dates and numbers a sentence mentions, read by rules.

No NER model installs offline at a pinned version here without a cost at ingest (see
docs/sentence-readings.md), so a name's kind is read from what news copy puts around it:

- **organisation**: a body named by whose it is ("Mexico’s navy"); a name whose last word is
  one organisations end with ("Ministry", "Industries",
  "Bank", "Inc"), or its head before "of" is ("Ministry of Defence"), or it is an acronym
  ("NATO", "TUSAS") that is no country, or a news outlet;
- **place**: a country, US state or city of 50,000 people or more (`places.py`), or a name
  after "in", "near", "at", "outside" or "across" that is nothing else;
- **what its apposition says**: "Burgerly, *the burger chain*," is an organisation, "Maria
  Okafor, *the union's leader*," a person;
- **person**: a name after a title ("Defence Minister Yasar Guler", "Mr", "President"), a
  name of two or three words that is nothing else, or a word the article gave earlier as the
  last word of a person's name ("Nakatani" after "Gen Nakatani");
- **date**: a written date, a month and day, a weekday, a year after "in"; **number**: what
  `numbers.py` reads, outside dates.

A capitalised word opening the sentence may be any word ("Reading the report…", "Officials
said…"), so it is read as a name only when it is a country or state, a person or organisation
the article named before, or is followed by another capitalised word. Demonyms ("Turkish",
"Japanese") are adjectives, not names.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from assistant.language.dates import MONTH, WRITTEN
from assistant.language.numbers import numbers
from assistant.language.places import CITY, place
from assistant.text import STOPWORDS
from assistant.types import DATE, NUMBER, ORGANISATION, PERSON, PLACE, Mention

_WORD = r"[A-Z][\w’'.&-]*[\w’'&]|[A-Z]"
RUN = re.compile(rf"(?:{_WORD})(?:(?:\s+(?:of|for|de|del|al|bin|van|von)\s+|\s+)(?:{_WORD}))*")
"""A run of capitalised words, with the lower-case joints names carry ("Bank of England")."""
ORG_WORDS = frozenset(
    """Ministry Industries Industry Inc Corp Corporation Company Co Ltd Limited Group Agency
    Council Committee Commission Bank University College School Hospital Party Army Navy Forces
    Force Police Department Office Organization Organisation Association Union Federation
    Institute Foundation Airlines Airways Motors Foods Energy Holdings Partners Capital Fund
    Systems Technologies Labs Pharmaceuticals Authority Board Bureau Court Parliament Congress
    Senate Assembly Government Administration Service Services Guard Coalition Alliance Club
    League Times Post News Herald Journal Gazette Press Network Television Radio Institute
    Brigade Front Movement Cabinet Secretariat Centre Center Society Trust Exchange Reserve
    Railways Railway Shipping Airport Port Authority Lines Line Minerals Mining Resources Oil
    Gas Petroleum Steel Electric Power Telecom Media Logistics Freight Rail Solar Dairy Farms
    Robotics Air Motors Automotive Chemicals Pharma Health Healthcare Insurance Securities
    Investments Ventures Brands Stores Markets Hotels Resorts Entertainment Studios Games
    Software Networks Semiconductor Electronics Aerospace Defence Defense Construction
    Engineering Utilities Water Cooperative Co-operative Collective Initiative Project
    Directorate Inspectorate Regulator Watchdog Tribunal Observatory Laboratory Museum""".split()
)
OUTLETS = frozenset(
    "Reuters AP AFP CNN BBC Bloomberg Xinhua Kyodo Yonhap Anadolu Andina Dpa Tass Interfax".split()
)
TITLES = frozenset(
    """Mr Mrs Ms Miss Dr President Minister Secretary Chancellor Governor Mayor King Queen
    Prince Princess Pope Senator Sen Rep Representative Judge Justice Captain Capt Chief
    Director Professor Prof Sheikh Lord Lady Sir Dame Commissioner Ambassador Spokesman
    Spokeswoman Colonel Col Lieutenant Lt Sergeant Sgt Admiral Adm General Gen Inspector
    Detective Officer Chairman Chairwoman CEO Speaker Emperor Archbishop Bishop Rabbi Imam
    Coach Manager""".split()
)
"""The head of a title before a person's name ("Defence *Minister* Yasar Guler", "*Mr* Lund")."""
EVENT_WORDS = frozenset("Hurricane Storm Typhoon Cyclone Tropical Operation Festival Cup".split())
"""Words that open the name of an event, which is no person: "Hurricane Roslyn"."""
DEMONYM = re.compile(r"^[A-Z][a-z]+(?:ish|ese|ian|ean|an|i|ic)(?:-\w+)?$")
LOCATIVE = re.compile(r"\b(?:in|near|at|outside|across|off|to|from)\s+(?:the\s+)?$")
SPEAKS = re.compile(r"^(?:’s\s+)?,?\s+(?:said|says|told|added|wrote|warned|argued)\b")
OPENING = re.compile(r"^[\s“\"‘'(]*")
PLACE_BEFORE = re.compile(r"([A-Z][\w’'-]*(?: [A-Z][\w’'-]*)*),\s*$")
WEEKDAYS = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
DATES = [
    *WRITTEN,
    re.compile(rf"\b{MONTH}\s+\d{{1,2}}(?:\s*[–-]\s*\d{{1,2}})?\b"),
    re.compile(rf"\b\d{{1,2}}\s+{MONTH}\b"),
    re.compile(rf"\b{WEEKDAYS}\b"),
    re.compile(
        r"\b(?:January|February|March|April|May|June|July|August|September|October|"
        r"November|December)(?:\s+(?:19|20)\d\d)?\b"
    ),
    re.compile(r"(?<=\bin )(?:19|20)\d\d\b"),
    re.compile(r"\b\d{1,2}:\d\d(?:\s*(?:a\.m\.|p\.m\.|am\b|pm\b|GMT\b|ET\b))?"),
]


ROLES = {
    **dict.fromkeys(
        """company firm group ministry agency bank government airline carmaker union council
        court board party police army navy military team club organisation organization authority
        regulator utility coastguard
        department commission committee newspaper broadcaster chain retailer restaurant brand
        startup insurer lender operator manufacturer maker supermarket charity
        university""".split(),
        (ORGANISATION,),
    ),
    **dict.fromkeys(
        """official spokesman spokeswoman spokesperson minister president leader chief executive
        director founder researcher scientist professor lawyer farmer fisherman resident
        teacher doctor""".split(),
        (PERSON,),
    ),
    **dict.fromkeys("country nation city town village".split(), (PLACE,)),
}
"""Nouns that say what a name is ("Burgerly, *the burger chain*,") or what a bare role opening a
sentence stands for ("*The company* said…"), and the kinds they fit."""
APPOSITIVE = re.compile(r"^,\s+(?:the|a|an|its|their)\s+(?:[^,;.“”]{0,40}\s)?(?P<noun>[a-z]+)[,;.]")
"""An apposition after a name, up to its head noun: ", the burger chain,", ", the union's
leader."."""
DATELINE = re.compile(r"^[A-Z][A-Z.’' -]+[A-Z.](?=,| \()")
"""The city of a dateline opening the lede: "SANTA CRUZ, Mexico, Oct 23 (Reuters) -"."""


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without a possessive "’s" and a leading "The"."""
    run = text[start:end]
    for suffix in ("’s", "'s"):
        if run.endswith(suffix):
            end -= len(suffix)
    if run.startswith("The ") and end - start > 4:
        start += 4
    return start, end


def _split_title(words: list[str]) -> tuple[list[str], bool]:
    """The words after the title that opens a run, and whether there was one ("Turkish
    Defence Ministry" has none: what follows "Defence" is an organisation)."""
    last = max((i for i, w in enumerate(words) if w.rstrip(".") in TITLES), default=-1)
    if last < 0 or last == len(words) - 1 or words[-1] in ORG_WORDS:
        return words, False
    return words[last + 1 :], True


def _kind(name: str, before: str, after: str, known: Mapping[str, str], titled: bool) -> str:
    """The kind of a name given the text before and after it, or "" when it is none."""
    words = name.split()
    if titled:
        return PERSON
    if (said := APPOSITIVE.match(after)) and said.group("noun") in ROLES:
        return ROLES[said.group("noun")][0]  # "Burgerly, the burger chain,"
    if after.startswith(", which ") and len(words) > 1:
        return ORGANISATION  # "Pacifica Shipping Lines, which runs…": people take "who"
    if name in known:
        return known[name]
    if words[-1] in ORG_WORDS or name in OUTLETS or words[0] in ORG_WORDS and " of " in name:
        return ORGANISATION
    found = place(name)
    if found is not None and not (found.kind == CITY and SPEAKS.match(after)):
        return PLACE
    if (near := PLACE_BEFORE.search(before)) and place(near.group(1)):
        return PLACE  # "Washington, DC", "Springfield, Ill.": the place's state or country
    if re.fullmatch(r"[A-Z]{2,6}", name):
        return ORGANISATION
    if words[0] in EVENT_WORDS or DEMONYM.match(name) and len(words) == 1:
        return ""
    if LOCATIVE.search(before):
        return PLACE
    particles = ("von", "van", "de", "der", "del", "da", "bin", "al")
    if 2 <= len(words) <= 4 and all(w[0].isupper() or w in particles for w in words):
        return PERSON if " of " not in name and words[0] not in particles else ""
    if words[-1] in known and known[words[-1]] == PERSON:
        return PERSON
    return ""


def _runs(sentence: str) -> list[tuple[int, int]]:
    """The spans of capitalised runs, cut after an inner possessive ("Japan’s Self-Defense
    Forces" is a country and an organisation)."""
    spans = []
    for m in RUN.finditer(sentence):
        start = m.start()
        for cut in re.finditer(r"[’']s\s+", m.group()):
            spans.append((start, m.start() + cut.start()))
            start = m.start() + cut.end()
        spans.append((start, m.end()))
    return spans


def _names(sentence: str, known: Mapping[str, str]) -> list[Mention]:
    opening = OPENING.match(sentence).end()
    found = []
    if dateline := DATELINE.match(sentence):
        found.append(Mention(0, dateline.end(), dateline.group(), PLACE, "city"))
    for start, end in _runs(sentence):
        start, end = _trim(sentence, start, end)
        if dateline and start < dateline.end():
            continue
        while (cut := sentence.find(" ", start, end)) > 0 and sentence[
            start:cut
        ].lower() in STOPWORDS:
            start = cut + 1  # "In February", "But Lund": a capitalised stop word opens no name
        if sentence[start:end].lower() in STOPWORDS:
            continue
        words, titled = _split_title(sentence[start:end].split())
        if titled:
            start = end - len(" ".join(words))
        name = sentence[start:end]
        first = start == opening
        if first and not titled and len(words) == 1 and not APPOSITIVE.match(sentence[end:]):
            here = place(name)
            if name not in known and not (here and here.kind != CITY):
                continue
        kind = _kind(name, sentence[:start], sentence[end:], known, titled)
        if kind:
            detail = ""
            if kind == PLACE and (here := place(name)):
                detail = here.kind
            found.append(Mention(start, end, name, kind, detail))
    return found


OWNED = re.compile(
    r"\b(?P<owner>[A-Z][\w-]+(?: [A-Z][\w-]+)?)[’']s (?P<words>[a-z-]+(?: [a-z-]+){0,2})"
)
"""A body named by whose it is: "Mexico’s navy", "Chile’s labour ministry"."""


def _owned(sentence: str) -> list[Mention]:
    found = []
    for m in OWNED.finditer(sentence):
        if not place(m.group("owner")):
            continue
        end = m.start("words")
        for word in m.group("words").split():
            end += len(word) + 1
            if ROLES.get(word) == (ORGANISATION,):  # "Chile’s labour *ministry*"
                found.append(
                    Mention(m.start(), end - 1, sentence[m.start() : end - 1], ORGANISATION)
                )
                break
    return found


def read_mentions(sentence: str, known: Mapping[str, str] | None = None) -> tuple[Mention, ...]:
    """The mentions of `sentence`, in order. `known` maps the names the article gave before
    (and their single-word surnames) to their kinds."""
    known = known or {}
    dates = [
        Mention(m.start(), m.end(), m.group(), DATE)
        for pattern in DATES
        for m in pattern.finditer(sentence)
    ]
    taken = [(d.start, d.end) for d in dates]
    found = [
        d
        for i, d in enumerate(dates)
        if not any(s <= d.start and d.end <= e and (s, e) != (d.start, d.end) for s, e in taken)
        and (d.start, d.end) not in taken[:i]
    ]
    taken = [(d.start, d.end) for d in found]
    for n in numbers(sentence):
        if not any(s <= n.start < e for s, e in taken):
            found.append(Mention(n.start, n.end, n.written, NUMBER))
    for owned in _owned(sentence):
        if not any(s < owned.end and owned.start < e for s, e in taken):
            found.append(owned)  # its owner is read as a name too: "Mexico" is a country
    for name in _names(sentence, known):
        if not any(s < name.end and name.start < e for s, e in taken):
            found.append(name)
    return tuple(sorted(found, key=lambda m: m.start))


def learn(known: dict[str, str], mentions: tuple[Mention, ...]) -> None:
    """Remember the names of `mentions` (and a person's surname) for the sentences after."""
    for m in mentions:
        if m.kind in (PERSON, ORGANISATION, PLACE):
            known.setdefault(m.text, m.kind)
        if m.kind == PERSON and " " in m.text:
            known.setdefault(m.text.split()[-1], PERSON)
