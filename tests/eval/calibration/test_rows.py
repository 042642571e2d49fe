"""assistant/eval/calibration/rows.py: which rows a question gives, asked against which corpus."""

from dataclasses import replace

from assistant.answer.answerability import NONE
from assistant.eval.calibration.rows import (
    ANSWERABLE,
    EVIDENCE_OUT,
    HELD_OUT,
    UNANSWERABLE,
    answered_elsewhere,
    build_rows,
    deal,
    evidence_spans,
    keyed,
)
from assistant.eval.dataset import EvalQuestion
from assistant.types import Filters
from tests.fakes import hit


def question(id, answer, article, evidence=()):
    return EvalQuestion(id, f"question {id}?", answer, tuple(evidence), article, (), "f:1")


TEXTS = {
    "a.txt": "Baykar makes drones in Istanbul.",
    "b.txt": "Wolves roam the forests of Lusatia.",
    "c.txt": "Meteorite fragments fell on Chelyabinsk; Baykar was not there.",
}


def test_answered_elsewhere_finds_the_answer_or_a_quote_in_another_article_only():
    q = question("1", "Baykar", "a.txt", ["Baykar makes drones"])
    assert answered_elsewhere(q, TEXTS) == "c.txt"  # "Baykar" as a phrase
    q = question("2", "drones", "a.txt", ["Baykar makes drones"])
    assert answered_elsewhere(q, TEXTS) is None  # only in its own article
    q = question("3", "forest", "a.txt", ["x"])
    assert answered_elsewhere(q, TEXTS) is None  # "forests": not the phrase at word boundaries


def test_unanswerable_questions_are_dealt_round_the_articles_in_key_order():
    pairs = keyed(
        [
            (
                "s",
                [
                    question("1", "x", "b.txt"),
                    question("2", "y", "a.txt"),
                    question("n1", None, None),
                    question("n2", None, None),
                    question("n3", None, None),
                ],
            )
        ]
    )
    assert deal((key, q.article) for key, q in pairs) == {
        "s:1": "b.txt",
        "s:2": "a.txt",
        "s:n1": "a.txt",
        "s:n2": "b.txt",
        "s:n3": "a.txt",
    }


def test_an_answerable_question_is_asked_as_is_without_its_article_and_without_its_evidence():
    searches: list[tuple[str, Filters | None]] = []
    featurized: list[Filters | None] = []

    def search(q, filters):
        searches.append((q.text, filters))
        return [hit("x", 0.5)]

    def featurize(q, hits, filters):
        featurized.append(filters)
        return NONE

    pairs = keyed(
        [
            (
                "s",
                [
                    question("1", "drones", "a.txt", ["Baykar makes drones"]),
                    question("2", "Baykar", "a.txt", ["Baykar makes drones"]),
                    question("3", "Istanbul", "a.txt", ["Baykar makes drones"]),
                    question("4", "wolves", "b.txt", ["not in the article"]),
                    question("n", None, None),
                ],
            )
        ]
    )
    rows = build_rows(pairs, search, featurize, TEXTS)
    assert [(r.id, r.kind, r.label, r.group) for r in rows] == [
        ("s:1", ANSWERABLE, 1, "a.txt"),
        ("s:1", HELD_OUT, 0, "a.txt"),
        ("s:1", EVIDENCE_OUT, 0, "a.txt"),
        ("s:2", ANSWERABLE, 1, "a.txt"),  # c.txt holds "Baykar": neither of the other rows
        ("s:3", ANSWERABLE, 1, "a.txt"),
        ("s:3", HELD_OUT, 0, "a.txt"),  # the rest of a.txt still says "Istanbul": no evidence-out
        ("s:4", ANSWERABLE, 1, "b.txt"),
        ("s:4", HELD_OUT, 0, "b.txt"),  # the quote is not in b.txt: nothing known to hide
        ("s:n", UNANSWERABLE, 0, "a.txt"),
    ]
    hidden = Filters(exclude_spans=(("a.txt", 0, 19),))
    assert searches[:3] == [
        ("question 1?", None),
        ("question 1?", Filters(exclude_articles=("a.txt",))),
        ("question 1?", hidden),
    ]
    assert featurized[:3] == [s[1] for s in searches[:3]]  # the gate sees what was hidden
    assert [f for _, f in searches].count(hidden) == 1
    assert len(searches) == len(rows)


def test_evidence_spans_cover_every_place_of_every_quote_unless_the_answer_is_left():
    text = "Drones fly. Baykar makes drones. Drones fly."
    q = question("1", "Baykar", "a.txt", ["Drones fly.", "Baykar makes"])
    assert evidence_spans(q, text) == (
        ("a.txt", 0, 11),
        ("a.txt", 33, 44),
        ("a.txt", 12, 24),
    )
    assert evidence_spans(question("2", "drones", "a.txt", ["Drones fly."]), text) == ()
    assert evidence_spans(question("3", "x", "a.txt", ["Drones fly.", "absent"]), text) == ()


def test_a_question_with_a_day_is_searched_as_on_that_day():
    """Issue 27: calibrate and eval --cv ask a question as `ask --as-of <asked_on>` does: its
    rows are searched with the articles after that day left out and its time words read from
    it, the held-out filters kept."""
    searches: list[Filters | None] = []

    def search(q, filters):
        searches.append(filters)
        return [hit("x", 0.5)]

    asked = replace(
        question("1", "drones", "a.txt", ["Baykar makes drones"]),
        question="How many drones were made last week?",
        asked_on="2025-08-06",
    )
    build_rows(keyed([("s", [asked])]), search, lambda q, h, f: NONE, TEXTS)
    week = Filters(date_from="2025-07-28", date_to="2025-08-03")
    assert searches[:2] == [week, replace(week, exclude_articles=("a.txt",))]
    build_rows(keyed([("s", [replace(asked, asked_on=None)])]), search, lambda *_: NONE, TEXTS)
    assert searches[-3] is None  # without a day: as before, as of the newest article
