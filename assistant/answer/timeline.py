"""A figure that moved between dated reports, and reports of one date that disagree.

`timeline(question, citations)` finds the quantity the question asks for (answer/quantities.py)
in each cited sentence and returns a `Timeline`:

- **entries**: when dated sources of different dates give different values (not restatements:
  "1,200" and "1,200 people", "about 5,000" and "5,000" are one value), the newest report of
  each value, newest first. Undated sources are left out: nothing says where they belong, and
  they are never presented as the latest.
- **conflicts**: sources of the *same* date (and different outlets) whose values cannot both be
  true ("more than 1,000" and "1,200" can). Same day, not ±1 day: a figure that changed
  overnight is a moved figure, and it is shown, dated, in the timeline; calling it a
  disagreement would be a false alarm, and precision matters more than recall here. One outlet
  giving two figures on one day has updated its story; it does not disagree with itself.

A sentence that reports two different values of the asked quantity is left out (which one
answers is a guess). Both answerers use it: the extractive one to choose and order what it
quotes, the LLM one on the citations it ended with.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from assistant.answer.quantities import Quantity, quantities, reports, same_quantity
from assistant.language.asked import AskedQuantity
from assistant.language.when import short
from assistant.question import Question
from assistant.types import AnswerSentence, Citation, Conflict, Reported, Timeline


def day(date: dt.date | None) -> str:
    """ "3 Aug 2025", as the reading of time words writes dates ("date unknown" for None)."""
    return short(date) if date else "date unknown"


def _reported(c: Citation, q: Quantity) -> Reported:
    return Reported(q.figure, q.counted, c.date, c.source, c.n)


def _mentions(
    asked: AskedQuantity, named: Sequence[str], citations: Sequence[Citation]
) -> list[tuple[Citation, Quantity]]:
    """Each citation's one value of the asked quantity (citations with none or two left out).
    When the question names someone or something ("How old is Paul Kelley?"), a citation
    whose sentence and headline name none of it reports some other one's figure."""
    found = []
    for c in citations:
        about = f"{c.sentence} {c.title}".lower()
        if named and not any(n.split()[-1].lower() in about for n in named):
            continue
        values = [q for q in quantities(c.sentence) if reports(asked, q)]
        if values and all(q.same_value(values[0]) for q in values):
            found.append((c, values[0]))
    return found


def moved(group: Sequence[tuple[Citation, Quantity]]) -> list[tuple[Citation, Quantity]]:
    """Of the reports of one quantity, the newest report of each value, newest first, when
    dated reports of different dates give different values; [] when the figure did not move."""
    dated = sorted((m for m in group if m[0].date), key=lambda m: m[0].date, reverse=True)
    if not any(a.date != b.date and not qa.same_value(qb) for a, qa in dated for b, qb in dated):
        return []
    kept: list[tuple[Citation, Quantity]] = []
    for c, q in dated:  # newest first: a value's newest report stands for it
        if not any(q.same_value(k) for _, k in kept):
            kept.append((c, q))
    return kept


def _entries(group: list[tuple[Citation, Quantity]]) -> tuple[Reported, ...]:
    return tuple(_reported(c, q) for c, q in moved(group))


def _conflicts(group: list[tuple[Citation, Quantity]]) -> tuple[Conflict, ...]:
    conflicts = []
    for date in sorted({c.date for c, _ in group if c.date}, reverse=True):
        sides: list[tuple[Citation, Quantity]] = []
        for c, q in (m for m in group if m[0].date == date):
            if not any(q.agrees(k) or c.source == s.source for s, k in sides):
                sides.append((c, q))
        if len(sides) > 1:
            conflicts.append(Conflict(tuple(_reported(c, q) for c, q in sides)))
    return tuple(conflicts)


def timeline(question: Question, citations: Sequence[Citation]) -> Timeline:
    """The asked quantity across `citations` (best first): how it moved, where sources
    disagree. The best-ranked citation reporting it says which quantity that is; when the
    question names someone or something, only figures about them count (`Question.subjects`)."""
    asked = question.quantity
    mentions = _mentions(asked, question.subjects, citations)
    if not mentions:
        return Timeline()
    first = mentions[0][1]
    group = [(c, q) for c, q in mentions if same_quantity(asked, first, q)]
    return Timeline(_entries(group), _conflicts(group))


def _figure(r: Reported) -> str:
    return f"{r.value} {r.counted}".strip()


def summary(found: Timeline) -> list[AnswerSentence]:
    """The sentences an answer opens with: each dated value, newest first, then each
    disagreement. Built from the cited sentences' own figures, outlets and dates, so each is
    supported by what it cites."""
    sentences = []
    for i, r in enumerate(found.entries):
        when = "as of" if i == 0 else "on"
        outlet = f" ({r.source})" if r.source else ""
        text = f"{_figure(r)} {when} {day(r.date)}{outlet}."
        sentences.append(AnswerSentence(text[:1].upper() + text[1:], (r.citation,), True, 1.0))
    for conflict in found.conflicts:
        sides = "; ".join(f"{r.source or 'one source'} says {_figure(r)}" for r in conflict.sides)
        text = f"Sources disagree on {day(conflict.sides[0].date)}: {sides}."
        sentences.append(AnswerSentence(text, tuple(r.citation for r in conflict.sides), True, 1.0))
    return sentences
