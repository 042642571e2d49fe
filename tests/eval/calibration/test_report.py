"""assistant/eval/calibration/report.py: reliability bins, the PR curve, and what gets written."""

from pathlib import Path

import numpy as np
import pytest

from assistant.answer.answerability import NONE
from assistant.answer.gate import AnswerabilityModel
from assistant.eval.calibration.calibrate import CalibrationReport, RuleFigures
from assistant.eval.calibration.fit import scores
from assistant.eval.calibration.report import (
    PR_PNG,
    RELIABILITY_PNG,
    bins,
    charts,
    markdown,
    pr_curve,
)
from assistant.eval.calibration.rows import ANSWERABLE, HELD_OUT, Row


def test_bins_hold_each_probability_once_with_its_observed_share():
    p = np.array([0.05, 0.15, 0.95, 1.0, 0.92])
    y = np.array([0, 0, 1, 1, 0])
    got = bins(p, y, n=10)
    assert [b[2] for b in got] == [1, 1, 3]  # 1.0 falls in the last bin, not off the end
    lo, hi, n, mean, observed = got[-1]
    assert (lo, hi) == pytest.approx((0.9, 1.0)) and observed == pytest.approx(2 / 3)
    assert mean == pytest.approx((0.95 + 1.0 + 0.92) / 3)


def test_the_pr_curve_is_abstaining_below_each_threshold():
    p = np.array([0.1, 0.2, 0.8, 0.9])
    y = np.array([0, 1, 0, 1])
    thresholds, precision, recall = pr_curve(p, y)
    at = list(thresholds).index(0.2)  # abstain below 0.2: only the 0.1 row, rightly
    assert (precision[at], recall[at]) == (1.0, 0.5)
    at = list(thresholds).index(0.9)  # below 0.9: three rows, two of them should be
    assert (precision[at], recall[at]) == pytest.approx((2 / 3, 1.0))


def report(tmp_path: Path) -> CalibrationReport:
    y = np.array([1, 1, 0, 0])
    p = np.array([0.9, 0.6, 0.3, 0.05])
    abstain = p < 0.5
    rows = tuple(
        Row(f"s:{i}", "a.txt", ANSWERABLE if label else HELD_OUT, NONE) for i, label in enumerate(y)
    )
    rule = RuleFigures("new model, out-of-fold", {"all": scores(abstain, y)}, 1.0)
    model = AnswerabilityModel(("top_score",), (0.0,), (1.0,), (1.0,), 0.0, 0.5, "test rows")
    return CalibrationReport(
        rows=rows,
        counts={ANSWERABLE: 2, HELD_OUT: 2},
        rules=(rule,),
        probability=p,
        abstain=abstain,
        thresholds=np.array([0.4, 0.6]),
        model=model,
        previous="shipped",
        written=tmp_path / "m.json",
    )


def test_markdown_and_charts_report_the_figures_and_the_operating_point(tmp_path):
    text = markdown(report(tmp_path))
    assert "| new model, out-of-fold | all | 1.000 | 1.000 (2 of 2) | 1.000 |" in text
    assert "fold thresholds 0.400–0.600" in text and "threshold 0.500" in text
    assert "| 0.0–0.1 | 1 | 0.050 | 0.000 |" in text
    drawn = charts(report(tmp_path), tmp_path)
    assert [f for _, f in drawn] == [RELIABILITY_PNG, PR_PNG]
    assert all((tmp_path / f).stat().st_size > 1000 for _, f in drawn)
