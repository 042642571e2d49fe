import json
import os
from types import SimpleNamespace

import pytest

from assistant.index.file_states import FileState, FileStates
from assistant.index.store import Store
from tests.index.helpers import indexed_article

OLD_RECORD = {"file_size": 5, "file_mtime_ns": 6, "file_sha": "ab", "duplicate_of": "b.md"}
"""The file-state keys of an article record, as every store since file states were kept has
them (and as the local cache file holds them)."""


def test_file_state_reads_and_writes_the_stored_keys():
    state = FileState.from_metadata({**OLD_RECORD, "path": "a.md", "title": "T"})
    assert state == FileState(size=5, mtime_ns=6, sha="ab", duplicate_of="b.md")
    assert state.to_metadata() == OLD_RECORD
    # new stat data leaves the copy mark of the record alone
    assert "duplicate_of" not in state.stat_metadata()


def test_file_state_of_a_file(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"abc")
    state = FileState.of(path)
    assert (state.size, state.mtime_ns, state.sha) == (3, path.stat().st_mtime_ns, "")
    assert state.hashed(b"abc").sha.startswith("ba7816bf") and state.same_stat(state.hashed(b"abc"))


def test_a_cache_file_written_by_older_versions_is_used(tmp_path):
    cache = tmp_path / "file-states.json"
    cache.write_text(json.dumps({"token": "t1", "states": {"a.md": OLD_RECORD}}))
    meta = SimpleNamespace(read=lambda: {"states": "t1"})
    indexed = FileStates(SimpleNamespace(), meta, cache).read()  # no collection is read
    assert indexed.from_cache and indexed.token == "t1"
    assert indexed.states == {"a.md": FileState.from_metadata(OLD_RECORD)}


@pytest.mark.integration  # Chroma on disk
def test_file_states_are_cached_until_any_client_changes_them(tmp_path):
    store = Store(tmp_path / "store")
    indexed_article(store)
    first = store.files.read()
    assert not first.from_cache and not (tmp_path / "store" / "file-states.json").exists()
    store.files.save(first)
    assert (tmp_path / "store" / "file-states.json").exists()
    again = store.files.read()
    assert again.from_cache and again.states == first.states
    # another machine writing to the same (server) database, with its own local folder
    other = Store(tmp_path / "other", client=store.collections.client)
    other.files.update("a.md", FileState(5, 6, "x"))
    assert store.files.read().states["a.md"] == FileState(size=5, mtime_ns=6, sha="x")
    other.writer.remove_paths(["a.md"])
    assert store.files.read().states == {}


@pytest.mark.integration  # Chroma on disk
def test_after_a_changing_sync_the_cache_holds_what_a_full_read_gives(empty_corpus, make_assistant):
    for name in ("a", "b", "c"):
        (empty_corpus / f"{name}.txt").write_text(f"Story {name}\n\nDrones fly over {name}.\n")
    assistant = make_assistant()
    assistant.sync()
    (empty_corpus / "a.txt").write_text("Story a\n\nBoats sail instead.\n")  # changed
    (empty_corpus / "b.txt").unlink()  # removed
    (empty_corpus / "d.txt").write_text("Story d\n\nWolves roam.\n")  # added
    (empty_corpus / "d-copy.txt").write_bytes((empty_corpus / "d.txt").read_bytes())
    os.utime(empty_corpus / "c.txt", ns=(1, 1))  # touched, bytes unchanged
    assistant.sync()
    files = assistant.store.files
    cached = files.read()
    assert cached.from_cache  # refreshed from the paths the sync changed, not read whole
    cache = files.cache
    cache.unlink()
    assert files.read().states == cached.states
    assert set(cached.states) == {"a.txt", "c.txt", "d.txt", "d-copy.txt"}
