"""Following feeds, measured on loopback: the poll of many feeds, and publication to cited answer.

    python -m bench.follow [--feeds 50] [--entries 50] [--latency-ms 50] [--trials 5] [--out FILE]

1. The poll: FEEDS feeds of ENTRIES entries each, served by a local server that waits LATENCY
   ms before each answer (a feed server's round trip), polled three times — first (every entry
   new: one file each), again (every feed answers 304 to its ETag), and once more after every
   feed's ETag changed with the same entries (each feed read and compared, nothing written) —
   with one worker (the sequential baseline) and with the default `WORKERS`.
2. Publication to answer: the chat page served over a copy of demo/ with the bundled model and
   the background poller; a story is published on the local feed, the poller's clock moved on
   by the feed's interval, and the page's `ask` API asked until an answer cites the new entry.
   What a user waits is at most the feed's interval plus this time.
"""

from __future__ import annotations

import argparse
import http.server
import json
import os
import platform
import resource
import shutil
import socket
import statistics
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PUBLISHED = [
    (
        "Lakeside ferry",
        "The Lakeside ferry resumed sailing on Monday after a strike by its 40 "
        "crew members ended with a 6% pay rise.",
        "When did the Lakeside ferry resume sailing?",
    ),
    (
        "Orchard cold snap",
        "A cold snap destroyed about a third of the apple blossom in the Vinsel "
        "valley, growers said on Tuesday.",
        "How much apple blossom did the cold snap destroy?",
    ),
    (
        "Library reopens",
        "The Grenholm public library reopened on Wednesday after a two-year "
        "renovation that cost 14 million euros.",
        "How much did the Grenholm library renovation cost?",
    ),
    (
        "Tram line approved",
        "Councillors in Brevik approved a new 9-kilometre tram line on Thursday by 31 votes to 12.",
        "By how many votes did Brevik approve the tram line?",
    ),
    (
        "Marathon record",
        "Runner Ida Solberg won the Tarnow marathon on Sunday in 2 hours 21 "
        "minutes, a course record.",
        "Who won the Tarnow marathon?",
    ),
]


def rss(title: str, items: list[tuple[str, str, str]]) -> bytes:
    body = "".join(
        f"<item><guid>{guid}</guid><title>{head}</title><pubDate>Mon, 07 Dec 2026 08:00:00 GMT"
        f"</pubDate><description>{text}</description></item>"
        for guid, head, text in items
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>{body}'
        "</channel></rss>"
    ).encode()


class FeedServer:
    """Feeds on loopback: path -> (body, etag); answers 304 to the current ETag."""

    def __init__(self, latency: float) -> None:
        self.feeds: dict[str, tuple[bytes, str]] = {}
        feeds = self.feeds

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802
                time.sleep(latency)
                body, etag = feeds.get(self.path, (b"", ""))
                status = (
                    404 if not body else 304 if self.headers.get("If-None-Match") == etag else 200
                )
                self.send_response(status)
                self.send_header("ETag", etag)
                payload = body if status == 200 else b""
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def bench_poll(feeds: int, entries: int, latency: float, workers: int) -> dict:
    from assistant.follow import subscriptions
    from assistant.follow.poll import poll

    server = FeedServer(latency)
    root = Path(tempfile.mkdtemp(prefix="bench-follow-"))
    corpus, store = root / "corpus", root / "store"
    corpus.mkdir()
    subs = []
    for f in range(feeds):
        items = [
            (f"f{f}-e{e}", f"Story {e} of feed {f}", f"Feed {f} reports story {e}: " + "word " * 80)
            for e in range(entries)
        ]
        server.feeds[f"/feed{f}"] = (rss(f"Outlet {f}", items), f'"{f}-1"')
        subs.append(subscriptions.Subscription(f"{server.url}/feed{f}"))
    subscriptions.write(corpus, subs)
    timings = {}
    for name in ("first", "unchanged", "etag_changed"):
        if name == "etag_changed":
            for path, (body, etag) in server.feeds.items():
                server.feeds[path] = (body, etag.replace("-1", "-2"))
        started = time.perf_counter()
        report = poll(corpus, store, workers=workers)
        seconds = time.perf_counter() - started
        timings[name] = {
            "seconds": round(seconds, 2),
            "new": sum(f.new for f in report.feeds),
            "failed": sum(f.outcome == "failed" for f in report.feeds),
        }
    files = sum(1 for _ in (corpus / "feeds").rglob("*.json"))
    server.server.shutdown()
    shutil.rmtree(root)
    return {"workers": workers, "files_written": files, **timings}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_publication(trials: int) -> dict:
    from gradio_client import Client

    from assistant.app import Assistant
    from assistant.config import load_settings
    from assistant.follow import subscriptions
    from assistant.follow.poller import FeedPoller
    from assistant.web.page import launch

    server = FeedServer(0.0)
    root = Path(tempfile.mkdtemp(prefix="bench-publish-"))
    corpus = root / "corpus"
    shutil.copytree(REPO / "demo", corpus)
    subscriptions.write(corpus, [subscriptions.Subscription(f"{server.url}/rss", every=60)])
    server.feeds["/rss"] = (rss("Loopback Herald", []), '"0"')
    assistant = Assistant(load_settings(corpus_dir=corpus, store_dir=root / "store"))
    assistant.sync()
    moved_on = [timedelta(0)]
    poller = FeedPoller(
        corpus,
        assistant.settings.store_path,
        clock=lambda: datetime.now(UTC) + moved_on[0],
    )  # the default check, every 15 s
    port = free_port()
    served = launch(assistant, port=port, block=False, poller=poller)
    api = Client(f"http://127.0.0.1:{port}/", verbose=False)
    items, seconds = [], []
    try:
        for n, (head, text, question) in enumerate(PUBLISHED[:trials]):
            items.insert(0, (f"story-{n}", head, text))
            server.feeds["/rss"] = (rss("Loopback Herald", items), f'"{n + 1}"')
            moved_on[0] += timedelta(minutes=60)  # the feed falls due now
            poller.wake()  # as at a check; the wait for the check is measured apart
            started = time.perf_counter()
            while time.perf_counter() - started < 120:
                answer = api.predict(question, 5, "", "", api_name="/ask")
                if any(f"story-{n}" in c["article"] for c in answer["citations"]):
                    seconds.append(round(time.perf_counter() - started, 2))
                    break
                time.sleep(0.2)
            else:
                seconds.append(None)
    finally:
        served.close()
        server.server.shutdown()
        shutil.rmtree(root)
    found = [s for s in seconds if s is not None]
    return {
        "trials": seconds,
        "answered": f"{len(found)} of {len(seconds)}",
        "p50_s": statistics.median(found) if found else None,
        "max_s": max(found) if found else None,
        "check_seconds": poller.check_seconds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=50)
    parser.add_argument("--entries", type=int, default=50)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--trials", type=int, default=5)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from assistant.follow.poll import WORKERS

    latency = args.latency_ms / 1000
    sequential = bench_poll(args.feeds, args.entries, latency, 1)
    concurrent = bench_poll(args.feeds, args.entries, latency, WORKERS)
    result = {
        "date": datetime.now(UTC).date().isoformat(),
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores",
        "poll": {
            "feeds": args.feeds,
            "entries_per_feed": args.entries,
            "server_latency_ms": args.latency_ms,
            "sequential": sequential,
            "concurrent": concurrent,
            "speedup_first": round(
                sequential["first"]["seconds"] / concurrent["first"]["seconds"], 2
            ),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        },
        "publication_to_answer": bench_publication(args.trials),
    }
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
