"""assistant/language/briefing.py: which questions ask for the news of some days, and what about."""

import json
from pathlib import Path

import pytest

from assistant.question import Question

EVAL = Path(__file__).parents[2] / "eval"


@pytest.mark.parametrize(
    "question, topic",
    [
        ("What happened this week?", ""),
        ("What happened at the Port of Hallen yesterday?", "Port Hallen"),  # content words
        ("What's the news on Valencia?", "Valencia"),
        ("What are the top stories since Monday?", ""),
        ("Any news about the dockworkers' strike?", "dockworkers' strike"),
        ("Catch me up on the Garonne flood", "Garonne flood"),
        ("What's new in Esbjerg?", "Esbjerg"),
    ],
)
def test_briefing_questions_are_read_with_their_topic(question, topic):
    assert Question.read(question).briefing == topic


@pytest.mark.parametrize(
    "question",
    [
        "What happened to the evacuees?",  # something named: a fact
        "What happened at the end of the experiment?",
        "What happened in the room she worked in?",
        "What happens next?",
        "What is the news agency that reported it?",
        "What are the main reasons for the strike?",
        "How many people were evacuated?",
    ],
)
def test_fact_questions_are_not_briefing_questions(question):
    assert Question.read(question).briefing is None


def test_the_labelled_briefing_questions_and_every_eval_question():
    """eval/briefing-questions.jsonl (34 labelled questions, 18 asking for the news, written
    with near misses): 33 read right when measured (the miss: "What has happened with the
    Nordwind chief executive?", a lower-case topic after "happened with"). Of the 536 questions
    of the other eval sets, only "What happened at the Port of Hallen yesterday?" is read as
    one, and its briefing quotes the gold sentence."""
    rows = [json.loads(line) for line in (EVAL / "briefing-questions.jsonl").open()]
    right = sum(
        (Question.read(r["question"]).briefing is not None) == r["briefing"]
        and Question.read(r["question"]).briefing in (None, r.get("topic"))
        for r in rows
    )
    assert right >= len(rows) - 2
    read_as_briefing = [
        q["question"]
        for path in sorted(EVAL.glob("*.jsonl"))
        if path.name != "briefing-questions.jsonl"
        for q in map(json.loads, path.open())
        if "question" in q and Question.read(q["question"]).briefing is not None
    ]
    assert read_as_briefing == ["What happened at the Port of Hallen yesterday?"]
