import datetime as dt

import pytest

from assistant.ingest.dates import (
    MonthDay,
    dateline_date,
    file_name_date,
    header_date,
    normalize_date,
    resolve_date,
)
from assistant.language.dates import find_date


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2022-06-12", "2022-06-12"),
        ("12 June 2022", "2022-06-12"),
        ("10:32 AM EDT, Sun June 12, 2022", "2022-06-12"),
        ("Sun 12 Jun 2022 10.32 BST", "2022-06-12"),
        ("June 12th, 2022", "2022-06-12"),
        ("25/12/2022", "2022-12-25"),  # only one reading is a date
        ("12/06/2022", None),  # 12 June or 6 December: not guessed
        ("3 hours ago", None),
        ("June 12", None),  # no year
        ("2022-02-30", None),
    ],
)
def test_find_date(text, expected):
    assert find_date(text) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2025-08-19T10:00:00Z", "2025-08-19"),
        ("Aug 19, 2025", "2025-08-19"),
        (dt.datetime(2022, 6, 12, 1, tzinfo=dt.timezone(dt.timedelta(hours=2))), "2022-06-12"),
        ("June 12", None),  # a parser would fill in this year
        ("12/06/2022", None),
    ],
)
def test_normalize_date_never_fills_in_a_missing_part(value, expected):
    assert normalize_date(value) == expected


@pytest.mark.parametrize(
    "name, expected",
    [
        ("2022-06-12_fiji.txt", "2022-06-12"),
        ("20220612-fiji.txt", "2022-06-12"),
        ("fiji_2022_06_12.md", "2022-06-12"),
        ("000_42df4043e14da31e.txt", None),
        ("101-year-old-bottle-message.txt", None),
        ("2022-13-45_x.txt", None),
    ],
)
def test_file_name_date(name, expected):
    assert file_name_date(name) == expected


def test_dateline_year_only_when_unambiguous():
    aug1 = MonthDay(8, 1, "Aug 1")
    assert dateline_date(aug1, ["2022-08-02"]) == ("2022-08-01", "")
    assert dateline_date(aug1, [])[0] is None
    assert dateline_date(aug1, ["2022-08-02", "2021-08-02"])[0] is None
    dec31, note = dateline_date(MonthDay(12, 31, "Dec 31"), ["2023-01-01"])
    assert dec31 is None and "year unclear" in note
    assert dateline_date(MonthDay(8, 3, "Aug 3, 2022", 2022), []) == ("2022-08-03", "")


def test_header_date_prefers_publication_to_update():
    assert header_date([("updated", "June 13, 2022"), ("published", "12 June 2022")]) == (
        "2022-06-12",
        "",
    )
    assert header_date([("published", "3 hours ago")])[0] is None


def test_resolve_date_order_and_notes():
    aug1 = MonthDay(8, 1, "Aug 1")
    assert resolve_date("2022-01-01", "2022-02-02", aug1, "2022-08-02").source == "metadata"
    assert resolve_date(None, "2022-02-02", aug1, "2022-08-02").source == "header"
    assert resolve_date(None, None, aug1, "2022-08-02").source == "dateline"
    assert resolve_date(None, None, None, "2022-08-02").source == "file name"
    assert resolve_date(None, None, None, "2022-08-02").date == dt.date(2022, 8, 2)
    unknown = resolve_date(None, None, aug1, None)
    assert (unknown.date, unknown.source, unknown.note) == (
        None,
        "",
        "dateline 'Aug 1' without a year",
    )
    assert resolve_date(None, None, None, None).note == "no date in the file"
    assert "soon" in resolve_date(None, None, None, None, "unreadable date 'soon'").note
