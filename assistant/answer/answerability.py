"""Features of a question and its retrieved sentences that tell answerable from unanswerable.

A cosine threshold on the best sentence cannot separate the two (issue 15): an unanswerable
question close to an article's topic scores as high as an answerable one. These features add
what the score blends away, all from what retrieval already computed plus cheap lexical work:
how much of the question's IDF weight and of its names the best sentence and its neighbours
hold, whether the answer type it asks for is there, how far ahead the best sentence is, whether
dense and lexical scoring agree, whether the hits concentrate on one article, and whether the
thing the question asks for ("how many drones", "which city") is there with a number or a name
next to it (an on-topic question whose fact is missing holds the topic words, not the slot).

`features(question, hits, idf, neighbours)` computes them. Nothing here decides: the gate
(gate.py, next door) reads them through a model that eval/calibration/ fits (on a subset,
`calibration.fit.MODEL_FEATURES`); eval/studies/answerability/ measured them first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields

import numpy as np

from assistant.language.asked import NUMBER, can_answer
from assistant.question import Question
from assistant.text import WORD, coverage, terms
from assistant.types import ScoredSentence


@dataclass(frozen=True)
class Features:
    """One question's answerability features (every one a float, most in [0, 1])."""

    top_score: float
    """Final score of the best sentence (what `answer.min_score` is compared with)."""
    top_dense: float
    """Its dense score (cosine in its chunk's context)."""
    top_lexical: float
    """Its lexical score: share of the question's IDF weight it contains."""
    gap: float
    """Best score minus the second best (0 with one hit)."""
    coverage: float
    """Share of the question's IDF-weighted content terms found in the best sentence or its
    neighbours (the sentences either side, retrieved or passed in)."""
    name_share: float
    """Share of the question's names found in the best sentence or its neighbours (1 when the
    question names nothing)."""
    has_names: float
    """1 when the question names something (so `name_share` means something), else 0."""
    type_present: float
    """1 when the best sentence holds the answer type the question asks for (number, time), or
    the question asks for none."""
    rank_agreement: float
    """Spearman correlation of the hits' dense and lexical scores (0 with fewer than 3 hits or
    no spread)."""
    article_share: float
    """Share of the hits from the best sentence's article."""
    has_focus: float
    """1 when the question names the thing it asks for ("how many drones", "which city", "what
    brand of bike"), else 0 (then `focus_present` and `focus_slot` are 1)."""
    focus_present: float
    """1 when that focus noun is in the best sentence or its neighbours, or when the question
    asks for a person, organisation or place and one of the three best sentences names one the
    question does not (its readings' mentions: "which investor" is answered by "led by Fjord
    Capital", which never says "investor")."""
    focus_slot: float
    """1 when it is there with a filler next to it (within `SLOT_WIDTH` words): a number for
    "how many / how much", a number or a capitalised word the question does not contain
    otherwise; or when such a mention is there (as for `focus_present`)."""
    missing_mass: float
    """Summed IDF of the question's content terms missing from the best sentence and its
    neighbours (what `coverage` leaves out, in absolute weight: one rare missing word weighs
    more than several common ones)."""
    missing_max: float
    """The largest IDF among those missing terms (0 when none is missing)."""
    coverage_top3: float
    """The best share of the question's IDF weight held by one of the three best sentences
    alone (the answer is not always in the top one)."""
    role_missing: float = 0.0
    """1 when the question asks who or what holds a role ("who is the president of France")
    and neither the best sentence, its neighbours nor the next two best sentences mention that
    role (beside another word of the question), else 0: the one naming the role is often
    second, the lede outranking "said X, the observatory's project director"."""

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))


NAMES = Features.names()
NONE = Features(*([0.0] * len(NAMES)))
"""The features of a question nothing was retrieved for."""


SLOT_WIDTH = 3
"""How many words either side of the focus noun a filler may be."""


