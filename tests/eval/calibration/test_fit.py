"""assistant/eval/calibration/fit.py: folds never see their own article; the operating point's
cap."""

import numpy as np
import pytest

from assistant.answer.answerability import NAMES, NONE
from assistant.eval.calibration import fit


def test_the_operating_point_keeps_answerable_abstentions_at_the_cap():
    p = np.array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.05])
    y = np.array([1] * 10 + [0])
    # 20% of 10 answerable rows: two may fall below the threshold
    assert fit.operating_point(p, y, cap=0.2) == 0.3
    # one of them is already lost to the score floor: one left
    floored = np.array([False] * 9 + [True, False])
    assert fit.operating_point(p, y, floored, cap=0.2) == 0.2
    assert fit.operating_point(p, y, cap=0.0) == 0.1


class Recorder:
    """A pipeline stand-in recording the rows it was fitted on (their first column: the group)."""

    fitted: list[set[float]] = []

    def fit(self, x, y):
        Recorder.fitted.append(set(x[:, 0]))
        return self

    def predict_proba(self, x):
        return np.column_stack([1 - x[:, 1], x[:, 1]])


def test_no_row_is_scored_by_a_model_fitted_on_its_group(monkeypatch):
    monkeypatch.setattr(fit, "pipeline", Recorder)
    Recorder.fitted = []
    groups = np.repeat([0.0, 1.0, 2.0, 3.0], 5)
    y = np.tile([1, 1, 1, 0, 0], 4)
    x = np.column_stack([groups, y * 0.8 + 0.1])
    cv = fit.cross_validate(x, y, [str(g) for g in groups])
    # outer folds fit on the three other groups; inner ones on two of those
    outer = [f for f in Recorder.fitted if len(f) == 3]
    assert sorted(tuple(sorted(f)) for f in outer) == [
        (0.0, 1.0, 2.0),
        (0.0, 1.0, 3.0),
        (0.0, 2.0, 3.0),
        (1.0, 2.0, 3.0),
    ]
    assert all(len(f) in (2, 3) for f in Recorder.fitted)
    assert np.allclose(cv.probability, y * 0.8 + 0.1) and len(cv.thresholds) == 4


def test_the_fitted_model_gives_the_probabilities_sklearn_gives():
    rng = np.random.default_rng(0)
    x = rng.random((60, len(NAMES)))
    y = (x[:, 0] + 0.3 * rng.random(60) > 0.6).astype(int)
    groups = [f"g{i % 4}" for i in range(60)]
    model = fit.fit_model(x, y, groups, NAMES, fitted_on="test")
    expected = fit.pipeline().fit(x, y).predict_proba(x[:5])[:, 1]
    got = [model.probability(NONE.__class__(*row)) for row in x[:5]]
    assert got == pytest.approx(expected, abs=1e-9)
    assert model.fitted_on == "test" and 0 <= model.threshold <= 1


def test_scores_count_abstentions_on_the_rows_that_should_be_abstained_on():
    s = fit.scores(np.array([True, True, False, False]), np.array([0, 1, 0, 1]))
    assert (s.precision, s.recall, s.answerable_abstained) == (0.5, 0.5, 0.5)
    assert (s.right, s.should, s.wrong, s.answerable) == (1, 2, 1, 2)


def test_cross_validation_fits_only_the_training_rows_it_is_given(monkeypatch):
    real = fit.pipeline
    fitted = []

    class Tracked:
        def fit(self, x, y):
            fitted.append(set(x[:, 0].tolist()))
            self.m = real().fit(x[:, 1:], y)
            return self

        def predict_proba(self, x):
            return self.m.predict_proba(x[:, 1:])

    n = 80
    rng = np.random.default_rng(0)
    group = np.arange(n) % 4
    y = (np.arange(n) // 4) % 2
    x = np.column_stack([np.arange(n), y + rng.normal(0, 0.5, n)])
    train = np.arange(n) % 5 != 0
    monkeypatch.setattr(fit, "pipeline", Tracked)
    p = fit.cross_validate(x, y, [f"g{g}" for g in group], train=train).probability
    held = set(np.arange(n)[~train].tolist())
    assert fitted and not any(f & held for f in fitted)
    assert (p[~train] > 0).all()  # still scored
