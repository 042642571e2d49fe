"""Evaluation: the question files it accepts, the gold it checks before asking, the run it
returns; and `assistant eval` end to end (run, report, floors, --compare) through the CLI."""

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.errors import EvalError
from assistant.eval.runner import ALL, Evaluation
from assistant.eval.summary import THRESHOLDS
from tests.eval.conftest import DRONES, QUESTIONS
from tests.eval.test_dataset import write_questions

runner = CliRunner()


def test_file_names_must_differ(tiny, tmp_path, make_assistant):
    (tmp_path / "other").mkdir()
    twin = write_questions(tmp_path / "other" / "tiny.jsonl", QUESTIONS)
    with pytest.raises(EvalError, match="share a name"):
        Evaluation(make_assistant(), [tiny, twin])
    with pytest.raises(EvalError, match="no question files"):
        Evaluation(make_assistant(), [])


def test_gold_must_be_in_the_index(tiny, tmp_path, make_assistant):
    assistant = make_assistant()
    assistant.sync()
    wrong_quote = dict(QUESTIONS[0], evidence=["Baykar builds tanks."])
    path = write_questions(tmp_path / "bad.jsonl", [QUESTIONS[1], wrong_quote])
    with pytest.raises(EvalError, match="bad.jsonl:2: evidence 'Baykar builds tanks.' is not in"):
        Evaluation(assistant, [path]).run()
    path = write_questions(tmp_path / "bad.jsonl", [dict(QUESTIONS[0], article="c.txt")])
    with pytest.raises(EvalError, match="bad.jsonl:1: article 'c.txt' is not in the index"):
        Evaluation(assistant, [path]).run()


def test_run_judges_each_question(evaluated):
    drones, fences, fifa = evaluated.results
    # The drones question: its evidence sentence is retrieved first and cited first.
    assert drones.quote_ranks == (0,) and drones.article_rank == 0
    assert drones.answer.citations[0].sentence == DRONES and drones.citation_hits[0]
    assert drones.quotes_cited == 1 and drones.tokens.recall == 1.0  # "baykar" is in the answer
    assert drones.mc_choice == 0  # the answer shares words with "Baykar" only
    assert fences.quote_ranks == (0,) and fences.mc_choice is None  # no choices
    assert fifa.answer.abstained and fifa.tokens is None and fifa.quote_ranks == ()
    assert all(r.broken_citations == () and r.citations_checked for r in evaluated.results)
    m = evaluated.sets[0].metrics
    assert (m.sentence_recall[1], m.article_mrr, m.citation_integrity) == (1, 1, 1)
    assert m.mc_accuracy == 1
    assert (m.abstention.precision, m.abstention.recall) == (1.0, 1.0)
    assert [s.name for s in evaluated.sets] == ["tiny.jsonl"]  # one file: no pooled set
    # The sweep at the current threshold replays what the answerer did.
    at_current = evaluated.sets[0].sweep[THRESHOLDS.index(evaluated.min_score)]
    assert at_current.abstention == m.abstention and at_current.answerable_lost == 0


def test_eval_command_end_to_end(tiny, tmp_path, fake_model):
    out = tmp_path / "runs" / "one"
    other = write_questions(tmp_path / "more.jsonl", QUESTIONS[:2])
    result = runner.invoke(app, ["eval", "--qa", str(tiny), "--qa", str(other), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "| sentence recall@1" in result.stdout
    assert f"report: {out / 'report.md'}" in result.stdout
    header = [cell.strip() for cell in result.stdout.splitlines()[0].split("|")]
    assert header[1:-1] == ["metric", "tiny.jsonl", "more.jsonl", ALL]
    text = (out / "report.md").read_text()
    for line in text.splitlines():
        if line.startswith("!["):
            assert (out / line.split("](")[1].rstrip(")")).is_file()
    report = json.loads((out / "report.json").read_text())
    assert list(report["sets"]) == ["tiny.jsonl", "more.jsonl", ALL]
    assert report["sets"][ALL]["questions"] == 5
    floors = tmp_path / "floors.toml"
    floors.write_text('["tiny.jsonl"]\nanswer_f1 = 0.99\n')
    failed = runner.invoke(
        app,
        ["eval", "--qa", str(tiny), "--out", str(tmp_path / "two"), "--thresholds", str(floors)],
    )
    assert failed.exit_code == 1
    assert "error: below the floors of" in failed.stderr and "answer_f1" in failed.stderr
    compared = runner.invoke(app, ["eval", "--compare", str(out), str(tmp_path / "two")])
    assert compared.exit_code == 0 and "| tiny.jsonl" in compared.stdout
    assert "| more.jsonl" in compared.stdout and "–" in compared.stdout  # only in the old run


def test_eval_command_errors_exit_1(tiny, tmp_path, fake_model):
    missing = runner.invoke(app, ["eval", "--qa", str(tmp_path / "nowhere.jsonl")])
    assert missing.exit_code == 1 and "nowhere.jsonl does not exist" in missing.stderr
    bad = write_questions(tmp_path / "bad.jsonl", [QUESTIONS[0], "{oops"])
    malformed = runner.invoke(app, ["eval", "--qa", str(bad)])
    assert malformed.exit_code == 1 and "bad.jsonl:2: not valid JSON" in malformed.stderr
    default = runner.invoke(app, ["eval"])  # eval/qa.jsonl relative to the working dir
    assert default.exit_code == 1 and "eval/qa.jsonl does not exist" in default.stderr


def test_a_question_is_asked_on_its_day(wildfire_corpus, make_assistant, tmp_path):
    """Issue 27: the same question in one file, asked on two days, gets each day's answer: as
    `ask --as-of` that day answers it, and retrieval is scored on what that day could see."""
    from tests.conftest import WILDFIRE

    assistant = make_assistant()
    assistant.sync()
    latest = "What is the latest on the wildfire?"
    asked = [
        {
            "id": "d1",
            "question": latest,
            "answer": "1,200",
            "evidence": [],
            "asked_on": "2025-08-02",
        },
        {
            "id": "d2",
            "question": latest,
            "answer": "5,000",
            "evidence": [],
            "asked_on": "2025-08-04",
        },
        {"id": "d3", "question": WILDFIRE, "answer": "about 5,000", "evidence": []},
    ]
    for row, source in zip(asked, ("reuters.md", "ap.md", "ap.md")):
        row.update(article=source, evidence=[row["answer"]])
    run = Evaluation(assistant, [write_questions(tmp_path / "asked.jsonl", asked)]).run()
    first, second, undated = run.results
    assert [c.article for c in first.answer.citations] == ["reuters.md"]
    assert first.answer.as_of == dt.date(2025, 8, 1) and first.ranking[0].article.id == "reuters.md"
    assert "ap.md" not in {h.article.id for h in first.ranking}  # 3 Aug: after the day asked
    assert second.answer.citations[0].article == "ap.md" and second.answer.as_of == dt.date(
        2025, 8, 3
    )
    assert first.answer.as_of == assistant.ask(latest, as_of="2025-08-02").as_of
    # a question without a day is asked as of the newest article, and sees both
    assert {h.article.id for h in undated.ranking} == {"reuters.md", "ap.md"}
    m = run.sets[0].metrics
    assert m.time_words_questions == 2 and m.time_words["sentence_recall@5"] == 1.0
    assert "time_words_citation_recall" in m.flat() and m.flat()["time_words_questions"] == 2
