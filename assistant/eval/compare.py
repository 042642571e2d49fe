"""`assistant eval --compare OLD NEW`: the metric deltas of two run folders, read back from
their report.json, so that any two runs can be compared long after they were made."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.errors import EvalError
from assistant.eval.metrics import deltas
from assistant.eval.tables import label, number, table


def read_metrics(folder: Path) -> dict[str, dict[str, float]]:
    """Set name -> metric name -> value, as report.json holds them."""
    path = folder / "report.json"
    if not path.is_file():
        raise EvalError(f"{path} does not exist: pass the --out folder of an `assistant eval` run")
    try:
        return {
            name: s["metrics"]
            for name, s in json.loads(path.read_text(encoding="utf-8"))["sets"].items()
        }
    except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
        raise EvalError(f"{path} is not an eval report: {exc}") from None


def compare_runs(old: Path, new: Path) -> str:
    """Metric deltas of two runs side by side (new minus old), set by set."""
    before, after = read_metrics(old), read_metrics(new)
    rows = []
    for name in list(after) + [n for n in before if n not in after]:
        for d in deltas(before.get(name, {}), after.get(name, {})):
            change = (
                "–"
                if d.delta is None
                else (("+" if d.delta >= 0 else "-") + number(d.name, abs(d.delta)))
            )
            rows.append([name, label(d.name), number(d.name, d.old), number(d.name, d.new), change])
    return table(["set", "metric", f"old ({old.name})", f"new ({new.name})", "delta"], rows, left=2)
