"""assistant/language/mentions.py and places.py: who and what a sentence names, by rules."""

import pytest

from assistant.language.mentions import learn, read_mentions
from assistant.language.places import COUNTRY, place
from assistant.types import DATE, NUMBER, ORGANISATION, PERSON, PLACE


def kinds(sentence, known=None):
    return [(m.text, m.kind) for m in read_mentions(sentence, known)]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        (
            "Defence Minister Yasar Guler met Nakatani in Ankara on Tuesday.",
            [("Yasar Guler", PERSON), ("Ankara", PLACE), ("Tuesday", DATE)],
        ),
        (
            "He toured Turkish Aerospace Industries (TUSAS), a Turkish Defence Ministry "
            "official said.",
            [("Turkish Aerospace Industries", ORGANISATION), ("TUSAS", ORGANISATION),
             ("Turkish Defence Ministry", ORGANISATION)],
        ),
        (
            "Burgerly, the burger chain, said it would cut fourteen items.",
            [("Burgerly", ORGANISATION), ("fourteen", NUMBER)],
        ),
        (
            "“We will not accept this deal,” said Maria Okafor, the union’s leader.",
            [("Maria Okafor", PERSON)],
        ),
        (
            "SANTA CRUZ, Mexico, Oct 23 (Reuters) - Roslyn made landfall around 7:20 a.m.",
            [("SANTA CRUZ", PLACE), ("Mexico", PLACE), ("Oct 23", DATE), ("Reuters", ORGANISATION),
             ("7:20 a.m.", DATE)],
        ),
        (
            "Japan’s Self-Defense Forces train in the Middle East and near Buñol.",
            [("Japan", PLACE), ("Self-Defense Forces", ORGANISATION), ("Middle East", PLACE),
             ("Buñol", PLACE)],
        ),
    ],
)  # fmt: skip
def test_kinds_are_read_from_what_news_copy_puts_around_a_name(sentence, expected):
    assert kinds(sentence) == expected


def test_a_capitalised_word_opening_a_sentence_is_a_name_only_when_known():
    assert kinds("Officials said the fire was out.") == []
    assert kinds("Reading the report, he frowned.") == []  # Reading is a city too
    assert kinds("Turkey and Japan are both allies.") == [("Turkey", PLACE), ("Japan", PLACE)]
    assert kinds("In February Lund resigned.") == [("February", DATE)]  # "Lund" alone: unknown
    known: dict[str, str] = {}
    learn(known, read_mentions("The talks were led by Gen Nakatani."))
    assert kinds("Nakatani left on Wednesday.", known) == [
        ("Nakatani", PERSON),
        ("Wednesday", DATE),
    ]


def test_the_state_after_a_city_is_part_of_the_place():
    found = kinds("It sold bikes to tour companies in San Francisco and Washington, DC.")
    assert found == [("San Francisco", PLACE), ("Washington", PLACE), ("DC", PLACE)]


def test_spans_index_the_sentence():
    sentence = "About 5,000 people fled Valencia, Spain’s emergency service said."
    for m in read_mentions(sentence):
        assert sentence[m.start : m.end] == m.text
    assert [m.detail for m in read_mentions(sentence) if m.kind == PLACE] == ["city", "country"]


def test_places_know_countries_by_the_names_news_uses():
    assert place("Mexico").kind == COUNTRY and place("U.S.").country == "United States"
    assert place("Britain").country == "United Kingdom" and place("Ankara").country == "Turkey"
    assert place("Narnia") is None
