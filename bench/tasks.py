"""One measurement of bench/bench.py, run alone in a fresh process so its figures are clean.

`python -m bench.tasks TASK 'JSON-ARGS'` prints one JSON object (the figures) as its last
line. Peak RSS is the process's own maximum resident set (getrusage), so a task measures only
what it loaded itself. Tasks:

- project-ingest: sync a corpus folder into a fresh store (`Assistant.sync`).
- project-serve: open the store as `assistant ask`/`serve` do, sync the unchanged corpus, then
  time retrieval and extractive answers over the questions.
- baseline-ingest / baseline-serve: the textbook LangChain pipeline on the same files.
- project-page: the chat page on the store, one headless chromium tab open: seconds until the
  page is usable, bytes of the page's config (the initial table travels in it), and the server's
  CPU seconds per minute while the tab sits idle (its timer polls every few seconds).
- recall: sentence-level recall@5 of the project on the eval question files.
- replica-start: a read-only replica's first answer, then its latencies (bench/scale.py; over a
  Chroma server with `chroma_url`).
- resync-changed: a sync after `count` files changed (bench/scale.py).
- project-brief: the week's briefing, first and again (stories/briefing.py).

Peak RSS is also the parent's: Linux carries a process's high-water mark across fork and exec,
so a task's figure is its own only when the process that starts it is smaller.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path
from statistics import quantiles

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def percentiles(ms: list[float]) -> dict[str, float]:
    cuts = quantiles(ms, n=100, method="inclusive")
    return {"p50": round(cuts[49], 1), "p95": round(cuts[94], 1)}


def project(args: dict):
    """The project's Assistant for a task: the configured model, or with `embedder: hashed` the
    model-free HashedEmbedder (the scale bench); `read_only` for a serving replica."""
    from assistant.app import Assistant
    from assistant.config import load_settings
    from assistant.models.hashed import HashedEmbedder

    embedding = {"backend": args.get("backend", "auto")}
    embedding["chunk_vectors"] = args.get("chunk_vectors", "derived")
    settings = load_settings(
        corpus_dir=Path(args["corpus"]),
        store_dir=Path(args["store"]),
        embedding=embedding,
        store={"read_only": args.get("read_only", False), "chroma_url": args.get("chroma_url")},
    )
    hashed = HashedEmbedder() if args.get("embedder") == "hashed" else None
    return Assistant(settings, embedder=hashed)


def project_ingest(args: dict) -> dict:
    started = time.perf_counter()
    assistant = project(args)
    report = assistant.sync()
    seconds = time.perf_counter() - started
    articles, sentences, chunks = assistant.store.reader.counts()
    return {
        "seconds": seconds,
        "articles": articles,
        "sentences": sentences,
        "chunks": chunks,
        "embedded": report.embedded,
        "skipped": len(report.skipped),
    }


def project_serve(args: dict) -> dict:
    started = time.perf_counter()
    assistant = project(args)
    report = assistant.sync()
    assert not report.changed, "the corpus changed between ingest and serve"
    ready = time.perf_counter() - started
    assistant.ask(args["questions"][0])  # loads the model and the BM25 index: not a latency
    return {"resync_seconds": report.seconds, "ready_seconds": ready} | latencies(
        assistant, args["questions"]
    )


def latencies(assistant, questions: list[str]) -> dict:
    """Retrieval and extractive-answer percentiles over the questions, each asked once."""
    from assistant.question import Question

    retrieval, answer = [], []
    for q in questions:
        t = time.perf_counter()
        assistant.retriever.search(Question.read(q))
        retrieval.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        assistant.ask(q)
        answer.append((time.perf_counter() - t) * 1000)
    return {"retrieval_ms": percentiles(retrieval), "answer_ms": percentiles(answer)}


TAB = """
import sys, time
from playwright.sync_api import sync_playwright
url, idle = sys.argv[1], float(sys.argv[2])
with sync_playwright() as pw:
    browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
    page = browser.new_page()
    started = time.perf_counter()
    page.goto(url)
    page.locator("#question textarea").wait_for()
    print(time.perf_counter() - started, flush=True)
    page.wait_for_timeout(idle * 1000)
    browser.close()
