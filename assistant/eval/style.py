"""The look every chart of the project shares (eval report, bench growth): matplotlib on Agg.

Kept apart from the charts themselves so that a chart outside the eval pipeline (bench/growth.py)
gets the same look without importing the pipeline.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # before pyplot: eval runs in CI and over SSH, where there is no display

import matplotlib.pyplot as plt  # noqa: E402

STYLE = {
    "font.size": 11,
    "axes.titlesize": 13,
    "axes.titleweight": "bold",
    "axes.labelsize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "legend.frameon": False,
    "legend.fontsize": 9,
    "figure.dpi": 100,
    "savefig.bbox": "tight",
}
COLORS = plt.get_cmap("tab10").colors
