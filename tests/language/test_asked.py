import pytest

from assistant.language.asked import (
    NUMBER,
    TIME,
    Focus,
    Wanted,
    answer_kinds,
    can_answer,
    read_focus,
    wanted,
)
from assistant.types import ORGANISATION, PERSON, PLACE


@pytest.mark.parametrize(
    "question, expected",
    [
        ("How many drones did Japan buy?", {NUMBER}),
        ("How much does a Baykar drone cost?", {NUMBER}),
        ("When will Nakatani visit Istanbul?", {TIME}),
        ("In what year was the bottle thrown?", {TIME}),
        ("Which companies will Nakatani tour?", set()),
        ("Who threw the bottle?", set()),
    ],
)
def test_answer_kinds(question, expected):
    assert answer_kinds(question) == expected


def test_can_answer():
    assert can_answer({NUMBER}, "There are now an estimated 1,500 wolves in Poland.")
    assert can_answer({NUMBER}, "Hundreds were hurt.")
    # every spelled number is a number: "twelve" was and "fourteen" was not (issue 26)
    for count in ("twelve", "fourteen", "seventeen", "twenty-three", "a dozen", "ninety"):
        assert can_answer({NUMBER}, f"Turkey delivered {count} drones to Kenya."), count
    assert not can_answer(
        {NUMBER}, "Turkey-backed firms have supplied drones to several countries."
    )
    assert can_answer({TIME}, "Nakatani will also visit Istanbul on Wednesday.")
    assert not can_answer({TIME}, "Japan is considering Turkish drones.")
    assert can_answer(set(), "Anything at all.")


@pytest.mark.parametrize(
    "question, asked",
    [
        ("How many drones did Nakatani buy?", Focus("dron", True, False)),
        ("How much money was raised?", Focus("money", True, False)),
        ("Which city hosted the talks?", Focus("city", False, False)),
        ("What brand of bike does Pizzi sell?", Focus("bike", False, False)),
        ("What was the name of Konrad Fischer's fishing boat?", Focus("boat", False, False)),
        ("Who is the president of France?", Focus("president", False, True)),
        ("How much did it cost?", None),  # the word after is a stop word
        ("Which of them won?", None),
        ("Who visited Ankara?", None),
    ],
)
def test_focus_is_the_noun_asked_about(question, asked):
    assert read_focus(question) == asked


@pytest.mark.parametrize(
    "question, kinds, detail",
    [
        ("Which country supplied the drones?", {PLACE}, "country"),
        ("Which food chain launched a new menu?", {ORGANISATION}, ""),
        ("Which government body will review the report?", {ORGANISATION}, ""),
        ("Which regulator fined the exporter?", {ORGANISATION}, ""),
        # who does something in a deal may be a person or a firm
        ("Which investor led the funding round?", {PERSON, ORGANISATION}, ""),
        ("Which exporter delayed its shipments?", {PERSON, ORGANISATION}, ""),
        ("Who is the project director of the observatory?", {PERSON}, ""),
        ("Who signed the deal?", {PERSON, ORGANISATION}, ""),
    ],
)
def test_the_kind_of_thing_asked_for(question, kinds, detail):
    assert wanted(question, read_focus(question)) == Wanted(frozenset(kinds), detail)


def test_no_kind_is_asked_for_by_a_count_or_a_date():
    for question in ("How many drones did Japan buy?", "When did the talks end?"):
        assert wanted(question, read_focus(question)) is None
