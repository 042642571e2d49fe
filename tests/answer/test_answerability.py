"""assistant/answer/answerability.py: each feature on hand-made hits."""

from dataclasses import asdict, replace

import pytest

from assistant.answer.answerability import (
    NAMES,
    NONE,
    Features,
    features,
    focus_slot,
)
from assistant.language.mentions import read_mentions
from assistant.question import Question
from assistant.types import SentenceReading
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
    assert features(Question.read(QUESTION), [], idf) == NONE


def test_scores_of_the_top_hit_and_the_gap():
    f = features(
        Question.read(QUESTION), [scored("x", 0.6, dense=0.7, lexical=0.4), scored("y", 0.45)], idf
    )
    assert (f.top_score, f.top_dense, f.top_lexical) == (0.6, 0.7, 0.4)
    assert f.gap == pytest.approx(0.15)
    three = [scored("x", 0.6), scored("y", 0.45), scored("z", 0.1)]
    assert features(Question.read(QUESTION), three, idf).gap == pytest.approx(
        0.15
    )  # to the next, not the last
    assert features(Question.read(QUESTION), [scored("x", 0.6)], idf).gap == 0.0


def test_coverage_is_idf_weighted_and_counts_neighbours():
    # terms: many(1) dron(2) nakatani(3) buy(1); total 7
    top = scored("Nakatani spoke in Ankara.", 0.5, index=3)
    assert features(Question.read(QUESTION), [top], idf).coverage == pytest.approx(3 / 7)
    # a retrieved neighbour (same article, next sentence) adds its terms...
    near = scored("He wants to buy many drones.", 0.4, index=4)
    assert features(Question.read(QUESTION), [top, near], idf).coverage == pytest.approx(1.0)
    # ...one of another article or further away does not
    far = scored("He wants to buy many drones.", 0.4, index=6)
    other = scored("He wants to buy many drones.", 0.4, index=4, article="b.txt")
    assert features(Question.read(QUESTION), [top, far, other], idf).coverage == pytest.approx(
        3 / 7
    )
    # neighbours fetched from the store count too
    f = features(Question.read(QUESTION), [top], idf, neighbours=["Japan may buy drones."])
    assert f.coverage == pytest.approx(6 / 7)


def test_name_share():
    q = "Did Gen Nakatani meet Yasar Guler in Ankara?"
    f = features(
        Question.read(q), [scored("Gen Nakatani met Turkish officials in Ankara.", 0.5)], idf
    )
    assert f.has_names == 1.0
    assert f.name_share == pytest.approx(2 / 3)
    # found in any case, and in the neighbours too
    f = features(
        Question.read(q),
        [scored("GEN NAKATANI arrived.", 0.5)],
        idf,
        neighbours=["Yasar Guler too."],
    )
    assert f.name_share == pytest.approx(2 / 3)
    nameless = features(
        Question.read("How many drones were bought?"), [scored("Two drones.", 0.5)], idf
    )
    assert (nameless.has_names, nameless.name_share) == (0.0, 1.0)


def test_type_present():
    assert (
        features(
            Question.read(QUESTION), [scored("Nakatani bought drones.", 0.5)], idf
        ).type_present
        == 0.0
    )
    assert (
        features(
            Question.read(QUESTION), [scored("Nakatani bought 12 drones.", 0.5)], idf
        ).type_present
        == 1
    )
    assert (
        features(Question.read("Who is Nakatani?"), [scored("A minister.", 0.5)], idf).type_present
        == 1.0
    )


def test_rank_agreement():
    agree = [
        scored(t, 0.5, i, dense=d, lexical=d) for i, (t, d) in enumerate(zip("abc", (3, 2, 1)))
    ]
    assert features(Question.read(QUESTION), agree, idf).rank_agreement == pytest.approx(1.0)
    disagree = [replace(h, lexical=-h.dense) for h in agree]
    assert features(Question.read(QUESTION), disagree, idf).rank_agreement == pytest.approx(-1.0)
    assert features(Question.read(QUESTION), agree[:2], idf).rank_agreement == 0.0
    noise = [replace(h, lexical=0.4 + 1e-15 * i) for i, h in enumerate(agree)]  # no real spread
    assert features(Question.read(QUESTION), noise, idf).rank_agreement == 0.0


def test_article_share():
    hits = [
        scored("x", 0.5, 0),
        scored("y", 0.4, 5),
        scored("z", 0.3, 0, article="b.txt"),
        scored("w", 0.2, 9),
    ]
    assert features(Question.read(QUESTION), hits, idf).article_share == pytest.approx(3 / 4)


def test_names_are_the_fields_in_order():
    f = features(Question.read(QUESTION), [scored("Nakatani bought 12 drones.", 0.5)], idf)
    assert NAMES == Features.names() == tuple(asdict(f))
    assert asdict(f)["type_present"] == 1.0


