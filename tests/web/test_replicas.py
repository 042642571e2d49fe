"""Serving replicas for real: one `chroma run`, one writer process syncing a changing corpus in a
loop, two read-only chat pages answering through gradio_client at the same time."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import time
from contextlib import ExitStack
from urllib.parse import urlsplit

import chromadb
import pytest
from gradio_client import Client

from assistant.app import Assistant
from assistant.config import load_settings
from assistant.index.chroma import NAMES
from assistant.question import Question
from assistant.types import ScoredSentence
from assistant.web.page import launch
from bench.chroma_server import free_port
from tests.conftest import REPO
from tests.fakes import FakeEmbedder
from tests.index.test_chroma_server import chroma_url  # noqa: F401 (a fixture)
from tests.web.replica_writer import (
    KEEP,
    REPORT,
    bulletin_text,
    codeword,
    report_text,
)

pytestmark = [pytest.mark.integration, pytest.mark.slow]

ROUNDS = 8
PAUSE_S = 0.2
WRITE_PAUSE_S = 0.15
LEVEL = "What is the reservoir level according to the report?"


def bulletin_question(n: int) -> str:
    return f"What did bulletin {codeword(n)} say about the reservoir?"


def replica(tmp_path, url: str, name: str) -> Assistant:
    """A read-only assistant with a local cache folder of its own and no corpus folder."""
    settings = load_settings(
        corpus_dir=tmp_path / "no-corpus",
        store_dir=tmp_path / name,
        store={"chroma_url": url, "read_only": True},
    )
    return Assistant(settings, embedder=FakeEmbedder())


def snapshot(url: str) -> dict:
    """Every record id, metadata and document of the server, and each collection's metadata."""
    parts = urlsplit(url)
    client = chromadb.HttpClient(host=parts.hostname, port=parts.port)
    out = {}
    for name in NAMES:
        collection = client.get_collection(name)
        got = collection.get(include=["metadatas", "documents"])
        out[name] = (
            collection.metadata,
            sorted(
                zip(
                    got["ids"],
                    got["documents"],
                    (json.dumps(m, sort_keys=True) for m in got["metadatas"]),
                )
            ),
        )
    return out


def source(hit: ScoredSentence) -> dict:
    """A retrieved sentence as the API shows a citation."""
    s = hit.sentence
    return {
        "article": s.article_id,
        "title": hit.article.title,
        "sentence": s.text,
        "start": s.start,
        "end": s.end,
    }


def cited(answer: dict) -> tuple[set[int], set[int]]:
    """(report versions, bulletin numbers) an answer cites."""
    return versions(answer["citations"] + answer["related"])


def versions(sources: list[dict]) -> tuple[set[int], set[int]]:
    """(report versions, bulletin numbers) of these sources, each checked against the text the
    writer gave that version of that file."""
    reports, bulletins = set(), set()
    for c in sources:
        if c["article"] == REPORT:
            n = int(c["title"].removeprefix("Reservoir report "))
            # a sentence of another version under this version's record would show here
            assert {int(x) for x in re.findall(r"\d+", c["sentence"])} <= {n}, c
            text = report_text(n)
            reports.add(n)
        else:
            n = int(c["article"].removeprefix("bulletin-").removesuffix(".txt"))
            assert c["title"] == f"Bulletin {codeword(n)}", c
            text = bulletin_text(n)
            bulletins.add(n)
        assert text[c["start"] : c["end"]] == c["sentence"], c
    return reports, bulletins


def one_generation(reports: set[int], bulletins: set[int]) -> bool:
    """Whether some published round R holds them all: report R, bulletins R-2..R."""
    if len(reports) > 1:
        return False
    if reports:
        (r,) = reports
        return all(r - KEEP < b <= r for b in bulletins)
    return not bulletins or max(bulletins) - min(bulletins) < KEEP