"""
"""A browser tab in its own process, so that the server's process time is the server's alone."""


def project_page(args: dict) -> dict:
    import socket
    import subprocess
    import urllib.request

    from assistant.web.page import launch

    idle = args.get("idle_seconds", 30)
    assistant = project(args)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    served = launch(assistant, port=port, block=False)
    url = f"http://127.0.0.1:{port}/"

    def cpu_per_minute(seconds: float) -> float:
        cpu, wall = time.process_time(), time.perf_counter()
        time.sleep(seconds)
        return (time.process_time() - cpu) / (time.perf_counter() - wall) * 60

    try:
        no_tab = cpu_per_minute(idle)
        tab = subprocess.Popen(
            [sys.executable, "-c", TAB, url, str(idle + 10)], stdout=subprocess.PIPE, text=True
        )
        load = float(tab.stdout.readline())
        with urllib.request.urlopen(url + "config") as response:
            config_bytes = len(response.read())
        one_tab = cpu_per_minute(idle)
        tab.wait()
    finally:
        served.close()
    return {
        "load_seconds": load,
        "config_bytes": config_bytes,
        "idle_cpu_s_per_min": one_tab,
        "no_tab_cpu_s_per_min": no_tab,
    }


def baseline_parts(args: dict):
    from langchain_huggingface import HuggingFaceEmbeddings

    from assistant.config import BUNDLED_MODEL
    from assistant.models.embeddings import resolve_model

    return HuggingFaceEmbeddings(
        model_name=resolve_model(BUNDLED_MODEL),
        model_kwargs={"device": "cpu"},
        encode_kwargs={"normalize_embeddings": True},
    )


def baseline_ingest(args: dict) -> dict:
    from langchain_chroma import Chroma
    from langchain_core.documents import Document
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    started = time.perf_counter()
    root = Path(args["corpus"])
    docs = [
        Document(
            page_content=p.read_text(encoding="utf-8"),
            metadata={"source": p.relative_to(root).as_posix()},
        )
        for p in sorted(root.rglob("*.txt"))
    ]
    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
    chunks = splitter.split_documents(docs)
    Chroma.from_documents(
        chunks, baseline_parts(args), persist_directory=args["store"], collection_name="baseline"
    )
    return {"seconds": time.perf_counter() - started, "articles": len(docs), "chunks": len(chunks)}


def baseline_serve(args: dict) -> dict:
    from langchain_chroma import Chroma

    store = Chroma(
        collection_name="baseline",
        embedding_function=baseline_parts(args),
        persist_directory=args["store"],
    )
    questions = args["questions"]
    store.similarity_search(questions[0], k=5)
    retrieval = []
    for q in questions:
        t = time.perf_counter()
        store.similarity_search(q, k=5)
        retrieval.append((time.perf_counter() - t) * 1000)
    return {"retrieval_ms": percentiles(retrieval)}


def recall(args: dict) -> dict:
    """Share of answerable questions whose 5 best sentences include one overlapping a gold
    evidence quote (located in the article text)."""
    from assistant.question import Question

    assistant = project(args)
    assistant.sync()
    out = {}
    for qa_file in args["qa"]:
        hits = total = 0
        for line in Path(qa_file).read_text(encoding="utf-8").splitlines():
            q = json.loads(line)
            if not q["answer"]:
                continue
            text = assistant.store.reader.article_text(q["article"])
            gold = [(text.find(e), text.find(e) + len(e)) for e in q["evidence"] if e in text]
            got = assistant.retriever.search(Question.read(q["question"]), 5)
            total += 1
            hits += any(
                h.sentence.article_id == q["article"]
                and h.sentence.start < end
                and start < h.sentence.end
                for h in got
                for start, end in gold
            )
        out[Path(qa_file).name] = {"recall@5": hits / total, "questions": total}
    return out


def replica_start(args: dict) -> dict:
    """A read-only replica of the store: seconds from opening it to its first answer (the BM25
    files loaded if present, else built), then what each part of that took."""
    import shutil

    from assistant.index.bm25 import lexical_dir

    if args.get("without_bm25"):
        shutil.rmtree(lexical_dir(Path(args["store"])), ignore_errors=True)
    started = time.perf_counter()
    assistant = project({**args, "read_only": True})
    opened = time.perf_counter() - started
    answer = assistant.ask(args["questions"][0])
    first = time.perf_counter() - started
    return {
        "open_seconds": opened,
        "first_answer_seconds": first,
        "cited": bool(answer.citations),
    } | latencies(assistant, args["questions"])


def project_brief(args: dict) -> dict:
    """The week's briefing of the store: seconds for the first (every article read and
    grouped) and for the next (the same generation: kept)."""
    assistant = project({**args, "read_only": True})
    started = time.perf_counter()
    briefing = assistant.brief()
    cold = time.perf_counter() - started
    started = time.perf_counter()
    assistant.brief()
    return {
        "cold_seconds": cold,
        "warm_seconds": time.perf_counter() - started,
        "stories": len(briefing.stories),
    }


def resync_changed(args: dict) -> dict:
    """Change `count` files of the corpus (a sentence added to each) and sync: the seconds, with
    what was embedded."""
    root = Path(args["corpus"])
    changed = sorted(root.rglob("*.txt"))[: args["count"]]
    for path in changed:
        with path.open("a", encoding="utf-8") as out:
            out.write("\nThe figures were revised on Friday, a spokesperson said.\n")
    assistant = project(args)
    started = time.perf_counter()
    report = assistant.sync()
    return {
        "seconds": time.perf_counter() - started,
        "updated": len(report.updated),
        "embedded": report.embedded,
    }


TASKS = {
    "replica-start": replica_start,
    "resync-changed": resync_changed,
    "project-brief": project_brief,
    "project-ingest": project_ingest,
    "project-serve": project_serve,
    "project-page": project_page,
    "baseline-ingest": baseline_ingest,
    "baseline-serve": baseline_serve,
    "recall": recall,
}

if __name__ == "__main__":
    task, raw = sys.argv[1], sys.argv[2]
    result = TASKS[task](json.loads(raw))
    result["peak_rss_mb"] = round(peak_rss_mb(), 1)
    print(json.dumps(result))
