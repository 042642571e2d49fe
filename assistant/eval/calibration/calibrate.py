"""`assistant calibrate`: fit the answerability gate on a user's own questions and corpus.

`Calibration(assistant, files).run()` builds the rows (rows.py), scores the model in force on
them and cross-validates a new one by article (fit.py), fits the new one on every row and writes
it under the store, where `ask`, `serve` and `eval` pick it up. The figures before and after are
both on the user's rows; the model in force is scored as it is (if it was fitted on these very
questions, its figures are in-sample and say so), the new one out-of-fold only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.metrics import roc_auc_score

from assistant.answer.gate import STORE_MODEL, AnswerabilityModel, ruled_out
from assistant.answer.selection import SELECTION_FILE
from assistant.app import Assistant
from assistant.errors import EvalError
from assistant.eval.calibration.fit import MODEL_FEATURES, Scores, cross_validate, fit_model, scores
from assistant.eval.calibration.rows import (
    ANSWERABLE,
    EVIDENCE_OUT,
    HELD_OUT,
    UNANSWERABLE,
    Row,
    build_rows,
    keyed,
)
from assistant.eval.calibration.selection import SelectionReport, fit_selection
from assistant.eval.dataset import load_questions

MIN_ARTICLES = 3
"""Articles with answerable questions needed: cross-validation leaves one out at a time."""
FITTED = (ANSWERABLE, HELD_OUT, UNANSWERABLE)
"""The kinds of rows the model is fitted on; evidence-out rows are only measured (rows.py)."""
SLICES = {
    "as asked": (ANSWERABLE, UNANSWERABLE),
    "article left out": (ANSWERABLE, HELD_OUT),
    "all": FITTED,
    "answer sentences removed": (ANSWERABLE, EVIDENCE_OUT),
}


def fitted_kinds(rows: Sequence[Row]) -> np.ndarray:
    """Which rows are of the kinds the model is fitted on (`FITTED`)."""
    return np.array([r.kind in FITTED for r in rows], dtype=bool)


@dataclass(frozen=True)
class RuleFigures:
    """One abstention rule on each slice of the rows."""

    name: str
    slices: dict[str, Scores]
    auc: float | None
    """ROC AUC of P(answerable) over the rows of the kinds fitted on (None for the rules
    alone)."""


@dataclass(frozen=True)
class CalibrationReport:
    rows: tuple[Row, ...]
    counts: dict[str, int]
    """Rows per kind."""
    rules: tuple[RuleFigures, ...]
    """The rules alone, the model in force (as it is), the new model (out-of-fold)."""
    probability: np.ndarray
    """Out-of-fold P(answerable) of every row (for the reliability diagram and the PR curve)."""
    abstain: np.ndarray
    """Out-of-fold decision of every row: a rule, or below its fold's operating point."""
    thresholds: np.ndarray
    """The operating point chosen in each fold."""
    model: AnswerabilityModel
    """The new model, fitted on every row."""
    previous: str
    """Where the model in force came from."""
    written: Path | None
    """Where the new model was written (None when only measured); the answer selection goes
    beside it (`SELECTION_FILE`)."""
    selection: SelectionReport | None = None
    """The citation floor's figures (None when not `select`ed)."""

    @property
    def fitted(self) -> np.ndarray:
        """Which rows are of the kinds the model is fitted on (`FITTED`)."""
        return fitted_kinds(self.rows)


