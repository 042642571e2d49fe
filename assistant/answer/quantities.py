"""The quantities a sentence reports, and whether two of them are the same quantity.

A quantity is a figure ("1,200", "about 5,000", "5.2 million", "three", "$40 million", "12%", a
written date with its year) with what it counts (the noun after it: "people", "hectares"; the
currency or "%" for money and shares; "date" for dates) and the words of its clause (what
happened to what it counts: "evacuation", "burned", "killed"). Terms are compared by root, so
"evacuated", "evacuate" and "evacuation" match.

Two mentions are the same quantity for a question (`same_quantity`) when they count the same thing
and both carry the question's predicate ("were evacuated"): "1,200 hectares burned" and "5,000
people evacuated" never are, nor are "12 people killed" and "1,200 people evacuated" when the
question asks who was evacuated. Precision matters more than recall (a wrong "sources disagree"
is worse than a missed one), so figures that cannot be read without guessing are left out: bare
numbers counting nothing named, years, ranges ("4,000 to 5,000"), vague counts ("hundreds"),
"one", and dates without a year.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from assistant.answer.contradiction import CLAUSE_BREAK
from assistant.language.asked import NUMBER, SAME_THING, TIME, AskedQuantity
from assistant.language.dates import WRITTEN, find_date
from assistant.language.numbers import ABBREVIATED, SCALES, SPELLED, spelled_value
from assistant.text import STOPWORDS, terms

FIGURE_SCALES = SCALES | ABBREVIATED
CURRENCIES = {"$": "$", "us$": "$", "€": "€", "£": "£"}
CURRENCY_WORDS = {"dollar": "$", "euro": "€", "pound": "£"}
FIGURE = re.compile(
    r"(?P<cur>US\$|\$|€|£)?"
    r"(?P<num>(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\d.,])\d+(?:\.\d+)?"
    rf"|\b{SPELLED}\b)"
    r"(?:\s?(?P<scale>thousand|million|billion|trillion|bn|m)\b)?"
    r"(?P<pct>\s?%|\s(?:percent|per cent)\b)?"
    r"(?![\w.,]\d|[a-z])",
    re.IGNORECASE,
)
# Words before a figure that make it approximate, or a lower or an upper bound.
HEDGES = {
    "approx": "about, around, roughly, nearly, almost, approximately, some, an estimated, "
    "estimated, close to",
    "at least": "at least, more than, over, upwards of, in excess of",
    "at most": "at most, up to, fewer than, less than, under, no more than",
}
HEDGE_KIND = {p: kind for kind, ps in HEDGES.items() for p in ps.split(", ")}
HEDGE = re.compile(
    r"\b(?P<hedge>{})\s+$".format("|".join(sorted(HEDGE_KIND, key=len, reverse=True))),
    re.IGNORECASE,
)
# A figure that ends or opens a range ("between 4,000 and 5,000", "4,000-5,000", "4 to 5").
RANGE = re.compile(
    r"\bbetween\s+$|\d\s*(?:and|to|[-–])\s*$|^\s*(?:[-–]|to\b|and\b)\s*(?:US\$|\$|€|£)?\d"
)
# Words after a figure, up to three, that say what it counts ("23 urban development centres").
COUNTED = re.compile(r"^(?:\s+[a-z][a-z-]*){1,3}")
# "5,000 more people" and "300 other residents" count an increment or a part, not the total.
INCREMENT = frozenset("more additional extra further other new".split())
PLURALS = frozenset("people children men women police staff personnel cattle".split())
JOINT = re.compile(r"\s(?:and|while|but|as well as|whereas)\s", re.IGNORECASE)
# A relative tolerance for an approximate figure: "about 5,000" agrees with 4,900.
APPROX = 0.05


def root_match(a: str, b: str) -> bool:
    """Two terms with one root: equal (a doubled final consonant read once), or one a prefix
    of four letters or more of the other ("evacuat" / "evacuation", "injur" / "injury")."""
    a, b = (re.sub(r"([^aeiou])\1$", r"\1", t) for t in (a, b))  # "bann(ed)" / "ban(s)"
    short, long = sorted((a, b), key=len)
    return short == long or (len(short) >= 4 and long.startswith(short))


SAME_EVENT = {
    **dict.fromkeys(("died", "die", "dies", "dead", "death", "fatality", "fatal"), "kill"),
    **dict.fromkeys(("hurt", "wound", "wounded", "injury"), "injur"),
}
"""News counts its casualties in many words: "killing 12", "nine people died", "the death toll";
"23 injured", "25 hurt". Without these, two outlets' tolls never met and a disputed toll, the
most common disagreement in breaking news, went unflagged."""


def event(term: str) -> str:
    return SAME_EVENT.get(term, term)


def shared(a: frozenset[str], b: frozenset[str]) -> set[str]:
    """The terms of `a` with a root in `b` (casualty words as one: `SAME_EVENT`)."""
    return {x for x in a if any(root_match(event(x), event(y)) for y in b)}


@dataclass(frozen=True)
class Quantity:
    """One figure a sentence reports."""

    figure: str
    """As written, hedge included: "about 5,000", "$5.2 million", "12%", "3 August 2025"."""
    counted: str
    """The noun it counts as written ("people"); "" for money, shares and dates."""
    unit: str
    """What it counts, compared between mentions: a term root ("peopl"), "$", "%" or "date"."""
    value: str
    """The value compared between mentions: "5000", "5200000", "12", "2025-08-03"."""
    amount: float | None
    """The value as a number (None for dates)."""
    hedge: str
    """"approx", "at least", "at most" or "" for an exact figure."""
    context: frozenset[str]
    """Terms of the clause it is reported in (what happened to what it counts)."""

    @property
    def kind(self) -> str:
        """The question type it answers (language/asked.py): a number or a time."""
        return TIME if self.unit == "date" else NUMBER

    def same_value(self, other: Quantity) -> bool:
        """The same figure, restated: "1,200" and "1,200 people"; "about 5,000" and "5,000"."""
        if self.value == other.value:
            return True
        if self.amount is None or other.amount is None or "approx" not in (self.hedge, other.hedge):
            return False
        return abs(self.amount - other.amount) <= APPROX * max(self.amount, other.amount)

    def agrees(self, other: Quantity) -> bool:
        """The two figures can both be true: the same value, or a bound the other respects
        ("more than 1,000" and "1,200")."""
        if self.same_value(other):
            return True
        if self.amount is None or other.amount is None:
            return False
        for a, b in ((self, other), (other, self)):
            if a.hedge == "at least" and b.amount >= a.amount:
                return True
            if a.hedge == "at most" and b.amount <= a.amount:
                return True
        return False


def _clauses(sentence: str) -> list[tuple[int, int]]:
    """Spans of the clauses of a sentence (the commas inside "1,200" break none)."""
    masked = re.sub(r"(?<=\d),(?=\d)", "0", sentence)
    cuts = [0, *(x for m in CLAUSE_BREAK.finditer(masked) for x in (m.start(), m.end())), None]
    return [(cuts[i], cuts[i + 1] or len(sentence)) for i in range(0, len(cuts) - 1, 2)]


def _counted(rest: str) -> tuple[str, int]:
    """What the figure just before `rest` counts, as written ("urban development centres"), and
    its length in `rest`: the first plural of the words before a stop word ("people near",
    "trips carried out"), else the first word ("hectare burned"); ("", 0) when none follows or
    the figure is an increment."""
    run = COUNTED.match(rest)
    words = run.group(0).split() if run else []
    if words and words[0] in INCREMENT:  # read as a bare number: it counts nothing named
        return "", 0
    kept = list(itertools.takewhile(lambda w: w not in STOPWORDS, words))
    plural = [
        i
        for i, w in enumerate(kept)
        if w in PLURALS or (w.endswith("s") and not w.endswith(("ss", "us")))
    ]
    if not kept:
        return "", 0
    end = re.match(rf"^(?:\s+[a-z][a-z-]*){{{(plural[0] if plural else 0) + 1}}}", rest).end()
    return rest[:end].strip(), end


def _number(m: re.Match) -> float:
    num = m.group("num")
    spelled = spelled_value(num)
    value = float(num.replace(",", "")) if spelled is None else float(spelled)
    return value * FIGURE_SCALES.get((m.group("scale") or "").lower(), 1.0)


def _figures(sentence: str) -> list[tuple[int, int, str, str, float | None, str]]:
    """(start, end, counted, unit, amount, value) of each readable figure, in order."""
    found = []
    dates = [(m.start(), m.end()) for p in WRITTEN for m in p.finditer(sentence)]
    for s, e in dates:
        iso = find_date(sentence[s:e])
        if iso:
            found.append((s, e, "", "date", None, iso))
    for m in FIGURE.finditer(sentence):
        s, e = m.span()
        if any(a <= s < b for a, b in dates) or RANGE.search(sentence[:s][-12:]):
            continue
        if RANGE.search(sentence[e : e + 12]):
            continue
        amount = _number(m)
        if amount < 2 and not m.group("num")[0].isdigit():  # "one" is vague: "one of them"
            continue
        noun, length = _counted(sentence[e:])
        noun_term = (terms(noun.split()[-1]) or [""])[0] if noun else ""
        if m.group("cur"):
            unit, noun = CURRENCIES[m.group("cur").lower()], ""
        elif noun_term in CURRENCY_WORDS:  # "3 billion euros"
            unit, e = CURRENCY_WORDS[noun_term], e + length
        elif m.group("pct"):
            unit, noun = "%", ""
        elif noun_term and noun_term not in FIGURE_SCALES and not FIGURE.fullmatch(noun):
            year = re.fullmatch(r"(?:19|20)\d\d", m.group("num")) and not m.group("scale")
            if year:  # "in 2025 people…" reads as a year, not a count
                continue
            unit = SAME_THING.get(noun_term, noun_term)
            e = e + length
        else:  # a bare number counts nothing named
            continue
        found.append((s, e, noun, unit, amount, f"{amount:.15g}"))
    return sorted(found)


def quantities(sentence: str) -> list[Quantity]:
    """The quantities a sentence reports, in reading order."""
    found = _figures(sentence)
    spans = _clauses(sentence)
    result = []
    for i, (s, e, noun, unit, amount, value) in enumerate(found):
        hedge = HEDGE.search(sentence[:s])
        start = hedge.start() if hedge else s
        # The clause it is in, cut at a joint ("and", "while"…) between it and the figures
        # before and after it: "1,200 people were evacuated and 12 were killed" gives "killed"
        # to the 12 only.
        cs, ce = next(((a, b) for a, b in spans if a <= s < b), (0, len(sentence)))
        if i and found[i - 1][1] <= s:
            joint = JOINT.search(sentence, found[i - 1][1], s)
            cs = max(cs, joint.end() if joint else found[i - 1][1])
        if i + 1 < len(found) and found[i + 1][0] >= e:
            joint = JOINT.search(sentence, e, found[i + 1][0])
            ce = min(ce, joint.start() if joint else found[i + 1][0])
        context = terms(sentence[cs:start] + " " + sentence[e:ce])
        figure = sentence[start:e]
        if noun:
            figure = figure[: len(figure) - len(noun)].rstrip()
        result.append(
            Quantity(
                figure=figure,
                counted=noun,
                unit=unit,
                value=value,
                amount=amount,
                hedge=HEDGE_KIND[hedge.group("hedge").lower()] if hedge else "",
                context=frozenset(context),
            )
        )
    return result


def reports(asked: AskedQuantity, q: Quantity) -> bool:
    """The mention reports the quantity a question asks for."""
    if q.kind not in asked.kinds or (asked.unit and q.unit != asked.unit) or not asked.predicate:
        return False
    found = shared(asked.predicate, q.context)
    return found == set(asked.predicate) if asked.strict else bool(found)


def same_quantity(asked: AskedQuantity, a: Quantity, b: Quantity) -> bool:
    """Two mentions of the asked quantity: both report it, count the same thing and carry the
    same of its predicate terms."""
    if not (reports(asked, a) and reports(asked, b)) or a.unit != b.unit:
        return False
    return shared(asked.predicate, a.context) == shared(asked.predicate, b.context)