def test_two_read_only_replicas_follow_a_writer(chroma_url, tmp_path):  # noqa: F811
    writer = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.web.replica_writer",
            str(tmp_path / "corpus"),
            str(tmp_path / "writer"),
            chroma_url,
            str(ROUNDS),
            str(PAUSE_S),
            str(WRITE_PAUSE_S),
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    published: dict[int, float] = {}
    first = json.loads(writer.stdout.readline())  # round 0: the index exists
    published[first["round"]] = first["published"]

    def follow():
        for line in writer.stdout:
            row = json.loads(line)
            published[row["round"]] = row["published"]

    threading.Thread(target=follow, daemon=True).start()
    answers: list[tuple[str, dict]] = []
    views: list[tuple[str, list]] = []
    errors: list[BaseException] = []
    latencies: dict[tuple[str, int], float] = {}

    def asker(url: str, name: str, question) -> None:
        api = Client(url, verbose=False)
        try:
            while writer.poll() is None:
                answers.append((name, api.predict(question(), 10, "", "", api_name="/ask")))
        except BaseException as exc:  # noqa: BLE001 (reported by the test thread)
            errors.append(exc)

    def viewer(assistant: Assistant, name: str) -> None:
        """Retrieves everything about the reservoir (the whole corpus, with its titles) in the
        replica's process: all of it must be one generation's."""
        try:
            while writer.poll() is None:
                hits = assistant.retriever.search(Question.read(LEVEL), 30)
                views.append((name, [source(h) for h in hits]))
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    def prober(url: str, name: str) -> None:
        """Asks about each new bulletin until it is answered: how long after its sync."""
        api = Client(url, verbose=False)
        try:
            # from the first round synced after it started: those are timed from their sync
            n, deadline = max(published) + 1, time.monotonic() + 120
            while n < ROUNDS and time.monotonic() < deadline:
                if n not in published:
                    time.sleep(0.05)
                    continue
                answer = api.predict(bulletin_question(n), 5, "", "", api_name="/ask")
                answers.append((name, answer))
                if n in cited(answer)[1]:
                    latencies[(name, n)] = time.time() - published[n]
                    n += 1
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    with ExitStack() as stack:
        urls, replicas = {}, {}
        for name in ("replica-1", "replica-2"):
            port = free_port()
            replicas[name] = replica(tmp_path, chroma_url, name)
            served = launch(replicas[name], port=port, block=False)
            assert served.watcher is None  # no corpus folder to watch
            stack.callback(served.close)
            urls[name] = f"http://127.0.0.1:{port}/"
        threads = [
            threading.Thread(target=asker, args=(url, name, lambda: LEVEL))
            for name, url in urls.items()
        ]
        threads += [threading.Thread(target=prober, args=(url, name)) for name, url in urls.items()]
        threads += [threading.Thread(target=viewer, args=(a, n)) for n, a in replicas.items()]
        started = time.monotonic()
        for t in threads:
            t.start()
        assert writer.wait(timeout=120) == 0, writer.stderr.read()
        for t in threads:
            t.join(timeout=30)
        elapsed = time.monotonic() - started

        assert not errors, errors
        for name, answer in answers:
            assert one_generation(*cited(answer)), (name, answer)
        for name, hits in views:
            assert one_generation(*versions(hits)), (name, hits)
        assert min(len(hits) for _, hits in views) >= 3  # most of the corpus each time
        for name in urls:  # every round synced after the replica came up was timed
            timed = sorted(n for who, n in latencies if who == name)
            assert timed == list(range(ROUNDS - len(timed), ROUNDS)), timed
            assert len(timed) >= ROUNDS // 2, timed
        after_sync = list(latencies.values())
        worst = max(after_sync)
        print(
            f"\n{len(answers)} answers and {len(views)} retrievals in {elapsed:.1f}s "
            f"while {ROUNDS} rounds were synced; "
            f"new bulletin answerable after its sync: max {worst:.2f}s, "
            f"mean {sum(after_sync) / len(after_sync):.2f}s; by round {sorted(latencies.items())}"
        )
        assert worst < 5.0

        # With the writer stopped, the replicas answer and page on, and the store is untouched.
        before = snapshot(chroma_url)
        assert before["articles"][0]["pending"] == "[]"
        for url in urls.values():
            api = Client(url, verbose=False)
            for question in (LEVEL, bulletin_question(ROUNDS - 1)):
                assert ROUNDS - 1 in set().union(
                    *cited(api.predict(question, 10, "", "", api_name="/ask"))
                )
        assert snapshot(chroma_url) == before
    for name in urls:
        assert not (tmp_path / name / "chroma").exists()  # only a local BM25 cache
        assert (tmp_path / name / "bm25").is_dir()
    assert not (tmp_path / "no-corpus").exists()
