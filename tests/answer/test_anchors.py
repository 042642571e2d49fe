"""What a number, a name or a comparison is tied to (answer/anchors.py), on sentences outside
the claims set of eval/verifier: each case fails when the reading it names is taken out."""

import pytest

from assistant.answer.anchors import bound_turned, misdated, misplaced, misunit, opposite_tied
from assistant.answer.lexicon import ANTONYMS, FORMS

UNICEF = (
    "According to UNICEF, 4.7 million children are employed in the informal sector and "
    "1.3 million work in hazardous industries."
)
COMMUTERS = "Bike commuters grew from about 488,000 in 2000 to 786,000 in 2012."
BUDGET = "He lived on €1,800 a month, above the minimum wage of €1,430."
SHOPPERS = [
    "Shoppers can earn up to £155 a day.",
    "Video shoppers, who film their visits, can earn around £300 a day.",
]
SPOKESMEN = [
    "“We want a service,” says Simon Boydell, spokesman for Marketforce.",
    "“We rotate them,” says Jill Spencer of ABa.",
]
BAN = "The ban in the mountains came into force in 1995 and nationwide in Poland in 1998."


@pytest.mark.parametrize(
    "claim, cited, tied",
    [
        ("UNICEF says 1.3 million children are employed.", [UNICEF], "1.3"),
        ("Bike commuters grew to 786,000 in 2000.", [COMMUTERS], "786,000"),
        # "1,800" is a count, not a year
        ("He lived on €1,430 a month.", [BUDGET], "1,430"),
        # the sentence closest to the claim says what the number is of
        ("Video shoppers can earn up to £155 a day.", SHOPPERS, "155"),
        # a name tied by the same preposition
        ("Simon Boydell is a spokesman for ABa.", SPOKESMEN, "ABa"),
    ],
)
def test_numbers_and_names_tied_elsewhere_are_found(claim, cited, tied):
    assert misplaced(claim, cited) == tied


@pytest.mark.parametrize(
    "claim, cited",
    [
        ("UNICEF says 4.7 million children are employed.", [UNICEF]),
        ("There were 786,000 bike commuters in 2012.", [COMMUTERS]),
        ("He lived on €1,800 a month, above the minimum wage.", [BUDGET]),
        ("Shoppers can earn up to £155 a day.", SHOPPERS),
        ("Simon Boydell is a spokesman for Marketforce.", SPOKESMEN),
        # "catch off Kiel" and "catch of Konrad Fischer" are tied by different prepositions
        (
            "A fisherman found the bottle in his catch off Kiel.",
            ["It was found in the catch of Konrad Fischer, a fisherman, off Kiel."],
        ),
    ],
)
def test_numbers_and_names_tied_alike_pass(claim, cited):
    assert misplaced(claim, cited) is None


@pytest.mark.parametrize(
    "claim, cited, year",
    [
        # the earlier stretch of a sentence borrows nothing from the later one
        ("The nationwide ban in Poland came into force in 1995.", [BAN], "1995"),
        # nor does one sentence from another
        (
            "About 780 children are preparing to enter school in 2015.",
            [
                "In 2015, SOHAY helped 1,540 children into school.",
                "About 780 more children are preparing to enter school in 2017.",
            ],
            "2015",
        ),
    ],
)
def test_years_given_to_another_stretch_are_found(claim, cited, year):
    assert misdated(claim, cited) == year


@pytest.mark.parametrize(
    "claim, cited",
    [
        # the later stretch borrows the earlier one's words ("came into force")
        ("The ban came into force nationwide in Poland in 1998.", [BAN]),
        # words of a sentence without a year are dated by none
        (
            "Anna's grandfather died in 1946.",
            ["Anna never knew her grandfather.", "He died in 1946."],
        ),
        # a quote of several sentences is read sentence by sentence
        (
            "There were fewer than 100 wolves in Poland in 1975.",
            [
                "“In 1975, there were fewer than 100 wolves in Poland. In the 1950s, hunting "
                "was encouraged.”"
            ],
        ),
    ],
)
def test_years_of_their_stretch_pass(claim, cited):
    assert misdated(claim, cited) is None


def bases(word: str) -> set[str]:
    return FORMS.get(word, set())


def test_a_comparison_tied_to_its_opposite_is_found():
    source = ["There would be fewer accidents as drivers would be more alert."]
    claim = "There would be more accidents as drivers would be more alert."
    assert opposite_tied(claim, source, bases, ANTONYMS) == "more"
    assert opposite_tied(source[0], source, bases, ANTONYMS) is None


def test_a_negated_comparison_is_left_to_polarity():
    claim = "Oil prices did not rise in May; they fell."
    assert opposite_tied(claim, ["Oil prices fell in May."], bases, ANTONYMS) is None


def test_counts_in_words_are_tied_like_figures():
    source = ["In each pack, only one pair breeds, and two cubs survive."]
    assert misplaced("In each pack, two pairs breed.", source) == "two"
    assert misplaced("In each pack, one pair breeds.", source) is None


def test_a_number_after_that_is_not_tied_to_the_verb_before():
    source = ["Estimates suggested more than 100,000 windows were broken and 3,000 homes hit."]
    assert misplaced("Estimates suggested that about 3,000 homes were hit.", source) is None


def test_an_opposite_is_found_on_either_side_of_its_word():
    source = ["At the end of the trial, he sold the house."]
    claim = "Before the trial began, he sold the house."
    assert opposite_tied(claim, source, bases, ANTONYMS) == "began"


@pytest.mark.parametrize(
    "claim, cited, number",
    [
        ("He spent two years in jail.", ["He spent two months in jail."], "two"),
        ("She earns £40,000 a month.", ["She earns £30,000 to £40,000 a year."], "40,000"),
        ("He spent two months in jail.", ["He spent two months in jail."], None),
        ("She earns £40,000.", ["She earns £30,000 to £40,000 a year."], None),
    ],
)
def test_time_units_of_numbers(claim, cited, number):
    assert misunit(claim, cited) == number


@pytest.mark.parametrize(
    "claim, cited, number",
    [
        ("More than 10% find work.", ["Just 10% or less find work."], "10"),
        ("Shoppers earn at least £155 a day.", ["Shoppers earn up to £155 a day."], "155"),
        ("Up to 10% find work.", ["Just 10% or less find work."], None),
        ("10% find work.", ["Just 10% or less find work."], None),
    ],
)
def test_bounds_turned_round(claim, cited, number):
    assert bound_turned(claim, cited) == number
