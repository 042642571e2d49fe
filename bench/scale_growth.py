"""The scale bench's figures against archive size, with issue 31's targets: a table and a plot.

    python -m bench.scale_growth RESULTS.json [RESULTS.json …] [--png docs/scale-growth.png]

Reads the JSON that `python -m bench.scale` writes (sizes -> figures; several files are merged,
a later file's size replacing an earlier one's), prints a Markdown table of every figure at each
size with the growth from the smallest size to the largest, then each target with its figure at
the largest size and whether it holds. Measured points only: no curve is fitted (two or three
sizes a decade apart say how a figure grows, not its form).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from assistant.eval.style import COLORS, STYLE, plt


@dataclass(frozen=True)
class Series:
    """One measured figure of the scale bench."""

    label: str
    read: Callable[[dict], float]
    panel: str


def _get(*keys: str) -> Callable[[dict], float]:
    def read(figures: dict) -> float:
        value = figures
        for key in keys:
            value = value[key]
        return float(value)

    return read


PANELS = {
    "retrieval": "ms",
    "memory": "MB (peak RSS)",
    "replica's first answer": "s",
    "upkeep": "s",
}
SERIES = (
    Series("retrieval p50, embedded", _get("retrieval_ms", "p50"), "retrieval"),
    Series("retrieval p95, embedded", _get("retrieval_ms", "p95"), "retrieval"),
    Series("retrieval p50, over a server", _get("over_server", "retrieval_ms", "p50"), "retrieval"),
    Series("retrieval p95, over a server", _get("over_server", "retrieval_ms", "p95"), "retrieval"),
    Series("answer p50, embedded", _get("answer_ms", "p50"), "retrieval"),
    Series("serving, embedded", _get("serve_rss_mb"), "memory"),
    Series("replica, embedded", _get("replica_rss_mb"), "memory"),
    Series("replica over a server: client", _get("over_server", "client_rss_mb"), "memory"),
    Series("replica over a server: chroma run", _get("over_server", "server_rss_mb"), "memory"),
    Series("ingest", _get("ingest_rss_mb"), "memory"),
    Series("with the BM25 files", _get("replica_first_answer_s"), "replica's first answer"),
    Series("BM25 rebuilt", _get("replica_first_answer_without_bm25_s"), "replica's first answer"),
    Series("over a server", _get("over_server", "first_answer_s"), "replica's first answer"),
    Series("sync of 100 changed files", _get("sync_100_changed_s"), "upkeep"),
    Series("unchanged re-sync", _get("resync_unchanged_s"), "upkeep"),
    Series("the week's briefing, first", _get("brief_cold_s"), "upkeep"),
)


@dataclass(frozen=True)
class Target:
    series: str
    """The label of the Series it bounds."""
    limit: float
    growth: bool = False
    """The limit is on the ratio of the largest size's figure to the smallest's."""

    @property
    def bounded(self) -> Series:
        return next(s for s in SERIES if s.label == self.series)

    @property
    def read(self) -> Callable[[dict], float]:
        return self.bounded.read

    @property
    def what(self) -> str:
        panel = self.bounded.panel
        if self.growth:
            return f"{panel}, {self.series}: growth ≤ {self.limit:g}x"
        return f"{panel}, {self.series} ≤ {self.limit:,g} {PANELS[panel].split()[0]}"


TARGETS = (
    Target("retrieval p50, embedded", 100),
    Target("retrieval p95, embedded", 250),
    Target("retrieval p50, over a server", 100),
    Target("retrieval p95, over a server", 250),
    Target("serving, embedded", 3000),
    Target("replica over a server: client", 1500),
    Target("over a server", 15),
    Target("with the BM25 files", 15),
    Target("sync of 100 changed files", 30),
    Target("retrieval p50, embedded", 2, growth=True),
    Target("serving, embedded", 3, growth=True),
)


def merge(paths: list[Path]) -> dict[int, dict]:
    sizes: dict[int, dict] = {}
    for path in paths:
        for n, figures in json.loads(path.read_text(encoding="utf-8"))["sizes"].items():
            sizes[int(n)] = {**sizes.get(int(n), {}), **figures}
    return dict(sorted(sizes.items()))


def value(series: Series | Target, figures: dict) -> float | None:
    try:
        return series.read(figures)
    except KeyError:
        return None


def table(sizes: dict[int, dict]) -> str:
    ns = list(sizes)
    head = "| figure | " + " | ".join(f"{n:,}" for n in ns) + f" | growth {ns[0]:,} → {ns[-1]:,} |"
    rows = [head, "|---" * (len(ns) + 2) + "|"]
    for s in SERIES:
        got = [value(s, sizes[n]) for n in ns]
        cells = ["–" if v is None else number(v) for v in got]
        growth = f"{got[-1] / got[0]:.2f}x" if got[0] and got[-1] is not None else "–"
        rows.append(
            f"| {s.panel}: {s.label} ({PANELS[s.panel]}) | " + " | ".join(cells) + f" | {growth} |"
        )
    return "\n".join(rows)


def targets(sizes: dict[int, dict]) -> str:
    ns = list(sizes)
    rows = [f"| target (at {ns[-1]:,} articles) | figure | held |", "|---|---|---|"]
    for t in TARGETS:
        last = value(t, sizes[ns[-1]])
        if t.growth:
            first = value(t, sizes[ns[0]])
            last = None if last is None or not first else last / first
        figure = "not measured" if last is None else (f"{last:.2f}x" if t.growth else number(last))
        held = "–" if last is None else ("yes" if last <= t.limit else "**no**")
        rows.append(f"| {t.what} | {figure} | {held} |")
    return "\n".join(rows)


def plot(sizes: dict[int, dict], path: Path, title: str) -> None:
    ns = list(sizes)
    with plt.rc_context(STYLE):
        fig, axes = plt.subplots(1, len(PANELS), figsize=(20, 6.5), layout="constrained")
        for ax, (panel, unit) in zip(axes, PANELS.items()):
            for color, s in zip(COLORS, [s for s in SERIES if s.panel == panel]):
                points = [(n, v) for n in ns if (v := value(s, sizes[n])) is not None]
                if points:
                    ax.plot(*zip(*points), "-o", color=color, label=s.label, markersize=5)
            bounded = {s.label for s in SERIES if s.panel == panel}
            for limit in {t.limit for t in TARGETS if not t.growth and t.series in bounded}:
                ax.axhline(limit, color="grey", linestyle=":", linewidth=1)
                ax.annotate(f" target {number(limit)}", (ns[0], limit), fontsize=8, color="grey")
            ax.set(xscale="log", yscale="log", title=panel, xlabel="articles", ylabel=unit)
            for axis in (ax.xaxis, ax.yaxis):
                axis.set_major_locator(LogLocator(subs=(1, 2, 5)))
                axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,g}"))
                axis.set_minor_formatter(NullFormatter())
            ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16))
        fig.suptitle(title, fontweight="bold")
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path)
        plt.close(fig)


def number(x: float) -> str:
    return f"{x:,.0f}" if x >= 100 else f"{x:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("results", type=Path, nargs="+", help="python -m bench.scale --out files")
    parser.add_argument("--png", type=Path, help="write the plot here")
    parser.add_argument("--title", default="The scale bench (no model), measured")
    args = parser.parse_args()
    sizes = merge(args.results)
    print(table(sizes), "", targets(sizes), sep="\n")
    if args.png:
        plot(sizes, args.png, args.title)


if __name__ == "__main__":
    main()
