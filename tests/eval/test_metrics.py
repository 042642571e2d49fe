import numpy as np
import pytest

from assistant.eval.metrics import (
    PRF,
    SweepPoint,
    TokenScores,
    abstention,
    best_point,
    closest,
    deltas,
    find_all,
    first_ranks,
    mean,
    normalize_tokens,
    overlaps,
    percentile,
    recall_at,
    reciprocal_rank,
    sweep,
    token_scores,
)


def test_spans_overlap_only_when_they_share_a_character():
    assert overlaps((0, 6), (5, 10))
    assert overlaps((3, 4), (0, 10))  # one inside the other
    assert not overlaps((0, 5), (5, 10))  # half-open: touching is not overlapping
    assert not overlaps((20, 30), (0, 10))


def test_find_all_locates_every_occurrence():
    assert find_all("ab ab", "ab") == [(0, 2), (3, 5)]
    assert find_all("aaa", "aa") == [(0, 2), (1, 3)]
    assert find_all("abc", "x") == [] and find_all("abc", "") == []


# Retrieved spans (None = a sentence of another article) and three gold quotes:
# quote A (10, 30) first overlapped by rank 2; quote B (250, 300) by rank 3 (its second
# occurrence (0, 5) overlaps rank 2 too, so rank 2); quote C (500, 510) never.
RANKED = [(100, 150), None, (0, 40), (200, 260)]
QUOTES = [[(10, 30)], [(250, 300)], [(500, 510)]]


def test_first_ranks_per_quote():
    assert first_ranks(RANKED, QUOTES) == [2, 3, None]
    assert first_ranks(RANKED, [[(250, 300), (0, 5)]]) == [2]  # any occurrence counts
    assert first_ranks(RANKED, []) == []


def test_sentence_recall_at_k_and_mrr():
    ranks = first_ranks(RANKED, QUOTES)  # [2, 3, None]
    assert recall_at(ranks, 1) == 0.0  # no quote found in the top 1
    assert recall_at(ranks, 3) == pytest.approx(1 / 3)  # A (rank 2 < 3)
    assert recall_at(ranks, 4) == pytest.approx(2 / 3)  # A and B
    assert recall_at(ranks, 10) == pytest.approx(2 / 3)  # C is never retrieved
    assert reciprocal_rank(ranks) == pytest.approx(1 / 3)  # best rank 2 -> 1 / (1 + 2)
    assert reciprocal_rank([None, None]) == 0.0
    assert recall_at([], 5) == 0.0  # no target: 0, not a division error


def test_article_level_uses_the_rank_of_the_first_sentence_of_the_article():
    # Article at rank 1: missed at k=1, found at k=2; reciprocal rank 1 / 2.
    assert recall_at([1], 1) == 0.0 and recall_at([1], 2) == 1.0
    assert reciprocal_rank([1]) == 0.5
    assert recall_at([None], 10) == 0.0 and reciprocal_rank([None]) == 0.0


def test_normalisation_drops_case_punctuation_articles_and_unicode_quotes():
    assert normalize_tokens("The “Baykar” drones—an UAV’s test!") == [
        "baykar",
        "drones",
        "uav",
        "s",
        "test",
    ]
    assert normalize_tokens("£5 (about $6)") == ["5", "about", "6"]


def test_token_recall_and_f1():
    # prediction: turkish aerospace industries and baykar (5 tokens); gold: baykar and tusas (3)
    # common: baykar, and = 2 -> precision 2/5, recall 2/3, F1 = 2*0.4*(2/3) / (0.4 + 2/3) = 0.5
    s = token_scores("Turkish Aerospace Industries and Baykar.", "Baykar and TUSAS")
    assert s.recall == pytest.approx(2 / 3) and s.f1 == pytest.approx(0.5)
    # repeated tokens count as often as both sides have them: common "drones" x1 ->
    # precision 1/2, recall 1/1, F1 2/3
    s = token_scores("drones drones", "drones")
    assert s.recall == 1.0 and s.f1 == pytest.approx(2 / 3)
    assert token_scores("", "Baykar") == token_scores("Baykar", "") == TokenScores(0.0, 0.0)
    assert token_scores("The", "a").f1 == 1.0  # both empty after normalisation: SQuAD agrees
    assert token_scores("Ankara", "Istanbul").f1 == 0.0


