"""Do answers stand on their own? Scored on the questions whose gold says what the answer is
(`kind`: a place, a person, an organisation, a number, a date; eval/news-qa.jsonl).

A quote can carry the fact and still not say who or where ("They will hold inspections…",
"Roslyn made landfall around 7:20 a.m."): token recall against the gold answer hides that among
the quote's other words. These ask the one thing a reader needs:

- **answer named**: the answer's text names the gold answer (a person by their surname, a
  number by its value: "fourteen" names 14);
- **answer kind given**: the answer's text mentions something of the asked kind at all (a
  country for "which country", a person or organisation for "who"), read by the same rules as
  the sentences (language/mentions.py).

Each averages over the answerable questions with that gold; an abstention counts as a miss.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assistant.eval.judge import QuestionResult, answer_text
from assistant.eval.metrics import mean
from assistant.language.mentions import read_mentions
from assistant.language.numbers import values
from assistant.types import DATE, NUMBER, ORGANISATION, PERSON, PLACE

KINDS = {"place": PLACE, "person": PERSON, "organisation": ORGANISATION}
"""Gold kinds a mention can show (numbers and dates are checked by value)."""


@dataclass(frozen=True)
class StandaloneMetrics:
    """The stand-alone scores of one question set."""

    answer_named: float
    """Share of answerable questions with a named `kind` whose answer names the gold answer."""
    named_questions: int
    kind_given: float | None
    """Share of those asking for a place, person or organisation whose answer mentions one."""

    def flat(self) -> dict[str, float]:
        out = {"answer_named": self.answer_named}
        if self.kind_given is not None:
            out["answer_kind_given"] = self.kind_given
        return out


def names(text: str, gold: str, kind: str) -> bool:
    """Whether `text` names the gold answer of this kind."""
    if kind == "number":
        wanted = values(gold)
        return bool(wanted) and wanted <= values(text)
    lowered = text.lower()
    if kind == "person":
        return gold.split()[-1].lower() in lowered
    return gold.lower() in lowered


def gives_kind(text: str, kind: str) -> bool:
    """Whether `text` mentions something of the gold kind (a country for a country)."""
    wanted = {**KINDS, "number": NUMBER, "date": DATE}[kind]
    return any(m.kind == wanted for m in read_mentions(text))


def standalone_metrics(results: Sequence[QuestionResult]) -> StandaloneMetrics | None:
    """The metrics over `results` whose question has a gold `kind` other than "quote"; None
    when none has."""
    scored = [
        r for r in results if r.question.answerable and r.question.kind not in (None, "quote")
    ]
    if not scored:
        return None
    named = [
        not r.answer.abstained
        and names(answer_text(r.answer), r.question.answer or "", r.question.kind or "")
        for r in scored
    ]
    entities = [r for r in scored if r.question.kind in KINDS]
    given = [
        not r.answer.abstained and gives_kind(answer_text(r.answer), r.question.kind or "")
        for r in entities
    ]
    return StandaloneMetrics(
        answer_named=mean(named),
        named_questions=len(scored),
        kind_given=mean(given) if entities else None,
    )
