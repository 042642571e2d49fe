"""Tables of eval/results/ranking/results.md (fit.py computes, this formats)."""

from __future__ import annotations

import numpy as np
from scipy.stats import binomtest

from assistant.eval.calibration.scorer_cv import Figures, figures, judge
from assistant.eval.calibration.scorer_rows import QuestionRows, design
from assistant.eval.metrics import mean, ratio, recall_at
from assistant.retrieval.candidates import COLUMN


def position_table(rows: list[QuestionRows]) -> list[str]:
    """Share of candidates that are evidence, by sentence index: the measured position prior."""
    x, y = design(rows)
    index = np.expm1(x[:, COLUMN["position"]]).round().astype(int)
    lines = ["| sentence index | candidates | evidence | share evidence |", "|---|---|---|---|"]
    for lo, hi in [(0, 0), (1, 1), (2, 2), (3, 5), (6, 10), (11, 20), (21, 10**6)]:
        m = (index >= lo) & (index <= hi)
        label = str(lo) if lo == hi else (f"{lo}–{hi}" if hi < 10**6 else f"{lo}+")
        lines.append(f"| {label} | {m.sum()} | {y[m].sum()} | {y[m].mean():.3f} |")
    return lines


def span(values: list[float]) -> str:
    lo, hi = min(values), max(values)
    return f"{lo:g}" if lo == hi else f"{lo:g}–{hi:g}"


def paired(results, table) -> list[str]:
    """Per question, the fitted policy against today's: how many gain, how many lose."""
    first, *_, last = results
    a = {o.id: o for o in results[first]}
    b = {o.id: o for o in results[last]}
    metrics = {
        "recall@1": lambda o: recall_at(o.quote_ranks, 1),
        "citation recall": lambda o: ratio(o.quotes_cited, len(table[o.id].gold)),
        "citation precision": lambda o: mean(o.citation_hits) if o.citation_hits else None,
    }
    lines = [
        f"Paired, {last} against {first} (answerable questions; precision where both "
        "answered; two-sided sign test):",
        "",
    ]
    for name, m in metrics.items():
        pairs = [(m(a[i]), m(b[i])) for i in a if a[i].answerable]
        pairs = [(x, y) for x, y in pairs if x is not None and y is not None]
        gain, loss = sum(y > x for x, y in pairs), sum(y < x for x, y in pairs)
        p = binomtest(gain, gain + loss).pvalue if gain + loss else 1.0
        lines.append(f"- {name}: {gain} better, {loss} worse (p = {p:.2f})")
    return lines


def sweep(rows, table, scorers) -> list[str]:
    """Markdown table: the answerable questions' citation figures at each relative_floor, per scorer
    (`scorers`: name -> (rankings by question id, answer settings))."""
    lines = [
        "| scorer | relative_floor | citation recall | citation precision | median chars | "
        "mean citations |",
        "|---|---|---|---|---|---|",
    ]
    for name, (rankings, settings) in scorers.items():
        for floor in (0.3, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 1.0):
            answer = settings.model_copy(update={"relative_floor": floor})
            outs = [judge(r, rankings[r.id], answer) for r in rows if r.answerable]
            f = figures(outs, table)
            cites = mean([len(o.citation_hits) for o in outs if not o.abstained])
            lines.append(
                f"| {name} | {floor:.2f} | {f.citation_recall:.3f} | "
                f"{f.citation_precision:.3f} | {f.median_chars:.0f} | {cites:.2f} |"
            )
    return lines


def row(name: str, f: Figures) -> str:
    return (
        f"| {name} | {f.questions} | {f.recall_at_1:.3f} | {f.recall_at_5:.3f} | "
        f"{f.citation_recall:.3f} | {f.citation_precision:.3f} | {f.median_chars:.0f} | "
        f"{f.answerable_abstained:.3f} | {f.unanswerable_abstained:.3f} ({f.unanswerable}) |"
    )
