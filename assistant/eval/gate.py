"""The floors that make the eval a CI gate: `check_floors` names every metric of a run below its
floor in a TOML file such as eval/thresholds.toml (written by assistant/eval/studies/floors.py)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from assistant.errors import EvalError
from assistant.eval.runner import EvalRun
from assistant.eval.summary import GATE_METRICS
from assistant.eval.tables import number


def check_floors(run: EvalRun, path: Path) -> list[str]:
    """The metrics below their floor in a TOML file of `["set file name"] "metric" = floor`."""
    try:
        floors = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise EvalError(f"threshold file {path} does not exist") from None
    except tomllib.TOMLDecodeError as exc:
        raise EvalError(f"{path}: not valid TOML: {exc}") from None
    measured = run.measured()
    failures = []
    for set_name, wanted in floors.items():
        if set_name not in measured or not isinstance(wanted, dict):
            raise EvalError(
                f"{path}: [{set_name}] is not an evaluated question or attribution set "
                f"({', '.join(measured)})"
            )
        for metric, floor in wanted.items():
            if metric in GATE_METRICS and not (run.gate and run.gate.cv):
                # skipping it would let a CI gate pass on what it never measured
                raise EvalError(
                    f"{path}: [{set_name}] {metric} is measured only with --cv: "
                    "pass --cv, or leave --thresholds out"
                )
            if metric not in measured[set_name] or not isinstance(floor, int | float):
                raise EvalError(
                    f"{path}: [{set_name}] {metric} = {floor!r}: not a metric of the "
                    "report with a number"
                )
            value = measured[set_name][metric]
            if value < floor:
                failures.append(
                    f"{set_name} {metric} = {number(metric, value)} is below its floor {floor}"
                )
    return failures
