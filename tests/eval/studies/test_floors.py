"""assistant/eval/studies/floors.py: floors from the spread of several runs, with a margin of
whole questions."""

import json
import shutil
import tomllib

import pytest

from assistant.eval.report import write_run
from assistant.eval.runner import Evaluation
from assistant.eval.studies import floors


@pytest.fixture
def runs(tiny, make_assistant, tmp_path):
    """Two run folders of the tiny set: the real one, and a copy whose recall@1 is 0.3 lower."""
    assistant = make_assistant()
    assistant.sync()
    first = tmp_path / "first"
    write_run(Evaluation(assistant, [tiny]).run(), first)
    second = tmp_path / "second"
    shutil.copytree(first, second)
    report = json.loads((second / "report.json").read_text())
    report["sets"]["tiny.jsonl"]["metrics"]["sentence_recall@1"] -= 0.3
    (second / "report.json").write_text(json.dumps(report))
    return first, second


def test_counts_are_the_questions_each_metric_averages(runs):
    n = floors.counts(runs[0], "tiny.jsonl")
    assert n["sentence_recall@1"] == n["citation_recall"] == 2  # answerable
    assert n["mc_accuracy"] == 1 and n["abstention_recall"] == 1  # with choices; unanswerable
    assert n["citation_precision"] == 2  # answered answerable questions


def test_floor_is_the_lowest_run_minus_the_spread_or_whole_questions(runs):
    first, second = runs
    high = json.loads((first / "report.json").read_text())["sets"]["tiny.jsonl"]["metrics"]
    spread = tomllib.loads(floors.floors([first, second], questions=0))["tiny.jsonl"]
    assert spread["sentence_recall@1"] == pytest.approx(
        max(0, high["sentence_recall@1"] - 0.6), abs=0.01
    )
    assert spread["answer_f1"] == pytest.approx(high["answer_f1"], abs=0.01)  # no spread
    assert spread["citation_integrity"] == 1.0
    whole = tomllib.loads(floors.floors([first, first], questions=1))["tiny.jsonl"]
    assert whole["answer_token_recall"] == pytest.approx(
        max(0, high["answer_token_recall"] - 1 / 2), abs=0.01
    )  # 1 of 2 answerable questions
    assert "all" not in tomllib.loads(floors.floors([first]))


def test_gate_floors_count_the_cross_validation_rows(cross_validated, tmp_path):
    run, cv = cross_validated
    write_run(run, tmp_path / "cv")
    n = floors.counts(tmp_path / "cv", "tiny3.jsonl")
    assert n["answerability_auc"] == int(cv.calibration.fitted.sum()) == 7
    assert n["gate_abstention_f1"] == 4  # 3 held-out rows and 1 unanswerable question
    assert n["gate_on_topic_recall"] == len(cv.calibration.rows) - 7 == 3  # evidence-out rows
    assert "gate_abstention_f1" in tomllib.loads(floors.floors([tmp_path / "cv"]))["tiny3.jsonl"]
