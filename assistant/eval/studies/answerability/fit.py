"""Fit and cross-validate an answerability model on features.jsonl; write results.md.

    python -m assistant.eval.studies.answerability.fit
        [--data eval/results/answerability/features.jsonl]
        [--out eval/results/answerability/results.md]

Model: scikit-learn LogisticRegression on standardised features (`Features.NAMES`).

Cross-validation is leave-one-article-out: fold X holds every row of article X's questions,
both the one against the full corpus (answerable) and the one against the corpus without X
(held-out, unanswerable); a held-out row's group is its question's article, which *is* the
held-out article, so no model scores a question whose article (and whose twin row) it was fitted
on. The 14 questions no article answers are dealt to the 11 folds in id order. The operating
point (abstain when P(answerable) < t) is chosen inside each fold from its training rows only
(an inner leave-one-article-out over them): the largest t keeping their answerable rows
abstained on at or under `MAX_ANSWERABLE_ABSTAINED` (assistant/eval/calibration/fit.py, whose
cross-validation this uses), then applied to the fold's test rows. Every figure reported is of
out-of-fold predictions.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
from sklearn.metrics import roc_auc_score

from assistant.answer.answerability import NAMES as ALL_NAMES
from assistant.eval.calibration import fit as calibration
from assistant.eval.calibration.rows import deal

BASELINE = 0.31
"""Today's rule: abstain when the best sentence scores below `answer.min_score`."""
NAMES = ALL_NAMES[: ALL_NAMES.index("coverage_top3") + 1]
"""The features features.jsonl holds (it was built before `role_missing` existed)."""
TARGET_F1 = 0.85
POOLED = "pooled"


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def groups_of(rows: list[dict]) -> list[str]:
    """Each row's fold: its question's article; unanswerable questions dealt round the folds."""
    folds = deal((r["id"], r["article"]) for r in rows)
    return [folds[r["id"]] for r in rows]


def cross_validate(x, y, groups, train=None):
    """Out-of-fold P(answerable), abstain decisions and fold thresholds (see
    assistant/eval/calibration/fit.py; no score floor here, the baseline is its own rule)."""
    cv = calibration.cross_validate(x, y, groups, train=train)
    return cv.probability, cv.abstain, cv.thresholds


KINDS = ("answerable", "held-out", "evidence-removed", "unanswerable")
PREVIOUS = NAMES[: NAMES.index("article_share") + 1]
"""The first slice's ten features."""
ADDED = NAMES[len(PREVIOUS) :]


def table(slices: dict[str, np.ndarray], y: np.ndarray, decisions: dict[str, np.ndarray]):
    """Markdown table: each rule's abstention figures (`decisions`: rule -> abstain per row) on each
    slice of the rows (`slices`: name -> row mask)."""
    out = [
        "| rows | rule | answerable / to abstain on | abstained right | abstention P | R | F1 | "
        "answerable abstained |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, mask in slices.items():
        n_yes, n_no = int((y[mask] == 1).sum()), int((y[mask] == 0).sum())
        for rule, abstain in decisions.items():
            a, ym = abstain[mask], y[mask]
            s = calibration.scores(a, ym)
            right, wrong = int((a & (ym == 0)).sum()), int((a & (ym == 1)).sum())
            out.append(
                f"| {name} | {rule} | {n_yes} / {n_no} | {right} of {n_no} | "
                f"{s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} | "
                f"{s.answerable_abstained:.3f} ({wrong} of {n_yes}) |"
            )
    return out


def reliability(p: np.ndarray, y: np.ndarray, bins: int = 10) -> list[str]:
    """Markdown table: per bin of P(answerable), the rows, the mean predicted and the share observed
    answerable (empty bins left out)."""
    out = [
        "| P(answerable) | rows | mean predicted | observed answerable |",
        "|---|---|---|---|",
    ]
    edges = np.linspace(0, 1, bins + 1)
    which = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1)
    for b in range(bins):
        m = which == b
        if m.any():
            out.append(
                f"| {edges[b]:.1f}–{edges[b + 1]:.1f} | {int(m.sum())} | {p[m].mean():.3f} | "
                f"{y[m].mean():.3f} |"
            )
    return out


RUNS = {
    "top score only (new data)": ("top", False),
    "previous features, previous data": ("previous", True),
    "previous features, new data": ("previous", False),
    "new features, previous data": ("new", True),
    "new features, new data": ("new", False),
}
"""Rule -> (feature set, fitted on the previous data only)."""
BEST = "new features, new data"


