"""The charts of an eval report, drawn as PNG files with matplotlib (Agg: no display needed)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import matplotlib.pyplot as plt

from assistant.eval.runner import ALL, EvalRun
from assistant.eval.style import COLORS, STYLE
from assistant.eval.summary import DEPTH, RECALL_KS, SetReport
from assistant.eval.tables import label


@dataclass(frozen=True)
class Figure:
    """One chart written next to report.md."""

    title: str
    file: str
    """File name inside the run folder."""


def files_only(run: EvalRun) -> list[SetReport]:
    return [s for s in run.sets if s.name != ALL]


def recall_chart(sets: Sequence[SetReport], path: Path) -> None:
    """Write to `path` each set's sentence- and article-level recall@k for k = 1..DEPTH, the values
    at `RECALL_KS` labelled."""
    ks = list(range(1, DEPTH + 1))
    fig, ax = plt.subplots(figsize=(8, 4.6))
    lowest = 1.0
    for color, s in zip(COLORS, sets):
        sentence, article = s.metrics.sentence_recall, s.metrics.article_recall
        lowest = min(lowest, sentence[1], article[1])
        ax.plot(
            ks,
            [sentence[k] for k in ks],
            "-",
            marker="o",
            markersize=4,
            color=color,
            label=f"{s.name}, sentence level",
        )
        ax.plot(
            ks,
            [article[k] for k in ks],
            "--",
            marker="s",
            markersize=3,
            color=color,
            label=f"{s.name}, article level (@1 {article[1]:.2f}, @10 {article[DEPTH]:.2f})",
        )
        for k in RECALL_KS:  # the values report.md tabulates; below: the article line is above
            ax.annotate(
                f"{sentence[k]:.2f}",
                (k, sentence[k]),
                textcoords="offset points",
                xytext=(0, -15),
                ha="center",
                fontsize=9,
                color=color,
                fontweight="bold",
            )
    ax.set(
        title="Retrieval recall@k",
        xlabel="k (sentences retrieved)",
        ylabel="recall",
        xticks=ks,
        ylim=(max(0.0, int(lowest * 10 - 1) / 10), 1.04),
    )
    ax.legend(loc="lower right")
    fig.savefig(path)
    plt.close(fig)


def latency_chart(sets: Sequence[SetReport], pooled: SetReport, path: Path) -> None:
    """Write to `path` the histogram of answer latencies, stacked by set, with `pooled`'s p50 and
    p95 marked."""
    fig, ax = plt.subplots(figsize=(8, 4.2))
    latencies = [[r.answer.latency_ms for r in s.results] for s in sets]
    ax.hist(
        latencies, bins=30, stacked=True, color=COLORS[: len(sets)], label=[s.name for s in sets]
    )
    for value, name, style in (
        (pooled.metrics.latency_p50_ms, "p50", "-"),
        (pooled.metrics.latency_p95_ms, "p95", "--"),
    ):
        ax.axvline(value, color="black", linestyle=style, linewidth=1)
        ax.annotate(
            f" {name} {value:.0f} ms",
            (value, 1),
            xycoords=("data", "axes fraction"),
            va="top",
            fontsize=9,
        )
    ax.set(title="Answer latency per question", xlabel="latency (ms)", ylabel="questions")
    ax.legend(loc="center right")
    fig.savefig(path)
    plt.close(fig)


def sets_chart(sets: Sequence[SetReport], path: Path) -> None:
    """Write to `path` the headline scores side by side per set ("n/a" where a set lacks a
    metric)."""
    metrics = [
        "sentence_recall@5",
        "sentence_mrr",
        "article_recall@5",
        "answer_token_recall",
        "answer_f1",
        "mc_accuracy",
        "citation_precision",
        "citation_recall",
        "abstention_f1",
    ]
    shown = [m for m in metrics if any(m in s.metrics.flat() for s in sets)]
    width = 0.8 / len(shown)
    fig, ax = plt.subplots(figsize=(max(6, 4.5 * len(sets)), 4.8))
    for i, (color, metric) in enumerate(zip(plt.get_cmap("tab20").colors, shown)):
        xs = [g + (i - (len(shown) - 1) / 2) * width for g in range(len(sets))]
        ys = [s.metrics.flat().get(metric, 0.0) for s in sets]
        bars = ax.bar(xs, ys, width * 0.92, color=color, label=label(metric))
        ax.bar_label(
            bars,
            labels=[f"{y:.2f}" if metric in s.metrics.flat() else "n/a" for y, s in zip(ys, sets)],
            fontsize=8,
            rotation=90,
            padding=2,
        )
    ax.set_xticks(range(len(sets)), [f"{s.name}\n({s.metrics.questions} questions)" for s in sets])
    ax.set(title="Scores per question set", ylabel="score", ylim=(0, 1.18))
    ax.legend(loc="upper left", bbox_to_anchor=(1, 1))
    fig.savefig(path)
    plt.close(fig)


def sweep_chart(report: SetReport, current: float, path: Path) -> None:
    """Write to `path` the abstention F1 and the answerable questions lost at each threshold of
    `report`'s sweep, the `current` and best thresholds marked."""
    thresholds = [p.threshold for p in report.sweep]
    fig, ax = plt.subplots(figsize=(8, 4.2))
    ax.plot(
        thresholds,
        [p.abstention.f1 for p in report.sweep],
        marker="o",
        markersize=3,
        color=COLORS[0],
        label="abstention F1",
    )
    ax.set(
        title=f"Abstention threshold sweep ({report.name})",
        xlabel="answer.min_score",
        ylabel="abstention F1",
        ylim=(0, 1.05),
    )
    lost = ax.twinx()
    lost.bar(
        thresholds,
        [p.answerable_lost for p in report.sweep],
        width=0.007,
        color=COLORS[1],
        alpha=0.4,
        label="answerable questions lost",
    )
    lost.set_ylabel("answerable questions lost")
    lost.grid(False)
    ax.set_zorder(lost.get_zorder() + 1)  # the F1 line in front of the bars
    ax.patch.set_visible(False)
    best = report.best.threshold
    for value, name, style, y in ((current, "current", "-", 0.97), (best, "best F1", "--", 0.90)):
        ax.axvline(value, color="black", linestyle=style, linewidth=1)
        right = value >= (best if name == "current" else current)  # keep the two labels apart
        ax.annotate(
            f" {name} {value:.2f} " if right else f"{name} {value:.2f} ",
            (value, y),
            xycoords=("data", "axes fraction"),
            ha="left" if right else "right",
            va="top",
            fontsize=9,
        )
    handles = ax.get_legend_handles_labels()
    more = lost.get_legend_handles_labels()
    ax.legend(
        handles[0] + more[0], handles[1] + more[1], loc="upper left", bbox_to_anchor=(0, 0.85)
    )
    fig.savefig(path)
    plt.close(fig)


def draw(run: EvalRun, out: Path) -> list[Figure]:
    """Write every chart of the run into `out`; the figures in the order report.md shows them."""
    sets = files_only(run)
    pooled = run.sets[-1]  # `ALL` when there are several files, else the only one
    figures = [
        Figure("Retrieval recall@k", "recall_at_k.png"),
        Figure("Scores per question set", "sets.png"),
        Figure("Latency", "latency.png"),
        Figure("Abstention threshold sweep", "threshold_sweep.png"),
    ]
    with plt.rc_context(STYLE):
        recall_chart(sets, out / figures[0].file)
        sets_chart(sets, out / figures[1].file)
        latency_chart(sets, pooled, out / figures[2].file)
        sweep_chart(pooled, run.min_score, out / figures[3].file)
    return figures
