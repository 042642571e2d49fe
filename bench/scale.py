"""The store and the serving path at archive scale, measured without the model.

    python -m bench.scale [--sizes 10000,100000] [--questions 100] [--work DIR] [--out FILE]
                          [--reuse]   # serve the stores already in --work, without ingesting
                          [--steps serve,replica,replica-rebuilt,replica-server,brief,resync]

Embedding 100,000 articles with the model takes hours on two cores, and what this bench asks is
how the rest grows: for each size a deterministic corpus (bench/synthetic.py: real sentences
recombined, invented names, dates over two years, twelve outlets) is ingested through the real
pipeline and writer with the model-free HashedEmbedder (assistant/models/hashed.py: hashed
bag-of-terms vectors of the model's 384 dimensions, so articles sharing words are neighbours as
they are under the model), then, each in a fresh process (bench/tasks.py):

- serving: open the store as `ask` and `serve` do, sync the unchanged corpus, time retrieval and
  extractive answers over the questions; the process's peak RSS;
- a read-only replica's first answer and latencies, with the BM25 files the writer left and
  without them, and over a `chroma run` serving the store's folder (the index in the server,
  the client given the writer's folder for the BM25 files and the article facts);
- the week's briefing (stories/briefing.py), first and again;
- a sync of 100 changed files (a sentence added to each), and the store's size on disk.

Real-model figures at 1,000 and 10,000 stay in `make bench` (bench/bench.py).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.bench import REPO, disk_mb, machine, questions, run_task
from bench.chroma_server import chroma_server
from bench.synthetic import load_sources, write_corpus

HASHED = {"embedder": "hashed", "backend": "onnx-int8", "chunk_vectors": "derived"}


STEPS = ("serve", "replica", "replica-rebuilt", "replica-server", "brief", "resync")


def measure(n: int, work: Path, qs: list[str], seed: int, reuse: bool = False, steps=STEPS) -> dict:
    """One size: the corpus generated and ingested (unless `reuse` finds its store), then the
    `steps`: served; opened as a replica with the BM25 files, without them, and over a Chroma
    server holding the store; synced with 100 changes (last: it changes the corpus)."""
    corpus, store = work / f"corpus-{n}", work / f"store-{n}"
    paths = {"corpus": str(corpus), "store": str(store), **HASHED}

    def step(name: str, task: str, **args) -> dict:
        print(f"[{n} articles] {name}…", file=sys.stderr, flush=True)
        started = time.perf_counter()
        result = run_task(task, **paths, **args)
        print(f"    {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
        return result

    figures = {}
    if not (reuse and store.is_dir()):
        for folder in (corpus, store):
            shutil.rmtree(folder, ignore_errors=True)
        write_corpus(corpus, load_sources(REPO / "corpus"), n, seed)
        ingest = step("ingest (no model)", "project-ingest")
        figures = {
            "articles": ingest["articles"],
            "sentences": ingest["sentences"],
            "chunks": ingest["chunks"],
            "ingest_s": round(ingest["seconds"], 1),
            "ingest_rss_mb": ingest["peak_rss_mb"],
            "store_mb": disk_mb(store),
        }
    if "serve" in steps:
        serve = step("serving", "project-serve", questions=qs)
        figures |= {
            "resync_unchanged_s": round(serve["resync_seconds"], 2),
            "retrieval_ms": serve["retrieval_ms"],
            "answer_ms": serve["answer_ms"],
            "serve_rss_mb": serve["peak_rss_mb"],
        }
    if "replica" in steps:
        replica = step("replica with the BM25 files", "replica-start", questions=qs)
        figures |= {
            "replica_first_answer_s": round(replica["first_answer_seconds"], 2),
            "replica_open_s": round(replica["open_seconds"], 2),
            "replica_rss_mb": replica["peak_rss_mb"],
        }
    if "replica-rebuilt" in steps:
        rebuilt = step("replica without them", "replica-start", questions=qs, without_bm25=True)
        figures["replica_first_answer_without_bm25_s"] = round(rebuilt["first_answer_seconds"], 2)
    if "replica-server" in steps:
        with chroma_server(store / "chroma", work / f"chroma-{n}.log") as server:
            served = step(
                "replica over a Chroma server", "replica-start", questions=qs, chroma_url=server.url
            )
            served["server_peak_rss_mb"] = server.peak_rss_mb()
        figures["over_server"] = {
            "first_answer_s": round(served["first_answer_seconds"], 2),
            "open_s": round(served["open_seconds"], 2),
            "retrieval_ms": served["retrieval_ms"],
            "answer_ms": served["answer_ms"],
            "client_rss_mb": served["peak_rss_mb"],
            "server_rss_mb": served["server_peak_rss_mb"],
        }
    if "brief" in steps:
        brief = step("the week's briefing", "project-brief")
        figures |= {
            "brief_cold_s": round(brief["cold_seconds"], 2),
            "brief_warm_s": round(brief["warm_seconds"], 3),
            "brief_rss_mb": brief["peak_rss_mb"],
        }
    if "resync" in steps:
        resync = step("sync of 100 changed files", "resync-changed", count=100)
        figures |= {
            "sync_100_changed_s": round(resync["seconds"], 2),
            "sync_100_changed_embedded": resync["embedded"],
        }
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated article counts")
    parser.add_argument("--questions", type=int, default=100, help="questions timed per size")
    parser.add_argument("--work", type=Path, default=REPO / "eval" / "runs" / "scale")
    parser.add_argument("--out", type=Path, default=REPO / "eval" / "runs" / "scale.json")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--reuse", action="store_true", help="serve the stores already in --work (no ingest)"
    )
    parser.add_argument(
        "--steps", default=",".join(STEPS), help=f"what to measure after ingest: {STEPS}"
    )
    args = parser.parse_args()
    steps = [s for s in args.steps.split(",") if s]
    if unknown := set(steps) - set(STEPS):
        parser.error(f"--steps: unknown {sorted(unknown)}; expected some of {STEPS}")
    qs = questions(args.questions)
    result = {
        "date": datetime.now(UTC).date().isoformat(),
        "machine": machine(),
        "embedder": "HashedEmbedder (no model; 384 dimensions)",
        "sizes": {},
    }
    for n in (int(s) for s in args.sizes.split(",")):
        result["sizes"][str(n)] = measure(n, args.work, qs, args.seed, args.reuse, steps)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")  # each size
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
