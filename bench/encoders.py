"""What each embedding backend costs and gives on this CPU, beside the textbook pipeline's.

    python -m bench.encoders [--articles 60] [--rounds 3] [--ingest 300] [--out FILE]

Ingest speed is the model's work, and how fast int8 runs depends on the CPU: this prints the CPU
and its flags with every figure, so a run on another machine is evidence for `embedding.backend`
("auto" takes int8 only where the CPU has an int8 dot product; assistant/models/backend.py).

- Encoders: the sentences of `--articles` generated articles (bench/synthetic.py), embedded by
  torch, float32 ONNX and int8 ONNX, and the same articles cut as the textbook pipeline cuts them
  (RecursiveCharacterTextSplitter 1000/200) embedded by torch: the baseline's model work. Best
  of `--rounds`, taken in turn; cosine of each backend's vectors to torch's.
- With `--ingest N`: whole-process ingest of N generated articles by the project with each ONNX
  backend and by the baseline (bench/tasks.py, fresh processes), and recall@5 on eval/ for each.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench.bench import QA_FILES, REPO, machine, run_task
from bench.synthetic import load_sources, write_corpus

BACKENDS = ("torch", "onnx-fp32", "onnx-int8")
INT8_HINTS = ("vnni", "amx", "asimddp", "avx512", "avx2", "fma")


def texts(n: int, seed: int) -> tuple[list[str], list[str]]:
    """The project's sentences and the baseline's chunks of n generated articles."""
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    from assistant.ingest.sentences import split_text

    with tempfile.TemporaryDirectory() as tmp:
        write_corpus(Path(tmp), load_sources(REPO / "corpus"), n, seed)
        bodies = [p.read_text(encoding="utf-8") for p in sorted(Path(tmp).rglob("*.txt"))]
    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
    sentences = [s for body in bodies for s in split_text(body) if s.strip()]
    return sentences, [c for body in bodies for c in splitter.split_text(body)]


def encoders(n: int, rounds: int, seed: int) -> dict:
    import numpy as np

    from assistant.config import EmbeddingSettings
    from assistant.models.embeddings import Embedder

    sentences, chunks = texts(n, seed)
    models = {b: Embedder(EmbeddingSettings(backend=b)) for b in BACKENDS}
    for model in models.values():
        model.embed(["loaded before the clock starts"])
    runs = [(b, "sentences", sentences) for b in BACKENDS] + [("torch", "chunks", chunks)]
    best: dict[tuple[str, str], float] = {}
    vectors = {}
    for _ in range(rounds):
        for backend, kind, batch in runs:
            started = time.perf_counter()
            got = models[backend].embed(batch)
            took = time.perf_counter() - started
            best[backend, kind] = min(best.get((backend, kind), took), took)
            vectors[backend, kind] = got
    reference = vectors["torch", "sentences"]
    baseline = best["torch", "chunks"]
    out = {
        "articles": n,
        "sentences": len(sentences),
        "baseline_chunks": len(chunks),
        "baseline_torch_on_chunks_s": round(baseline, 2),
    }
    for backend in BACKENDS:
        cosine = np.sum(vectors[backend, "sentences"] * reference, axis=1)
        took = best[backend, "sentences"]
        out[backend] = {
            "seconds": round(took, 2),
            "sentences_per_s": round(len(sentences) / took, 1),
            "vs_torch": round(best["torch", "sentences"] / took, 2),
            "baseline_model_work_vs_this": round(baseline / took, 2),
            "cosine_to_torch": {
                "mean": round(float(cosine.mean()), 4),
                "min": round(float(cosine.min()), 4),
            },
        }
    return out


def ingest(n: int, work: Path, seed: int) -> dict:
    corpus = work / f"corpus-{n}"
    shutil.rmtree(corpus, ignore_errors=True)
    write_corpus(corpus, load_sources(REPO / "corpus"), n, seed)
    out = {}
    for name in ("onnx-int8", "onnx-fp32", "baseline"):
        store = work / f"store-{name}"
        shutil.rmtree(store, ignore_errors=True)
        print(f"ingest of {n} articles: {name}…", file=sys.stderr, flush=True)
        if name == "baseline":
            got = run_task("baseline-ingest", corpus=str(corpus), store=str(store))
        else:
            got = run_task("project-ingest", corpus=str(corpus), store=str(store), backend=name)
        out[name] = {"seconds": round(got["seconds"], 1), "peak_rss_mb": got["peak_rss_mb"]}
    for name in ("onnx-int8", "onnx-fp32"):
        out[name]["vs_baseline"] = round(out["baseline"]["seconds"] / out[name]["seconds"], 2)
        store = work / f"recall-{name}"
        shutil.rmtree(store, ignore_errors=True)
        print(f"recall@5: {name}…", file=sys.stderr, flush=True)
        qa = [str(p) for p in QA_FILES]
        out[name]["recall"] = run_task(
            "recall", corpus=str(REPO / "corpus"), store=str(store), qa=qa, backend=name
        )
    return out


def cpu() -> dict:
    from assistant.models.backend import cpu_flags, has_int8_dot_product, resolve_backend

    flags = cpu_flags()
    return {
        "flags": sorted(f for f in flags if any(h in f for h in INT8_HINTS)),
        "int8_dot_product": has_int8_dot_product(),
        "auto_backend_for_a_new_store": resolve_backend("auto", "any model"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=60, help="articles for the encoders")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--ingest", type=int, default=0, help="articles ingested (0: skip)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--work", type=Path, default=REPO / "eval/runs/encoders")
    parser.add_argument("--out", type=Path, default=REPO / "eval/runs/encoders.json")
    args = parser.parse_args()
    result = {
        "command": " ".join(["python -m bench.encoders", *sys.argv[1:]]),
        "date": time.strftime("%Y-%m-%d"),
        "machine": machine() | {"cpu_flags": cpu()},
    }
    # Ingest first: a child process reports at least its parent's peak RSS (Linux keeps the
    # high-water mark across fork and exec), and the encoders grow this one to 1.5 GB.
    if args.ingest:
        result["ingest"] = ingest(args.ingest, args.work, args.seed)
    result["encoders"] = encoders(args.articles, args.rounds, args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
