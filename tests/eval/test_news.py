"""news_metrics: the news-dynamics scores from hand-made answers and gold."""

from dataclasses import replace

import pytest

from assistant.eval.dataset import EvalQuestion, NewsGold
from assistant.eval.judge import QuestionResult
from assistant.eval.news import in_order, news_metrics, values
from assistant.eval.summary import summarize
from assistant.types import Answer, Citation, Conflict, Copy, Reported, parse_iso


def cite(article: str, date: str, copies=()) -> Citation:
    return Citation(
        n=1, article=article, title="", source="", date=parse_iso(date), sentence="s", start=0,
        end=1, copies=tuple(Copy(a, "X", parse_iso(date)) for a in copies),
    )  # fmt: skip


def reported(value: str, date: str) -> Reported:
    return Reported(value=value, counted="people", date=parse_iso(date), source="AP", citation=1)


def judged(gold: NewsGold | None, citations=(), abstained=False, timeline=(), conflicts=()):
    q = EvalQuestion("q", "q?", "a", ("e",), "a.md", (), "f:1", news=gold)
    answer = Answer(
        question="q?",
        text="x",
        abstained=abstained,
        citations=tuple(citations),
        timeline=tuple(timeline),
        conflicts=tuple(conflicts),
    )
    return QuestionResult(q, "s", answer, (), (), None, (), 0, 0, (), None, None)


def test_values_and_order():
    assert values("about 5,000 people; 1,200.5") == ["5000", "1200.5"]
    assert in_order(["3", "2", "1"], ["3", "1"]) == 2
    assert in_order(["3", "2", "1"], ["1", "2", "3"]) == 1  # the wrong order keeps one


def test_a_set_without_news_gold_has_no_news_metrics():
    assert news_metrics([judged(None)]) is None
    assert "timeline_completeness" not in summarize([judged(None)]).flat()


def test_as_of_and_latest_first_count_wire_copies_and_abstentions_miss():
    gold = NewsGold(as_of="2025-08-06", first_article="elpais.md")
    results = [
        judged(gold, [cite("elpais.md", "2025-08-06")]),
        judged(gold, [cite("herald.md", "2025-08-06", copies=["elpais.md"])]),  # a copy of it
        judged(gold, [cite("ap.md", "2025-08-03"), cite("elpais.md", "2025-08-06")]),
        judged(gold, abstained=True),
    ]
    m = news_metrics(results)
    assert m.latest_first_accuracy == pytest.approx(2 / 4)
    assert m.as_of_accuracy == pytest.approx(3 / 4)  # the third's newest citation is right


def test_timeline_completeness_needs_the_values_in_date_order():
    gold = NewsGold(timeline=("6,300", "about 5,000", "1,200"))
    full = [reported("some 6,300", "2025-08-06"), reported("5,000", "2025-08-03"),
            reported("1,200", "2025-08-01")]  # fmt: skip
    m = news_metrics(
        [
            judged(gold, timeline=full),
            judged(gold, timeline=full[1:]),
            judged(gold, timeline=full[::-1]),
            judged(gold),
        ]
    )
    assert m.timeline_completeness == pytest.approx((1 + 2 / 3 + 1 / 3 + 0) / 4)


def test_conflicts_are_scored_against_true_and_false_gold():
    side = reported("12", "2025-09-14")
    flagged = [Conflict(sides=(side, replace(side, value="nine")))]
    m = news_metrics(
        [
            judged(NewsGold(conflict=True), conflicts=flagged),  # found
            judged(NewsGold(conflict=True)),  # missed
            judged(NewsGold(conflict=False), conflicts=flagged),  # false alarm
            judged(NewsGold(conflict=False)),
            judged(NewsGold(as_of="2025-01-01"), conflicts=flagged),  # no conflict gold: unscored
        ]
    )
    assert (m.conflicts.true_positives, m.conflicts.predicted, m.conflicts.actual) == (1, 2, 2)
    assert m.flat()["conflict_false_alarms"] == 1


def test_copy_grouping_is_micro_averaged_over_the_first_citation():
    gold = NewsGold(copies=("afp.md", "herald.md"))
    m = news_metrics(
        [
            judged(gold, [cite("afp.md", "2025-06-12", copies=["herald.md"])]),  # 2 of 2 right
            judged(gold, [cite("afp.md", "2025-06-12", copies=["gazette.md"])]),  # 1 of 2 right
            judged(gold, abstained=True),  # nothing said: recall lost
        ]
    )
    assert (m.copies.true_positives, m.copies.predicted, m.copies.actual) == (3, 4, 6)
    flat = summarize([judged(gold, [cite("afp.md", "2025-06-12", copies=["herald.md"])])]).flat()
    assert flat["copy_grouping_precision"] == flat["copy_grouping_recall"] == 1.0
