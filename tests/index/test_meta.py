import pytest

from assistant.index.store import Store


@pytest.mark.integration  # Chroma on disk
def test_meta_is_persistent_and_merged(tmp_path):
    store = Store(tmp_path / "store")
    store.meta.update(generation="g1", last_sync="t")
    store.meta.update(pending="[]")
    assert Store(tmp_path / "store").meta.read() == {
        "generation": "g1",
        "last_sync": "t",
        "pending": "[]",
    }
