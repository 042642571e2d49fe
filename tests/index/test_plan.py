import hashlib
import json
import os
from types import SimpleNamespace

from assistant.config import load_settings
from assistant.index.file_states import FileState, IndexedFiles
from assistant.index.plan import INDEX_FORMAT, plan
from assistant.ingest.reading import READING_VERSION

STORY = "Drone makers\n\nBaykar builds drones in Istanbul. Engineers test them at sea.\n"


def state(path, **changes) -> FileState:
    st = path.stat()
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    return FileState(**{"size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha": sha, **changes})


def read_only_store(meta: dict, states: dict[str, FileState]):
    """A store that can only be read: any write plan() tried would fail on a missing part."""
    return SimpleNamespace(
        meta=SimpleNamespace(read=lambda: dict(meta)),
        files=SimpleNamespace(read=lambda: IndexedFiles(dict(states), "t1", from_cache=True)),
    )


def corpus_and_store(folder):
    """A corpus folder and what a store indexed from it before: one file of each kind."""
    for name in ("kept", "touched", "edited", "half", "copy"):
        (folder / f"{name}.txt").write_text(f"{name.title()}\n\nSome text of {name}.\n")
    (folder / "copy.txt").write_text((folder / "edited.txt").read_text())
    states = {p.name: state(p) for p in folder.iterdir()}
    states["copy.txt"] = state(folder / "copy.txt", duplicate_of="edited.txt")
    states["gone.txt"] = FileState(3, 4, "gone")
    path = folder / "touched.txt"
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    (folder / "edited.txt").write_text("Edited\n\nOther text now.\n")
    (folder / "new.txt").write_text(STORY)
    (folder / "notes.pdf").write_bytes(b"%PDF")
    meta = {
        "embedding_model": "fake-bow",
        "chunk_vectors": "derived",
        "index_format": INDEX_FORMAT,
        "reading_version": READING_VERSION,
        "generation": "g1",
        "pending": json.dumps(["half.txt"]),
    }
    return meta, states


def test_plan_finds_what_changed_without_writing(empty_corpus):
    meta, states = corpus_and_store(empty_corpus)
    todo = plan(load_settings(), read_only_store(meta, states), "fake-bow")
    # changed, new or journaled ones in scan order, then the copy whose original changed
    assert todo.to_index == ["edited.txt", "half.txt", "new.txt", "copy.txt"]
    assert todo.removed == ["gone.txt"]
    assert todo.touched == {"touched.txt": state(empty_corpus / "touched.txt")}
    # kept and touched: the copy's bytes did not change, but its records are made again
    assert todo.unchanged == 2 and todo.pending == {"half.txt"}
    assert todo.originals == {
        states["kept.txt"].sha: "kept.txt",
        states["touched.txt"].sha: "touched.txt",
    }
    assert todo.ignored == ["notes.pdf"] and todo.skipped == []
    assert (todo.generation, todo.reset) == ("g1", "")
    assert todo.journal == {"edited.txt", "half.txt", "new.txt", "copy.txt", "gone.txt"}


def test_plan_for_a_store_of_another_format_reindexes_everything(empty_corpus):
    meta, states = corpus_and_store(empty_corpus)
    todo = plan(load_settings(), read_only_store({**meta, "index_format": 1}, states), "fake-bow")
    assert todo.reset.startswith(
        f"the index was written in format 1, this version reads format {INDEX_FORMAT}"
    )
    assert sorted(todo.to_index) == sorted(p.name for p in empty_corpus.glob("*.txt"))


def test_plan_for_readings_of_older_rules_reads_every_article_again(empty_corpus):
    meta, states = corpus_and_store(empty_corpus)
    todo = plan(
        load_settings(), read_only_store({**meta, "reading_version": 1}, states), "fake-bow"
    )
    assert todo.reread.startswith("the sentence readings were made by version 1")
    assert todo.reset == ""  # the vectors are kept
    assert sorted(todo.to_index) == sorted(p.name for p in empty_corpus.glob("*.txt"))
    assert plan(load_settings(), read_only_store(meta, states), "fake-bow").reread == ""