def focus_slot(question: Question, text: str) -> tuple[bool, bool]:
    """(the question's focus noun is in `text`, it is there with a filler within `SLOT_WIDTH`
    words: a number for a count, else a number or a capitalised word, not a stop word, that the
    question does not contain).
    (True, True) when the question has no focus noun."""
    if question.focus is None:
        return True, True
    noun, count = question.focus.noun, question.focus.count
    words = WORD.findall(text)
    present = slot = False
    for i, w in enumerate(words):
        if terms(w) != [noun]:
            continue
        present = True
        for other in words[max(0, i - SLOT_WIDTH) : i + SLOT_WIDTH + 1]:
            name = not count and other[0].isupper() and other.lower() not in question.words
            name = name and bool(terms(other))  # "The", "In": capitalised stop words
            if name or can_answer({NUMBER}, other):
                slot = True
    return present, slot


def gives_wanted(question: Question, hits: Sequence[ScoredSentence]) -> bool:
    """Whether a sentence of `hits` names a person, organisation or place of the kind the
    question asks for (its reading's mentions), one the question does not name itself; or has
    a speaker, for a question asking who said something."""
    if question.wants is None:
        return False
    asked = question.text.lower()
    return any(question.wants.given_by(h.sentence.reading, asked) for h in hits)


def _spearman(a: Sequence[float], b: Sequence[float]) -> float:
    if len(a) < 3:
        return 0.0
    # scores equal but for float noise (a query embedded twice can differ in the last bits)
    # count as equal: no spread, not a random order
    a, b = np.round(a, 9), np.round(b, 9)
    ra = np.argsort(np.argsort(a)).astype(float)
    rb = np.argsort(np.argsort(b)).astype(float)
    if np.ptp(a) == 0 or np.ptp(b) == 0:
        return 0.0
    return float(np.corrcoef(ra, rb)[0, 1])


def features(
    question: Question,
    hits: Sequence[ScoredSentence],
    idf: Callable[[str], float],
    neighbours: Sequence[str] = (),
) -> Features:
    """The features of `question` given its `hits` (best first), the corpus `idf` of a term
    (e.g. `LexicalIndex.idf`) and the texts of the best hit's neighbouring sentences."""
    if not hits:
        return NONE
    top = hits[0]
    near = [
        h.sentence.text
        for h in hits[1:]
        if h.sentence.article_id == top.sentence.article_id
        and abs(h.sentence.index - top.sentence.index) <= 1
    ]
    window = " ".join([top.sentence.text, *near, *neighbours])
    window_terms = set(terms(window))
    weights = {t: idf(t) for t in set(question.terms)}
    missing = [w for t, w in weights.items() if t not in window_terms]
    top3_terms = [set(terms(h.sentence.text)) for h in hits[:3]]
    top3 = [coverage(weights, t) for t in top3_terms]
    # the role counts in one of the three best only beside another word of the question: "who
    # is the president of France" is not answered by "President Vladimir Putin"
    others = set(question.terms) - {question.role}
    role_seen = window_terms.union(*(t for t in top3_terms if t & others))
    present, slot = focus_slot(question, window)
    if question.focus and not slot and gives_wanted(question, hits[:3]):
        present = slot = True
    asked = list(dict.fromkeys(question.names))
    lowered = window.lower()
    found = sum(1 for n in asked if n.lower() in lowered)
    return Features(
        top_score=top.score,
        top_dense=top.dense,
        top_lexical=top.lexical,
        gap=top.score - hits[1].score if len(hits) > 1 else 0.0,
        coverage=coverage(weights, window_terms),
        name_share=found / len(asked) if asked else 1.0,
        has_names=1.0 if asked else 0.0,
        type_present=1.0 if can_answer(question.kinds, top.sentence.text) else 0.0,
        rank_agreement=_spearman([h.dense for h in hits], [h.lexical for h in hits]),
        article_share=sum(h.sentence.article_id == top.sentence.article_id for h in hits)
        / len(hits),
        has_focus=1.0 if question.focus else 0.0,
        focus_present=1.0 if present else 0.0,
        focus_slot=1.0 if slot else 0.0,
        missing_mass=sum(missing),
        missing_max=max(missing, default=0.0),
        coverage_top3=max(top3),
        role_missing=1.0 if question.role and question.role not in role_seen else 0.0,
    )
