import pytest

from assistant.index.store import Store
from tests.index.helpers import indexed_article


@pytest.mark.integration  # Chroma on disk
def test_reset_drops_everything(tmp_path):
    store = Store(tmp_path / "store")
    indexed_article(store)
    store.meta.update(generation="g1")
    store.collections.reset()
    assert store.reader.counts() == (0, 0, 0) and store.meta.read() == {}
