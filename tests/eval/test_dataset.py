import json
from pathlib import Path

import pytest

from assistant.errors import EvalError
from assistant.eval.dataset import load_questions

QUESTION = {
    "id": "t-1",
    "question": "Who builds armed drones?",
    "answer": "Baykar",
    "evidence": ["Baykar builds armed drones."],
    "article": "a.txt",
    "wrong_choices": ["Ozdemir Bayraktar", "Farmers", "Wolf packs"],
}
UNANSWERABLE = {
    "id": "t-3",
    "question": "Who won the 2022 FIFA World Cup?",
    "answer": None,
    "evidence": [],
    "article": None,
}


def write_questions(path: Path, rows) -> Path:
    """JSON Lines of rows; a string row is written as it is (for malformed lines)."""
    path.write_text(
        "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8"
    )
    return path


@pytest.fixture
def tiny(tmp_path) -> Path:
    return write_questions(tmp_path / "tiny.jsonl", [QUESTION, "", UNANSWERABLE])


def test_loads_questions(tiny):
    questions = load_questions(tiny)
    assert [q.id for q in questions] == ["t-1", "t-3"]  # the blank line is skipped
    assert questions[0].wrong_choices == ("Ozdemir Bayraktar", "Farmers", "Wolf packs")
    assert questions[0].answerable and questions[0].evidence == ("Baykar builds armed drones.",)
    assert not questions[1].answerable and questions[1].where == f"{tiny}:3"


@pytest.mark.parametrize(
    "line, message",
    [
        ("{not json", "tiny.jsonl:2: not valid JSON"),
        ("[1, 2]", "tiny.jsonl:2: expected a JSON object"),
        ('{"id": "x", "question": "q?", "answer": null}', "tiny.jsonl:2: missing field evidence"),
        (
            '{"id": "x", "question": "q?", "answer": null, "evidence": [], "sorce": 1}',
            "tiny.jsonl:2: unknown field sorce",
        ),
        (
            '{"id": "x", "question": " ", "answer": null, "evidence": []}',
            "tiny.jsonl:2: field question must be text",
        ),
        (
            '{"id": "x", "question": "q?", "answer": "y", "evidence": [], "article": "a.txt"}',
            "tiny.jsonl:2: an answerable question needs its article and evidence quotes",
        ),
        (
            '{"id": "t-1", "question": "q?", "answer": null, "evidence": []}',
            "tiny.jsonl:2: id 't-1' is used twice",
        ),
        (
            '{"id": "x", "question": "q?", "answer": null, "evidence": [], "as_of": "Aug 3"}',
            "tiny.jsonl:2: field as_of must be a date YYYY-MM-DD or null",
        ),
        (
            '{"id": "x", "question": "q?", "answer": null, "evidence": [], "conflict": "yes"}',
            "tiny.jsonl:2: field conflict must be true, false or null",
        ),
        (
            '{"id": "x", "question": "q?", "answer": null, "evidence": [], "timeline": "5,000"}',
            "tiny.jsonl:2: field timeline must be a list of values, newest first",
        ),
        (
            '{"id": "x", "question": "q?", "answer": null, "evidence": [], "asked_on": "Monday"}',
            "tiny.jsonl:2: field asked_on must be a date YYYY-MM-DD or null",
        ),
        (
            '{"id": "x", "question": "q?", "answer": null, "evidence": [], "kind": "city"}',
            "tiny.jsonl:2: field kind must be one of place, person, organisation, number",
        ),
        (
            '{"id": "x", "question": "q?", "answer": null, "evidence": [], "wrong_choices": ["a"]}',
            "tiny.jsonl:2: an unanswerable question has no right choice: drop wrong_choices",
        ),
    ],
)
def test_malformed_lines_are_named_by_file_and_line(tmp_path, line, message):
    path = write_questions(tmp_path / "tiny.jsonl", [QUESTION, line])
    with pytest.raises(EvalError, match=message):
        load_questions(path)


def test_a_question_may_say_the_day_it_was_asked(tmp_path):
    dated = {**QUESTION, "id": "t-5", "asked_on": "2025-08-04"}
    plain, asked = load_questions(write_questions(tmp_path / "d.jsonl", [QUESTION, dated]))
    assert (plain.asked_on, asked.asked_on) == (None, "2025-08-04")


def test_news_gold_is_read_only_where_a_line_has_it(tmp_path):
    news = {
        **QUESTION,
        "id": "t-4",
        "as_of": "2025-08-03",
        "first_article": "ap.md",
        "timeline": ["about 5,000", "1,200"],
        "conflict": False,
        "copies": ["ap.md", "reuters.md"],
    }
    plain, dynamic = load_questions(write_questions(tmp_path / "n.jsonl", [QUESTION, news]))
    assert plain.news is None
    gold = dynamic.news
    assert (gold.as_of, gold.first_article, gold.conflict) == ("2025-08-03", "ap.md", False)
    assert gold.timeline == ("about 5,000", "1,200") and gold.copies == ("ap.md", "reuters.md")


def test_missing_and_empty_files(tmp_path):
    with pytest.raises(EvalError, match="nowhere.jsonl does not exist"):
        load_questions(tmp_path / "nowhere.jsonl")
    (tmp_path / "empty.jsonl").write_text("\n\n")
    with pytest.raises(EvalError, match="holds no questions"):
        load_questions(tmp_path / "empty.jsonl")
