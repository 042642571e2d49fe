import pytest

from assistant.errors import StoreError
from assistant.index.store import Store
from tests.index.helpers import indexed_article


@pytest.mark.integration  # Chroma on disk
def test_unusable_store_path(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError, match="cannot open the index store"):
        Store(blocker)


@pytest.mark.integration  # Chroma on disk
def test_every_part_uses_the_collections_made_by_a_reset(tmp_path):
    store = Store(tmp_path / "store")
    indexed_article(store)
    store.collections.reset()
    assert store.reader.counts() == (0, 0, 0)
    assert store.files.read().states == {}
    indexed_article(store, "b.md")
    assert store.reader.counts()[0] == 1 and list(store.files.read().states) == ["b.md"]