class Calibration:
    """Fit the gate on question files (JSON Lines, as for `assistant eval`) over the assistant's
    corpus; `run()` writes the model to `out` (default: the store folder)."""

    def __init__(
        self, assistant: Assistant, files: Sequence[Path], out: Path | None = None
    ) -> None:
        if not files:
            raise EvalError("no question files given: pass --qa FILE")
        self.assistant = assistant
        self.sets = [(f.name, load_questions(f)) for f in files]
        self.out = out or assistant.settings.store_path / STORE_MODEL

    @property
    def size(self) -> int:
        return sum(len(qs) for _, qs in self.sets)

    def _texts(self) -> dict[str, str]:
        snapshot = self.assistant.store.snapshots.current()
        infos = snapshot.infos
        for _, questions in self.sets:
            for q in questions:
                if q.article and q.article not in infos:
                    raise EvalError(
                        f"{q.where}: article {q.article!r} is not in the index "
                        f"(corpus {self.assistant.settings.corpus_dir})"
                    )
        articles = {q.article for _, qs in self.sets for q in qs if q.answerable and q.article}
        if len(articles) < MIN_ARTICLES:
            raise EvalError(
                f"calibrate needs answerable questions about at least {MIN_ARTICLES} "
                f"articles (got {len(articles)}): add questions to the --qa files"
            )
        return {i: text for i, text, _ in self.assistant.store.reader.records()}

    def run(
        self,
        progress: Callable[[int, int], None] | None = None,
        write: bool = True,
        select: bool = True,
    ) -> CalibrationReport:
        """Build the rows, measure, fit; write the model and its report unless `write` is off
        (`assistant eval` measures the gate without changing what is in force, and without
        `select`ing how many sentences to cite)."""
        texts = self._texts()
        a = self.assistant
        k = a.settings.retrieval.k
        rows = build_rows(
            keyed(self.sets),
            lambda q, f: a.retriever.search(q, k, f),
            a.gate.features,
            texts,
            progress,
        )
        d = design(rows, a.settings.answer.min_score)
        x, y, groups, floored = d.x, d.y, d.groups, d.floored
        kinds = np.array([r.kind for r in rows])
        train = fitted_kinds(rows)
        if len(set(y[train])) < 2:
            raise EvalError(
                "calibrate found no rows of one kind (answerable or not): "
                "check the --qa files' answers"
            )
        in_force = a.gate.model
        p_old = np.array([in_force.probability(r.features) for r in rows])
        cv = cross_validate(x, y, groups, floored, train)
        counts = {kind: int((kinds == kind).sum()) for kind in (*FITTED, EVIDENCE_OUT)}
        model = fit_model(
            x[train],
            y[train],
            np.array(groups)[train],
            MODEL_FEATURES,
            floored[train],
            fitted_on=self._describe(counts),
        )
        selection, chosen = fit_selection(a, self.sets) if select else (None, None)
        if write:
            model.save(self.out)
            if selection is not None:
                selection.save(self.out.with_name(SELECTION_FILE))
        rules = (
            _figures(
                f"rules alone (top score < {a.settings.answer.min_score}; role missing)",
                floored,
                y,
                kinds,
                None,
            ),
            _figures(
                "model in force, as it is", floored | (p_old < in_force.threshold), y, kinds, p_old
            ),
            _figures("new model, out-of-fold", cv.abstain, y, kinds, cv.probability),
        )
        return CalibrationReport(
            rows=tuple(rows),
            counts=counts,
            rules=rules,
            probability=cv.probability,
            abstain=cv.abstain,
            thresholds=cv.thresholds,
            model=model,
            previous=in_force.fitted_on or "(not recorded)",
            written=self.out if write else None,
            selection=chosen,
        )

    def _describe(self, counts: dict[str, int]) -> str:
        files = ", ".join(name for name, _ in self.sets)
        return f"{files} over {self.assistant.settings.corpus_dir.name}/: " + ", ".join(
            f"{counts[kind]} {kind}" for kind in FITTED
        )


def _figures(
    name: str, abstain: np.ndarray, y: np.ndarray, kinds: np.ndarray, p: np.ndarray | None
) -> RuleFigures:
    slices = {}
    for label, members in SLICES.items():
        mask = np.isin(kinds, members)
        if (y[mask] == 0).any():
            slices[label] = scores(abstain[mask], y[mask])
    fitted = np.isin(kinds, FITTED)
    auc = float(roc_auc_score(y[fitted], p[fitted])) if p is not None else None
    return RuleFigures(name, slices, auc)


@dataclass(frozen=True)
class Design:
    """The rows as the fit reads them."""

    x: np.ndarray
    y: np.ndarray
    groups: list[str]
    floored: np.ndarray
    """Rows abstained on whatever the model says: under the best-sentence floor
    (`answer.min_score`) or ruled out by the gate (`gate.ruled_out`)."""


def design(rows: Sequence[Row], min_score: float) -> Design:
    x = np.array([[getattr(r.features, n) for n in MODEL_FEATURES] for r in rows])
    y = np.array([r.label for r in rows])
    # abstained on before the model is asked: the score floor and the gate's own rule
    floored = (x[:, MODEL_FEATURES.index("top_score")] < min_score) | np.array(
        [ruled_out(r.features) for r in rows], dtype=bool
    )
    return Design(x, y, [r.group for r in rows], floored)


def fold_models(rows: Sequence[Row], min_score: float) -> dict[str, AnswerabilityModel]:
    """Fold -> the model fitted, as `run` fits the new one, on every row outside the fold: the
    cross-validation's own models, for `assistant eval --cv` to ask each question through."""
    d = design(rows, min_score)
    g = np.array(d.groups)
    fitted = fitted_kinds(rows)
    models = {}
    for fold in sorted(set(d.groups)):
        train = (g != fold) & fitted
        models[fold] = fit_model(
            d.x[train],
            d.y[train],
            g[train],
            MODEL_FEATURES,
            d.floored[train],
            fitted_on=f"every row but fold {fold}'s ({int(train.sum())} of {int(fitted.sum())})",
        )
    return models
