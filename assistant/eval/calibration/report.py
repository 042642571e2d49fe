"""What `assistant calibrate` prints and writes beside the model, and the eval report's
answerability section: the rules' figures, a reliability diagram and the precision/recall curve
over the out-of-fold P(answerable), with the operating point marked."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from assistant.eval.calibration.calibrate import CalibrationReport
from assistant.eval.calibration.fit import Scores
from assistant.eval.calibration.selection import SelectionReport

BINS = 10
RELIABILITY_PNG = "answerability-reliability.png"
PR_PNG = "answerability-pr.png"


def _cell(s: Scores | None) -> str:
    if s is None:
        return "– | – | – | –"
    return (
        f"{s.precision:.3f} | {s.recall:.3f} ({s.right} of {s.should}) | {s.f1:.3f} | "
        f"{s.answerable_abstained:.3f} ({s.wrong} of {s.answerable})"
    )


def markdown(report: CalibrationReport) -> str:
    """The figures as Markdown tables (also what the CLI prints)."""
    counts = ", ".join(f"{n} {kind}" for kind, n in report.counts.items())
    t = report.thresholds
    lines = [
        f"Rows: {counts}; folds (articles): {len(t)}; fold thresholds {t.min():.3f}–{t.max():.3f}"
        f" (median {np.median(t):.3f}); new model's threshold {report.model.threshold:.3f}.",
        f"Model in force before: {report.previous}.",
        "",
        "| rule | rows | abstention precision | recall | F1 | answerable abstained |",
        "|---|---|---|---|---|---|",
    ]
    for rule in report.rules:
        for name, s in rule.slices.items():
            lines.append(f"| {rule.name} | {name} | {_cell(s)} |")
    lines += ["", '| rule | ROC AUC of P(answerable), rows of the "all" slice |', "|---|---|"]
    lines += [f"| {r.name} | {r.auc:.3f} |" for r in report.rules if r.auc is not None]
    lines += ["", "Reliability (new model, out-of-fold):", "", *reliability_table(report)]
    if report.selection is not None:
        lines += ["", *selection_table(report.selection)]
    return "\n".join(lines)


def selection_table(s: SelectionReport) -> list[str]:
    """How many sentences to cite: the floor in force against the one chosen, out-of-fold."""
    head = (
        f"Citations (`answer.relative_floor`): {s.chosen:.2f} chosen on every question "
        f"(in force: {s.in_force:.2f}); out-of-fold, each article with the floor chosen on "
        "the others':"
    )
    rows = [
        head,
        "",
        "| floor | recall@1 | citation recall | citation precision | median cited chars |",
        "|---|---|---|---|---|",
    ]
    for name, f in ((f"in force ({s.in_force:.2f})", s.before), ("chosen, out-of-fold", s.after)):
        rows.append(
            f"| {name} | {f.recall_at_1:.3f} | {f.citation_recall:.3f} | "
            f"{f.citation_precision:.3f} | {f.median_chars:.0f} |"
        )
    return rows


def bins(
    p: np.ndarray, y: np.ndarray, n: int = BINS
) -> list[tuple[float, float, int, float, float]]:
    """(low, high, rows, mean predicted, observed answerable) per non-empty probability bin."""
    edges = np.linspace(0, 1, n + 1)
    out = []
    for i, (lo, hi) in enumerate(zip(edges[:-1], edges[1:], strict=True)):
        mask = (p >= lo) & ((p < hi) if i < n - 1 else (p <= hi))
        if mask.any():
            out.append((lo, hi, int(mask.sum()), float(p[mask].mean()), float(y[mask].mean())))
    return out


def fitted_rows(report: CalibrationReport) -> tuple[np.ndarray, np.ndarray]:
    """(out-of-fold P(answerable), label) of the rows of the kinds the model is fitted on: the
    calibration the diagram and the curve show is the one the fit aims at."""
    mask = report.fitted
    return report.probability[mask], np.array([r.label for r in report.rows])[mask]


def reliability_table(report: CalibrationReport) -> list[str]:
    rows = ["| P(answerable) | rows | mean predicted | observed answerable |", "|---|---|---|---|"]
    rows += [
        f"| {lo:.1f}–{hi:.1f} | {n} | {m:.3f} | {o:.3f} |"
        for lo, hi, n, m, o in bins(*fitted_rows(report))
    ]
    return rows


def pr_curve(p: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Precision and recall of abstaining (the positive class: rows that should be abstained
    on) when abstaining below each threshold, over the distinct probabilities."""
    thresholds = np.unique(np.concatenate([p, [1.0 + 1e-9]]))
    should = y == 0
    precision, recall = [], []
    for t in thresholds:
        abstain = p < t
        right = (abstain & should).sum()
        precision.append(right / abstain.sum() if abstain.sum() else 1.0)
        recall.append(right / should.sum() if should.sum() else 0.0)
    return thresholds, np.array(precision), np.array(recall)


def _finish(fig, path: Path, legend: str, **axes) -> None:
    import matplotlib.pyplot as plt

    ax = fig.axes[0]
    ax.set(**axes)
    ax.legend(loc=legend, frameon=False, fontsize=8)
    fig.savefig(path, bbox_inches="tight")
    plt.close(fig)


def charts(report: CalibrationReport, out: Path) -> list[tuple[str, str]]:
    """Draw the reliability diagram and the PR curve into `out`; (title, file name) of each."""
    import matplotlib

    matplotlib.use("Agg")  # no display in CI or over SSH
    import matplotlib.pyplot as plt

    p, y = fitted_rows(report)
    fig, ax = plt.subplots(figsize=(5.2, 5))
    got = bins(p, y)
    ax.plot([0, 1], [0, 1], ":", color="grey", label="perfectly calibrated")
    ax.plot([b[3] for b in got], [b[4] for b in got], "o-", label="new model, out-of-fold")
    for _, _, n, m, o in got:
        ax.annotate(str(n), (m, o), textcoords="offset points", xytext=(4, -10), fontsize=8)
    ax.axvline(report.model.threshold, color="C3", ls="--", label="operating point")
    _finish(
        fig,
        out / RELIABILITY_PNG,
        "upper left",
        xlabel="predicted P(answerable)",
        ylabel="observed share answerable",
        title="Answerability: reliability",
        xlim=(0, 1),
        ylim=(0, 1),
    )

    thresholds, precision, recall = pr_curve(p, y)
    fig, ax = plt.subplots(figsize=(5.2, 5))
    ax.plot(recall, precision, "-", label="abstain when P(answerable) < t")
    at = int(np.searchsorted(thresholds, report.model.threshold))
    at = min(at, len(thresholds) - 1)
    ax.plot(
        [recall[at]],
        [precision[at]],
        "o",
        color="C3",
        label=f"operating point t = {report.model.threshold:.2f}",
    )
    _finish(
        fig,
        out / PR_PNG,
        "lower left",
        xlabel="abstention recall",
        ylabel="abstention precision",
        title="Answerability: precision / recall",
        xlim=(0, 1.02),
        ylim=(0, 1.02),
    )
    return [
        ("Answerability: reliability", RELIABILITY_PNG),
        ("Answerability: precision / recall", PR_PNG),
    ]
