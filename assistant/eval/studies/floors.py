"""Write eval/thresholds.toml from several `assistant eval` runs of the same question sets.

Usage: python -m assistant.eval.studies.floors RUN_DIR [RUN_DIR ...] > eval/thresholds.toml

The runs are the same code under changes that should not matter: embedding backends, batch sizes,
locked and older package versions (eval/README.md, "Floors"). Each floor is the lowest value any
run measured minus a margin: the spread between the runs (what such a change moved it), and at
least two questions' worth of the count the metric averages over, so that the noise of one or
two near-ties never fails the gate. Citation integrity is exact, never a matter of noise.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

from assistant.eval.runner import ALL

QUESTIONS = 2  # the margin is at least this many questions' worth
OVER_ANSWERABLE = (
    "sentence_recall@1",
    "sentence_recall@5",
    "sentence_recall@10",
    "sentence_mrr",
    "article_recall@1",
    "article_mrr",
    "answer_token_recall",
    "answer_f1",
    "citation_recall",
)
EXACT = {"citation_integrity": 1.0}


def counts(run: Path, set_name: str) -> dict[str, int]:
    """How many questions each metric averages over, in one run of one set."""
    rows = [json.loads(line) for line in (run / "answers.jsonl").open(encoding="utf-8")]
    rows = [r for r in rows if r["set"] == set_name]
    answerable = [r for r in rows if r["gold_answer"] is not None]
    unanswerable = len(rows) - len(answerable)
    out = dict.fromkeys(OVER_ANSWERABLE, len(answerable))
    out["citation_precision"] = sum(not r["abstained"] for r in answerable)
    out["mc_accuracy"] = sum(bool(r.get("wrong_choices")) for r in rows)
    if unanswerable:
        out["abstention_precision"] = sum(r["abstained"] for r in rows)
        out["abstention_recall"] = out["abstention_f1"] = unanswerable
    report = json.loads((run / "report.json").read_text(encoding="utf-8"))
    gate = report["sets"][set_name].get("gate")  # `eval --cv` runs only
    if gate:
        out["answerability_auc"] = gate["rows"]
        # precision's own count (rows abstained on) is not kept; it is within a few of this
        for metric in ("gate_abstention_precision", "gate_abstention_recall", "gate_abstention_f1"):
            out[metric] = gate["should_abstain"]
        if gate.get("on_topic_rows"):
            out["gate_on_topic_recall"] = gate["on_topic_rows"]
    return out


def floors(runs: list[Path], questions: int = QUESTIONS) -> str:
    """thresholds.toml for the question sets of the first run, from all runs' figures."""
    reports = [json.loads((r / "report.json").read_text(encoding="utf-8")) for r in runs]
    lines = [
        f"# Written by `python -m assistant.eval.studies.floors` from {len(runs)} runs: "
        + ", ".join(r.name for r in runs)
        + ".",
        f"# floor = lowest run - max(spread of the runs, {questions} questions' worth), "
        "rounded down;",
        "# comments: lowest-highest value measured, and the questions the metric averages.",
        '# Which runs, and why this rule: eval/README.md, "Floors".',
    ]
    for set_name in [name for name in reports[0]["sets"] if name != ALL]:  # ALL repeats them
        lines += ["", f'["{set_name}"]']
        sizes = [counts(r, set_name) for r in runs]
        for metric, floor in EXACT.items():
            lines.append(f'"{metric}" = {floor:.2f}'.ljust(33) + " # exact: a citation is its text")
        for metric in sizes[0]:  # the gated metrics, in the order counts() lists them
            values = [rep["sets"][set_name]["metrics"].get(metric) for rep in reports]
            if None in values:
                continue
            n = min(s[metric] for s in sizes)
            low, high = min(values), max(values)
            margin = max(high - low, questions / max(n, 1))
            floor = max(0.0, math.floor(round((low - margin) * 100, 6)) / 100)  # 0.7-0.3: 0.3999…
            head = f'"{metric}" = {floor:.2f}'.ljust(33)
            lines.append(f"{head} # {low:.3f}-{high:.3f}, n = {n}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__.strip().splitlines()[2])
    sys.stdout.write(floors([Path(a) for a in sys.argv[1:]]))
