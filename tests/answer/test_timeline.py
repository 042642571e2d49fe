import datetime as dt

from assistant.answer import timeline as timelines
from assistant.answer.timeline import day, summary
from assistant.question import Question
from assistant.types import UNKNOWN_DATE, Citation, Reported, parse_iso


def timeline(question: str, citations: list[Citation]):
    """The timeline of `question` read as `Assistant.stream` reads it."""
    return timelines.timeline(Question.read(question), citations)


QUESTION = "How many people were evacuated because of the wildfire?"


def cite(n: int, sentence: str, source: str, date: str) -> Citation:
    return Citation(
        n, f"{source}.md", "Wildfire", source, parse_iso(date), sentence, 0, len(sentence)
    )


def evacuated(count: str) -> str:
    return f"The wildfire forced the evacuation of {count} people near Valencia."


def test_a_moved_figure_is_listed_newest_first():
    found = timeline(
        QUESTION,
        [
            cite(1, evacuated("1,200"), "Reuters", "2025-08-01"),
            cite(2, "Firefighters said about 5,000 people had been evacuated by Sunday.", "AP",
                 "2025-08-03"),
            cite(3, evacuated("2,000"), "BBC", "2025-08-02"),
        ],
    )  # fmt: skip
    assert found.entries == (
        Reported("about 5,000", "people", dt.date(2025, 8, 3), "AP", 2),
        Reported("2,000", "people", dt.date(2025, 8, 2), "BBC", 3),
        Reported("1,200", "people", dt.date(2025, 8, 1), "Reuters", 1),
    )
    assert found.conflicts == ()
    assert [s.text for s in summary(found)] == [
        "About 5,000 people as of 3 Aug 2025 (AP).",
        "2,000 people on 2 Aug 2025 (BBC).",
        "1,200 people on 1 Aug 2025 (Reuters).",
    ]
    assert [s.citations for s in summary(found)] == [(2,), (3,), (1,)]


def test_same_day_different_values_are_a_conflict_citing_both():
    found = timeline(
        QUESTION,
        [
            cite(1, evacuated("about 5,000"), "AP", "2025-08-03"),
            cite(2, evacuated("3,000"), "BBC", "2025-08-03"),
        ],
    )
    assert found.entries == ()  # one date: nothing moved
    (conflict,) = found.conflicts
    assert [(r.source, r.value, r.citation) for r in conflict.sides] == [
        ("AP", "about 5,000", 1),
        ("BBC", "3,000", 2),
    ]
    (note,) = summary(found)
    assert note.text == (
        "Sources disagree on 3 Aug 2025: AP says about 5,000 people; BBC says 3,000 people."
    )
    assert note.citations == (1, 2)


def test_a_figure_changed_overnight_is_a_timeline_not_a_conflict():
    found = timeline(
        QUESTION,
        [
            cite(1, evacuated("5,000"), "AP", "2025-08-03"),
            cite(2, evacuated("3,000"), "BBC", "2025-08-02"),
        ],
    )
    assert found.conflicts == () and [r.source for r in found.entries] == ["AP", "BBC"]


def test_the_same_value_restated_is_neither_a_conflict_nor_a_move():
    found = timeline(
        QUESTION,
        [
            cite(1, evacuated("1,200"), "Reuters", "2025-08-01"),
            cite(2, "Some 1,200 people were evacuated, officials said.", "AP", "2025-08-01"),
            cite(3, "Authorities evacuated 1,200 people.", "BBC", "2025-08-03"),
        ],
    )
    assert found.entries == () and found.conflicts == ()


def test_values_that_differ_only_by_hedging_are_one_value():
    found = timeline(
        QUESTION,
        [
            cite(1, evacuated("about 5,000"), "AP", "2025-08-03"),
            cite(2, evacuated("5,000"), "BBC", "2025-08-03"),
            cite(3, evacuated("nearly 4,900"), "Reuters", "2025-08-01"),
        ],
    )
    assert found.entries == () and found.conflicts == ()


def test_a_bound_the_other_figure_respects_is_no_conflict():
    found = timeline(
        QUESTION,
        [
            cite(1, evacuated("5,000"), "BBC", "2025-08-03"),
            cite(2, evacuated("more than 4,000"), "DW", "2025-08-03"),
            cite(3, evacuated("fewer than 6,000"), "AP", "2025-08-03"),
        ],
    )
    assert found.conflicts == ()