def main(argv: list[str] | None = None) -> int:
    """Cross-validate the baseline and each rule of `RUNS` on --data; write the tables (and the
    coefficients of the best model fitted on all rows) to --out and print them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data", type=Path, default=Path("eval/results/answerability/features.jsonl")
    )
    parser.add_argument("--out", type=Path, default=Path("eval/results/answerability/results.md"))
    args = parser.parse_args(argv)
    rows = load(args.data)
    x = np.array([[r["features"][n] for n in NAMES] for r in rows])
    y = np.array([r["label"] for r in rows])
    kinds = np.array([r["kind"] for r in rows])
    qa = np.array([r["set"] == "qa.jsonl" for r in rows])
    groups = groups_of(rows)
    previous_data = kinds != "evidence-removed"
    cols = {
        "top": [NAMES.index("top_score")],
        "previous": [NAMES.index(n) for n in PREVIOUS],
        "new": list(range(len(NAMES))),
    }
    probs, thresholds = {}, {}
    decisions = {"baseline (top score < 0.31)": x[:, NAMES.index("top_score")] < BASELINE}
    for rule, (c, previous_only) in RUNS.items():
        probs[rule], decisions[rule], thresholds[rule] = cross_validate(
            x[:, cols[c]], y, groups, previous_data if previous_only else None
        )
    counts = {k: int((kinds == k).sum()) for k in KINDS}
    asked_qa = qa & np.isin(kinds, ["answerable", "unanswerable"])
    removed = np.isin(kinds, ["answerable", "evidence-removed"])
    slices = {
        "(i) evidence-removed": removed,
        "(i) qa.jsonl only": qa & removed,
        "(ii) qa.jsonl as asked": asked_qa,
        "pooled (all rows)": np.ones(len(y), dtype=bool),
    }
    top = x[:, NAMES.index("top_score")]
    n_yes, n_no = int((y[asked_qa] == 1).sum()), int((y[asked_qa] == 0).sum())
    auc = [
        f"| rule | ROC AUC, (ii) qa.jsonl as asked ({n_yes} / {n_no}) | "
        "ROC AUC, (i) evidence-removed |",
        "|---|---|---|",
        f"| top score (raw) | {roc_auc_score(y[asked_qa], top[asked_qa]):.3f} | "
        f"{roc_auc_score(y[removed], top[removed]):.3f} |",
    ]
    for rule, p in probs.items():
        auc.append(
            f"| {rule} | {roc_auc_score(y[asked_qa], p[asked_qa]):.3f} | "
            f"{roc_auc_score(y[removed], p[removed]):.3f} |"
        )
    unanswerable = asked_qa & (kinds == "unanswerable")
    none_ids = [r["id"] for r, m in zip(rows, unanswerable) if m]
    caught = [
        f"| {rule} | {int(d[unanswerable].sum())} | "
        + ", ".join(q for q, a in zip(none_ids, d[unanswerable]) if a)
        + " |"
        for rule, d in decisions.items()
    ]
    full = calibration.pipeline().fit(x, y)
    coef = full[-1].coef_[0]
    per_fold = defaultdict(int)
    for g in groups:
        per_fold[g] += 1
    lines = [
        "# Answerability: evidence-removed and leave-article-out data, logistic model, "
        "article-level CV",
        "",
        "Written by `python -m assistant.eval.studies.answerability.fit` from `features.jsonl`",
        "(built by `features.py`);",
        "see eval/README.md, Answerability, for how the rows were made. Out-of-fold figures only:",
        f"{len(per_fold)} folds, one per article; rows per fold "
        f"{min(per_fold.values())}–{max(per_fold.values())}. Rows: "
        + ", ".join(f"{k} {v}" for k, v in counts.items())
        + ".",
        "",
        f"- baseline: abstain when the top score < {BASELINE} (`answer.min_score` today)",
        "- every other rule: logistic model, abstain when P(answerable) < t, t chosen per fold on "
        "its training rows (inner leave-one-article-out; answerable abstained ≤ "
        f"{calibration.MAX_ANSWERABLE_ABSTAINED:.0%} there)",
        f"- previous features: the first slice's ten ({', '.join(PREVIOUS)}); new features: "
        f"those and {', '.join(ADDED)}",
        "- previous data: answerable, held-out and unanswerable rows; new data: and the "
        "evidence-removed rows. Every rule is scored on every row (a model fitted on the "
        "previous data scores the evidence-removed rows of its test fold too)",
        "- rows: (i) every answerable question with its evidence-removed twins; (ii) qa.jsonl's "
        "questions as asked, full corpus; pooled: every row, held-out ones included",
        "",
        "Fold thresholds: "
        + "; ".join(
            f"{rule} {t.min():.3f}–{t.max():.3f} (median {np.median(t):.3f})"
            for rule, t in thresholds.items()
        ),
        "",
        "## Abstention",
        "",
        *table(slices, y, decisions),
        "",
        "## Ranking (threshold-free, out-of-fold P(answerable))",
        "",
        *auc,
        "",
        f"## Which of the {n_no} unanswerable questions of qa.jsonl each rule abstains on",
        "",
        "| rule | abstained | on |",
        "|---|---|---|",
        *caught,
        "",
        f"## Reliability ({BEST}, out-of-fold probabilities, all rows)",
        "",
        *reliability(probs[BEST], y),
        "",
        f"## Coefficients ({BEST}, fitted on all rows; standardised features)",
        "",
        "| feature | coefficient |",
        "|---|---|",
        *[f"| {n} | {c:+.3f} |" for n, c in zip(NAMES, coef)],
        f"| (intercept) | {full[-1].intercept_[0]:+.3f} |",
        "",
    ]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