def test_focus_slot_wants_a_number_or_a_new_name_next_to_the_noun():
    assert focus_slot(Question.read(QUESTION), "Nakatani bought 12 drones.") == (True, True)
    assert focus_slot(Question.read(QUESTION), "Nakatani bought twelve drones.") == (True, True)
    # the noun, but no number near it (more than SLOT_WIDTH words away)
    assert focus_slot(
        Question.read(QUESTION), "12 of the talks were about the Turkish drones."
    ) == (True, False)
    assert focus_slot(Question.read(QUESTION), "Nakatani talked about Turkish drones.") == (
        True,
        False,
    )
    assert focus_slot(Question.read(QUESTION), "Nakatani bought 12 jets.") == (False, False)
    city = "Which city hosted Nakatani?"
    assert focus_slot(Question.read(city), "The city of Ankara hosted him.") == (True, True)
    assert focus_slot(Question.read(city), "The city hosted Nakatani.") == (
        True,
        False,
    )  # a name it asked
    assert focus_slot(Question.read("Who visited Ankara?"), "Nothing.") == (
        True,
        True,
    )  # no focus noun


def test_focus_features():
    f = features(Question.read(QUESTION), [scored("Nakatani talked about drones.", 0.6)], idf)
    assert (f.has_focus, f.focus_present, f.focus_slot) == (1.0, 1.0, 0.0)
    near = ["He bought 12 drones."]  # the neighbours count
    f = features(Question.read(QUESTION), [scored("Nakatani talked about drones.", 0.6)], idf, near)
    assert (f.has_focus, f.focus_present, f.focus_slot) == (1.0, 1.0, 1.0)
    f = features(Question.read("Who is Nakatani?"), [scored("Nakatani talked.", 0.6)], idf)
    assert (f.has_focus, f.focus_present, f.focus_slot) == (0.0, 1.0, 1.0)


def test_missing_mass_and_rarest_missing_term():
    # question terms: many (1), dron (2), nakatani (3), buy (1)
    f = features(Question.read(QUESTION), [scored("Nakatani bought things.", 0.6)], idf)
    assert f.missing_mass == pytest.approx(1.0 + 2.0 + 1.0)  # many, dron, buy
    assert f.missing_max == pytest.approx(2.0)
    f = features(Question.read(QUESTION), [scored("How many drones did Nakatani buy?", 0.6)], idf)
    assert (f.missing_mass, f.missing_max) == (0.0, 0.0)


def test_coverage_top3_is_the_best_single_sentence_of_the_three():
    hits = [
        scored("Nakatani spoke.", 0.6, index=0),
        scored("Drones were on sale.", 0.5, index=5),
        scored("Nakatani will buy drones.", 0.4, index=9),
        scored("How many drones did Nakatani buy?", 0.3, index=20),  # fourth: not counted
    ]
    total = 1.0 + 2.0 + 3.0 + 1.0
    f = features(Question.read(QUESTION), hits, idf)
    assert f.coverage_top3 == pytest.approx(6.0 / total)  # the third: dron, nakatani, buy
    assert features(Question.read(QUESTION), hits[:2], idf).coverage_top3 == pytest.approx(
        3.0 / total
    )


def test_a_role_is_missing_only_when_none_of_the_best_sentences_mentions_it():
    question = Question.read("Who is the project director of the Cerro Ventana Observatory?")
    lede = scored("The mirror for the Cerro Ventana Observatory arrived in Chile.", 0.7, index=1)
    quote = scored("“It was hard,” said Felipe Araya, the project director.", 0.4, index=6)
    other = scored("The observatory is run by nine universities.", 0.3, index=9)
    assert features(question, [lede, quote, other], idf).role_missing == 0.0
    assert features(question, [lede, other], idf).role_missing == 1.0
    # nor in one that shares no other word with the question
    putin = scored("President Vladimir Putin was informed.", 0.4, index=6)
    france = Question.read("Who is the president of France?")
    assert features(france, [scored("Made in France.", 0.7), putin, other], idf).role_missing == 1
    # the fourth best is too far down to count
    fourth = [lede, other, replace(other, score=0.2), replace(quote, score=0.1)]
    assert features(question, fourth, idf).role_missing == 1.0


def read(h):
    """The hit with its sentence's reading, as ingest stores it."""
    reading = SentenceReading(mentions=read_mentions(h.sentence.text))
    return replace(h, sentence=replace(h.sentence, reading=reading))


def test_the_kind_asked_for_fills_the_slot_when_the_focus_noun_is_absent():
    # "which investor" answered by a sentence that never says "investor"
    question = Question.read("Which investor led Nordhvel Data's funding round?")
    lede = read(scored("Nordhvel Data raised $140 million for a data centre.", 0.5, index=0))
    led = read(scored("The round was led by Fjordline Capital, a Norwegian fund.", 0.45, index=4))
    f = features(question, [lede, led], idf)
    assert (f.has_focus, f.focus_present, f.focus_slot) == (1.0, 1.0, 1.0)
    # a name the question gives itself fills nothing
    assert features(question, [lede], idf).focus_slot == 0.0
    # nor does a mention of another kind
    city = read(scored("The round closed in Reykjavik on Monday.", 0.45, index=4))
    assert features(question, [lede, city], idf).focus_slot == 0.0
