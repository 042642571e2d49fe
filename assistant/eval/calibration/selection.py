"""How many sentences to cite, fitted on a user's questions: `answer.relative_floor`.

The extractive answerer quotes the best sentence and each runner-up scoring at least
`relative_floor` × the best one (at most `answer.max_sentences`). A low floor cites more (recall
up, precision and length down). `fit_selection` picks the floor with the best F1 of citation
recall and precision whose median cited text stays within 400 characters (issue 15), and reports
it the honest way: every article's questions judged with the floor chosen on the other
articles' questions, beside the floor in force. The choice is written under the store as
`answer_selection.json` (answer/selection.py), which the assistant reads unless the user set
the floor themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from assistant.answer.selection import Selection
from assistant.eval.calibration.scorer_cv import (
    FLOORS,
    Figures,
    Policy,
    choose_floor,
    cross_validate,
    figures,
    judge,
    ranked,
)
from assistant.eval.calibration.scorer_rows import QuestionRows, build_rows
from assistant.eval.dataset import EvalQuestion


@dataclass(frozen=True)
class SelectionReport:
    chosen: float
    """The floor chosen on every question (what is written)."""
    in_force: float
    before: Figures
    """The floor in force, on every question (nothing fitted: no fold needed)."""
    after: Figures
    """Out-of-fold: each article's questions with the floor chosen on the others'."""


def fit_selection(
    assistant, sets: Sequence[tuple[str, Sequence[EvalQuestion]]]
) -> tuple[Selection, SelectionReport]:
    """Choose `relative_floor` for `assistant`'s scorer on the question sets (name, questions)."""
    # ids made unique across files: the cross-validation keys its rankings by them
    rows: list[QuestionRows] = [
        replace(r, id=f"{name}:{r.id}")
        for name, questions in sets
        for r in build_rows(assistant, questions, name)
    ]
    scorer = assistant.retriever.scorer
    answer = assistant.answer_settings
    table = {r.id: r for r in rows}
    rankings = {r.id: ranked(r, scorer) for r in rows}

    def floor_on(train: Sequence[QuestionRows]) -> float:
        return choose_floor(train, {r.id: rankings[r.id] for r in train}, answer, FLOORS)

    def policy(train: list[QuestionRows]) -> Policy:
        return Policy(scorer, answer.model_copy(update={"relative_floor": floor_on(train)}))

    before = figures([judge(r, rankings[r.id], answer) for r in rows], table)
    after = figures(cross_validate(rows, policy), table)
    chosen = floor_on(rows)
    names = ", ".join(name for name, _ in sets)
    selection = Selection(chosen, f"{names}: {sum(r.answerable for r in rows)} answerable")
    return selection, SelectionReport(chosen, answer.relative_floor, before, after)