def test_closest_choice_by_cosine():
    # dots with [1, 0]: 0, 0.6, 0.8 -> index 2
    choices = np.array([[0.0, 1.0], [0.6, 0.8], [0.8, 0.6]])
    assert closest(np.array([1.0, 0.0]), choices) == 2


@pytest.mark.parametrize(
    "abstained, unanswerable, expected",
    [
        # TP 1 (first), abstained 2, unanswerable 2 -> P 1/2, R 1/2, F1 1/2
        ([True, True, False, False], [True, False, True, False], (0.5, 0.5, 0.5)),
        # perfect: P 1, R 1, F1 1
        ([True, False], [True, False], (1.0, 1.0, 1.0)),
        # never abstains: P = 0/0 -> 0, R = 0/1 = 0, F1 0
        ([False, False], [True, False], (0.0, 0.0, 0.0)),
        # no unanswerable question: P = 0/1 = 0, R = 0/0 -> 0, F1 0
        ([True, False], [False, False], (0.0, 0.0, 0.0)),
        # nothing at all: every ratio 0/0 -> 0
        ([], [], (0.0, 0.0, 0.0)),
        # abstains on everything: TP 1, abstained 3, unanswerable 1 -> P 1/3, R 1, F1 0.5
        ([True, True, True], [True, False, False], (1 / 3, 1.0, 0.5)),
    ],
)
def test_abstention_precision_recall_f1(abstained, unanswerable, expected):
    prf = abstention(abstained, unanswerable)
    assert (prf.precision, prf.recall, prf.f1) == pytest.approx(expected)


def test_latency_percentiles_interpolate_linearly():
    # p50 of 10..40: halfway between 20 and 30 = 25; p95: position 0.95 * 3 = 2.85 ->
    # 30 + 0.85 * (40 - 30) = 38.5
    assert percentile([40, 10, 30, 20], 50) == 25.0
    assert percentile([10, 20, 30, 40], 95) == pytest.approx(38.5)
    assert percentile([7.0], 95) == 7.0 and percentile([], 50) == 0.0


def test_threshold_sweep_replays_the_answerer():
    # top scores 0.25 (unanswerable), 0.35, nothing retrieved (unanswerable), 0.45
    # at 0.30: abstains on 1st and 3rd -> TP 2, abstained 2, unanswerable 2: F1 1, 0 lost
    # at 0.40: also on the 2nd -> TP 2, abstained 3: P 2/3, R 1, F1 0.8, 1 lost
    points = sweep([0.25, 0.35, None, 0.45], [True, False, True, False], [0.30, 0.40])
    assert [(p.threshold, p.abstention.f1, p.answerable_lost) for p in points] == [
        (0.30, 1.0, 0),
        (0.40, pytest.approx(0.8), 1),
    ]
    assert best_point(points).threshold == 0.30


def test_best_point_breaks_ties_by_fewer_lost_then_lower_threshold():
    f1_half = PRF(true_positives=1, predicted=2, actual=2)  # P 1/2, R 1/2, F1 1/2
    points = [
        SweepPoint(0.29, f1_half, 3),
        SweepPoint(0.30, f1_half, 1),
        SweepPoint(0.31, f1_half, 1),
        SweepPoint(0.5, PRF(0, 0, 2), 0),
    ]
    assert best_point(points).threshold == 0.30


def test_deltas_keep_both_runs_metrics():
    rows = deltas({"a": 0.5, "b": 0.2, "gone": 1.0}, {"b": 0.3, "a": 0.5, "new": 2.0})
    assert [d.name for d in rows] == ["b", "a", "new", "gone"]  # new run's order, then the rest
    assert rows[0].delta == pytest.approx(0.1) and rows[1].delta == 0.0
    assert rows[2].old is None and rows[2].delta is None
    assert rows[3].new is None and rows[3].delta is None
    assert mean([]) == 0.0
