"""assistant/retrieval/filters.py: typed dates and outlets to Filters, bad ones named."""

import pytest

from assistant.errors import AssistantError
from assistant.retrieval.filters import build_filters
from assistant.types import Filters

KNOWN = ["Reuters", "AP", "The Guardian", ""]


def test_nothing_typed_narrows_nothing():
    assert build_filters(None, " ", [], KNOWN) is None


def test_dates_are_read_and_outlets_take_the_indexed_spelling():
    got = build_filters("Aug 1, 2025", "2025-08-03", ["reuters", "the guardian", "Reuters"], KNOWN)
    assert got == Filters("2025-08-01", "2025-08-03", ("Reuters", "The Guardian"))


@pytest.mark.parametrize(
    "since, until, sources, says",
    [
        ("soon", None, [], "--since date 'soon' is not a date: use YYYY-MM-DD"),
        (None, "June 12", [], "--until date 'June 12' is not a date"),  # no year: never guessed
        ("2025-08-03", "2025-08-01", [], "--since 2025-08-03 is after --until 2025-08-01"),
        (
            None,
            None,
            ["BBC"],
            "--source 'BBC' is not an indexed outlet \\(indexed: AP, Reuters, The",
        ),
    ],
)
def test_a_bad_value_is_refused_naming_where_it_was_typed(since, until, sources, says):
    with pytest.raises(AssistantError, match=says):
        build_filters(since, until, sources, KNOWN)


def test_the_page_names_its_boxes():
    with pytest.raises(AssistantError, match="^From date 'x'"):
        build_filters("x", None, labels=("From", "To", "Outlet", "Author"))


def test_authors_take_the_indexed_spelling_and_an_unknown_one_is_named():
    known = ["Elena Ruiz", "Joseph Wilson"]
    got = build_filters(None, None, authors=["elena ruiz", "Elena Ruiz"], known_authors=known)
    assert got == Filters(authors=("Elena Ruiz",))
    with pytest.raises(AssistantError, match="^--author 'Ann' is not an indexed author"):
        build_filters(None, None, authors=["Ann"], known_authors=known)
