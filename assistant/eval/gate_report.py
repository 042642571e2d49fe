"""report.md's "Answerability" section and report.json's `answerability` block: which gate judged
the questions, and how well it tells answerable from unanswerable.

With --cv the figures are the calibration's, every row scored out-of-fold, with its reliability
diagram and precision/recall curve. Without it the model in force judged the questions, and when
it was fitted on these very files its figures are in-sample: the section says so first.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sklearn.metrics import roc_auc_score

from assistant.eval.calibration.report import charts, markdown
from assistant.eval.plots import Figure
from assistant.eval.runner import EvalRun
from assistant.eval.tables import table


def draw_gate(run: EvalRun, out: Path) -> list[Figure]:
    """The reliability diagram and PR curve of the out-of-fold P(answerable) (--cv only: the
    probabilities of a model scoring its own training questions would say nothing)."""
    if run.gate is None or run.gate.cv is None:
        return []
    return [Figure(title, file) for title, file in charts(run.gate.cv.calibration, out)]


def in_sample_warning(run: EvalRun) -> str | None:
    """The note that the model in force was fitted on the questions scored here; None when it was
    not, or no gate judged them."""
    g = run.gate
    if g is None or not g.in_sample:
        return None
    files = ", ".join(g.in_sample)
    if g.cv is None:
        return (
            f"**In-sample:** the model in force was fitted on {files}, the questions scored "
            "here, so the gate's figures in this report (abstention included) are in-sample and "
            "flatter it. Run `assistant eval --cv` for out-of-fold figures."
        )
    return (
        f'**In-sample:** the model in force was fitted on {files}; its "model in force" rows '
        "below are in-sample. No question here was judged by it."
    )


def as_asked(run: EvalRun) -> list[str]:
    """ROC AUC of the answers' own P(answerable), answerable against unanswerable questions."""
    rows = []
    for s in run.sets:
        p = [r.answer.answerability for r in s.results]
        y = [int(r.question.answerable) for r in s.results]
        if None in p or len(set(y)) < 2:
            continue
        rows.append([s.name, str(len(y)), str(len(y) - sum(y)), f"{roc_auc_score(y, p):.3f}"])
    if not rows:
        return []
    headers = ["set", "questions", "unanswerable", "ROC AUC of P(answerable)"]
    return ["", table(headers, rows)]


def answerability_section(run: EvalRun, figures: Sequence[Figure]) -> list[str]:
    """The section's lines (none without a gate): which model judged the questions and, with --cv,
    the out-of-fold tables and `figures` (the charts of `draw_gate`)."""
    g = run.gate
    if g is None:
        return []
    warning = in_sample_warning(run)
    lines = [warning, ""] if warning else []
    if g.cv is None:
        lines.append(
            f"The model in force judged every question (abstaining below P(answerable) "
            f"{g.threshold:.3f}); fitted on: {g.in_force}."
        )
        return lines + as_asked(run)
    cal = g.cv.calibration
    lines += [
        "Asked under article-level cross-validation (`--cv`): the rows `assistant calibrate` "
        "fits on were built (each answerable question as asked, label 1, and with its article "
        "left out, label 0; each unanswerable question, label 0), and each question was asked "
        f"through a model fitted on the rows of every other fold ({len(cal.thresholds)} folds, "
        "one per article). The model in force judged none of them; it was fitted on: "
        f"{g.in_force}.",
        "",
        'The `gate_*` and `answerability_auc` metrics above are the "new model, out-of-fold" '
        'rule on each set\'s rows. The "answer sentences removed" rows (each answerable '
        "question asked with the sentences of its evidence quotes hidden, its article still "
        "there: on topic, the fact missing) are measured, never fitted on; "
        "`gate_on_topic_recall` is the share abstained on.",
        "",
        markdown(cal),
        "",
    ]
    return lines + [f"![{f.title}]({f.file})\n" for f in figures]


def answerability_json(run: EvalRun) -> dict | None:
    """report.json's `answerability` block, None without a gate: the model in force and, with --cv,
    the rows, the fold thresholds and each rule's F1 per slice."""
    g = run.gate
    if g is None:
        return None
    out: dict = {
        "cross_validated": g.cv is not None,
        "in_force": g.in_force,
        "in_force_threshold": g.threshold,
        "in_sample": list(g.in_sample),
    }
    if g.cv is not None:
        t = g.cv.calibration.thresholds
        out |= {
            "rows": g.cv.calibration.counts,
            "folds": len(t),
            "fold_thresholds": [round(float(v), 4) for v in np.sort(t)],
            "rules": {
                r.name: {name: round(s.f1, 4) for name, s in r.slices.items()}
                for r in g.cv.calibration.rules
            },
        }
    return out
