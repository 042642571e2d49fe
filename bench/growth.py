"""Growth with corpus size: a bench run's figures against article count, fitted and projected.

    python -m bench.growth RESULTS.json [--png docs/bench-growth.png] [--table] [--target 100000]

Reads the JSON that bench/bench.py writes (sizes -> project/baseline -> figures), fits a curve
to each figure of each system over the measured sizes and projects it to `--target` articles;
writes one PNG panel per figure (measured solid, fitted curve dashed, projection an open marker)
and prints a Markdown table of the measured and projected figures with project/baseline ratios.

The curves. Every figure here is a cost (seconds, bytes, memory, milliseconds), so the first form
is a fixed part plus a part per article, y = a + c·n: a store's file overhead plus bytes per
article, a process's libraries and model plus index memory per article, a question's fixed work
plus searches whose candidate lists grow with the corpus (BM25 postings). A power law y = a·n^b
(least squares in log-log space) replaces it where it misses the measured sizes clearly less (by
more than a point): in the 2026-11-25 run the baseline's store, whose bytes per article fell
from 1,000 to 10,000 articles; the lines fit 8 of the other 9 curves within 4%, one within 10%.
Ingest rate is fitted as ingest time (start-up plus per-article work) and shown as n / time,
which levels off at 1/c, where a curve through the rate itself would rise or fall without bound.
Both fits weigh each size by its relative miss: timings and sizes vary in proportion, and plain
least squares over sizes that span decades would let the largest decide alone. Three sizes and
two parameters leave one degree of freedom: a projection says where the measured trend leads,
not what 100,000 articles will cost.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from assistant.errors import AssistantError
from assistant.eval.style import COLORS, STYLE, plt

REPO = Path(__file__).resolve().parents[1]

SYSTEMS = ("project", "baseline")
CLEARLY_BETTER = 0.01
"""How much smaller a power law's largest relative miss must be for it to replace a + c·n."""


@dataclass(frozen=True)
class Figure:
    """One figure of a bench run that is plotted and projected."""

    label: str
    unit: str
    read: Callable[[dict], float]
    """The fitted value from one system's figures at one size."""
    rate: bool = False
    """The fitted value is the time to ingest n articles; shown as n / time (articles/s)."""
    log_y: bool = True


FIGURES = (
    Figure("ingest rate", "articles/s", lambda f: f["ingest_s"], rate=True, log_y=False),
    Figure("store on disk", "MB", lambda f: f["store_mb"]),
    Figure("ingest peak RSS", "MB", lambda f: f["ingest_rss_mb"]),
    Figure("serving peak RSS", "MB", lambda f: f["serve_rss_mb"]),
    Figure("retrieval p50", "ms", lambda f: f["retrieval_ms"]["p50"]),
)


@dataclass(frozen=True)
class Fit:
    """A curve y(n) fitted to one figure of one system."""

    power: bool
    """y = a·n^b if true, else y = a + b·n (written a + c·n: c is a cost per article)."""
    a: float
    b: float
    miss: float
    """Largest |fitted / measured - 1| over the measured sizes."""

    def __call__(self, n: float) -> float:
        return self.a * n**self.b if self.power else self.a + self.b * n

    @property
    def form(self) -> str:
        return f"a·n^{self.b:.2f}" if self.power else "a + c·n"


@dataclass(frozen=True)
class Curve:
    """One figure of one system: measured at the run's sizes, projected to the target size."""

    figure: Figure
    system: str
    sizes: tuple[int, ...]
    measured: tuple[float, ...]
    """As shown (articles/s for the ingest rate), one per size."""
    fit: Fit
    target: int

    def at(self, n: float) -> float:
        """The fitted curve at n articles, as shown."""
        return n / self.fit(n) if self.figure.rate else self.fit(n)

    @property
    def projected(self) -> float:
        return self.at(self.target)

    @property
    def form(self) -> str:
        return f"n / ({self.fit.form}) s" if self.figure.rate else self.fit.form


def fit_linear(n: np.ndarray, y: np.ndarray) -> Fit:
    (a, c), *_ = np.linalg.lstsq(np.c_[np.ones_like(n), n] / y[:, None], np.ones_like(y))
    return Fit(False, float(a), float(c), float(np.max(np.abs((a + c * n) / y - 1))))