def test_plan_for_another_model_reindexes_everything(empty_corpus):
    meta, states = corpus_and_store(empty_corpus)
    todo = plan(load_settings(), read_only_store(meta, states), "other-model")
    assert todo.reset.startswith("embeddings changed (fake-bow with chunk vectors derived")
    assert sorted(todo.to_index) == [
        "copy.txt",
        "edited.txt",
        "half.txt",
        "kept.txt",
        "new.txt",
        "touched.txt",
    ]
    assert (todo.removed, todo.touched, todo.pending, todo.generation) == ([], {}, set(), "")


def test_plan_skips_files_too_large(empty_corpus, monkeypatch):
    (empty_corpus / "big.txt").write_text(STORY * 100)
    monkeypatch.setenv("ASSISTANT_CORPUS__MAX_FILE_MB", "0.001")
    todo = plan(load_settings(), read_only_store({}, {}), "fake-bow")
    assert todo.to_index == [] and [p for p, _ in todo.skipped] == ["big.txt"]


def snapshot(assistant) -> dict:
    """Everything a sync writes: records, sync state, local caches."""
    store = assistant.store
    c = store.collections
    files = sorted(p for p in store.path.rglob("*") if p.is_file() and "chroma" not in p.parts)
    return {
        "counts": store.reader.counts(),
        "meta": store.meta.read(),
        "articles": c.articles.get(include=["metadatas"]),
        "chunks": c.chunks.get(include=[])["ids"],
        "local": {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in files},
    }


def test_plan_on_a_real_store_writes_nothing(empty_corpus, make_assistant, fake_embedder):
    (empty_corpus / "a.txt").write_text(STORY)
    (empty_corpus / "b.txt").write_text("Wolves\n\nWolves roam Poland. Farmers worry.\n")
    (empty_corpus / "c.txt").write_text("Bees\n\nBees swarm.\n")
    assistant = make_assistant()
    assistant.sync()
    (empty_corpus / "a.txt").write_text(STORY.replace("at sea", "in the desert"))
    (empty_corpus / "b.txt").unlink()
    (empty_corpus / "d.txt").write_text("Bottles\n\nA bottle was found in the Baltic.\n")
    path = empty_corpus / "c.txt"
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    before = snapshot(assistant)
    fake_embedder.embedded.clear()
    todo = plan(assistant.settings, assistant.store, fake_embedder.name)
    assert snapshot(assistant) == before and fake_embedder.embedded == []
    assert (todo.to_index, todo.removed, list(todo.touched)) == (
        ["a.txt", "d.txt"],
        ["b.txt"],
        ["c.txt"],
    )
    report = assistant.sync()
    assert (report.updated, report.added, report.removed) == (["a.txt"], ["d.txt"], ["b.txt"])
    assert report.unchanged == 1 and not assistant.sync().changed


def test_a_write_while_a_touched_file_is_hashed_is_caught_by_the_next_sync(
    empty_corpus, monkeypatch
):
    """The stat recorded for a touched file is the one taken before its bytes were read, so an
    edit landing right after the read leaves a stat that differs from the file's: the next sync
    reads it again instead of trusting stale bytes."""
    path = empty_corpus / "story.txt"
    path.write_text(STORY)
    states = {"story.txt": state(path)}
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    read_bytes = type(path).read_bytes

    def read_then_edit(self):
        data = read_bytes(self)
        if self.name == "story.txt":
            self.write_text(STORY + "A later paragraph.\n")
        return data

    meta = {
        "embedding_model": "fake-bow",
        "chunk_vectors": "derived",
        "index_format": INDEX_FORMAT,
        "reading_version": READING_VERSION,
    }
    with monkeypatch.context() as patch:
        patch.setattr(type(path), "read_bytes", read_then_edit)
        todo = plan(load_settings(), read_only_store(meta, states), "fake-bow")
    assert list(todo.touched) == ["story.txt"]
    after = plan(load_settings(), read_only_store(meta, todo.touched), "fake-bow")
    assert after.to_index == ["story.txt"]
