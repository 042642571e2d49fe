"""Fitting scorer weights on questions with gold evidence: `build_rows` then `fit_scorer`.

    rows = build_rows(assistant, load_questions(path))   # one store/model pass per question
    weights = fit_scorer(rows)                           # pure numpy, a second or less

A row is one question's candidates (`HybridRetriever.candidates`) with a label per candidate:
does its span overlap one of the question's gold evidence quotes in the gold article (the same
test the eval's citation figures use, `assistant.eval.metrics.find_all` / `overlaps`).

The model is logistic: score = sigmoid(w . x + b) on the raw features. Its direction w is
fitted as a ranking (a conditional logit: per question, softmax over the candidates), then
scaled to probabilities (see `fit_scorer`); both with numpy and scipy, so the package takes no
dependency on scikit-learn (studies/ranking/fit.py measured a pointwise scikit-learn-style fit
too). The standardisation used while fitting is folded into the shipped coefficients, so
scoring stays one dot product on raw features.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize

from assistant.eval.dataset import EvalQuestion
from assistant.eval.metrics import Span, find_all, overlaps
from assistant.question import Question
from assistant.retrieval.candidates import FEATURES, Candidates
from assistant.retrieval.scorer import LOGISTIC, ScorerWeights


@dataclass(frozen=True)
class QuestionRows:
    """One question's candidates and what the gold data says about each."""

    id: str
    set_name: str
    article: str | None
    """The gold article (the cross-validation group); None for an unanswerable question."""
    candidates: Candidates
    labels: np.ndarray
    """bool per candidate row: it overlaps a gold evidence quote."""
    gold: tuple[tuple[Span, ...], ...]
    """Per evidence quote, every span where it occurs in the gold article."""

    @property
    def answerable(self) -> bool:
        return self.article is not None


def gold_spans(article_text: str, evidence: Sequence[str]) -> tuple[tuple[Span, ...], ...]:
    return tuple(tuple(find_all(article_text, quote)) for quote in evidence)


def label(
    candidates: Candidates, article: str | None, gold: Sequence[Sequence[Span]]
) -> np.ndarray:
    """Which candidates overlap a gold span of the gold article."""
    return np.array(
        [
            s.article_id == article
            and any(overlaps((s.start, s.end), g) for quote in gold for g in quote)
            for s in candidates.sentences
        ],
        dtype=bool,
    )


def build_rows(
    assistant, questions: Iterable[EvalQuestion], set_name: str = ""
) -> list[QuestionRows]:
    """Candidates and labels of each question, from `assistant`'s index as it is (sync first).

    `assistant` is an `assistant.app.Assistant` whose retriever is a `HybridRetriever`; a gold
    article missing from its index raises the store's error, naming the article.
    """
    reader = assistant.store.reader
    texts: dict[str, str] = {}
    rows = []
    for q in questions:
        candidates = assistant.retriever.candidates(Question.read(q.question))
        gold: tuple[tuple[Span, ...], ...] = ()
        if q.article:
            if q.article not in texts:
                texts[q.article] = reader.article_text(q.article)
            gold = gold_spans(texts[q.article], q.evidence)
        rows.append(
            QuestionRows(
                id=q.id,
                set_name=set_name,
                article=q.article,
                candidates=candidates,
                labels=label(candidates, q.article, gold),
                gold=gold,
            )
        )
    return rows


def design(rows: Sequence[QuestionRows]) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels of every candidate of the answerable questions, stacked."""
    used = [r for r in rows if r.answerable and len(r.candidates)]
    if not used:
        return np.zeros((0, len(FEATURES))), np.zeros(0, dtype=bool)
    return (
        np.vstack([r.candidates.features for r in used]),
        np.concatenate([r.labels for r in used]),
    )


def logistic_irls(
    x: np.ndarray, y: np.ndarray, c: float = 1.0, iterations: int = 50
) -> tuple[np.ndarray, float]:
    """(coefficients, intercept) minimising the log loss + |w|^2 / (2c), the intercept not
    penalised: scikit-learn's `LogisticRegression(C=c)` objective."""
    n, d = x.shape
    xb = np.hstack([x, np.ones((n, 1))])
    penalty = np.eye(d + 1) / c
    penalty[d, d] = 0.0
    w = np.zeros(d + 1)
    for _ in range(iterations):
        p = 0.5 * (1.0 + np.tanh(0.5 * (xb @ w)))
        gradient = xb.T @ (p - y) + penalty @ w
        hessian = (xb * (p * (1 - p))[:, None]).T @ xb + penalty
        step = np.linalg.solve(hessian + 1e-9 * np.eye(d + 1), gradient)
        w -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    return w[:d], float(w[d])


def conditional_logit(
    xs: Sequence[np.ndarray], ys: Sequence[np.ndarray], c: float = 1.0
) -> np.ndarray:
    """Coefficients maximising, over questions, the log of the probability the softmax of
    `x @ w` puts on the question's evidence rows, minus |w|^2 / (2c).

    A ranking objective: each question's candidates compete only with each other, so a
    question with strong candidates all round does not pull the weights, and the many easy
    negatives far down the list weigh little (a pointwise fit is dominated by them)."""
    d = xs[0].shape[1]

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        total, gradient = w @ w / (2 * c), w / c
        for x, y in zip(xs, ys):
            z = x @ w
            p = np.exp(z - z.max())
            p /= p.sum()
            hit = p * y
            mass = hit.sum()
            total -= np.log(mass)
            gradient = gradient + x.T @ (p - hit / mass)
        return total, gradient

    return minimize(loss, np.zeros(d), jac=True, method="L-BFGS-B").x


def fit_scorer(
    rows: Sequence[QuestionRows], c: float = 1.0, features: Sequence[str] = FEATURES
) -> ScorerWeights:
    """Logistic weights fitted on the candidates of the answerable `rows`, in two steps:

    1. the direction `w` by a conditional logit over each question's candidates (ranking);
    2. a scale and intercept (Platt scaling: a one-feature logistic regression of the labels
       on `x @ w` over all candidates), so the score is a probability that a candidate is
       evidence, comparable across questions (what `answer.min_score` needs).

    Only the order comes from step 1; step 2 is monotone and changes no ranking.
    Raises ValueError when no question has both evidence and other candidates.
    """
    cols = [FEATURES.index(f) for f in features]
    used = [r for r in rows if r.answerable and r.labels.any() and not r.labels.all()]
    if not used:
        raise ValueError(
            "cannot fit a scorer: no question has a candidate overlapping its gold evidence "
            "and one not overlapping it"
        )
    x_all = np.vstack([r.candidates.features[:, cols] for r in used])
    y_all = np.concatenate([r.labels for r in used]).astype(float)
    mean, scale = x_all.mean(axis=0), x_all.std(axis=0)
    scale[scale == 0] = 1.0  # a constant column carries no information; its weight stays 0
    direction = conditional_logit(
        [(r.candidates.features[:, cols] - mean) / scale for r in used],
        [r.labels.astype(float) for r in used],
        c,
    )
    raw = direction / scale
    (a,), b = logistic_irls((x_all @ raw)[:, None], y_all, c=1e6)
    values = {"intercept": b}
    values |= {f: float(a * w) for f, w in zip(features, raw)}
    meta = {
        "objective": "conditional logit, then Platt scaling",
        "rows": int(len(y_all)),
        "positives": int(y_all.sum()),
        "questions": len(used),
        "C": c,
        "standardised_direction": {f: round(float(w), 4) for f, w in zip(features, direction)},
    }
    return ScorerWeights(LOGISTIC, values, meta)