def test_hectares_burned_and_people_evacuated_are_different_quantities():
    question = "How many hectares has the wildfire burned?"
    sources = [
        cite(1, "The wildfire has burned 1,200 hectares.", "Reuters", "2025-08-01"),
        cite(2, evacuated("about 5,000"), "AP", "2025-08-03"),
        cite(3, "The wildfire near Valencia killed 12 people.", "BBC", "2025-08-03"),
    ]
    assert timeline(question, sources).entries == ()
    assert timeline(QUESTION, sources[::-1]).entries == ()
    assert timeline(QUESTION, sources[::-1]).conflicts == ()


def test_an_undated_source_is_never_the_latest():
    found = timeline(
        QUESTION,
        [
            cite(1, evacuated("9,000"), "Blog", UNKNOWN_DATE),
            cite(2, evacuated("1,200"), "Reuters", "2025-08-01"),
            cite(3, evacuated("about 5,000"), "AP", "2025-08-03"),
        ],
    )
    assert [r.source for r in found.entries] == ["AP", "Reuters"]
    assert found.conflicts == ()


def test_one_outlet_updating_its_figure_does_not_disagree_with_itself():
    found = timeline(
        QUESTION,
        [
            cite(1, evacuated("1,200"), "AP", "2025-08-03"),
            cite(2, evacuated("about 5,000"), "AP", "2025-08-03"),
        ],
    )
    assert found.conflicts == ()


def test_a_sentence_with_two_values_of_the_asked_quantity_is_left_out():
    found = timeline(
        QUESTION,
        [
            cite(1, "Officials first evacuated 1,200 people, then evacuated 5,000 people.", "AP",
                 "2025-08-03"),
            cite(2, evacuated("300"), "Reuters", "2025-08-01"),
        ],
    )  # fmt: skip
    assert found.entries == ()


def test_questions_that_ask_for_no_figure_have_no_timeline():
    sources = [
        cite(1, evacuated("1,200"), "Reuters", "2025-08-01"),
        cite(2, evacuated("about 5,000"), "AP", "2025-08-03"),
    ]
    assert timeline("Why were people evacuated near Valencia?", sources).entries == ()


def test_day():
    assert day(dt.date(2025, 8, 3)) == "3 Aug 2025" and day(None) == "date unknown"


def test_a_figure_of_someone_the_question_does_not_name_is_left_out():
    question = "How old is Paul Kelley?"
    kelley = cite(1, "Kelley is 67 years old.", "BBC", "2025-08-03")
    sailor = cite(2, "The sailor was 20 years old at the time.", "AP", "2025-08-01")
    assert timeline(question, [kelley, sailor]).entries == ()
    earlier = cite(2, "Paul Kelley was 66 years old.", "AP", "2024-08-01")
    assert [r.value for r in timeline(question, [kelley, earlier]).entries] == ["67", "66"]


def test_a_date_that_moved_answers_a_when_question():
    found = timeline(
        "When will the vote be held?",
        [
            cite(1, "The vote will be held on 3 September 2025.", "AP", "2025-08-01"),
            cite(2, "The vote will now be held on September 10, 2025.", "Reuters", "2025-08-05"),
        ],
    )
    assert [(r.value, r.source) for r in found.entries] == [
        ("September 10, 2025", "Reuters"),
        ("3 September 2025", "AP"),
    ]
    moved = [
        cite(1, "The vote will be held on 3 September 2025.", "AP", "2025-08-01"),
        cite(2, "The vote will now be held on September 10, 2025.", "Reuters", "2025-08-05"),
    ]
    assert timeline("How many votes will be held?", moved).entries == ()  # dates count nothing


def test_a_death_toll_in_other_words_is_the_same_quantity():
    """ "killing at least 12" and "nine people died" report one toll, and disagree."""
    found = timeline(
        "How many people were killed in the bus crash near Sicuani?",
        [
            cite(1, "The bus fell into a ravine, killing at least 12 people, police said.",
                 "Times", "2025-09-14"),
            cite(2, "Nine people died when the bus fell into a ravine.", "Andina", "2025-09-14"),
            cite(3, "Twenty-three people were injured.", "Times", "2025-09-14"),
        ],
    )  # fmt: skip
    [conflict] = found.conflicts
    assert {(r.value, r.citation) for r in conflict.sides} == {("at least 12", 1), ("Nine", 2)}


def test_a_place_the_question_is_set_in_need_not_be_repeated_but_a_person_must():
    assert (
        Question.read("How many people were killed in the bus crash near Sicuani?").subjects == ()
    )
    kelley = Question.read("How old was Paul Kelley when he sailed in Nantes?")
    assert kelley.subjects == ("Paul Kelley",)
