"""The answerability gate: should the assistant answer this question from these sentences?

A cosine threshold on the best sentence cannot tell an on-topic question whose fact is missing
from one the articles answer (issue 15). The gate reads the features of
`answer/answerability.py` (scores, the question's IDF weight and names found in the best
sentence and its neighbours, the asked-for answer type and focus noun…) through a logistic model
whose weights are data: `answerability.json` next to this file ships with the package (fitted by
`assistant calibrate` over eval/'s questions), and `assistant calibrate --qa FILE` fits one on a
user's own questions and writes it under the store, where it takes precedence.

Every answer path (extractive, LLM and the LLM's fallback to quotes) goes through the gate
before an answerer sees the hits, so none of them can answer what the gate refused.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from assistant import atomic
from assistant.answer.answerability import NAMES, Features, features
from assistant.answer.base import Searcher
from assistant.errors import ConfigError
from assistant.question import Question
from assistant.types import Filters, ScoredSentence

SHIPPED_MODEL = Path(__file__).with_name("answerability.json")
"""The model fitted on eval/'s questions over the demo corpus (see eval/README.md)."""
STORE_MODEL = "answerability.json"
"""The file name `assistant calibrate` writes under the store folder."""


def write_json(path: Path, data: dict) -> None:
    """Write a fitted file atomically, so a reader (a serving page) never sees half of it."""
    atomic.write_text(path, json.dumps(data, indent=1) + "\n")


@dataclass(frozen=True)
class AnswerabilityModel:
    """Logistic regression on standardised features:
    P(answerable) = sigmoid(b + Σ coef·(x - mean) / scale)."""

    features: tuple[str, ...]
    """Names of the features read, each one of `Features.NAMES`."""
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    threshold: float
    """Abstain when P(answerable) is below this (chosen by cross-validation, see
    eval/calibration/)."""
    fitted_on: str = ""
    """What the model was fitted on, for `status` and the report (e.g. "eval/qa.jsonl: 72 …")."""

    def __post_init__(self) -> None:
        unknown = [f for f in self.features if f not in NAMES]
        if unknown:
            raise ValueError(f"features: unknown {unknown} (known: {', '.join(NAMES)})")
        for name in ("mean", "scale", "coef"):
            if len(getattr(self, name)) != len(self.features):
                raise ValueError(
                    f"{name}: {len(getattr(self, name))} values for {len(self.features)} features"
                )
        if any(s <= 0 for s in self.scale):
            raise ValueError("scale: every value must be positive")
        if not 0.0 <= self.threshold <= 1.0:
            raise ValueError(f"threshold: {self.threshold} is not between 0 and 1")

    def probability(self, f: Features) -> float:
        row = asdict(f)
        z = self.intercept + sum(
            w * (row[n] - m) / s
            for n, m, s, w in zip(self.features, self.mean, self.scale, self.coef, strict=True)
        )
        return 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))

    def save(self, path: Path) -> None:
        write_json(path, asdict(self))

    @classmethod
    def load(cls, path: Path) -> AnswerabilityModel:
        """The model in `path` (as `assistant calibrate` writes it); a `ConfigError` naming the
        file and the fix when it is unreadable, lacks a field or its fields disagree."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise ConfigError(
                f"answerability model {path}: cannot read it ({e}); "
                "run `assistant calibrate` again or delete the file"
            ) from e

        def field(name: str, convert):
            if name not in data:
                raise ConfigError(
                    f"answerability model {path}: field '{name}' is missing; "
                    "run `assistant calibrate` again or delete the file"
                )
            try:
                return convert(data[name])
            except (TypeError, ValueError) as e:
                raise ConfigError(f"answerability model {path}: field '{name}': {e}") from e

        def floats(values) -> tuple[float, ...]:
            return tuple(float(v) for v in values)

        try:
            return cls(
                features=field("features", lambda v: tuple(str(x) for x in v)),
                mean=field("mean", floats),
                scale=field("scale", floats),
                coef=field("coef", floats),
                intercept=field("intercept", float),
                threshold=field("threshold", float),
                fitted_on=str(data.get("fitted_on", "")),
            )
        except ValueError as e:  # the fields disagree (see __post_init__)
            raise ConfigError(
                f"answerability model {path}: {e}; "
                "run `assistant calibrate` again or delete the file"
            ) from e


def model_path(store_dir: Path, configured: Path | None = None) -> Path:
    """The model in force: the configured file, else the store's calibration, else the shipped."""
    if configured is not None:
        return configured
    own = store_dir / STORE_MODEL
    return own if own.is_file() else SHIPPED_MODEL


@dataclass(frozen=True)
class Judgement:
    """The gate's verdict on one question."""

    probability: float
    """P(answerable) from the model (0.0 when the question has nothing to look for)."""
    answerable: bool
    reason: str = ""
    """Why not, in words, when not answerable."""

    def notice(self) -> str:
        """The reason as the one-line notice shown beside the abstention, with the gate's
        estimate in words a reader takes in ("1% likely they answer it")."""
        return f"{REFUSED}{self.reason} ({self.probability:.0%} likely they answer it)."


REFUSED = "Not answered: "
"""How a refusal's notice starts (the eval tells refusals from LLM fallbacks by it)."""


NOTHING_TO_LOOK_FOR = "the question has no words to look for"
NOTHING_FOUND = "nothing was retrieved"
BELOW_THRESHOLD = "the best sentences do not hold what the question asks for"
ROLE_MISSING = "the best sentences never mention the role the question asks about"


def ruled_out(f: Features) -> bool:
    """Refused whatever the model says: a question asking who holds a role ("who is the president
    of France") that the best sentence and its neighbours never mention. The model cannot learn
    this from article-left-out rows (there every feature is low), and the few on-topic questions
    of eval/ are too few to teach it. Measured on eval/: it refuses 1 of the 232 answerable
    questions ("What was the main premise of …": the sentence says what the film set out to do)
    and 2 of the 14 unanswerable ones (see eval/README.md, Answerability)."""
    return bool(f.role_missing)


class AnswerabilityGate:
    """`gate(question, hits)` -> Judgement, from the features of the best hit and its neighbours.

    The searcher that found the hits also weighs the question's terms by their rarity in the
    corpus and gives the sentences around a hit (the sentence before often carries the subject
    of a "he said" sentence).
    """

    def __init__(self, model: AnswerabilityModel, searcher: Searcher) -> None:
        self.model = model
        self.searcher = searcher

    def features(
        self, question: Question, hits: Sequence[ScoredSentence], filters: Filters | None = None
    ) -> Features:
        """The features of `hits`, found with `filters` (whose hidden sentences are no
        neighbours either)."""
        if not hits:
            return features(question, hits, lambda _: 0.0)
        neighbours = self.searcher.neighbours(hits[0], filters)
        return features(question, hits, self.searcher.idf(), neighbours)

    def __call__(self, question: Question, hits: Sequence[ScoredSentence]) -> Judgement:
        if not question.looks_for_something:
            return Judgement(0.0, False, NOTHING_TO_LOOK_FOR)
        if not hits:
            return Judgement(0.0, False, NOTHING_FOUND)
        f = self.features(question, hits)
        p = self.model.probability(f)
        if ruled_out(f):
            return Judgement(p, False, ROLE_MISSING)
        if p < self.model.threshold:
            return Judgement(p, False, BELOW_THRESHOLD)
        return Judgement(p, True)
