"""`assistant eval --cv`: the answerability gate under article-level cross-validation.

The shipped model was fitted on eval/'s own questions, so scoring them with it measures the gate
in-sample. With --cv the eval first builds the rows `assistant calibrate` fits on (nothing is
written), fits one model per article fold on every other fold's rows, and asks each question
through the model of its own fold — one that never saw the question or its article. The gate's
figures come from the same rows, each scored out-of-fold.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.metrics import roc_auc_score

from assistant.answer.gate import AnswerabilityModel
from assistant.app import Assistant
from assistant.eval.calibration.calibrate import Calibration, CalibrationReport, fold_models
from assistant.eval.calibration.fit import scores
from assistant.eval.calibration.rows import EVIDENCE_OUT, deal, keyed
from assistant.eval.summary import GateMetrics


def fitted_files(fitted_on: str) -> set[str]:
    """The question files named in a model's `fitted_on` ("qa.jsonl, x.jsonl over corpus/: …",
    as `Calibration` describes its rows)."""
    files, over, _ = fitted_on.partition(" over ")
    return {f.strip() for f in files.split(",") if f.strip()} if over else set()


def key(set_name: str, question_id: str) -> str:
    """A question's key across files, as the calibration rows name it (`rows.keyed`)."""
    return f"{set_name}:{question_id}"


@dataclass(frozen=True)
class CrossValidated:
    """The calibration's rows and figures, and the per-fold models questions are asked through."""

    calibration: CalibrationReport
    folds: dict[str, str]
    """Question key -> its fold (its article; unanswerable questions dealt round them)."""
    models: dict[str, AnswerabilityModel]
    """Fold -> the model fitted on every row outside it."""
    abstain: np.ndarray
    """Each row's out-of-fold decision: below its fold's threshold, or under the score floor."""

    def model_for(self, set_name: str, question_id: str) -> AnswerabilityModel:
        return self.models[self.folds[key(set_name, question_id)]]

    def gate_metrics(self, set_name: str | None = None) -> GateMetrics:
        """The gate's figures on one set's rows (all rows when `set_name` is None): the kinds
        the model is fitted on, and apart from them the evidence-out rows."""
        rows = self.calibration.rows
        in_set = np.array([set_name is None or r.id.startswith(f"{set_name}:") for r in rows])
        mask = in_set & self.calibration.fitted
        y = np.array([r.label for r in rows])[mask]
        p = self.calibration.probability[mask]
        s = scores(self.abstain[mask], y)
        on_topic = in_set & np.array([r.kind == EVIDENCE_OUT for r in rows])
        return GateMetrics(
            rows=int(mask.sum()),
            should_abstain=s.should,
            auc=float(roc_auc_score(y, p)) if len(set(y)) == 2 else None,
            precision=float(s.precision),
            recall=float(s.recall),
            f1=float(s.f1),
            answerable_abstained=float(s.answerable_abstained),
            on_topic_rows=int(on_topic.sum()),
            on_topic_recall=float(self.abstain[on_topic].mean()) if on_topic.any() else 0.0,
        )


def cross_validate_gate(
    assistant: Assistant,
    files: Sequence[Path],
    progress: Callable[[int, int], None] | None = None,
) -> CrossValidated:
    """Build the calibration rows over the assistant's index and fit the fold models."""
    calibration = Calibration(assistant, files)
    report = calibration.run(progress, write=False, select=False)
    return CrossValidated(
        calibration=report,
        folds=deal((k, q.article) for k, q in keyed(calibration.sets)),
        models=fold_models(report.rows, assistant.settings.answer.min_score),
        abstain=report.abstain,
    )
