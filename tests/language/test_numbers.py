"""assistant/language/numbers.py: one reading of numbers for every stage."""

import pytest

from assistant.language.numbers import has_number, numbers, spelled_value, token_value, values


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1,500 wolves in 2022, five packs", {"1500", "2022", "5"}),
        ("Turkey delivered fourteen drones", {"14"}),
        ("Twenty-three people and twenty three more", {"23"}),
        ("5.2 million people, 1.2m euros and $3bn", {"5200000", "1200000", "3000000000"}),
        ("a dozen eggs, two hundred hens and a million flies", {"12", "200", "1000000"}),
        ("a man met the mayor at 7:20", {"7", "20"}),
        ("dozens were hurt and half the staff left", set()),
    ],
)
def test_values(text, expected):
    assert values(text) == expected


def test_a_number_keeps_its_span_and_how_it_was_written():
    text = "About 5,000 people, up from fourteen."
    found = numbers(text)
    assert [(text[n.start : n.end], n.written, n.spelled) for n in found] == [
        ("5,000", "5,000", False),
        ("fourteen", "fourteen", True),
    ]
    assert [n.canonical for n in found] == ["5000", "14"]


def test_5_m_with_a_space_is_not_five_million():
    assert values("The wall is 5 m tall") == {"5"}


def test_has_number_counts_vague_counts_and_parts():
    for text in ("12 drones", "fourteen drones", "dozens of drones", "half the drones"):
        assert has_number(text), text
    assert not has_number("several drones")
    assert not has_number("Someone delivered drones")  # "one" inside a word is no number


def test_spelled_and_token_values():
    assert spelled_value("Fourteen") == 14 and spelled_value("ninety-nine") == 99
    assert spelled_value("hundred") is None and spelled_value("eleventy") is None
    assert token_value("1,200") == "1200" and token_value("twenty-three") == "23"
    assert token_value("drones") is None
