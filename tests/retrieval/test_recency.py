"""assistant/retrieval/recency.py: time words merged into the filters; "latest" orders hits."""

import datetime as dt
from dataclasses import replace

from assistant.config import AnswerSettings
from assistant.index.snapshot import Snapshot
from assistant.question import Question
from assistant.retrieval.recency import TimeScope, newest_date
from assistant.types import UNKNOWN_DATE, Filters, parse_iso
from tests.fakes import INFO, hit, no_records

SETTINGS = AnswerSettings(min_score=0.3, relative_floor=0.8)
LATEST = "What is the latest on the fire?"


def dated(text, score, date, source="AP", index=0):
    h = hit(text, score, index)
    info = replace(INFO, id=f"{source}-{date}.txt", date=parse_iso(date), source=source)
    return replace(h, article=info, sentence=replace(h.sentence, article_id=info.id))


def scope(question, filters=None, as_of=None, now="2025-08-03"):
    return TimeScope(Question.read(question).time(as_of or now), filters, as_of)


def test_latest_puts_the_newest_relevant_dated_hit_first():
    old_best = dated("1,200 evacuated.", 0.9, "2025-08-01", "Reuters")
    new = dated("5,000 evacuated.", 0.8, "2025-08-03", "AP")
    undated = dated("Some evacuated.", 0.85, UNKNOWN_DATE, "Blog")
    newer_but_off_topic = dated("A concert.", 0.5, "2025-08-04", "AFP")
    ordered, reading = scope(LATEST).order([old_best, undated, new, newer_but_off_topic], SETTINGS)
    assert ordered == [new, old_best, undated, newer_but_off_topic]
    assert reading.latest == "2025-08-03"
    assert reading.description == "latest → articles of 3 Aug 2025"


def test_an_undated_article_is_never_the_latest():
    undated = dated("Some evacuated.", 0.9, UNKNOWN_DATE, "Blog")
    ordered, reading = scope(LATEST).order([undated], SETTINGS)
    assert ordered == [undated] and reading.latest is None
    assert reading.description == "latest → the newest dated articles first"


def test_other_questions_keep_the_retrievers_order():
    hits = [dated("a", 0.9, "2025-08-01"), dated("b", 0.85, "2025-08-03")]
    for question in ("How many were evacuated?", "How many were evacuated last week?"):
        assert scope(question).order(hits, SETTINGS)[0] == hits


def test_the_words_dates_intersect_the_users_and_as_of():
    got = scope("What happened in August?", Filters(date_from="2025-07-15", sources=("AP",)))
    assert got.filters == Filters("2025-08-01", "2025-08-31", ("AP",))
    assert got.notice == ""
    as_of = scope("How many were evacuated?", as_of="2025-08-02")
    assert as_of.filters == Filters(date_to="2025-08-02")
    assert scope("How many were evacuated?").filters is None


def test_the_question_dates_can_be_dropped_but_the_users_and_as_of_stay():
    got = scope("What did SOHAY do in 2015?", Filters(sources=("AP",)), as_of="2025-08-02")
    assert got.filters == Filters("2015-01-01", "2015-12-31", ("AP",))
    assert got.wider == Filters(date_to="2025-08-02", sources=("AP",))
    assert got.wider_notice == (
        "No article of 1 Jan – 31 Dec 2015 answers this, so articles of other dates were searched."
    )
    assert scope(LATEST).wider_notice == "" and scope(LATEST).wider is None


def test_dates_that_do_not_overlap_give_a_notice_not_a_search():
    got = scope("What happened last month?", Filters(date_from="2025-08-01"))
    assert got.notice == (
        "no article can match: last month → articles of 1–31 Jul 2025; "
        "dates searched 2025-08-01 to … do not overlap"
    )
    assert "as of 2025-07-01" in scope(LATEST, Filters(date_from="2025-08-01"), "2025-07-01").notice


def test_now_is_the_newest_date_the_filters_allow():
    infos = [
        replace(INFO, id="r", source="Reuters", date=dt.date(2025, 8, 1)),
        replace(INFO, id="a", source="AP", date=dt.date(2025, 8, 3)),
        replace(INFO, id="u", source="AP", date=None),
        replace(INFO, id="c", source="AP", date=dt.date(2025, 9, 1), duplicate_of="x"),
    ]
    newest_first = Snapshot("g1", {i.id: i for i in infos}, {}, no_records()).newest_first
    assert [i.id for i in newest_first] == ["a", "r"]  # no undated article, no duplicate
    assert newest_date(newest_first, None) == "2025-08-03"
    assert newest_date(newest_first, Filters(sources=("Reuters",))) == "2025-08-01"
    assert newest_date(newest_first, Filters(date_to="2025-08-02")) == "2025-08-01"
    assert newest_date(newest_first, Filters(date_from="2025-08-04")) is None
