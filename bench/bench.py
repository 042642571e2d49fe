"""Speed and scale benchmark: the project against the textbook LangChain pipeline, side by side.

    python -m bench.bench [--sizes 100,1000,10000] [--out eval/runs/bench.json]

For each size a deterministic corpus of unique articles is generated from the shipped ones
(bench/synthetic.py); then, each in a fresh process (bench/tasks.py): the project's
ingest into a new store, the baseline's (RecursiveCharacterTextSplitter 1000/200 +
HuggingFaceEmbeddings + Chroma.from_documents, same bundled model), the project serving the
question list (after an unchanged re-sync) and the baseline's similarity search. Retrieval
quality (sentence-level recall@5 on eval/) is measured once, for the plain torch model with
embedded chunk vectors and for the configured defaults, so a speed change that costs quality
shows. Prints a table with project/baseline ratios and writes everything as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

from assistant.config import EmbeddingSettings
from assistant.errors import AssistantError
from assistant.models.backend import resolve_backend
from bench.growth import Growth
from bench.synthetic import load_sources, write_corpus

REPO = Path(__file__).resolve().parents[1]

QA_FILES = [REPO / "eval" / "qa.jsonl", REPO / "eval" / "onestopqa-dev.jsonl"]
REFERENCE = {"backend": "torch", "chunk_vectors": "embedded"}
TARGETS = """ingest >= 2x the baseline's articles/s, recall@5 at most 1 point below the torch
reference; unchanged re-sync of 10,000 articles <= 2 s; at 10,000 articles retrieval p50 <= 50 ms,
answer p50 <= 150 ms, serving RSS <= 2 GB"""


def run_task(task: str, **args) -> dict:
    """One measurement in a fresh Python process; its figures are its last line of output."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.tasks", task, json.dumps(args)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"bench task {task} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def disk_mb(path: Path) -> float:
    return round(sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20, 1)


def machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem = next(
        (
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        0,
    )
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(mem / 2**20, 1),
        "python": platform.python_version(),
        "system": platform.platform(),
        "load_average_at_start": os.getloadavg(),
    }


def questions(n: int) -> list[str]:
    lines = QA_FILES[0].read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["question"] for line in lines][:n]


def measure_size(n: int, work: Path, config: dict, qs: list[str], seed: int) -> dict:
    corpus, store, base = work / f"corpus-{n}", work / f"store-{n}", work / f"baseline-{n}"
    for folder in (corpus, store, base):
        shutil.rmtree(folder, ignore_errors=True)
    write_corpus(corpus, load_sources(REPO / "corpus"), n, seed)
    print(f"[{n} articles] project ingest…", file=sys.stderr, flush=True)
    ingest = run_task("project-ingest", corpus=str(corpus), store=str(store), **config)
    print(f"[{n} articles] baseline ingest…", file=sys.stderr, flush=True)
    b_ingest = run_task("baseline-ingest", corpus=str(corpus), store=str(base))
    print(f"[{n} articles] serving…", file=sys.stderr, flush=True)
    serve = run_task("project-serve", corpus=str(corpus), store=str(store), questions=qs, **config)
    b_serve = run_task("baseline-serve", store=str(base), questions=qs)
    print(f"[{n} articles] the page, one idle tab…", file=sys.stderr, flush=True)
    page = run_task("project-page", corpus=str(corpus), store=str(store), **config)
    brief = run_task("project-brief", corpus=str(corpus), store=str(store), **config)
    return {
        "project": {
            "ingest_s": round(ingest["seconds"], 2),
            "articles_per_s": round(n / ingest["seconds"], 2),
            "sentences_per_s": round(ingest["sentences"] / ingest["seconds"], 1),
            "sentences": ingest["sentences"],
            "chunks": ingest["chunks"],
            "texts_embedded": ingest["embedded"],
            "ingest_rss_mb": ingest["peak_rss_mb"],
            "resync_s": round(serve["resync_seconds"], 3),
            "ready_s": round(serve["ready_seconds"], 2),
            "retrieval_ms": serve["retrieval_ms"],
            "answer_ms": serve["answer_ms"],
            "serve_rss_mb": serve["peak_rss_mb"],
            "store_mb": disk_mb(store),
            "page_load_s": round(page["load_seconds"], 2),
            "page_config_kb": round(page["config_bytes"] / 1024, 1),
            "page_idle_cpu_s_per_min": round(page["idle_cpu_s_per_min"], 2),
            "brief_cold_s": round(brief["cold_seconds"], 2),
            "brief_warm_s": round(brief["warm_seconds"], 3),
        },
        "baseline": {
            "ingest_s": round(b_ingest["seconds"], 2),
            "articles_per_s": round(n / b_ingest["seconds"], 2),
            "chunks": b_ingest["chunks"],
            "ingest_rss_mb": b_ingest["peak_rss_mb"],
            "retrieval_ms": b_serve["retrieval_ms"],
            "serve_rss_mb": b_serve["peak_rss_mb"],
            "store_mb": disk_mb(base),
        },
    }


