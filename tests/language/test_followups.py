import pytest

from assistant.language.followups import standalone_question

TOUR = "Which companies will Nakatani tour in Istanbul?"


@pytest.mark.parametrize(
    "question, history, expected",
    [
        ("What about Jordan?", [TOUR], "Which companies will Nakatani tour in Jordan?"),
        ("And Djibouti?", [TOUR], "Which companies will Nakatani tour in Djibouti?"),
        ("When did he arrive there?", [TOUR], "When did he arrive there (Nakatani, Istanbul)?"),
        (
            "Who threw the bottle into the Baltic Sea?",
            [TOUR],
            "Who threw the bottle into the Baltic Sea?",
        ),
        ("What about Jordan?", [], "What about Jordan?"),
        (
            "Why did he do it?",
            ["who threw the bottle?"],
            "Why did he do it (who threw the bottle)?",
        ),
    ],
)
def test_standalone_question(question, history, expected):
    assert standalone_question(question, history) == expected


def test_only_the_last_question_is_context():
    assert standalone_question("What about Jordan?", ["How many wolves live in Poland?", TOUR]) == (
        "Which companies will Nakatani tour in Jordan?"
    )


def test_a_follow_up_without_a_name_keeps_the_context_and_adds_the_new_thing():
    # "the drones" names no place to swap in: retrieval must still see the tour and the drones.
    asked = standalone_question("how about the drones?", [TOUR])
    assert all(word in asked for word in ("Nakatani", "Istanbul", "drones"))
    assert asked != TOUR and asked != "how about the drones?"
