"""report.py: the files of a run folder, run comparisons, and the floors."""

import json
import tomllib
from dataclasses import replace

import pytest

from assistant.errors import EvalError
from assistant.eval.report import check_floors, compare_runs, summary_table, write_run
from assistant.eval.summary import THRESHOLDS
from tests.conftest import REPO


def test_report_files(evaluated, tmp_path):
    report_md = write_run(evaluated, tmp_path / "run")
    out = report_md.parent
    rows = [json.loads(line) for line in (out / "answers.jsonl").read_text().splitlines()]
    assert [r["id"] for r in rows] == ["t-1", "t-2", "t-3"]
    first = rows[0]
    assert first["citations"] == evaluated.results[0].answer.to_dict()["citations"]
    assert first["retrieved"][0] == "a.txt::s0" and first["gold_answer"] == "Baykar"
    report = json.loads((out / "report.json").read_text())
    assert report["sets"]["tiny.jsonl"]["metrics"]["citation_integrity"] == 1.0
    assert len(report["sets"]["tiny.jsonl"]["sweep"]) == len(THRESHOLDS) == 31
    text = report_md.read_text()
    images = [
        line.split("](")[1].rstrip(")") for line in text.splitlines() if line.startswith("![")
    ]
    assert len(images) == 4 and all((out / name).stat().st_size > 5000 for name in images)
    assert "## Worst 10 questions" in text and "threshold sweep" in text.lower()
    assert summary_table(evaluated).splitlines()[0].startswith("| metric")


def test_compare_prints_signed_deltas(tmp_path):
    for name, recall, latency in (("old", 0.5, 40.0), ("new", 0.75, 35.0)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "report.json").write_text(
            json.dumps(
                {
                    "sets": {
                        "qa.jsonl": {
                            "metrics": {"sentence_recall@1": recall, "latency_p50_ms": latency}
                        }
                    }
                }
            )
        )
    lines = compare_runs(tmp_path / "old", tmp_path / "new").splitlines()
    assert lines[0] == "| set      | metric            | old (old) | new (new) |  delta |"
    assert "| qa.jsonl | sentence recall@1 |     0.500 |     0.750 | +0.250 |" in lines
    assert "| qa.jsonl | latency p50 (ms)  |        40 |        35 |     -5 |" in lines
    with pytest.raises(EvalError, match="report.json does not exist"):
        compare_runs(tmp_path / "old", tmp_path / "nowhere")


def test_floors(evaluated, tmp_path):
    floors = tmp_path / "floors.toml"
    floors.write_text('["tiny.jsonl"]\n"sentence_recall@1" = 0.9\nanswer_f1 = 0.99\n')
    failures = check_floors(evaluated, floors)
    assert len(failures) == 1 and failures[0].startswith("tiny.jsonl answer_f1 = ")
    for text, message in (
        ('["qa.jsonl"]\nanswer_f1 = 0.1\n', r"\[qa.jsonl\] is not an evaluated"),
        ('["tiny.jsonl"]\nrecall = 0.1\n', "recall = 0.1: not a metric"),
        ('["tiny.jsonl"]\nanswer_f1 = "high"\n', "not a metric"),
        ("[oops", "not valid TOML"),
    ):
        floors.write_text(text)
        with pytest.raises(EvalError, match=message):
            check_floors(evaluated, floors)
    with pytest.raises(EvalError, match="does not exist"):
        check_floors(evaluated, tmp_path / "none.toml")


def test_the_shipped_floors_name_real_sets_and_metrics(evaluated):
    """make eval checks the floors (once, in CI); here only that the file can be checked."""
    path = REPO / "eval" / "thresholds.toml"
    wanted = tomllib.loads(path.read_text(encoding="utf-8"))
    assert set(wanted) == {"qa.jsonl", "onestopqa-dev.jsonl"}
    tiny = evaluated.sets[0]
    run = replace(evaluated, sets=tuple(replace(tiny, name=name) for name in wanted))
    check_floors(run, path)  # raises on a set or metric the report does not have
    for floors in wanted.values():
        assert floors["citation_integrity"] == 1.0
        assert all(0 <= floor <= 1 for floor in floors.values())
