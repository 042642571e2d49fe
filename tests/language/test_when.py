"""assistant/language/when.py: time words read as article dates, counted from a given now."""

import pytest

from assistant.language.when import with_latest
from assistant.question import Question


def read_time(question: str, now: str | None):
    """The time reading of `question` counted from `now`, as `Assistant.stream` makes it."""
    return Question.read(question).time(now)


NOW = "2025-08-03"  # a Sunday


@pytest.mark.parametrize(
    "question, phrase, since, until, description",
    [
        ("What happened today?", "today", NOW, NOW, "today → articles of 3 Aug 2025"),
        ("What happened yesterday?", "yesterday", "2025-08-02", "2025-08-02", None),
        ("What happened this week?", "this week", "2025-07-28", "2025-08-03", None),
        (
            "What happened last week?",
            "last week",
            "2025-07-21",
            "2025-07-27",
            "last week → articles of 21–27 Jul 2025",
        ),
        ("What happened in the past week?", "past week", "2025-07-28", NOW, None),
        ("Any news this month?", "this month", "2025-08-01", "2025-08-31", None),
        ("Any news last month?", "last month", "2025-07-01", "2025-07-31", None),
        ("Any news last year?", "last year", "2024-01-01", "2024-12-31", None),
        (
            "What happened in August?",
            "in August",
            "2025-08-01",
            "2025-08-31",
            "in August → articles of 1–31 Aug 2025",
        ),
        # a month without a year is the most recent one not after now
        ("What happened in September?", "in September", "2024-09-01", "2024-09-30", None),
        ("What happened in Aug. 2023?", "in Aug. 2023", "2023-08-01", "2023-08-31", None),
        (
            "Who won in 2025?",
            "in 2025",
            "2025-01-01",
            "2025-12-31",
            "in 2025 → articles of 1 Jan – 31 Dec 2025",
        ),
        ("Who won in 2024 in Spain?", "in 2024", "2024-01-01", "2024-12-31", None),
        ("What was said on 3 August?", "on 3 August", NOW, NOW, None),
        ("What was said on August 4?", "on August 4", "2024-08-04", "2024-08-04", None),
        ("What was said on 29 February?", "on 29 February", "2024-02-29", "2024-02-29", None),
        (
            "What changed since 1 Aug 2025?",
            "since 1 Aug 2025",
            "2025-08-01",
            None,
            "since 1 Aug 2025 → articles from 1 Aug 2025",
        ),
        (
            "What was known before August 2, 2025?",
            "before August 2, 2025",
            None,
            "2025-08-01",
            None,
        ),
        ("What was said after 2025-08-01?", "after 2025-08-01", "2025-08-02", None, None),
        ("What was said until July?", "until July", None, "2025-07-31", None),
        ("Today, what is open?", "Today", NOW, NOW, None),  # capitalised as the first word
        # a weekday only after "since": the most recent one, now included
        ("What are the main stories since Monday?", "since Monday", "2025-07-28", None, None),
        ("Since Sunday, what changed?", "Since Sunday", NOW, None, None),
        (
            "What happened over the past three days?",
            "over the past three days",
            "2025-08-01",
            NOW,
            None,
        ),
        ("Any news in the last 10 days?", "in the last 10 days", "2025-07-25", NOW, None),
    ],
)
def test_ranges_count_from_now(question, phrase, since, until, description):
    reading = read_time(question, NOW)
    assert (reading.phrase, reading.since, reading.until) == (phrase, since, until)
    assert not reading.recency
    if description:
        assert reading.description == description


@pytest.mark.parametrize(
    "question",
    [
        "What is the latest on the wildfire?",
        "What is the most recent figure?",
        "Which is the newest model?",
        "What is the latest iPhone model name?",  # asks for the newest news too
        "Who leads the party now?",
        "Who currently leads the party?",
    ],
)
def test_recency_words_prefer_the_newest_and_filter_nothing(question):
    reading = read_time(question, NOW)
    assert reading.recency and reading.since is None and reading.until is None
    assert reading.description.endswith("→ the newest dated articles first")
    assert with_latest(reading, NOW).description == f"{reading.phrase} → articles of 3 Aug 2025"


@pytest.mark.parametrize(
    "question",
    [
        "What is known about the fire?",  # "now" inside a word
        "Who runs the now-closed plant?",  # a compound
        'What did the article "The latest on Gaza" say?',  # a quoted title
        "What did “Today in Focus” cover?",
        "What did USA Today report?",  # a capitalised word that does not open it is a name
        "Who won in 2025 August's race?",  # the year names the race
        "How many died in 2021 floods?",
        "What did the Latest Ltd board decide?",
        "Who won the race in may?",  # "may", "march": months only when capitalised
        "Where did they march in protest?",
        "What happened before the election?",  # no date to read
        "What happened on 30 February?",
        "Since when has the plant been closed?",
        "Who is the new president?",
    ],
)
def test_words_that_only_look_like_time_are_not_read(question):
    assert read_time(question, NOW) is None and not Question.read(question).mentions_time


def test_only_latest_and_the_like_leave_the_searched_question():
    assert read_time("What is the latest news on the wildfire?", NOW).searched == (
        "What is the on the wildfire?"
    )
    assert read_time("Which is the most recent report?", NOW).searched == "Which is the?"
    for kept in ("Where is the bottle now?", "What did SOHAY do in 2015?", "Who won today?"):
        assert read_time(kept, NOW).searched == kept  # articles use these words too


def test_several_phrases_intersect_and_may_add_recency():
    reading = read_time("What is the latest in August?", NOW)
    assert reading.phrase == "latest, in August" and reading.recency
    assert (reading.since, reading.until) == ("2025-08-01", "2025-08-31")
    latest = with_latest(reading, "2025-08-02")
    assert latest.description == (
        "latest, in August → articles of 2 Aug 2025, within articles of 1–31 Aug 2025"
    )


def test_without_a_dated_article_relative_words_read_as_nothing_but_dates_do():
    assert read_time("What happened last week?", None).since is None
    assert read_time("What happened last week?", None).description == (
        "last week → no dated article to count from"
    )
    assert read_time("What happened in August 2025?", None).since == "2025-08-01"
    assert with_latest(read_time("The latest?", None), None).description == (
        "latest → the newest dated articles first"
    )


def test_a_question_without_time_words_has_no_reading():
    assert read_time("How many people were evacuated?", NOW) is None
