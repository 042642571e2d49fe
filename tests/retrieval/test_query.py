import pytest

from assistant.retrieval.query import NUMBER, TIME, can_answer, expected_types


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
def test_expected_types(question, expected):
    assert expected_types(question) == expected


def test_can_answer():
    assert can_answer({NUMBER}, "There are now an estimated 1,500 wolves in Poland.")
    assert can_answer({NUMBER}, "Hundreds were hurt.")
    assert not can_answer(
        {NUMBER}, "Turkey-backed firms have supplied drones to several countries."
    )
    assert can_answer({TIME}, "Nakatani will also visit Istanbul on Wednesday.")
    assert not can_answer({TIME}, "Japan is considering Turkish drones.")
    assert can_answer(set(), "Anything at all.")
