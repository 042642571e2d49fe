"""Scoring candidate sentences: the weights that rank them, and how they are read and written.

Two kinds of weights, one interface:

- `blend`: today's hand-set formula, `dense_weight * dense + (1 - dense_weight) * lexical`,
  times `type_mismatch_factor` when the answer type is missing (`dense` = the sentence cosine
  blended with its chunk's by `context_weight`, clipped to [0, 1]).
- `logistic`: a logistic regression over the columns of `Candidates.features`, fitted on
  (question, sentence) pairs labelled by whether the sentence overlaps a gold evidence quote
  (eval/calibration/scorer_rows.py). At run time it is a dot product and a sigmoid, so the score
  is the estimated probability that the sentence is evidence.

Both give scores in [0, 1]. Ties are broken by chunk rank, then article and sentence order, so
a ranking is reproducible.

To rescore many times (cross-validation folds, a calibration), call
`HybridRetriever.candidates` once per question and `SentenceScorer(weights).rank(candidates)`
per set of weights: no store read or model call happens in `rank`.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np

from assistant.config import RetrievalSettings
from assistant.errors import ConfigError
from assistant.retrieval.candidates import COLUMN, FEATURES, Candidates
from assistant.types import ScoredSentence

BLEND = "blend"
LOGISTIC = "logistic"
BLEND_FIELDS = ("dense_weight", "context_weight", "type_mismatch_factor")
SHIPPED = "scorer_weights.json"
"""The fitted weights shipped with the package (eval/studies/ranking/fit.py writes them)."""


@dataclass(frozen=True)
class ScorerWeights:
    """Named weights of one scorer kind.

    `blend`: `values` holds exactly `BLEND_FIELDS`. `logistic`: `values` holds `intercept` and
    one coefficient per feature it uses (any subset of `FEATURES`; a feature left out weighs 0).
    `meta` is free-form provenance (data, CV figures); scoring never reads it.
    """

    kind: str
    values: dict[str, float]
    meta: dict = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        problem = _problem(self.kind, self.values)
        if problem:
            raise ValueError(problem)

    @classmethod
    def blend(
        cls, dense_weight: float = 0.6, context_weight: float = 0.3, type_mismatch_factor=0.7
    ) -> ScorerWeights:
        """The hand-set blend (the default scorer) with these weights."""
        return cls(
            BLEND,
            {
                "dense_weight": float(dense_weight),
                "context_weight": float(context_weight),
                "type_mismatch_factor": float(type_mismatch_factor),
            },
        )

    def to_json(self) -> str:
        data = {"kind": self.kind, "values": self.values, "meta": self.meta}
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"

    def save(self, path: Path) -> None:
        path.write_text(self.to_json(), encoding="utf-8")

    @classmethod
    def from_json(cls, text: str, where: str = "weights") -> ScorerWeights:
        """Parse weights; every problem is a ConfigError naming `where` and the field."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ConfigError(f"{where}: not valid JSON: {exc.msg} (line {exc.lineno})") from None
        if not isinstance(data, dict):
            raise ConfigError(f"{where}: expected a JSON object with kind and values")
        unknown = sorted(set(data) - {"kind", "values", "meta"})
        if unknown:
            raise ConfigError(f"{where}: unknown field {', '.join(unknown)}")
        kind, values = data.get("kind"), data.get("values")
        if not isinstance(values, dict):
            raise ConfigError(f"{where}: field values must be an object of named numbers")
        for name, value in values.items():
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ConfigError(f"{where}: field values.{name} must be a number, not {value!r}")
            if not math.isfinite(value):
                raise ConfigError(f"{where}: field values.{name} must be finite")
        problem = _problem(kind, values)
        if problem:
            raise ConfigError(f"{where}: {problem}")
        meta = data.get("meta", {})
        if not isinstance(meta, dict):
            raise ConfigError(f"{where}: field meta must be an object")
        return cls(kind, {k: float(v) for k, v in values.items()}, meta)

    @classmethod
    def load(cls, path: Path) -> ScorerWeights:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"cannot read scorer weights {path}: {exc.strerror}") from None
        return cls.from_json(text, str(path))


