import numpy as np
import pytest

from assistant.eval.calibration.scorer_rows import (
    QuestionRows,
    conditional_logit,
    fit_scorer,
    gold_spans,
    label,
    logistic_irls,
)
from assistant.retrieval.candidates import FEATURES, Candidates
from assistant.retrieval.scorer import LOGISTIC, SentenceScorer
from assistant.types import Sentence
from tests.fakes import INFO


def candidates(features: np.ndarray, article: str = "a.txt") -> Candidates:
    n = len(features)
    return Candidates(
        sentences=tuple(Sentence(article, i, i * 10, i * 10 + 9, f"s{i}", 0) for i in range(n)),
        articles={article: INFO},
        features=features,
        chunk_ranks=np.zeros(n, dtype=int),
    )


def test_labels_are_overlaps_with_gold_spans_of_the_gold_article():
    text = "0123456789" * 3
    gold = gold_spans(text, ["2345678", "nowhere"])
    assert gold == (((2, 9), (12, 19), (22, 29)), ())
    c = candidates(np.zeros((3, len(FEATURES))))
    # sentence i spans [10 i, 10 i + 9): all three overlap a place the quote occurs
    assert label(c, "a.txt", gold).tolist() == [True, True, True]
    assert label(c, "other.txt", gold).tolist() == [False, False, False]
    assert label(c, "a.txt", [[(9, 10)]]).tolist() == [False, False, False]  # touching only


def synthetic(seed: int = 0, questions: int = 40) -> list[QuestionRows]:
    """Questions whose evidence is the candidate with the most `lexical_prev`, blurred by noise
    in every other feature."""
    rng = np.random.default_rng(seed)
    rows = []
    for q in range(questions):
        x = rng.normal(size=(12, len(FEATURES)))
        y = np.zeros(12, dtype=bool)
        y[np.argmax(x[:, FEATURES.index("lexical_prev")])] = True
        rows.append(QuestionRows(f"q{q}", "s", f"art{q % 4}", candidates(x), y, ()))
    return rows


def test_fit_learns_the_feature_that_marks_evidence():
    rows = synthetic()
    w = fit_scorer(rows)
    assert w.kind == LOGISTIC
    others = [abs(v) for f, v in w.values.items() if f not in ("intercept", "lexical_prev")]
    assert w.values["lexical_prev"] > 3 * max(others)
    # on new questions of the same kind, the evidence is ranked first
    scorer = SentenceScorer(w)
    test = synthetic(seed=1, questions=20)
    firsts = [r.labels[scorer.order(r.candidates)[0]] for r in test]
    assert sum(firsts) >= 15  # chance: 20 / 12
    assert w.meta["questions"] == 40 and w.meta["positives"] == 40


def test_fit_on_a_subset_of_features_weighs_only_those():
    w = fit_scorer(synthetic(), features=["lexical", "lexical_prev"])
    assert set(w.values) == {"intercept", "lexical", "lexical_prev"}


def test_fit_without_evidence_is_refused():
    rows = [
        QuestionRows("q", "s", "a", candidates(np.zeros((3, len(FEATURES)))), np.zeros(3, bool), ())
    ]
    with pytest.raises(ValueError, match="cannot fit"):
        fit_scorer(rows)


def test_irls_matches_scikit_learn():
    linear_model = pytest.importorskip("sklearn.linear_model")
    rng = np.random.default_rng(3)
    x = rng.normal(size=(300, 3))
    y = (x @ [1.0, -2.0, 0.5] + rng.normal(size=300) > 0.3).astype(float)
    coef, intercept = logistic_irls(x, y, c=1.0)
    reference = linear_model.LogisticRegression(C=1.0, tol=1e-10, max_iter=1000).fit(x, y)
    assert np.allclose(coef, reference.coef_[0], atol=1e-4)
    assert intercept == pytest.approx(reference.intercept_[0], abs=1e-4)


def test_conditional_logit_ignores_per_question_offsets():
    """Adding a constant to one question's feature changes nothing: candidates only compete
    within their question (a pointwise fit would be misled by it)."""
    rows = synthetic()
    xs = [r.candidates.features for r in rows]
    ys = [r.labels.astype(float) for r in rows]
    shifted = [x + (5.0 if i % 2 else 0.0) for i, x in enumerate(xs)]
    assert np.allclose(conditional_logit(xs, ys), conditional_logit(shifted, ys), atol=1e-5)


def test_conditional_logit_optimum_with_several_evidence_sentences():
    """Against the objective minimised without the analytic gradient: the evidence of a
    question may be two or three sentences (their probabilities add up)."""
    from scipy.optimize import minimize
    from scipy.special import logsumexp

    rng = np.random.default_rng(5)
    xs = [rng.normal(size=(6, 2)) for _ in range(30)]
    ys = []
    for x in xs:
        y = np.zeros(6)
        y[np.argsort(-x[:, 0] - 0.5 * rng.normal(size=6))[:2]] = 1
        ys.append(y)

    def objective(w):
        loss = w @ w / 2
        for x, y in zip(xs, ys):
            z = x @ w
            loss -= logsumexp(z[y > 0]) - logsumexp(z)
        return loss

    reference = minimize(
        objective, np.zeros(2), method="Nelder-Mead", options={"xatol": 1e-7, "fatol": 1e-10}
    ).x
    assert np.allclose(conditional_logit(xs, ys, c=1.0), reference, atol=1e-3)
