"""The index on a real Chroma server (`chroma run`, loopback only), as with --chroma-url."""

import json
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.question import Question
from tests.conftest import SEED

pytestmark = [pytest.mark.integration, pytest.mark.slow]

CHROMA = Path(sys.executable).with_name("chroma")
ASSISTANT = Path(sys.executable).with_name("assistant")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def chroma_url(tmp_path):
    """A Chroma server of its own on a free loopback port, stopped after the test."""
    import chromadb

    port = free_port()
    log = (tmp_path / "chroma.log").open("w")
    server = subprocess.Popen(
        [
            str(CHROMA),
            "run",
            "--path",
            str(tmp_path / "server-data"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            chromadb.HttpClient(host="127.0.0.1", port=port).heartbeat()
            break
        except Exception:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"chroma run did not start: {(tmp_path / 'chroma.log').read_text()}")
            time.sleep(0.3)
    yield f"http://127.0.0.1:{port}"
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
    log.close()


def cli(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run([str(ASSISTANT), *args], capture_output=True, text=True, timeout=600)
    if check:
        assert done.returncode == 0, done.stderr
    return done


def test_ingest_ask_delete_through_the_command(corpus, chroma_url, tmp_path):
    store = tmp_path / "local"
    common = ["--corpus", str(corpus), "--store", str(store), "--chroma-url", chroma_url]
    first = cli(*common, "ingest")
    assert "11 added" in first.stdout
    assert not (store / "chroma").exists() and (store / "bm25").is_dir()  # only local caches
    status = cli(*common, "status", "--verify").stdout
    assert f"store:      {chroma_url}" in status and "articles:   11" in status

    answer = json.loads(
        cli(*common, "ask", "--json", "Which companies will Nakatani tour in Istanbul?").stdout
    )
    assert answer["citations"] and answer["citations"][0]["article"] == SEED

    (corpus / SEED).unlink()
    removed = cli(*common, "ingest").stdout
    assert "1 removed" in removed and "10 unchanged" in removed
    assert "articles:   10" in cli(*common, "status", "--verify").stdout
    after = json.loads(
        cli(*common, "ask", "--json", "Which companies will Nakatani tour in Istanbul?").stdout
    )
    assert all(c["article"] != SEED for c in after["citations"] + after["related"])


def test_server_holds_the_whole_index(corpus, chroma_url, tmp_path, make_assistant):
    """A second machine (another store folder, no BM25 cache) answers from the same server."""
    settings = {"store": {"chroma_url": chroma_url}}
    one = make_assistant(store_dir=tmp_path / "one", **settings)
    assert len(one.sync().added) == 11
    shutil.rmtree(tmp_path / "one")
    other = make_assistant(store_dir=tmp_path / "two", **settings)
    assert other.sync().unchanged == 11
    hits = other.retriever.search(Question.read("Which companies will Nakatani tour in Istanbul?"))
    assert hits and hits[0].article.id == SEED
    assert other.status().store == chroma_url


def test_unreachable_server_is_one_clear_error(corpus, tmp_path):
    done = cli(
        "--corpus",
        str(corpus),
        "--store",
        str(tmp_path / "s"),
        "--chroma-url",
        f"http://127.0.0.1:{free_port()}",
        "status",
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.startswith("error: cannot open the index store at http://127.0.0.1:")
