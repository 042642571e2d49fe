"""What a number or a comparison is said of: a claim that ties a word of its source to
another thing.

The verifier checks that every number of a claim appears in what it cites; that does not stop
"SOHAY has 1.3 million…" when the source gives 1.3 million of something else, or "grew to 786,000
in 2000" when the source says "grew from about 488,000 in 2000 to 786,000 in 2012". In English
a number is tied to the words next to it: "UNICEF, 4.7 million", "€1,800 a month", "school in
2017", "grew from 488,000". A claim number is misplaced when a word it is tied to is, in the
source, tied on the same side to a different number of the same kind (a year to a year, a
count to a count) and never to that number.

The same reading catches a comparison turned round inside a sentence that has both sides:
"there would probably be fewer accidents as drivers would be more alert" does not say "more
accidents" — "accidents" is tied to "fewer" there; a number given another time unit ("two years
in prison" of "two months in prison", "£40,000 a month" of "£40,000 a year"); and a bound turned
round ("more than 10%" of "10% or less").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from assistant.language.numbers import DIGITS, SPELLED, token_value
from assistant.text import STOPWORDS, terms
from assistant.text import tokens as tokenize

# Words read through between a number and what it counts: "1.3 million children", "9am",
# "€1,800 a month", "22% of".
TRANSPARENT = STOPWORDS | frozenset("million billion thousand hundred percent per am pm".split())
NEGATIONS = frozenset("not no never cannot".split())
# A relative or complement clause starts after these: in "estimates suggested that about 3,000
# buildings" the number is not tied to "suggested".
CLAUSE_OPENERS = frozenset("that which who".split())
# The time a number measures or a rate is given over: "two months in prison", "£40,000 a year".
TIME_UNITS = {
    **{u: u for u in "second minute hour day week fortnight month year decade century".split()},
    **{u + "s": u for u in "second minute hour day week fortnight month year decade".split()},
    "centuries": "century",
}
UNIT_REACH = 4  # words after a number its time unit is sought in
# A bound on a number, before it ("more than 10%") or after it ("10% or less").
LOWER_BOUND = re.compile(
    r"(?:\b(?:more|greater|higher) than|\bover|\bat least|\bin excess of|\bupwards of)\s+\S*$"
    r"|^\S*\s+(?:or (?:more|over|above|higher|greater)|and (?:over|above))\b",
    re.IGNORECASE,
)
UPPER_BOUND = re.compile(
    r"(?:\b(?:less|fewer|lower) than|\bunder|\bat most|\bup to|\bno more than)\s+\S*$"
    r"|^\S*\s+(?:or (?:less|fewer|under|below|lower))\b",
    re.IGNORECASE,
)
SENTENCE_END = frozenset('.!?“"')
REACH = 2  # function words a number and its word may have between them


def _kind(token: str) -> str:
    """ "year" for a year as news writes it (no comma: "1,800" is a count), else "count"."""
    return "year" if re.fullmatch(r"(?:18|19|20)\d\d", token) else "count"


def _tied(tokens: list[str], i: int, step: int) -> tuple[str | None, int]:
    """The next number or content word from `i` in direction `step`, within `REACH` function
    words and the same clause (a comma crossed): its kind ("number"/"word" or None) and index."""
    skipped = 0
    k = i + step
    while 0 <= k < len(tokens) and skipped <= REACH:
        token = tokens[k]
        if token_value(token):
            return "number", k
        if token == ",":
            k += step
            continue
        if not token[0].isalnum() or token.lower() in CLAUSE_OPENERS:
            return None, k
        if token.lower() in TRANSPARENT:
            skipped += 1
            k += step
            continue
        return "word", k
    return None, k


def _negated(tokens: list[str], i: int) -> bool:
    return any(t.lower() in NEGATIONS or t.endswith("n't") for t in tokens[max(0, i - 3) : i])


def _term(token: str) -> str:
    return "-".join(terms(token))


def _bridge(tokens: list[str], i: int, k: int) -> tuple[str, ...]:
    """The function words between two tied tokens, read from `i` towards `k`."""
    step = 1 if k > i else -1
    return tuple(t.lower() for t in tokens[i + step : k : step] if t != ",")


def _anchor(tokens: list[str], i: int) -> tuple[str, str] | None:
    """(kind, value) of a number ("year"/"count") or a name ("name": a capitalised word inside
    a sentence) at `i`, else None."""
    token = tokens[i]
    if value := token_value(token):
        return _kind(token), value
    if token[0].isupper() and i > 0 and tokens[i - 1] not in SENTENCE_END:
        return "name", token.lower()
    return None


def misplaced(claim: str, cited: Sequence[str]) -> str | None:
    """A number or name of the claim tied to a word that the source ties to another number or
    name of its kind ("a spokesman for ABa" where the source has "spokesman for Marketforce"),
    or None."""
    claim_tokens = tokenize(claim)
    sources = [tokenize(s) for s in cited]
    found = {a for tokens in sources for j in range(len(tokens)) if (a := _anchor(tokens, j))}
    claim_terms = {t for t in terms(claim) if t.isalpha()}
    overlap = [len(claim_terms & set(terms(" ".join(tokens)))) for tokens in sources]
    for i in range(len(claim_tokens)):
        anchor = _anchor(claim_tokens, i)
        if anchor is None or anchor not in found:
            continue
        for step in (-1, 1):
            kind, k = _tied(claim_tokens, i, step)
            # a name is tied by a preposition, the same in both: "spokesman for ABa" is not
            # "spokesman for Marketforce", but "his catch off Kiel" is no "catch of Fischer"
            bridge = _bridge(claim_tokens, i, k) if anchor[0] == "name" else None
            if kind != "word" or bridge is not None and (not bridge or _anchor(claim_tokens, k)):
                continue
            word = _term(claim_tokens[k])
            # per cited sentence: how many claim terms it has, and what it ties the word to
            tied_there: list[tuple[int, set[tuple[str, str]]]] = []
            for tokens, shared in zip(sources, overlap):
                anchors = set()
                for j, there in enumerate(tokens):
                    if there[0].isalnum() and _term(there) == word:
                        kind_there, m = _tied(tokens, j, -step)
                        a = _anchor(tokens, m) if kind_there else None
                        if a and a[0] == anchor[0] and bridge in (None, _bridge(tokens, m, j)):
                            anchors.add(a)
                if anchors:
                    tied_there.append((shared, anchors))
            # the sentence closest to the claim decides: "video mystery shoppers can earn up to
            # £155" takes £155 from a sentence about other shoppers
            best = max((shared for shared, _ in tied_there), default=0)
            if tied_there and not any(anchor in a for shared, a in tied_there if shared == best):
                return claim_tokens[i]
    return None


def opposite_tied(
    claim: str,
    cited: Sequence[str],
    bases: Callable[[str], set[str]],
    pairs: Sequence[tuple[set[str], set[str]]],
) -> str | None:
    """A word of the claim ("more") whose neighbour ("accidents") the source ties only to its
    opposite ("fewer"), or None. `bases` maps a word to its base forms, `pairs` are the
    opposites."""
    claim_tokens = tokenize(claim)
    sources = [tokenize(s) for s in cited]
    for i, token in enumerate(claim_tokens):
        if _negated(claim_tokens, i):
            continue  # "did not rise" where the source says "fell" agrees; polarity reads it
        own = bases(token.lower())
        sides = [(a, b) for pair in pairs for a, b in (pair, pair[::-1]) if own & a]
        if not sides:
            continue
        for step in (-1, 1):
            kind, k = _tied(claim_tokens, i, step)
            if kind != "word":
                continue
            word = _term(claim_tokens[k])
            tied_there: set[str] = set()
            for tokens in sources:
                for j, there in enumerate(tokens):
                    if not (there[0].isalnum() and _term(there) == word):
                        continue
                    # on either side: "the experiment began" / "the end of the experiment"
                    for side in (-step, step):
                        kind_there, m = _tied(tokens, j, side)
                        if kind_there == "word" and not _negated(tokens, m):
                            tied_there |= bases(tokens[m].lower())
            if any(tied_there & b and not tied_there & a for a, b in sides):
                return token
    return None


def _dated(sentences: Sequence[list[str]]) -> dict[str, set[tuple[int, int, str | None]]]:
    """Each content term of the sentences -> the (sentence, stretch, year) it is found in: a
    year owns the words since the year before it (the words after a sentence's last year are
    its too); a sentence without a year has one stretch dated None."""
    found: dict[str, set[tuple[int, int, str | None]]] = {}
    for s, tokens in enumerate(sentences):
        years = [k for k, t in enumerate(tokens) if token_value(t) and _kind(t) == "year"]
        for k, token in enumerate(tokens):
            if not token[0].isalpha() and k not in years:  # a year is in its own stretch
                continue
            place = next((n for n, y in enumerate(years) if k <= y), len(years) - 1)
            year = tokens[years[place]] if years else None
            for term in terms(token):
                found.setdefault(term, set()).add((s, place, year))
    return found


def misdated(claim: str, cited: Sequence[str]) -> str | None:
    """A year of the claim given to words that the source dates only by another year, or None.

    In "came into force in 1995 and nationwide in Poland in 1998" the later stretch may borrow
    the words of the earlier one (it leaves out "came into force"), so "banned nationwide in
    Poland in 1998" is supported; the earlier stretch borrows nothing, so "the nationwide ban
    came into force in 1995" is not. Between sentences nothing is borrowed."""
    claim_years = {t for t in tokenize(claim) if token_value(t) and _kind(t) == "year"}
    # a cited quote may hold several sentences ("In 1975, there were… Beginning in the 1950s…")
    dated = _dated([tokenize(part) for s in cited for part in re.split(r"(?<=[.!?])\s+", s)])
    for year in claim_years:
        places = {(s, p) for where in dated.values() for s, p, y in where if y == year}
        for term in {t for t in terms(claim) if t.isalpha()}:
            where = dated.get(term, set())
            if not places or not where or any(y is None or y in claim_years for *_, y in where):
                continue
            if not any(s == s0 and p <= p0 for s, p, _ in where for s0, p0 in places):
                return year
    return None


