"""assistant/answer/gate.py: the model's arithmetic, its file, and the gate's verdicts."""

import json
import math

import pytest

from assistant.answer.answerability import NONE
from assistant.answer.gate import (
    BELOW_THRESHOLD,
    NOTHING_FOUND,
    NOTHING_TO_LOOK_FOR,
    SHIPPED_MODEL,
    STORE_MODEL,
    AnswerabilityGate,
    AnswerabilityModel,
    Judgement,
    model_path,
)
from assistant.errors import ConfigError
from assistant.eval.calibration.fit import MODEL_FEATURES
from assistant.question import Question
from tests.fakes import FakeSearcher, hit

COVERAGE = AnswerabilityModel(
    features=("coverage",),
    mean=(0.5,),
    scale=(0.25,),
    coef=(4.0,),
    intercept=0.0,
    threshold=0.5,
    fitted_on="by hand",
)
"""P(answerable) rises with the share of the question's words found near the best hit."""


def test_probability_is_the_logistic_of_the_standardised_features():
    model = AnswerabilityModel(
        features=("top_score", "coverage"),
        mean=(0.4, 0.5),
        scale=(0.2, 0.5),
        coef=(2.0, -1.0),
        intercept=0.3,
        threshold=0.5,
    )
    f = NONE.__class__(**{**NONE.__dict__, "top_score": 0.8, "coverage": 1.0})
    z = 0.3 + 2.0 * (0.8 - 0.4) / 0.2 - 1.0 * (1.0 - 0.5) / 0.5
    assert model.probability(f) == pytest.approx(1 / (1 + math.exp(-z)))


def test_a_model_survives_the_round_trip_through_its_file(tmp_path):
    COVERAGE.save(tmp_path / "m.json")
    assert AnswerabilityModel.load(tmp_path / "m.json") == COVERAGE
    assert not list(tmp_path.glob("*.tmp"))  # written whole, then moved into place


@pytest.mark.parametrize(
    "change, field",
    [
        ({"features": ["coverage", "shoe_size"]}, "shoe_size"),
        ({"threshold": 1.5}, "threshold"),
        ({"scale": [0.0]}, "scale"),
        ({"coef": [1.0, 2.0]}, "coef"),
        ({"intercept": None}, "intercept"),
    ],
)
def test_a_bad_model_file_is_refused_naming_the_file_and_the_field(tmp_path, change, field):
    data = {**json.loads(json.dumps(COVERAGE.__dict__)), **change}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ConfigError, match=rf"{path}.*{field}"):
        AnswerabilityModel.load(path)


def test_a_missing_field_or_unreadable_file_is_refused(tmp_path):
    path = tmp_path / "m.json"
    path.write_text(json.dumps({"features": ["coverage"]}))
    with pytest.raises(ConfigError, match=r"m.json: field 'mean' is missing"):
        AnswerabilityModel.load(path)
    path.write_text("{not json")
    with pytest.raises(ConfigError, match="cannot read it"):
        AnswerabilityModel.load(path)


def test_the_configured_model_wins_then_the_stores_own_then_the_shipped_one(tmp_path):
    assert model_path(tmp_path) == SHIPPED_MODEL
    (tmp_path / STORE_MODEL).write_text("{}")
    assert model_path(tmp_path) == tmp_path / STORE_MODEL
    assert model_path(tmp_path, tmp_path / "mine.json") == tmp_path / "mine.json"


def test_the_shipped_model_loads_and_reads_every_feature():
    model = AnswerabilityModel.load(SHIPPED_MODEL)
    assert model.features == MODEL_FEATURES and 0 < model.threshold < 1
    assert "qa.jsonl" in model.fitted_on and "onestopqa-dev.jsonl" in model.fitted_on


def gate(hits):
    return AnswerabilityGate(COVERAGE, FakeSearcher(hits))


def test_a_question_with_nothing_to_look_for_is_refused():
    drones = [hit("Drones fly.", 0.9)]
    verdict = gate(drones)(Question.read("🙂🙂🙂 ?!"), drones)
    assert not verdict.answerable and verdict.reason == NOTHING_TO_LOOK_FOR


def test_nothing_retrieved_is_refused():
    verdict = gate([])(Question.read("Who makes drones?"), [])
    assert not verdict.answerable and verdict.reason == NOTHING_FOUND


def test_the_model_decides_from_the_best_hit_and_its_neighbours():
    found = [hit("Baykar makes drones.", 0.9, 0)]
    assert gate(found)(Question.read("Who makes drones?"), found).answerable
    elsewhere = [hit("Pilots test them in Corlu.", 0.9, 0)]
    verdict = gate(elsewhere)(Question.read("Who makes drones?"), elsewhere)
    assert not verdict.answerable and verdict.reason == BELOW_THRESHOLD
    assert verdict.probability < 0.5
    # the sentence before the best hit holds the words: the gate reads it too
    with_context = [hit("Pilots test them in Corlu.", 0.9, 1), hit("Baykar makes drones.", 0.5, 0)]
    assert gate(with_context)(Question.read("Who makes drones?"), with_context[:1]).answerable


def test_a_count_in_words_is_a_count_whatever_the_number():
    """The gate took "twelve drones" for an answer to "how many drones" and not "fourteen
    drones" (issue 26): the shipped model gives both sentences the same verdict."""
    shipped = AnswerabilityModel.load(SHIPPED_MODEL)
    question = Question.read("How many drones did Turkey deliver to Kenya?")
    verdicts = {}
    for count in ("12", "twelve", "fourteen", "twenty-three"):
        found = [hit(f"Turkey delivered {count} drones to Kenya.", 0.8)]
        verdict = AnswerabilityGate(shipped, FakeSearcher(found))(question, found)
        assert verdict.answerable, count
        verdicts[count] = verdict.probability
    assert len(set(verdicts.values())) == 1, verdicts


def test_the_refusal_says_the_gates_estimate_in_words():
    """Issue 29: "(P(answerable) 0.01)" meant nothing to a reader."""
    notice = Judgement(0.012, False, BELOW_THRESHOLD).notice()
    assert notice == f"Not answered: {BELOW_THRESHOLD} (1% likely they answer it)."
