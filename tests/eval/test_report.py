"""write_run: the files of a run folder."""

import json

from assistant.eval.report import write_run
from assistant.eval.summary import THRESHOLDS
from assistant.eval.tables import summary_table


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
