"""assistant/question.py: one reading of a question, and no stage that reads the text again."""

import sys
from pathlib import Path

import pytest

import assistant
from assistant.errors import AssistantError
from assistant.language.asked import NUMBER, TIME, Focus
from assistant.question import Question
from tests.conftest import write_wildfire

PACKAGE = Path(assistant.__file__).parent
EDGE = {PACKAGE / "app.py"}
"""Where the text comes in: `Assistant.stream` hands it to `Question.read`."""
MODEL = PACKAGE / "models" / "hashed.py"
"""The tests' embedder: a model reading the text it is asked to embed, with the package's
tokenizer (the real model is outside the package)."""


def test_a_question_is_read_once_into_every_field():
    q = Question.read("  How many drones did Turkish Aerospace Industries deliver last week? ")
    assert q.text == "How many drones did Turkish Aerospace Industries deliver last week?"
    assert q.searched == q.text  # "last week" is kept: articles say it too
    assert q.kinds == {NUMBER}
    assert q.focus == Focus("dron", count=True, role=False)
    assert q.names == ("Turkish Aerospace Industries",)
    assert "dron" in q.terms and "deliver" in q.terms
    assert q.quantity.unit == "dron" and q.quantity.kinds == {NUMBER}
    assert [p.text for p in q.phrases] == ["last week"] and q.mentions_time
    reading = q.time("2025-08-06")
    assert (reading.since, reading.until) == ("2025-07-28", "2025-08-03")


def test_recency_words_are_cut_from_what_is_searched_and_from_everything_read_from_it():
    q = Question.read("When is the latest vote on the Valencia budget?")
    assert q.searched == "When is the vote on the Valencia budget?"
    assert "latest" not in q.terms and q.kinds == {TIME}
    assert q.time(None).recency


def test_places_a_question_is_set_in_are_no_subjects():
    q = Question.read("How many people did Reuters say were killed near Sicuani?")
    assert q.names == ("Reuters", "Sicuani") and q.subjects == ("Reuters",)


def test_a_role_question():
    q = Question.read("Who is the president of France?")
    assert q.role == "president" and not Question.read("Who is Nakatani?").role


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_an_empty_question_is_refused(text):
    with pytest.raises(AssistantError, match="the question is empty"):
        Question.read(text)


def test_a_question_of_emoji_looks_for_nothing():
    assert not Question.read("🙂🙂🙂 ?!").looks_for_something
    assert Question.read("Baykar?").looks_for_something


class ParseTracer:
    """Records each call of a function of the package, by the package, that is handed the
    question's text (as asked or as searched) outside `Question`'s own methods: each is the text
    parsed again."""

    def __init__(self, texts: set[str]) -> None:
        self.texts = texts
        self.inside = 0  # Question methods on the stack
        self.outside: list[str] = []
        self.readings: list[str] = []

    def __call__(self, frame, event, arg):
        code = frame.f_code
        path = Path(code.co_filename)
        if code.co_filename.endswith("question.py") and path.parent == PACKAGE:
            self.inside += {"call": 1, "return": -1}.get(event, 0)
            return
        if event != "call" or PACKAGE not in path.parents or path in EDGE or path == MODEL:
            return
        caller = Path(frame.f_back.f_code.co_filename)
        if PACKAGE not in caller.parents or caller == MODEL:  # a model reading text
            return
        args = code.co_varnames[: code.co_argcount + code.co_kwonlyargcount]
        if any(
            isinstance(frame.f_locals.get(a), str) and frame.f_locals[a] in self.texts for a in args
        ):
            where = f"{path.relative_to(PACKAGE)}:{code.co_name}"
            (self.readings if self.inside else self.outside).append(where)


def test_no_stage_below_the_assistant_parses_the_question_text(make_assistant, wildfire_corpus):
    """Issue 26: one answer parsed the question 22 times in 6 modules. Every stage (retrieval,
    the gate, the answerer, the timeline) now takes the `Question`."""
    write_wildfire(wildfire_corpus, "afp.md", "AFP", "2025-08-02", "2,000")
    helper = make_assistant()
    helper.sync()
    text = "How many people were evacuated near Valencia last week?"
    tracer = ParseTracer({text, Question.read(text).searched})
    sys.setprofile(tracer)
    try:
        answer = helper.ask(text, as_of="2025-08-06")
    finally:
        sys.setprofile(None)
    assert not answer.abstained and answer.reading.since == "2025-07-28"
    assert tracer.outside == []
    # the reading itself: each rule reads the text once
    assert tracer.readings and len(tracer.readings) == len(set(tracer.readings)), tracer.readings
