import numpy as np
import pytest

from assistant.config import AnswerSettings
from assistant.eval.calibration.scorer_cv import (
    FLOORS,
    Policy,
    calibrated,
    cross_validate,
    figures,
    folds,
    judge,
    matching_threshold,
)
from assistant.eval.calibration.scorer_rows import QuestionRows
from assistant.retrieval.candidates import FEATURES, Candidates
from assistant.retrieval.scorer import LOGISTIC, ScorerWeights, SentenceScorer
from assistant.types import Sentence
from tests.fakes import INFO

LEXICAL = SentenceScorer(ScorerWeights(LOGISTIC, {"intercept": 0.0, "lexical": 10.0}))


def row(qid: str, article: str | None, lexical: list[float], gold) -> QuestionRows:
    n = len(lexical)
    texts = [f"Sentence number {i} says something different {'x' * i}." for i in range(n)]
    sentences = tuple(
        Sentence("a.txt", i, i * 100, i * 100 + len(texts[i]), texts[i], 0) for i in range(n)
    )
    features = np.zeros((n, len(FEATURES)))
    features[:, FEATURES.index("lexical")] = lexical
    c = Candidates(sentences, {"a.txt": INFO}, features, np.zeros(n, dtype=int))
    return QuestionRows(qid, "set", article, c, np.zeros(n, bool), gold)


def test_judge_counts_ranks_citations_and_characters():
    # gold: quote 0 in sentence 1, quote 1 in sentence 3
    r = row("q", "a.txt", [0.1, 0.9, 0.8, 0.2], (((105, 110),), ((310, 315),)))
    hits = LEXICAL.rank(r.candidates, 10)
    out = judge(r, hits, AnswerSettings(min_score=0.1, relative_floor=0.9, max_sentences=3))
    assert out.quote_ranks == (0, 2)
    # sentence 1 (gold) and 2 (not: no gold there) are cited; 0.8 is within 0.9 of 0.9's score
    assert out.citation_hits == (True, False) and out.quotes_cited == 1
    assert out.cited_chars == len(hits[0].sentence.text) + len(hits[1].sentence.text)
    f = figures([out], {"q": r})
    assert f.recall_at_1 == 0.5 and f.citation_recall == 0.5 and f.citation_precision == 0.5


def test_a_sentence_of_another_article_never_counts():
    r = row("q", "other.txt", [0.9], (((0, 10),),))
    out = judge(r, LEXICAL.rank(r.candidates), AnswerSettings(min_score=0.0))
    assert out.quote_ranks == (None,) and out.citation_hits == (False,)


def test_folds_group_by_article_and_deal_unanswerable_questions():
    rows = [row(f"q{i}", art, [0.5], ()) for i, art in enumerate(["b", "a", "b", None, None, None])]
    groups = folds(rows)
    assert sorted(groups) == ["a", "b"]
    assert [r.id for r in groups["a"]] == ["q1", "q3", "q5"]
    assert [r.id for r in groups["b"]] == ["q0", "q2", "q4"]


def test_cross_validation_never_trains_on_the_held_out_article():
    rows = [row(f"q{i}", art, [0.5, 0.4], ()) for i, art in enumerate("abcab")]
    seen = []

    def train(training: list[QuestionRows]) -> Policy:
        seen.append({r.article for r in training})
        return Policy(LEXICAL, AnswerSettings())

    outcomes = cross_validate(rows, train)
    assert sorted(o.id for o in outcomes) == [f"q{i}" for i in range(5)]
    assert sorted(map(sorted, seen)) == [["a", "b"], ["a", "c"], ["b", "c"]]


def test_matching_threshold_abstains_on_at_most_the_share():
    tops = [0.1, 0.2, 0.3, 0.4, 0.5]
    assert matching_threshold(tops, 0.0) == 0.1  # nothing below 0.1
    assert matching_threshold(tops, 0.4) == 0.3  # 0.1 and 0.2 below
    assert matching_threshold(tops, 0.39) == 0.2
    assert matching_threshold(tops, 1.0) == 1.0


def evidence_rows(seed: int = 0) -> list[QuestionRows]:
    """Questions over three articles whose evidence is the candidate with the most lexical."""
    rng = np.random.default_rng(seed)
    rows = []
    for q in range(30):
        article = f"art{q % 3}.txt"
        x = rng.normal(size=(8, len(FEATURES)))
        best = int(np.argmax(x[:, FEATURES.index("lexical")]))
        sentences = tuple(
            Sentence(article, i, i * 100, i * 100 + 40, f"Sentence {i} of {q}, {'y' * i}.", 0)
            for i in range(8)
        )
        c = Candidates(sentences, {article: INFO}, x, np.zeros(8, dtype=int))
        gold = (((best * 100 + 5, best * 100 + 20),),)
        rows.append(QuestionRows(f"q{q}", "s", article, c, np.arange(8) == best, gold))
    return rows


def test_calibrated_weights_carry_their_answer_settings():
    w = calibrated(evidence_rows())
    assert w.values["lexical"] > 0
    assert 0 < w.meta["min_score"] < 1 and w.meta["relative_floor"] in FLOORS
    settings = AnswerSettings(
        min_score=w.meta["min_score"], relative_floor=w.meta["relative_floor"]
    )
    outcomes = [
        judge(r, SentenceScorer(w).rank(r.candidates, 10), settings) for r in evidence_rows(1)
    ]
    assert figures(outcomes, {r.id: r for r in evidence_rows(1)}).recall_at_1 > 0.8


def test_calibrating_on_one_article_is_refused():
    rows = [r for r in evidence_rows() if r.article == "art0.txt"]
    with pytest.raises(ValueError, match="two articles"):
        calibrated(rows)
