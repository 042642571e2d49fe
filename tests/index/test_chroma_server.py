"""The index on a real Chroma server (`chroma run`, loopback only), as with --chroma-url."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.question import Question
from bench.chroma_server import chroma_server, free_port
from tests.conftest import SEED

pytestmark = [pytest.mark.integration, pytest.mark.slow]

ASSISTANT = Path(sys.executable).with_name("assistant")


@pytest.fixture
def chroma_url(tmp_path):
    """A Chroma server of its own on a free loopback port, stopped after the test."""
    try:
        with chroma_server(tmp_path / "server-data", tmp_path / "chroma.log") as served:
            yield served.url
    except RuntimeError as exc:
        pytest.fail(str(exc))


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


def test_a_replica_answers_from_the_writer_s_files_without_rebuilding(
    corpus, chroma_url, tmp_path, make_assistant, monkeypatch
):
    """Issue 31: the writer publishes what a replica needs beside its store (each generation's
    BM25 index and article facts); a replica given that folder (shared read-only, e.g. over
    NFS) reads neither every chunk nor every article record from the server, and writes
    nothing there."""
    from assistant.index.reader import Reader

    shared = tmp_path / "writer"
    make_assistant(store_dir=shared, store={"chroma_url": chroma_url}).sync()
    before = {p: p.stat().st_mtime_ns for p in shared.rglob("*")}

    def rebuilt(*args, **kwargs):
        raise AssertionError("the replica rebuilt what the writer had published")

    monkeypatch.setattr(Reader, "all_chunks", rebuilt)
    monkeypatch.setattr(Reader, "_pages", rebuilt)
    replica = make_assistant(store_dir=shared, store={"chroma_url": chroma_url, "read_only": True})
    answer = replica.ask("Which companies will Nakatani tour in Istanbul?")
    assert answer.citations and answer.citations[0].article == SEED
    assert {p: p.stat().st_mtime_ns for p in shared.rglob("*")} == before


def test_a_replica_on_a_read_only_copy_still_answers_when_it_must_build(
    corpus, chroma_url, tmp_path, make_assistant, monkeypatch
):
    """Without the writer's files (another generation, or none), the replica builds what it
    needs from the server; a folder it cannot write to only costs the saving."""
    from assistant.index import bm25, reader

    make_assistant(store_dir=tmp_path / "writer", store={"chroma_url": chroma_url}).sync()

    def read_only(*args, **kwargs):
        raise PermissionError("read-only file system")

    monkeypatch.setattr(bm25.LexicalIndex, "save", read_only)
    monkeypatch.setattr(reader, "save_facts", read_only)
    replica = make_assistant(
        store_dir=tmp_path / "replica", store={"chroma_url": chroma_url, "read_only": True}
    )
    answer = replica.ask("Which companies will Nakatani tour in Istanbul?")
    assert answer.citations and answer.citations[0].article == SEED
