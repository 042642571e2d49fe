"""compare_runs: the metric deltas of two run folders."""

import json

import pytest

from assistant.errors import EvalError
from assistant.eval.compare import compare_runs


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
