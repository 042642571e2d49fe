"""Precision and recall of "copy of" per Jaccard threshold, on eval/copies/pairs.jsonl.

    python -m assistant.eval.studies.copies.measure

Each pair's articles are parsed as the corpus loader parses a .txt file (so the headline,
dateline and credits are left out as in the index), signed as sync signs them, and called
copies when the estimated similarity reaches the threshold. Also prints, per kind, the lowest
and highest similarity, and what signing the shipped corpus costs.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from assistant.index.copies import body_shingles, signature, similarity
from assistant.ingest.article import build_article
from assistant.ingest.files import load_file, scan

# Run from the repository root, as every script here is.
CORPUS = Path("corpus")
PAIRS = Path("eval/copies/pairs.jsonl")
THRESHOLDS = [round(0.2 + 0.05 * i, 2) for i in range(15)]


def parse(name: str, text: str):
    return build_article(name, name, "txt", text, {})[0]


def main() -> None:
    """Print, from eval/copies/pairs.jsonl, the similarities per kind, precision and recall at each
    of `THRESHOLDS` and the borderline pairs, then what signing corpus/ takes; writes nothing."""
    lines = PAIRS.read_text(encoding="utf-8").splitlines()
    pairs = [json.loads(line) for line in lines]
    rows = []
    for pair in pairs:
        a, b = parse("a.txt", pair["a"]), parse("b.txt", pair["b"])
        sa, sb = body_shingles(a), body_shingles(b)
        exact = len(sa & sb) / len(sa | sb)
        rows.append((pair, similarity(signature(a), signature(b)), exact))
    print(
        f"{len(rows)} pairs: "
        + ", ".join(
            f"{kind} {sum(p['kind'] == kind for p, _, _ in rows)}"
            for kind in ("true_copy", "edited_copy", "different_story")
        )
    )
    print("\n| kind | pairs | MinHash estimate: min – max | exact Jaccard: min – max |")
    print("|---|---|---|---|")
    for kind in ("true_copy", "edited_copy", "different_story"):
        est = [s for p, s, _ in rows if p["kind"] == kind]
        exact = [e for p, _, e in rows if p["kind"] == kind]
        print(
            f"| {kind} | {len(est)} | {min(est):.2f} – {max(est):.2f} "
            f"| {min(exact):.2f} – {max(exact):.2f} |"
        )
    print("\n| threshold | precision | recall | copies missed | false copies |")
    print("|---|---|---|---|---|")
    for t in THRESHOLDS:
        said = [(p, s >= t) for p, s, _ in rows]
        tp = sum(p["copy"] and y for p, y in said)
        fp = sum(not p["copy"] and y for p, y in said)
        fn = sum(p["copy"] and not y for p, y in said)
        precision = tp / (tp + fp) if tp + fp else 1.0
        print(f"| {t:.2f} | {precision:.3f} | {tp / (tp + fn):.3f} | {fn} | {fp} |")
    print("\nlowest-scoring copies and highest-scoring non-copies:")
    for p, s, e in sorted(rows, key=lambda r: r[1]):
        if (p["copy"] and s < 0.8) or (not p["copy"] and s > 0.05):
            print(f"  {s:.2f} (exact {e:.2f}) {p['id']}: {p['edit']}")
    files, _ = scan(CORPUS, ["README*", "NOTICE*"])
    articles = [a for f in files for a in load_file(f, CORPUS).articles]
    started = time.perf_counter()
    for article in articles:
        signature(article)
    took = time.perf_counter() - started
    print(f"\nsigning the shipped corpus: {len(articles)} articles in {took:.3f} s")


if __name__ == "__main__":
    main()
