"""The writer of tests/web/test_replicas.py, run as its own process: round after round it adds a
bulletin, rewrites the reservoir report and deletes the bulletin of three rounds ago, syncs as
`assistant ingest` does (with the fake embedder), and prints one JSON line per published round.
Each write to the store is followed by a pause, as in a sync of many files, so that every
intermediate state of a sync lasts long enough for the readers to meet it.

`python -m tests.web.replica_writer CORPUS STORE CHROMA_URL ROUNDS PAUSE_S WRITE_PAUSE_S`
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from chromadb.api.models.Collection import Collection

from assistant.app import Assistant
from assistant.config import load_settings
from tests.fakes import FakeEmbedder

KEEP = 3
"""Bulletins a generation holds: round R's corpus has bulletins R-2..R and report R."""
REPORT = "report.txt"


def codeword(n: int) -> str:
    return f"glimmer{n:03d}"


def bulletin_name(n: int) -> str:
    return f"bulletin-{n:03d}.txt"


def bulletin_text(n: int) -> str:
    word = codeword(n)
    return (
        f"Bulletin {word}\n\nHarbour officials issued bulletin {word} on Tuesday. "
        f"The reservoir level reached {n} meters, bulletin {word} said. "
        f"Inspectors signed bulletin {word} after a long survey of the dam.\n"
    )


def report_text(n: int) -> str:
    # the padding moves every later sentence's offsets from one version to the next
    delay = " after a delay" * (n % 4)
    return (
        f"Reservoir report {n}\n\nThe reservoir report number {n} was issued today{delay}. "
        f"The reservoir level is {n} meters according to report {n}. "
        "Engineers expect the level to change again soon.\n"
    )


def write_round(corpus: Path, n: int) -> None:
    (corpus / bulletin_name(n)).write_text(bulletin_text(n), encoding="utf-8")
    (corpus / REPORT).write_text(report_text(n), encoding="utf-8")
    (corpus / bulletin_name(n - KEEP)).unlink(missing_ok=True)


def slowed(write, seconds: float):
    def write_then_pause(*args, **kwargs):
        write(*args, **kwargs)
        time.sleep(seconds)

    return write_then_pause


def main(corpus: str, store: str, url: str, rounds: str, pause: str, write_pause: str) -> None:
    Collection.upsert = slowed(Collection.upsert, float(write_pause))
    Collection.delete = slowed(Collection.delete, float(write_pause))
    root = Path(corpus)
    root.mkdir(parents=True, exist_ok=True)
    settings = load_settings(corpus_dir=root, store_dir=Path(store), store={"chroma_url": url})
    assistant = Assistant(settings, embedder=FakeEmbedder())
    for n in range(int(rounds)):
        write_round(root, n)
        assistant.sync()
        print(json.dumps({"round": n, "published": time.time()}), flush=True)
        time.sleep(float(pause))


if __name__ == "__main__":
    main(*sys.argv[1:])
