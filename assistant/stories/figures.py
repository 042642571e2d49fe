"""The figures that moved in a story: a quantity its articles of different dates report with
different values ("1,200 people evacuated" on 1 August, "about 5,000" on 3 August, "6,300" on 6
August), told as answers tell a moved figure (answer/timeline.py), newest first.

Only the opening sentences of each article are read (`LEDE_SENTENCES`): news puts the figures
of its event there, and the rest of an article carries figures of other things (the year's
national total, an earlier fire's toll) that share its words. Two mentions are of one quantity
when they count the same thing and their clauses share a term that says what happened to it
("evacuated", "burned"); a sentence giving two figures of one kind is left out (which is it?).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from assistant.answer.extractive import cite
from assistant.answer.quantities import Quantity, quantities, shared
from assistant.answer.timeline import moved
from assistant.index.snapshot import Snapshot
from assistant.text import terms
from assistant.types import ArticleInfo, Citation, Reported

LEDE_SENTENCES = 3
MOST_FIGURES = 2
"""A story's timeline tells at most this many quantities (the most reported)."""
GENERIC = frozenset(terms("said says say told according reported report about more than some"))
"""Clause terms that say nothing of what happened to a figure."""


def moved_figures(
    snapshot: Snapshot, articles: Sequence[ArticleInfo], cited: Sequence[Citation] = ()
) -> tuple[tuple[Reported, ...], tuple[Citation, ...]]:
    """The story's moved figures, newest first within each quantity, and the citations they
    point at that `cited` (the summary's) does not hold, numbered after them."""
    dated = [a for a in articles if a.date]
    if len({a.date for a in dated}) < 2:
        return (), ()
    groups: list[list[tuple[Citation, Quantity]]] = []
    for info in dated:
        for sentence in snapshot.sentences(info.id)[:LEDE_SENTENCES]:
            found = [q for q in quantities(sentence.text) if q.counted and q.amount is not None]
            for q in found:
                if sum(o.unit == q.unit for o in found) > 1:
                    continue
                mention = (cite(0, sentence, info), q)
                group = next((g for g in groups if _same(g[0][1], q)), None)
                if group is None:
                    groups.append([mention])
                else:
                    group.append(mention)
    kept = [m for m in (moved(g) for g in sorted(groups, key=len, reverse=True)) if m]
    citations = {(c.article, c.start): c for c in cited}
    entries = []
    for pairs in kept[:MOST_FIGURES]:
        for c, q in pairs:
            key = (c.article, c.start)
            citations.setdefault(key, replace(c, n=len(citations) + 1))
            entries.append(Reported(q.figure, q.counted, c.date, c.source, citations[key].n))
    return tuple(entries), tuple(list(citations.values())[len(cited) :])


def _same(a: Quantity, b: Quantity) -> bool:
    """One quantity: the same thing counted, and a shared term for what happened to it."""
    return a.unit == b.unit and bool(shared(a.context - GENERIC, b.context - GENERIC))
