"""check_floors: the metrics of a run below the floors of a TOML file."""

import tomllib
from dataclasses import replace

import pytest

from assistant.errors import EvalError
from assistant.eval.gate import check_floors
from tests.conftest import REPO


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


def test_the_shipped_floors_name_real_sets_and_metrics(cross_validated):
    """make eval checks the floors (once, in CI, with --cv); here only that the file can be
    checked."""
    evaluated, _ = cross_validated
    path = REPO / "eval" / "thresholds.toml"
    wanted = tomllib.loads(path.read_text(encoding="utf-8"))
    assert set(wanted) == {"qa.jsonl", "onestopqa-dev.jsonl"}
    tiny = evaluated.sets[0]
    run = replace(evaluated, sets=tuple(replace(tiny, name=name) for name in wanted))
    check_floors(run, path)  # raises on a set or metric the report does not have
    for floors in wanted.values():
        assert floors["citation_integrity"] == 1.0
        assert all(0 <= floor <= 1 for floor in floors.values())
