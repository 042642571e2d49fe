"""Words of a text as the pipeline reads them, shared by BM25, sentence scoring, the question's
reading, the verifier and follow-ups: words, content terms and names (numbers and dates are read
in `language/`).

Terms are lower-cased words without stop words, lightly stemmed: "drones"/"drone",
"visited"/"visit" match. Changing `terms` changes every BM25 index: bump `index.bm25.VERSION`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not of off on once only or other our ours out
    over own same she should so some such than that the their theirs them themselves then there
    these they this those through to too under until up very was we were what when where which
    while who whom why will with would you your yours yourself yourselves said says say told
    according s t""".split()
)
TOKEN = re.compile(r"\w+", re.UNICODE)
WORD = re.compile(r"[\w'’-]+")
"""A word with its apostrophes and hyphens: "Japan's", "F-16", "drone-maker"."""
DIGITS = r"\d[\d,.]*\d|\d"
"""A number written in digits as one token: "1,200", "1.3", "7" (language/numbers.py reads it)."""
TOKEN_OR_MARK = re.compile(
    rf"{DIGITS}|\w+(?:-\w+)*(?:'(?!s\b)\w+)*|'s\b|[.,;:!?–—()“”\"']", re.IGNORECASE
)
"""A number ("1,200", "3.5"), a word with its inner hyphens and apostrophes ("Turkey-backed",
"didn't"), a possessive "'s" (the owner is a word of its own: "Japan", "'s"), or a mark that
parts clauses."""
_CAPITALISED = r"[A-Z][\w’'-]+"
# A capitalised word that does not open the sentence (nor a quote that opens it): in news copy
# such a word names a person, place, organisation or thing. The verifier checks that an answer
# names nothing its sources don't; follow-ups find what a question is about.
NAME = re.compile(rf"(?<!^)(?<![.!?]\s)(?<!^[“\"'‘])\b{_CAPITALISED}")
# A run of such words, one name of several words: "Turkish Aerospace Industries".
NAME_PHRASE = re.compile(rf"{NAME.pattern}(?:\s+{_CAPITALISED})*")
NOT_NAMES = frozenset(
    """What Which Who Whom Whose When Where Why How Is Are Was Were Did Does Do Will Can And I The
    A An In On At It He She They We This That These Those But Or Mr Mrs Ms Dr""".split()
)
"""Capitalised words that name nothing: question words, pronouns, articles, titles."""


POSSESSIVE = re.compile(r"['’]s?$")
"""A name's possessive ending: "Japan's", "Caledon Seafarms'" name Japan and Caledon Seafarms."""


def names(text: str) -> tuple[str, ...]:
    """The names a text holds, several words kept together ("Turkish Aerospace Industries"),
    in order, without a possessive ending; a capitalised word that names nothing ("What",
    "The") is none."""
    found = (POSSESSIVE.sub("", n) for n in NAME_PHRASE.findall(text.strip()))
    return tuple(n for n in found if n and n not in NOT_NAMES)


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    """A light suffix stripper: "drones"/"drone", "visited"/"visit", "boxes"/"box" match."""
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if suffix == "es" and not word.endswith(("ses", "xes", "zes", "ches", "shes")):
            continue
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            word = word[: -len(suffix)] + keep
            break
    return word[:-1] if len(word) > 4 and word.endswith("e") else word


def terms(text: str) -> list[str]:
    """Content terms of a text: lower-cased, stop words dropped, lightly stemmed."""
    text = text.replace("’", "'")
    return [_stem(w) for w in TOKEN.findall(text.lower()) if w not in STOPWORDS]


def tokens(text: str) -> list[str]:
    """The words, numbers and clause marks of a text in order, case kept, curly apostrophes
    folded: what the verifier's readers of structure (anchors, agents, contradictions) walk."""
    return TOKEN_OR_MARK.findall(text.replace("’", "'"))


def coverage(weights: Mapping[str, float], text_terms: set[str]) -> float:
    """Share of a question's term weight (`weights`: term -> IDF) found in `text_terms` (0 when
    the question weighs nothing): what BM25 upkeep, sentence scoring and the answerability gate
    call lexical coverage."""
    total = sum(weights.values())
    if total == 0:
        return 0.0
    return sum(w for t, w in weights.items() if t in text_terms) / total
