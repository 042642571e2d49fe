import pytest

from assistant.index.snapshot import Snapshot, Snapshots
from assistant.index.store import Store
from assistant.types import Published
from tests.fakes import no_records
from tests.index.helpers import indexed_article


class Meta:
    """A published view that moves on when told to (as a sync elsewhere would), and the sync
    state that says what the last sync changed."""

    def __init__(self, *views: Published, state: dict | None = None) -> None:
        self.views = list(views)
        self.state = state or {}

    def published(self) -> Published:
        return self.views[0] if len(self.views) == 1 else self.views.pop(0)

    def read(self) -> dict:
        return self.state


def counting(reads: list):
    def read(generation: str, base: Snapshot | None = None, paths=()) -> Snapshot:
        reads.append((generation, base.generation if base else None, list(paths)))
        return Snapshot(generation, {}, {}, no_records())

    return read


def test_one_read_per_generation():
    reads = []
    meta = Meta(Published("g1"))
    snapshots = Snapshots(counting(reads), meta)
    assert snapshots.current().generation == "g1"
    snapshots.current()
    snapshots.current(Published("g1"))
    assert reads == [("g1", None, [])]
    meta.views = [Published("g2")]
    assert snapshots.current().generation == "g2" and reads[1] == ("g2", None, [])


def test_a_sync_that_listed_its_changes_is_read_on_top_of_the_kept_snapshot():
    reads = []
    meta = Meta(Published("g1"))
    snapshots = Snapshots(counting(reads), meta)
    snapshots.current()
    meta.views = [Published("g2")]
    meta.state = {"previous_generation": "g1", "changed": '["a.txt", "b.txt"]'}
    snapshots.current()
    assert reads[1] == ("g2", "g1", ["a.txt", "b.txt"])
    # a sync from another generation than the kept one, or one too big to list: all again
    meta.views = [Published("g4")]
    meta.state = {"previous_generation": "g3", "changed": '["c.txt"]'}
    snapshots.current()
    meta.views = [Published("g5")]
    meta.state = {"previous_generation": "g4", "changed": ""}
    snapshots.current()
    assert reads[2:] == [("g4", None, []), ("g5", None, [])]


def test_a_read_that_straddles_a_sync_is_not_kept():
    reads = []
    # a sync starts while the records are read: the view after the read differs
    meta = Meta(Published("g1"), Published("g1", frozenset({"a.txt"})), Published("g1"))
    snapshots = Snapshots(counting(reads), meta)
    snapshots.current()
    snapshots.current()
    assert [generation for generation, _, _ in reads] == ["g1", "g1"]


def test_a_store_never_synced_is_read_each_time():
    reads = []
    snapshots = Snapshots(counting(reads), Meta(Published("")))
    snapshots.current()
    snapshots.current()
    assert [generation for generation, _, _ in reads] == ["", ""]


@pytest.mark.integration  # Chroma on disk
def test_a_snapshot_holds_every_article_with_its_sentences_and_chunks(tmp_path):
    store = Store(tmp_path / "store")
    article, sentences, chunks = indexed_article(store)
    indexed_article(store, "b.md", "Delta boats sail.")
    snapshot = store.reader.snapshot("g1")
    assert set(snapshot.infos) == {"a.md", "b.md"} and snapshot.sentences("a.md") == sentences
    assert snapshot.sentences("nowhere.md") == [] and snapshot.text("b.md").endswith("sail.")
    ids, paths, texts = store.reader.all_chunks()
    assert ids[: len(chunks)] == [c.id for c in chunks] and paths[0] == "a.md"
    assert texts[: len(chunks)] == [c.indexed_text for c in chunks]  # what BM25 read before


@pytest.mark.integration  # Chroma on disk
def test_after_a_small_sync_the_snapshot_equals_a_full_read(empty_corpus, make_assistant):
    for name in ("a", "b", "c"):
        (empty_corpus / f"{name}.txt").write_text(f"Story {name}\n\nDrones fly over {name}.\n")
    assistant = make_assistant()
    assistant.sync()
    store = assistant.store
    before = store.snapshots.current()
    old_a, old_b = before.sentences("a.txt"), before.sentences("b.txt")  # read, and kept
    (empty_corpus / "a.txt").write_text("Story a\n\nBoats sail instead. Crews cheer.\n")
    (empty_corpus / "c.txt").unlink()
    (empty_corpus / "d.txt").write_text("Story d\n\nWolves roam.\n")
    (empty_corpus / "copy-of-b.txt").write_bytes((empty_corpus / "b.txt").read_bytes())
    assistant.sync()
    after = store.snapshots.current()
    full = store.reader.snapshot(after.generation)
    assert (after.infos, after.ranges) == (full.infos, full.ranges)
    reads = after.records.reads
    assert after.sentences("b.txt") is old_b and after.records.reads == reads  # not read again
    assert after.sentences("a.txt") != old_a  # its file changed: read again
    assert after.infos["b.txt"].also_in == ("copy-of-b.txt",)  # an unchanged file's relatives
    assert after.sentences("a.txt")[1].text == "Crews cheer." and "c.txt" not in after.infos


def test_outlets_and_authors_of_a_snapshot():
    from dataclasses import replace

    from tests.fakes import INFO

    infos = [replace(INFO, id="a", source="AP", authors=("Ana",)), replace(INFO, id="r")]
    snapshot = Snapshot("g1", {i.id: i for i in infos}, {}, no_records())
    assert snapshot.outlets == {"AP", INFO.source} and snapshot.authors == {"Ana", *INFO.authors}


def test_the_vector_holders_of_chunks_come_from_their_articles_chunk_ranges():
    # chunks (0, 2), (2, 2), (2, 4), (4, 6): their vectors ride on c0 (0-2), c2 (3-4), c3 (5-6)
    snapshot = Snapshot("g1", {}, {"a": "[[0,2],[2,2],[2,4],[4,6]]"}, no_records())
    assert snapshot.vector_holders(["a::c0"]) == {"a::c0"}
    assert snapshot.vector_holders(["a::c1"]) == {"a::c0"}  # a chunk that owns no vector
    assert snapshot.vector_holders(["a::c2"]) == {"a::c0", "a::c2"}
    assert snapshot.vector_holders(["a::c3", "a::c1"]) == {"a::c0", "a::c2", "a::c3"}
    # an article or a chunk the snapshot does not know (a sync is changing its file)
    assert snapshot.vector_holders(["b::c0", "a::c4"]) == set()
