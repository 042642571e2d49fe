"""Load on loopback: 20 concurrent API clients × 10 questions while a sync adds and removes
files."""

from __future__ import annotations

import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from gradio_client import Client

from assistant.app import Assistant
from assistant.config import load_settings
from tests.web.test_app import serving

pytestmark = [pytest.mark.integration, pytest.mark.slow]

QUESTIONS = [
    "Which companies will Nakatani tour in Istanbul?",
    "Who threw the bottle into the Baltic Sea?",
    "How many people were hurt by the meteorite?",
    "Why should you start work at 10am?",
    "What does a mystery shopper do?",
    "Who won the 2022 FIFA World Cup?",
    "What did the rotating article say about the harbour?",
    "Where do wolves live in Germany?",
    "What is Spain's Robin Hood known for?",
    "What happened to the electric bike market?",
]
# Two versions of one article, swapped while clients ask: an answer may cite either, never a mix.
VERSIONS = {
    tag: f"Harbour report\n\nVersion {tag}: the harbour opened at dawn. "
    f"Version {tag}: ships queued for hours at the harbour gate. "
    f"Version {tag}: the harbour master praised the crews.\n"
    for tag in ("A", "B")
}


def test_twenty_clients_while_syncing(corpus, tmp_path, real_embedder):
    rotating = corpus / "rotating.txt"
    rotating.write_text(VERSIONS["A"], encoding="utf-8")
    settings = load_settings(corpus_dir=corpus, store_dir=tmp_path / "store")
    assistant = Assistant(settings, embedder=real_embedder)
    assistant.sync()
    stop = threading.Event()
    syncs = []

    def churn():
        n = 0
        while not stop.is_set():
            n += 1
            rotating.write_text(VERSIONS["B" if n % 2 else "A"], encoding="utf-8")
            extra = corpus / f"extra-{n % 3}.txt"
            if extra.exists():
                extra.unlink()
            else:
                extra.write_text(
                    f"Extra {n}\n\nA short extra story number {n} about the harbour.\n",
                    encoding="utf-8",
                )
            syncs.append(assistant.sync())
            time.sleep(0.2)

    with serving(assistant) as url:
        churner = threading.Thread(target=churn)
        churner.start()

        def client_run(i: int):
            client = Client(url, verbose=False)
            out = []
            for j in range(10):
                question = QUESTIONS[(i + j) % len(QUESTIONS)]
                started = time.perf_counter()
                data = client.predict(question, 5, "", "", api_name="/ask")
                out.append((question, data, (time.perf_counter() - started) * 1000))
            return out

        try:
            with ThreadPoolExecutor(20) as pool:
                results = [r for batch in pool.map(client_run, range(20)) for r in batch]
        finally:
            stop.set()
            churner.join()

    assert len(results) == 200 and len(syncs) >= 3
    for question, data, _ in results:
        assert data["question"] == question and isinstance(data["abstained"], bool)
        assert data["abstained"] == (data["citations"] == [])
        rotating_versions = set()
        for c in data["citations"] + data["related"]:
            assert c["sentence"] and c["end"] - c["start"] == len(c["sentence"])
            if c["article"] == "rotating.txt":
                tags = {
                    t
                    for t, text in VERSIONS.items()
                    if text[c["start"] : c["end"]] == c["sentence"]
                }
                assert tags, c
                rotating_versions |= tags
        assert len(rotating_versions) <= 1, f"an answer mixed two versions: {data}"
    latencies = sorted(r[2] for r in results)
    p50 = statistics.median(latencies)
    p95 = latencies[int(0.95 * len(latencies)) - 1]
    print(
        f"\nload: 200 questions from 20 clients during {len(syncs)} syncs: "
        f"p50 {p50:.0f} ms, p95 {p95:.0f} ms"
    )
