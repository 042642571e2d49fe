import json

from bench.scale_growth import merge, plot, table, targets


def figures(p50: float, rss: float, first: float | None = None) -> dict:
    out = {"retrieval_ms": {"p50": p50, "p95": p50 * 2}, "serve_rss_mb": rss}
    if first is not None:
        out["over_server"] = {"first_answer_s": first}
    return out


def test_sizes_merge_and_targets_are_judged_at_the_largest(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps({"sizes": {"10000": figures(30, 500, 2.0)}}))
    (tmp_path / "b.json").write_text(
        json.dumps({"sizes": {"100000": figures(70, 1600), "1000": figures(20, 300)}})
    )
    sizes = merge([tmp_path / "a.json", tmp_path / "b.json"])
    assert list(sizes) == [1000, 10000, 100000]
    rows = table(sizes).splitlines()
    assert "growth 1,000 → 100,000" in rows[0]
    assert "| retrieval: retrieval p50, embedded (ms) | 20.0 | 30.0 | 70.0 | 3.50x |" in rows
    judged = targets(sizes)
    assert "| retrieval, retrieval p50, embedded ≤ 100 ms | 70.0 | yes |" in judged
    assert "| retrieval, retrieval p95, embedded ≤ 250 ms | 140 | yes |" in judged
    assert "| retrieval, retrieval p50, embedded: growth ≤ 2x | 3.50x | **no** |" in judged
    assert "| memory, serving, embedded: growth ≤ 3x | 5.33x | **no** |" in judged
    # measured at 10,000 only: not judged at 100,000
    assert "| replica's first answer, over a server ≤ 15 s | not measured | – |" in judged
    plot(sizes, tmp_path / "growth.png", "test")
    assert (tmp_path / "growth.png").stat().st_size > 10_000
