import pytest

from assistant.index.snapshot import Snapshot, Snapshots
from assistant.index.store import Store
from assistant.types import Published
from tests.index.helpers import indexed_article


class Meta:
    """A published view that moves on when told to (as a sync elsewhere would)."""

    def __init__(self, *views: Published) -> None:
        self.views = list(views)

    def published(self) -> Published:
        return self.views[0] if len(self.views) == 1 else self.views.pop(0)


def counting(reads: list):
    def read(generation: str) -> Snapshot:
        reads.append(generation)
        return Snapshot(generation, {}, {}, {}, {})

    return read


def test_one_read_per_generation():
    reads = []
    meta = Meta(Published("g1"))
    snapshots = Snapshots(counting(reads), meta)
    assert snapshots.current().generation == "g1"
    snapshots.current()
    snapshots.current(Published("g1"))
    assert reads == ["g1"]
    meta.views = [Published("g2")]
    assert snapshots.current().generation == "g2" and reads == ["g1", "g2"]


def test_a_read_that_straddles_a_sync_is_not_kept():
    reads = []
    # a sync starts while the records are read: the view after the read differs
    meta = Meta(Published("g1"), Published("g1", frozenset({"a.txt"})), Published("g1"))
    snapshots = Snapshots(counting(reads), meta)
    snapshots.current()
    snapshots.current()
    assert reads == ["g1", "g1"]


def test_a_store_never_synced_is_read_each_time():
    reads = []
    snapshots = Snapshots(counting(reads), Meta(Published("")))
    snapshots.current()
    snapshots.current()
    assert reads == ["", ""]


@pytest.mark.integration  # Chroma on disk
def test_a_snapshot_holds_every_article_with_its_sentences_and_chunks(tmp_path):
    store = Store(tmp_path / "store")
    article, sentences, chunks = indexed_article(store)
    indexed_article(store, "b.md", "Delta boats sail.")
    snapshot = store.reader.snapshot("g1")
    assert set(snapshot.infos) == {"a.md", "b.md"} and snapshot.sentences("a.md") == sentences
    assert snapshot.sentences("nowhere.md") == []
    ids, paths, texts = snapshot.chunks()
    assert ids[: len(chunks)] == [c.id for c in chunks] and paths[0] == "a.md"
    assert texts[: len(chunks)] == [c.indexed_text for c in chunks]  # what BM25 read before
