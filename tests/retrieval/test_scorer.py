import json
import math

import numpy as np
import pytest

from assistant.config import RetrievalSettings
from assistant.errors import ConfigError
from assistant.retrieval.candidates import FEATURES, Candidates
from assistant.retrieval.scorer import (
    LOGISTIC,
    ScorerWeights,
    SentenceScorer,
    default_weights,
    shipped_weights,
)
from assistant.types import Sentence
from tests.fakes import INFO


def make(rows: list[dict], ranks: list[int] | None = None) -> Candidates:
    """Candidates of article INFO, one per feature dict (missing features are 0)."""
    sentences = tuple(
        Sentence("a.txt", i, i * 10, i * 10 + 5, f"s{i}", 0) for i in range(len(rows))
    )
    features = np.array([[r.get(f, 0.0) for f in FEATURES] for r in rows], dtype=float)
    return Candidates(
        sentences=sentences,
        articles={"a.txt": INFO},
        features=features,
        chunk_ranks=np.array(ranks or [0] * len(rows)),
    )


def test_blend_is_todays_formula_by_hand():
    c = make(
        [
            {"sentence_cos": 0.8, "chunk_cos": 0.5, "lexical": 0.2, "type_ok": 1},
            {"sentence_cos": 0.8, "chunk_cos": 0.5, "lexical": 0.2, "type_ok": 0},
            {"sentence_cos": 0.1, "chunk_cos": 0.2, "lexical": 0.9, "type_ok": 1},
        ]
    )
    scores = SentenceScorer(ScorerWeights.blend(0.6, 0.3, 0.7)).scores(c)
    dense = 0.7 * 0.8 + 0.3 * 0.5
    assert scores[0] == pytest.approx(0.6 * dense + 0.4 * 0.2)
    assert scores[1] == pytest.approx(0.7 * (0.6 * dense + 0.4 * 0.2))
    assert scores[2] == pytest.approx(0.6 * (0.7 * 0.1 + 0.3 * 0.2) + 0.4 * 0.9)
    hits = SentenceScorer(ScorerWeights.blend(0.6, 0.3, 0.7)).rank(c)
    assert [h.sentence.index for h in hits] == [0, 2, 1]  # 0.506, 0.438, 0.354
    assert hits[0].dense == pytest.approx(dense) and hits[0].lexical == pytest.approx(0.2)


def test_logistic_is_a_sigmoid_of_the_weighted_features():
    c = make([{"lexical": 0.2, "lexical_prev": 0.9}, {"lexical": 0.5, "lexical_prev": 0.5}])
    w = ScorerWeights(LOGISTIC, {"intercept": -1.0, "lexical": 1.0, "lexical_prev": 2.0})
    scores = SentenceScorer(w).scores(c)
    assert scores[0] == pytest.approx(1 / (1 + math.exp(-(-1 + 0.2 + 1.8))))
    assert scores[1] == pytest.approx(1 / (1 + math.exp(-(-1 + 0.5 + 1.0))))
    # the sentence whose predecessor holds the question's words wins on this weight
    assert [h.sentence.index for h in SentenceScorer(w).rank(c)] == [0, 1]
    only_lexical = ScorerWeights(LOGISTIC, {"intercept": 0.0, "lexical": 1.0})
    assert [h.sentence.index for h in SentenceScorer(only_lexical).rank(c)] == [1, 0]
    assert all(0 <= h.score <= 1 for h in SentenceScorer(w).rank(c))


def test_position_weight_prefers_the_lede():
    c = make([{"position": math.log1p(7)}, {"position": 0.0}, {"position": math.log1p(2)}])
    w = ScorerWeights(LOGISTIC, {"intercept": 0.0, "position": -1.0})
    assert [h.sentence.index for h in SentenceScorer(w).rank(c)] == [1, 2, 0]


def test_equal_scores_break_ties_by_chunk_rank_then_place():
    c = make([{}, {}, {}], ranks=[2, 0, 0])
    hits = SentenceScorer(ScorerWeights.blend()).rank(c, k=2)
    assert [(h.sentence.index, h.chunk_rank) for h in hits] == [(1, 0), (2, 0)]


def test_empty_candidates_rank_to_nothing():
    assert SentenceScorer(ScorerWeights.blend()).rank(Candidates.empty()) == []
    assert SentenceScorer(shipped_weights()).rank(Candidates.empty()) == []


@pytest.mark.parametrize(
    "weights",
    [
        ScorerWeights.blend(0.5, 0.25, 0.9),
        ScorerWeights(LOGISTIC, {"intercept": -2.5, "lexical": 1.5}, {"C": 1.0, "data": ["x"]}),
    ],
)
def test_weights_round_trip_json(weights, tmp_path):
    back = ScorerWeights.from_json(weights.to_json())
    assert back == weights and back.meta == weights.meta
    weights.save(tmp_path / "w.json")
    assert ScorerWeights.load(tmp_path / "w.json") == weights


@pytest.mark.parametrize(
    "content, names",
    [
        ("{not json", ["not valid JSON"]),
        ('{"kind": "logistic", "values": {"lexical": 1}}', ["values.intercept"]),
        ('{"kind": "logistic", "values": {"intercept": 0, "lexcal": 1}}', ["values.lexcal"]),
        ('{"kind": "logistic", "values": {"intercept": "high"}}', ["values.intercept"]),
        ('{"kind": "tree", "values": {}}', ["field kind"]),
        ('{"kind": "blend", "values": {"dense_weight": 0.5}}', ["context_weight"]),
        (
            '{"kind": "blend", "values": {"dense_weight": 2, "context_weight": 0.3, '
            '"type_mismatch_factor": 0.7}}',
            ["values.dense_weight"],
        ),
        ('{"kind": "blend", "values": [], "weights": 1}', ["unknown field weights"]),
    ],
)
def test_bad_weights_file_names_file_and_field(content, names, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        ScorerWeights.load(path)
    assert str(path) in str(err.value)
    for name in names:
        assert name in str(err.value)


def test_missing_weights_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="nowhere.json"):
        ScorerWeights.load(tmp_path / "nowhere.json")


def test_shipped_weights_are_a_fitted_logistic_over_known_features():
    w = shipped_weights()
    assert w.kind == LOGISTIC and set(w.values) <= {"intercept", *FEATURES}
    assert 0 < w.meta["min_score"] < 1 and 0 < w.meta["relative_floor"] <= 1
    json.loads(w.to_json())


def test_settings_choose_the_weights(tmp_path):
    blend = default_weights(RetrievalSettings(dense_weight=0.4))
    assert blend == ScorerWeights.blend(0.4, 0.3, 0.7)
    assert default_weights(RetrievalSettings(scorer="fitted")) == shipped_weights()
    mine = ScorerWeights(LOGISTIC, {"intercept": 1.0})
    mine.save(tmp_path / "mine.json")
    settings = RetrievalSettings(scorer="fitted", scorer_weights=tmp_path / "mine.json")
    assert default_weights(settings) == mine
