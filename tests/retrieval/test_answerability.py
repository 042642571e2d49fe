"""assistant/retrieval/answerability.py: each feature on hand-made hits."""

from dataclasses import replace

import pytest

from assistant.retrieval.answerability import NAMES, NONE, Features, features, neighbour_ids
from tests.fakes import INFO, hit


def idf(term: str) -> float:
    """Names and numbers weigh more, as they do in a real index."""
    return {"nakatani": 3.0, "dron": 2.0}.get(term, 1.0)


def scored(text, score, index=0, dense=None, lexical=None, article="a.txt"):
    h = hit(text, score, index)
    return replace(
        h,
        sentence=replace(h.sentence, article_id=article),
        article=replace(INFO, id=article),
        dense=score if dense is None else dense,
        lexical=score if lexical is None else lexical,
    )


QUESTION = "How many drones did Nakatani buy?"


def test_no_hits_give_the_empty_features():
    assert features(QUESTION, [], idf) == NONE


def test_scores_of_the_top_hit_and_the_gap():
    f = features(QUESTION, [scored("x", 0.6, dense=0.7, lexical=0.4), scored("y", 0.45)], idf)
    assert (f.top_score, f.top_dense, f.top_lexical) == (0.6, 0.7, 0.4)
    assert f.gap == pytest.approx(0.15)
    three = [scored("x", 0.6), scored("y", 0.45), scored("z", 0.1)]
    assert features(QUESTION, three, idf).gap == pytest.approx(0.15)  # to the next, not the last
    assert features(QUESTION, [scored("x", 0.6)], idf).gap == 0.0


def test_coverage_is_idf_weighted_and_counts_neighbours():
    # terms: many(1) dron(2) nakatani(3) buy(1); total 7
    top = scored("Nakatani spoke in Ankara.", 0.5, index=3)
    assert features(QUESTION, [top], idf).coverage == pytest.approx(3 / 7)
    # a retrieved neighbour (same article, next sentence) adds its terms...
    near = scored("He wants to buy many drones.", 0.4, index=4)
    assert features(QUESTION, [top, near], idf).coverage == pytest.approx(1.0)
    # ...one of another article or further away does not
    far = scored("He wants to buy many drones.", 0.4, index=6)
    other = scored("He wants to buy many drones.", 0.4, index=4, article="b.txt")
    assert features(QUESTION, [top, far, other], idf).coverage == pytest.approx(3 / 7)
    # neighbours fetched from the store count too
    f = features(QUESTION, [top], idf, neighbours=["Japan may buy drones."])
    assert f.coverage == pytest.approx(6 / 7)


def test_name_share():
    q = "Did Gen Nakatani meet Yasar Guler in Ankara?"
    f = features(q, [scored("Gen Nakatani met Turkish officials in Ankara.", 0.5)], idf)
    assert f.has_names == 1.0
    assert f.name_share == pytest.approx(2 / 3)
    # found in any case, and in the neighbours too
    f = features(q, [scored("GEN NAKATANI arrived.", 0.5)], idf, neighbours=["Yasar Guler too."])
    assert f.name_share == pytest.approx(2 / 3)
    nameless = features("How many drones were bought?", [scored("Two drones.", 0.5)], idf)
    assert (nameless.has_names, nameless.name_share) == (0.0, 1.0)


def test_type_present():
    assert features(QUESTION, [scored("Nakatani bought drones.", 0.5)], idf).type_present == 0.0
    assert features(QUESTION, [scored("Nakatani bought 12 drones.", 0.5)], idf).type_present == 1
    assert features("Who is Nakatani?", [scored("A minister.", 0.5)], idf).type_present == 1.0


def test_rank_agreement():
    agree = [
        scored(t, 0.5, i, dense=d, lexical=d) for i, (t, d) in enumerate(zip("abc", (3, 2, 1)))
    ]
    assert features(QUESTION, agree, idf).rank_agreement == pytest.approx(1.0)
    disagree = [replace(h, lexical=-h.dense) for h in agree]
    assert features(QUESTION, disagree, idf).rank_agreement == pytest.approx(-1.0)
    assert features(QUESTION, agree[:2], idf).rank_agreement == 0.0


def test_article_share():
    hits = [
        scored("x", 0.5, 0),
        scored("y", 0.4, 5),
        scored("z", 0.3, 0, article="b.txt"),
        scored("w", 0.2, 9),
    ]
    assert features(QUESTION, hits, idf).article_share == pytest.approx(3 / 4)


def test_vector_follows_the_names():
    f = features(QUESTION, [scored("Nakatani bought 12 drones.", 0.5)], idf)
    assert len(f.vector()) == len(NAMES) == len(Features.names())
    assert dict(zip(NAMES, f.vector()))["type_present"] == 1.0


def test_neighbour_ids_stay_inside_the_article():
    assert neighbour_ids(scored("x", 0.5, index=0)) == ["a.txt::s1"]
    assert neighbour_ids(scored("x", 0.5, index=2)) == ["a.txt::s1", "a.txt::s3"]
    assert neighbour_ids(scored("x", 0.5, index=4)) == ["a.txt::s3"]  # INFO has 5 sentences
