"""assistant/eval/stories.py: labelled stories against the grouping, and `assistant eval
--stories` end to end."""

import json

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.errors import EvalError
from assistant.eval.stories import load_stories
from tests.stories.test_briefing import news  # noqa: F401 (a fixture)

runner = CliRunner()
LABELS = [
    {"story": "chiva", "articles": ["fire-reuters.md", "fire-ap.md"]},
    {"story": "hallen", "articles": ["strike-afp.md", "strike-gazette.md"]},
    {"story": "rates", "articles": ["rates-bloomberg.md"]},
    # labelled with the first fire, as a grouping that merged them would be right
    {"story": "enguera", "articles": ["fire-enguera.md"]},
]


def write(path, rows):
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_stories_file_errors_name_the_line_and_field(tmp_path):
    with pytest.raises(EvalError, match="nowhere.jsonl does not exist"):
        load_stories(tmp_path / "nowhere.jsonl")
    with pytest.raises(EvalError, match=r"bad.jsonl:2: field 'articles' must be"):
        load_stories(write(tmp_path / "bad.jsonl", [LABELS[0], {"story": "x", "articles": []}]))
    with pytest.raises(EvalError, match="'fire-ap.md' is already in story 'chiva'"):
        load_stories(
            write(tmp_path / "twice.jsonl", [LABELS[0], {"story": "y", "articles": ["fire-ap.md"]}])
        )
    (tmp_path / "broken.jsonl").write_text('{"story": "a", "articles": ["x"]}\n{oops\n')
    with pytest.raises(EvalError, match=r"broken.jsonl:2: invalid JSON"):
        load_stories(tmp_path / "broken.jsonl")
    assert load_stories(write(tmp_path / "ok.jsonl", LABELS))["fire-ap.md"] == "chiva"


def test_eval_stories_end_to_end(news, tmp_path, fake_model):  # noqa: F811
    labels = write(tmp_path / "stories.jsonl", LABELS)
    out = tmp_path / "run"
    args = ["--corpus", str(news), "eval", "--stories", str(labels), "--out", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert (
        "| stories.jsonl | 6 | 4 / 4 | 1.000 (2 of 2) | 1.000 (2 of 2) | 1.000 |" in result.stdout
    )
    report = json.loads((out / "report.json").read_text())
    assert report["sets"]["stories.jsonl"]["metrics"]["story_pair_precision"] == 1.0
    assert report["sets"]["stories.jsonl"]["metrics"]["summary_citation_integrity"] == 1.0
    # a labelling that puts the two fires in one story: the grouping is scored as splitting it
    merged = write(
        tmp_path / "merged.jsonl",
        [
            {"story": "fires", "articles": ["fire-reuters.md", "fire-ap.md", "fire-enguera.md"]},
            *LABELS[1:3],
        ],
    )
    floors = tmp_path / "floors.toml"
    floors.write_text('["merged.jsonl"]\nstory_pair_recall = 0.9\n')
    failed = runner.invoke(
        app,
        [
            "--corpus",
            str(news),
            "eval",
            "--stories",
            str(merged),
            "--out",
            str(out),
            "--thresholds",
            str(floors),
        ],
    )
    assert failed.exit_code == 1 and "merged.jsonl story_pair_recall = 0.500" in failed.stderr
    assert (
        "- split: fire-ap.md, fire-enguera.md, fire-reuters.md" in (out / "report.md").read_text()
    )
    unlabelled = write(tmp_path / "short.jsonl", LABELS[:2])
    missing = runner.invoke(
        app, ["--corpus", str(news), "eval", "--stories", str(unlabelled), "--out", str(out)]
    )
    assert (
        missing.exit_code == 1 and "indexed articles in no story: fire-enguera.md" in missing.stderr
    )


def test_briefing_questions_files_are_scored_and_their_errors_named(tmp_path, news, fake_model):  # noqa: F811
    rows = [
        {"question": "What happened this week?", "briefing": True, "topic": ""},
        {"question": "Any news about the port strike?", "briefing": True, "topic": "port strike"},
        {"question": "What happened to the evacuees?", "briefing": False},
        {"question": "How many people were evacuated?", "briefing": False},
        {"question": "What is the latest on the strike?", "briefing": True, "topic": "strike"},
    ]
    asked = write(tmp_path / "asked.jsonl", rows)
    out = tmp_path / "run"
    args = ["--corpus", str(news), "eval", "--stories", str(asked), "--out", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "| asked.jsonl | 5 | 1.000 (2 of 2) | 0.667 (2 of 3) | 1.000 (2 of 2) |" in result.stdout
    assert "'What is the latest on the strike?' read as a fact question" in (
        (out / "report.md").read_text()
    )
    bad = write(tmp_path / "bad.jsonl", [{"question": "What happened?", "briefing": "yes"}])
    failed = runner.invoke(
        app, ["--corpus", str(news), "eval", "--stories", str(bad), "--out", str(out)]
    )
    assert (
        failed.exit_code == 1
        and "bad.jsonl:1: field 'briefing' must be true or false" in failed.stderr
    )
