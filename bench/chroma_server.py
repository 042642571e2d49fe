"""A `chroma run` of its own on a free loopback port: the scale bench's replicas and the tests'."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

CHROMA = Path(sys.executable).with_name("chroma")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass(frozen=True)
class Served:
    url: str
    pid: int

    def peak_rss_mb(self) -> float:
        """The server process's high-water resident set so far (Linux /proc)."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
        return 0.0


@contextmanager
def chroma_server(path: Path, log: Path, timeout: float = 60) -> Iterator[Served]:
    """`chroma run --path path` until the block ends; its output in `log`. Raises RuntimeError
    with the log's text if it does not answer a heartbeat within `timeout` seconds."""
    import chromadb

    port = free_port()
    with log.open("w") as out:
        server = subprocess.Popen(
            [str(CHROMA), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    chromadb.HttpClient(host="127.0.0.1", port=port).heartbeat()
                    break
                except Exception:
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(f"chroma run did not start: {log.read_text()}") from None
                    time.sleep(0.3)
            yield Served(f"http://127.0.0.1:{port}", server.pid)
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