def _problem(kind: object, values: dict) -> str | None:
    """What is wrong with (kind, values), naming the field; None when they are usable."""
    if kind == BLEND:
        missing = [f for f in BLEND_FIELDS if f not in values]
        extra = sorted(set(values) - set(BLEND_FIELDS))
        if missing or extra:
            return f"field values of a blend must be exactly {', '.join(BLEND_FIELDS)}" + (
                f" (missing {', '.join(missing)})" if missing else f" (unknown {', '.join(extra)})"
            )
        bad = [f for f in BLEND_FIELDS if not 0 <= values[f] <= 1]
        return f"field values.{bad[0]} must be in [0, 1]" if bad else None
    if kind == LOGISTIC:
        if "intercept" not in values:
            return "field values.intercept is missing"
        extra = sorted(set(values) - set(FEATURES) - {"intercept"})
        if extra:
            return f"field values.{extra[0]} is not a feature (known: {', '.join(FEATURES)})"
        return None
    return f"field kind must be {BLEND!r} or {LOGISTIC!r}, not {kind!r}"


def shipped_weights() -> ScorerWeights:
    """The weights shipped with the package (fitted on the eval sets; see eval/results/ranking/)."""
    ref = resources.files("assistant.retrieval").joinpath(SHIPPED)
    return ScorerWeights.from_json(ref.read_text(encoding="utf-8"), str(ref))


def default_weights(settings: RetrievalSettings) -> ScorerWeights:
    """The weights the settings ask for: a weights file, the shipped fit, or the blend."""
    if settings.scorer_weights is not None:
        return ScorerWeights.load(settings.scorer_weights)
    if settings.scorer == "fitted":
        return shipped_weights()
    return ScorerWeights.blend(
        settings.dense_weight, settings.context_weight, settings.type_mismatch_factor
    )


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # no overflow warning for large |z|


class SentenceScorer:
    """`SentenceScorer(weights).rank(candidates, k)` -> the k best as `ScoredSentence`s."""

    def __init__(self, weights: ScorerWeights) -> None:
        self.weights = weights
        if weights.kind == LOGISTIC:
            self._coef = np.array([weights.values.get(f, 0.0) for f in FEATURES])
            self._intercept = weights.values["intercept"]

    def scores(self, candidates: Candidates) -> np.ndarray:
        """One score in [0, 1] per candidate row."""
        x = candidates.features
        if len(candidates) == 0:
            return np.zeros(0)
        if self.weights.kind == LOGISTIC:
            return sigmoid(x @ self._coef + self._intercept)
        v = self.weights.values
        w = v["context_weight"]
        dense = np.clip(
            (1 - w) * x[:, COLUMN["sentence_cos"]] + w * x[:, COLUMN["chunk_cos"]], 0.0, 1.0
        )
        score = v["dense_weight"] * dense + (1 - v["dense_weight"]) * x[:, COLUMN["lexical"]]
        return np.where(x[:, COLUMN["type_ok"]] > 0, score, score * v["type_mismatch_factor"])

    def order(self, candidates: Candidates, scores: np.ndarray | None = None) -> list[int]:
        """Row indices best first: by score, then chunk rank, article id and sentence index."""
        scores = self.scores(candidates) if scores is None else scores
        return sorted(
            range(len(candidates)),
            key=lambda i: (
                -scores[i],
                candidates.chunk_ranks[i],
                candidates.sentences[i].article_id,
                candidates.sentences[i].index,
            ),
        )

    def rank(
        self, candidates: Candidates, k: int | None = None, scores: np.ndarray | None = None
    ) -> list[ScoredSentence]:
        """The k best candidates (all when k is None); `scores` skips recomputing them."""
        scores = self.scores(candidates) if scores is None else scores
        dense = candidates.dense()
        lexical = candidates.column("lexical")
        out = []
        for i in self.order(candidates, scores)[:k]:
            s = candidates.sentences[i]
            out.append(
                ScoredSentence(
                    sentence=s,
                    article=candidates.articles[s.article_id],
                    score=float(scores[i]),
                    dense=float(dense[i]),
                    lexical=float(lexical[i]),
                    chunk_rank=int(candidates.chunk_ranks[i]),
                )
            )
        return out
