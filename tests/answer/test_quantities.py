import pytest

from assistant.answer.quantities import quantities, reports, same_quantity
from assistant.language.asked import NUMBER, TIME
from assistant.question import Question

EVACUATED = Question.read("How many people were evacuated because of the wildfire?").quantity


def figures(sentence: str) -> list[tuple[str, str, str, str]]:
    return [(q.figure, q.counted, q.unit, q.value) for q in quantities(sentence)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "The wildfire forced the evacuation of 1,200 people near Valencia.",
            [("1,200", "people", "peopl", "1200")],
        ),
        (
            "Firefighters said about 5,000 people had been evacuated by Sunday.",
            [("about 5,000", "people", "peopl", "5000")],
        ),
        ("Officials pledged $5.2 million in aid.", [("$5.2 million", "", "$", "5200000")]),
        ("The cost rose to 3 billion euros.", [("3 billion", "euros", "€", "3000000000")]),
        ("Turnout was 12% lower.", [("12%", "", "%", "12")]),
        ("Three firefighters were hurt.", [("Three", "firefighters", "firefighter", "3")]),
        ("Twenty-three people were injured.", [("Twenty-three", "people", "peopl", "23")]),
        ("The vote was moved to 3 August 2025.", [("3 August 2025", "", "date", "2025-08-03")]),
        # residents are people: the same thing counted
        ("Some 300 residents fled.", [("Some 300", "residents", "peopl", "300")]),
        (
            "It is one of 23 urban  development centres that SOHAY set up.",
            [("23", "urban  development centres", "centr", "23")],
        ),
        (
            "He helped 1,540 vulnerable children.",
            [("1,540", "vulnerable children", "children", "1540")],
        ),
    ],
)
def test_figures_with_what_they_count(sentence, expected):
    assert figures(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Between 4,000 and 5,000 people fled.",  # a range is no one value
        "Some 4,000-5,000 people fled.",
        "Hundreds of people fled in 2025.",  # vague counts and years are no values
        "One of the people said the fire grew on Aug 3.",  # "one", a date without a year
        "The death toll rose to 12.",  # a bare number counts nothing named
        "Some 5,000 additional people fled.",  # an increment, not the total
    ],
)
def test_figures_that_cannot_be_read_without_guessing_are_left_out(sentence):
    assert quantities(sentence) == []


def test_hedges_are_kept_with_the_figure():
    (about,) = quantities("About 5,000 people were evacuated.")
    (exact,) = quantities("5,000 people were evacuated.")
    (near,) = quantities("Nearly 4,900 people were evacuated.")
    (more,) = quantities("More than 1,000 people were evacuated.")
    (other,) = quantities("1,200 people were evacuated.")
    assert (about.hedge, exact.hedge, more.hedge) == ("approx", "", "at least")
    assert about.same_value(exact) and about.same_value(near)  # within 5% of "about"
    assert not exact.same_value(other) and not more.same_value(other)
    assert more.agrees(other) and not exact.agrees(other)  # 1,200 is more than 1,000


def test_each_figure_keeps_the_words_of_its_own_part_of_the_sentence():
    evacuated, killed = quantities("1,200 people were evacuated and 12 people were killed.")
    assert "evacuat" in evacuated.context and "kill" not in evacuated.context
    assert "kill" in killed.context and "evacuat" not in killed.context
    burned, killed = quantities("The fire burned 1,200 hectares and killed three people.")
    assert burned.context == {"fire", "burn"} and killed.context == {"kill"}


def test_money_in_two_currencies_is_not_one_quantity():
    asked = Question.read("How much aid was pledged?").quantity
    (dollars,) = quantities("Donors pledged $5 million in aid.")
    (euros,) = quantities("Donors pledged 5 million euros in aid.")
    (more_dollars,) = quantities("Donors pledged $7 million in aid.")
    assert asked.unit == "" and same_quantity(asked, dollars, more_dollars)
    assert not same_quantity(asked, dollars, euros)


def test_the_question_says_what_is_counted_and_what_happened_to_it():
    assert EVACUATED.kinds == {NUMBER} and EVACUATED.unit == "peopl"
    assert EVACUATED.predicate == {"evacuat"} and not EVACUATED.strict
    held = Question.read("When will the vote be held?").quantity
    assert held.kinds == {TIME} and held.predicate == {"held"}
    # the word after "are" is the verb only when no "-ed" word is: "children" is not
    banned = Question.read("How many are children banned from?").quantity
    assert banned.predicate == {"bann"}
    (bans,) = quantities("The law bans 40 jobs.")
    assert reports(banned, bans)


def test_evacuated_and_evacuation_are_one_quantity_but_killed_and_burned_are_not():
    (before,) = quantities("The wildfire forced the evacuation of 1,200 people near Valencia.")
    (after,) = quantities("Firefighters said about 5,000 people had been evacuated by Sunday.")
    (killed,) = quantities("The wildfire near Valencia killed 12 people.")
    (burned,) = quantities("The wildfire burned 1,200 hectares and forced evacuations.")
    assert same_quantity(EVACUATED, before, after)
    assert not reports(EVACUATED, killed) and not same_quantity(EVACUATED, before, killed)
    assert not reports(EVACUATED, burned) and not same_quantity(EVACUATED, before, burned)


def test_without_a_verb_in_the_question_every_content_word_must_be_there():
    asked = Question.read("How many drones did Japan order for its navy?").quantity
    assert asked.strict and asked.predicate == {"order", "navy"}
    (ordered,) = quantities("Japan ordered 12 drones for its navy.")
    (shown,) = quantities("Japan's navy was shown 40 drones.")
    assert reports(asked, ordered) and not reports(asked, shown)