def fit_power(n: np.ndarray, y: np.ndarray) -> Fit:
    b, log_a = np.polyfit(np.log(n), np.log(y), 1)
    a = float(np.exp(log_a))
    return Fit(True, a, float(b), float(np.max(np.abs(a * n**b / y - 1))))


def best_fit(n: np.ndarray, y: np.ndarray, target: int) -> Fit:
    """a + c·n unless a power law misses the measured sizes clearly less; a line that would
    reach zero before the target (a falling cost) is no projection."""
    line, power = fit_linear(n, y), fit_power(n, y)
    if line(target) <= 0 or power.miss < line.miss - CLEARLY_BETTER:
        return power
    return line


class Growth:
    """Curves fitted to a bench run's figures, projected to `target` articles."""

    def __init__(self, result: dict, target: int = 100_000):
        sizes = sorted(int(n) for n in result.get("sizes", {}))
        if len(sizes) < 2:
            raise AssistantError(
                f"bench results have {len(sizes)} size(s) ({', '.join(map(str, sizes)) or 'none'}):"
                " a growth curve needs at least 2; run `make bench SIZES=100,1000,10000`"
            )
        if target <= sizes[-1]:
            raise AssistantError(
                f"target {target:,} is not beyond the largest measured size {sizes[-1]:,}: "
                "give a larger --target"
            )
        self.sizes, self.target = tuple(sizes), target
        self.date: str = result.get("date", "")
        """The run's day (bench.py records it), for the plot's title."""
        self.values: dict[tuple[str, str], tuple[float, ...]] = {}
        for figure in FIGURES:
            for system in SYSTEMS:
                try:
                    values = tuple(
                        float(figure.read(result["sizes"][str(n)][system])) for n in sizes
                    )
                except (KeyError, TypeError) as missing:
                    raise AssistantError(
                        f"bench results lack {figure.label} ({missing}) for the {system}: "
                        "give a results JSON written by bench/bench.py"
                    ) from None
                if min(values) <= 0:
                    raise AssistantError(
                        f"{figure.label} of the {system} is not positive in {values}: "
                        "a cost of zero cannot be fitted; re-run the bench"
                    )
                self.values[figure.label, system] = values

    @cached_property
    def curves(self) -> tuple[Curve, ...]:
        n = np.array(self.sizes, dtype=float)
        curves = []
        for figure in FIGURES:
            for system in SYSTEMS:
                y = np.array(self.values[figure.label, system])
                shown = n / y if figure.rate else y
                fit = best_fit(n, y, self.target)
                curves.append(Curve(figure, system, self.sizes, tuple(shown), fit, self.target))
        return tuple(curves)

    def curve(self, label: str, system: str) -> Curve:
        return next(c for c in self.curves if c.figure.label == label and c.system == system)

    def pair(self, label: str) -> tuple[Curve, Curve]:
        """The project's curve and the baseline's for one figure."""
        return self.curve(label, "project"), self.curve(label, "baseline")

    def table(self) -> str:
        """Markdown: per figure, project / baseline (ratio) at each measured size and projected."""
        head = [f"{n:,}" for n in self.sizes] + [f"{self.target:,} (projected)"]
        rows = [
            "| figure: project / baseline (ratio) | " + " | ".join(head) + " | fitted curve |",
            "|---" * (len(head) + 2) + "|",
        ]
        for figure in FIGURES:
            p, b = self.pair(figure.label)
            pairs = [*zip(p.measured, b.measured), (p.projected, b.projected)]
            cells = [f"{number(x)} / {number(y)} ({x / y:.2f}x)" for x, y in pairs]
            fits = "; ".join(f"{c.system} {c.form}, miss ≤ {c.fit.miss:.1%}" for c in (p, b))
            label = f"{figure.label} ({figure.unit})"
            rows.append("| " + " | ".join([label, *cells, fits]) + " |")
        return "\n".join(rows)

    def plot(self, path: Path, title: str = "") -> None:
        """One panel per figure, log-x; the projected range shaded."""
        with plt.rc_context(STYLE):
            fig, axes = plt.subplots(2, 3, figsize=(15, 8.5), layout="constrained")
            for ax, figure in zip(axes.flat, FIGURES):
                self.panel(ax, figure)
            self.key(axes.flat[-1])
            fig.suptitle(
                title
                or f"{self.date + ' run: ' if self.date else ''}measured at "
                f"{', '.join(f'{n:,}' for n in self.sizes)} articles, projected to {self.target:,}",
                fontweight="bold",
            )
            path.parent.mkdir(parents=True, exist_ok=True)
            fig.savefig(path)
            plt.close(fig)

    def panel(self, ax, figure: Figure) -> None:
        ax.axvspan(self.sizes[-1], self.target, color="grey", alpha=0.08)
        ax.annotate(
            " projected",
            (self.sizes[-1], 0.01),
            xycoords=("data", "axes fraction"),
            va="bottom",
            fontsize=9,
            color="grey",
        )
        grid = np.geomspace(self.sizes[0], self.target, 80)
        curves = self.pair(figure.label)
        top = max(curves, key=lambda c: c.projected)
        for color, c in zip(COLORS, curves):
            ax.plot(c.sizes, c.measured, "-o", color=color, markersize=5)
            ax.plot(grid, [c.at(n) for n in grid], "--", color=color, linewidth=1.2)
            ax.plot(c.target, c.projected, "o", mfc="white", color=color, markersize=7)
            ax.annotate(  # the higher projection labelled above its marker, the other below
                number(c.projected),
                (c.target, c.projected),
                textcoords="offset points",
                xytext=(-7, 5 if c is top else -7),
                ha="right",
                va="bottom" if c is top else "top",
                fontsize=9,
                color=color,
                fontweight="bold",
            )
        ax.set_xscale("log")
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,g}"))
        if figure.log_y:
            ax.set_yscale("log")
            ax.yaxis.set_major_locator(LogLocator(subs=(1, 2, 5)))
            ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,g}"))
            ax.yaxis.set_minor_formatter(NullFormatter())
        else:
            ax.set_ylim(bottom=0)
        ax.set(title=figure.label, xlabel="articles", ylabel=figure.unit)

    def key(self, ax) -> None:
        """The legend and each curve's form, in the panel left over."""
        ax.axis("off")
        line = plt.Line2D
        handles = [
            *(line([], [], color=c, marker="o", label=s) for c, s in zip(COLORS, SYSTEMS)),
            line([], [], color="black", marker="o", label="measured"),
            line([], [], color="black", linestyle="--", label="fitted curve"),
            line([], [], color="black", marker="o", mfc="white", ls="", label="projected"),
        ]
        ax.legend(handles=handles, loc="upper left", fontsize=11)
        forms = [
            f"{f.label}: " + "; ".join(f"{c.form} ({c.fit.miss:.1%})" for c in self.pair(f.label))
            for f in FIGURES
        ]
        ax.text(
            0,
            0.42,
            "fitted curves, project; baseline\n(largest miss at the measured sizes)\n\n"
            + "\n".join(forms),
            fontsize=9,
            va="top",
            transform=ax.transAxes,
        )


def number(x: float) -> str:
    return f"{x:,.0f}" if x >= 100 else f"{x:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("results", type=Path, help="a bench JSON (bench/bench.py --out)")
    parser.add_argument("--png", type=Path, help="write the panels here")
    parser.add_argument("--table", action="store_true", help="print the Markdown table")
    parser.add_argument("--target", type=int, default=100_000, help="articles to project to")
    parser.add_argument("--title", default="", help="the PNG's title (default: the sizes)")
    args = parser.parse_args()
    try:
        growth = Growth(json.loads(args.results.read_text(encoding="utf-8")), args.target)
    except (OSError, ValueError, AssistantError) as error:
        raise SystemExit(f"{args.results}: {error}") from None
    if args.png:
        growth.plot(args.png, args.title)
        print(f"wrote {args.png}", file=sys.stderr)
    if args.table or not args.png:
        print(growth.table())


if __name__ == "__main__":
    main()