def row(name: str, sizes: dict, get, fmt: str = "{:.1f}", baseline: bool = True) -> str:
    """One figure across sizes: project, baseline and project/baseline (– where none)."""
    cells = []
    for figures in sizes.values():
        p = get(figures["project"])
        if baseline:
            b = get(figures["baseline"])
            cells += [fmt.format(p), fmt.format(b), f"{p / b:.2f}x"]
        else:
            cells += [fmt.format(p), "–", "–"]
    return "| " + " | ".join([name, *cells]) + " |"


def table(result: dict) -> str:
    sizes = result["sizes"]
    head = "| figure | " + " | ".join(f"{n}: project | baseline | ratio" for n in sizes) + " |"
    rows = [
        head,
        "|" + "---|" * (1 + 3 * len(sizes)),
        row("ingest articles/s", sizes, lambda f: f["articles_per_s"]),
        row("ingest s", sizes, lambda f: f["ingest_s"]),
        row("ingest peak RSS MB", sizes, lambda f: f["ingest_rss_mb"], "{:.0f}"),
        row("retrieval p50 ms", sizes, lambda f: f["retrieval_ms"]["p50"]),
        row("retrieval p95 ms", sizes, lambda f: f["retrieval_ms"]["p95"]),
        row("serving peak RSS MB", sizes, lambda f: f["serve_rss_mb"], "{:.0f}"),
        row("store on disk MB", sizes, lambda f: f["store_mb"]),
        row("ingest sentences/s", sizes, lambda f: f["sentences_per_s"], baseline=False),
        row("unchanged re-sync s", sizes, lambda f: f["resync_s"], "{:.3f}", baseline=False),
        row("answer p50 ms", sizes, lambda f: f["answer_ms"]["p50"], baseline=False),
        row("answer p95 ms", sizes, lambda f: f["answer_ms"]["p95"], baseline=False),
        row(
            "week's briefing s (first)",
            sizes,
            lambda f: f.get("brief_cold_s", float("nan")),
            "{:.2f}",
            baseline=False,
        ),
        row("page load s (one tab)", sizes, lambda f: f["page_load_s"], "{:.2f}", baseline=False),
        row("page config KB", sizes, lambda f: f["page_config_kb"], baseline=False),
        row(
            "idle tab: server CPU s/min",
            sizes,
            lambda f: f["page_idle_cpu_s_per_min"],
            "{:.2f}",
            baseline=False,
        ),
    ]
    recall = [
        f"recall@5 {name}: "
        + ", ".join(
            f"{k} {v['recall@5']:.3f} ({v['questions']} q)"
            for k, v in figures.items()
            if k in {p.name for p in QA_FILES}
        )
        for name, figures in result["recall"].items()
    ]
    return "\n".join(rows + [""] + recall)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000", help="comma-separated article counts")
    parser.add_argument("--out", type=Path, default=REPO / "eval/runs/bench.json")
    parser.add_argument(
        "--work",
        type=Path,
        default=REPO / "eval/runs/bench",
        help="folder for the generated corpora and stores (replaced)",
    )
    parser.add_argument("--questions", type=int, default=40, help="questions timed per size")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    try:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error(f"--sizes {args.sizes!r}: expected comma-separated numbers such as 100,1000")
    defaults = EmbeddingSettings()
    # "auto" named as this CPU resolves it, so that the results say what was measured
    backend = resolve_backend(defaults.backend, defaults.model)
    config = {"backend": backend, "chunk_vectors": defaults.chunk_vectors}
    qs = questions(args.questions)
    started = time.time()
    result = {
        "command": " ".join(["python", "-m", "bench.bench", *sys.argv[1:]]),
        "date": time.strftime("%Y-%m-%d", time.gmtime(started)),
        "machine": machine(),
        "config": config,
        "recall": {},
        "sizes": {},
    }
    for name, cfg in (("torch reference", REFERENCE), ("project", config)):
        print(f"recall@5 ({name})…", file=sys.stderr, flush=True)
        work = args.work / f"recall-{cfg['backend']}-{cfg['chunk_vectors']}"
        shutil.rmtree(work, ignore_errors=True)
        result["recall"][name] = {
            **run_task(
                "recall",
                corpus=str(REPO / "corpus"),
                store=str(work),
                qa=[str(p) for p in QA_FILES],
                **cfg,
            ),
            "config": cfg,
        }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    for n in sizes:
        result["sizes"][str(n)] = measure_size(n, args.work, config, qs, args.seed)
        result["seconds"] = round(time.time() - started)
        result["machine"]["load_average_at_end"] = os.getloadavg()
        # Written after each size: a long run that is stopped keeps what it measured.
        args.out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(table(result))
    try:
        growth = Growth(result)
    except AssistantError as error:  # one size: the run stands, it has no growth to show
        print(f"\nno growth plot: {error}")
    else:
        png = args.out.with_name(f"{args.out.stem}-growth.png")
        growth.plot(png)
        print(f"\n{growth.table()}\ngrowth with corpus size: {png}")
    print(f"\ntargets: {TARGETS}\nwhole run: {round(time.time() - started)} s; figures: {args.out}")


if __name__ == "__main__":
    main()
