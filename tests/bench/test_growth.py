import json
import sys

import pytest

import bench.bench
from assistant.errors import AssistantError
from bench.growth import Growth
from tests.conftest import REPO

SIZES = (100, 1000, 10_000)


def laws(n: int, system: str) -> dict:
    """Figures that follow known curves: the project's store a power law, everything else a
    fixed part plus a part per article."""
    if system == "project":
        ingest_s, store, rss, p50 = 10 + 0.15 * n, 3 * n**0.8, 250 + 0.06 * n, 30 + 0.003 * n
    else:
        ingest_s, store, rss, p50 = 20 + 0.2 * n, 1 + 0.04 * n, 600 + 0.01 * n, 15 + 0.0001 * n
    return {
        "ingest_s": ingest_s,
        "articles_per_s": n / ingest_s,
        "store_mb": store,
        "ingest_rss_mb": 2 * rss,
        "serve_rss_mb": rss,
        "retrieval_ms": {"p50": p50, "p95": 2 * p50},
    }


def result(sizes=SIZES) -> dict:
    return {"sizes": {str(n): {s: laws(n, s) for s in ("project", "baseline")} for n in sizes}}


def test_known_laws_come_back_with_their_projections():
    growth = Growth(result())
    store = growth.curve("store on disk", "project")
    assert store.fit.power and store.fit.b == pytest.approx(0.8)
    assert store.projected == pytest.approx(3 * 100_000**0.8)
    assert growth.curve("store on disk", "baseline").projected == pytest.approx(4001)
    rss = growth.curve("serving peak RSS", "project")
    assert not rss.fit.power and rss.fit.miss == pytest.approx(0, abs=1e-9)
    assert rss.projected == pytest.approx(6250)
    # the rate is n over a fitted time: it levels off at 1/c instead of running away
    rate = growth.curve("ingest rate", "project")
    assert rate.measured == pytest.approx([n / (10 + 0.15 * n) for n in SIZES])
    assert rate.projected == pytest.approx(100_000 / (10 + 0.15 * 100_000))
    assert growth.curve("retrieval p50", "project").projected == pytest.approx(330)


def test_table_says_what_is_measured_and_what_projected_with_ratios():
    table = Growth(result()).table()
    head, rule, *rows = table.splitlines()
    assert "10,000 |" in head and "100,000 (projected)" in head
    assert len(rows) == 5 and all(r.count("|") == head.count("|") for r in [rule, *rows])
    [p50] = [r for r in rows if r.startswith("| retrieval p50 (ms)")]
    assert "330 / 25.0 (13.20x)" in p50 and "60.0 / 16.0 (3.75x)" in p50
    assert "a·n^0.80" in table


def test_each_size_counts_by_its_relative_miss():
    # the project's store in the 2026-11-25 run: plain least squares would fit 10,000 articles
    # and miss 100 by 10%
    data = result()
    for n, mb in zip(SIZES, (17.8, 153.0, 1463.9)):
        data["sizes"][str(n)]["project"]["store_mb"] = mb
    curve = Growth(data).curve("store on disk", "project")
    assert not curve.fit.power and curve.fit.miss < 0.02
    assert curve.projected == pytest.approx(14_788, rel=1e-3)


def test_a_falling_cost_is_no_line_through_zero():
    data = result()
    for n, p50 in zip(SIZES, (100.0, 60.0, 5.0)):
        data["sizes"][str(n)]["project"]["retrieval_ms"]["p50"] = p50
    curve = Growth(data).curve("retrieval p50", "project")
    assert curve.fit.power and 0 < curve.projected < 5


def test_one_size_gives_no_projection_and_says_why():
    with pytest.raises(AssistantError, match=r"1 size\(s\) \(100\).*at least 2"):
        Growth(result(sizes=(100,)))


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda f: f.pop("store_mb"), "lack store on disk .* for the baseline"),
        (lambda f: f.update(serve_rss_mb=0), "serving peak RSS of the baseline is not positive"),
    ],
)
def test_a_result_without_a_usable_figure_is_named(change, message):
    data = result()
    change(data["sizes"]["1000"]["baseline"])
    with pytest.raises(AssistantError, match=message):
        Growth(data)


def test_png_is_written(tmp_path):
    png = tmp_path / "docs" / "growth.png"
    Growth({**result(), "date": "2026-11-25"}).plot(png)
    assert png.read_bytes().startswith(b"\x89PNG") and png.stat().st_size > 20_000


def full_figures(n: int, system: str) -> dict:
    """Every figure bench.py's own table prints, for a run whose measurements are faked."""
    figures = laws(n, system)
    if system == "project":
        figures.update(
            sentences_per_s=1.0,
            resync_s=0.1,
            answer_ms={"p50": 1.0, "p95": 2.0},
            page_load_s=1.0,
            page_config_kb=1.0,
            page_idle_cpu_s_per_min=0.1,
        )
    return figures


@pytest.mark.parametrize("sizes, drawn", [("100,1000", True), ("100", False)])
def test_a_bench_run_draws_its_growth_next_to_its_json(tmp_path, monkeypatch, capsys, sizes, drawn):
    monkeypatch.setattr(bench.bench, "run_task", lambda task, **args: {"peak_rss_mb": 1.0})
    monkeypatch.setattr(
        bench.bench,
        "measure_size",
        lambda n, *args: {s: full_figures(n, s) for s in ("project", "baseline")},
    )
    out = tmp_path / "runs" / "bench.json"
    monkeypatch.setattr(
        sys, "argv", ["bench.py", "--sizes", sizes, "--out", str(out), "--work", str(tmp_path)]
    )
    bench.bench.main()
    printed = capsys.readouterr().out
    assert json.loads(out.read_text())["date"]
    assert (tmp_path / "runs" / "bench-growth.png").exists() == drawn
    assert ("100,000 (projected)" in printed) == drawn
    assert ("no growth plot" in printed) != drawn


def test_the_speed_page_quotes_the_growth_of_the_committed_run():
    results = "eval/results/bench/2026-11-26-format-4.json"
    run = json.loads((REPO / results).read_text(encoding="utf-8"))
    assert Growth(run).table() in (REPO / "docs" / "speed.md").read_text(encoding="utf-8"), (
        f"docs/speed.md's growth table is not {results}'s: run `python -m bench.growth {results} "
        "--png docs/bench-growth.png --table` and paste the table"
    )