def _time_unit(tokens: list[str], i: int) -> str | None:
    """The time unit a number at `i` measures or is a rate over ("two months", "20,000 miles
    a year"), read up to the next number or punctuation."""
    for token in tokens[i + 1 : i + 1 + UNIT_REACH]:
        if token_value(token) or not token[0].isalnum():
            return None
        if token.lower() in TIME_UNITS:
            return TIME_UNITS[token.lower()]
    return None


def misunit(claim: str, cited: Sequence[str]) -> str | None:
    """A number of the claim given another time unit than every mention of it in the source
    that has one ("two years in prison" where the source says "two months"), or None."""
    sources = [tokenize(s) for s in cited]
    claim_tokens = tokenize(claim)
    for i, token in enumerate(claim_tokens):
        value, unit = token_value(token), _time_unit(claim_tokens, i)
        if value is None or unit is None or _kind(token) == "year":
            continue
        there = {
            _time_unit(tokens, j)
            for tokens in sources
            for j, t in enumerate(tokens)
            if token_value(t) == value
        } - {None}
        if there and unit not in there:
            return token
    return None


def _bounds(text: str) -> dict[str, set[str]]:
    """Each number of a text -> the bounds put on it: "lower" ("more than 10%", "10 or more"),
    "upper" ("up to £155", "10% or less"), "exact" ("exactly three")."""
    found: dict[str, set[str]] = {}
    for m in re.finditer(rf"{DIGITS.pattern}|\b{SPELLED}\b", text, re.IGNORECASE):
        before, after = text[: m.start()][-25:], text[m.start() :][:25]
        bounds = found.setdefault(token_value(m.group()) or "", set())
        if LOWER_BOUND.search(before) or LOWER_BOUND.search(after):
            bounds.add("lower")
        if UPPER_BOUND.search(before) or UPPER_BOUND.search(after):
            bounds.add("upper")
        if re.search(r"\b(?:exactly|precisely)\s+\S*$", before, re.IGNORECASE):
            bounds.add("exact")
    return found


def bound_turned(claim: str, cited: Sequence[str]) -> str | None:
    """A number the claim bounds from one side where the source bounds it only from the other
    ("more than 10%" of "10% or less"), or None."""
    there = _bounds(" ".join(cited))
    for number, bounds in _bounds(claim).items():
        source = there.get(number, set())
        if bounds and source and not bounds & source:
            return number
    return None
