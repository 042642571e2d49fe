import pytest

from assistant.index.chroma import date_number
from assistant.index.store import Store
from tests.index.helpers import indexed_article


def test_date_number():
    assert date_number("2025-08-19") == 20250819 and date_number("unknown") == 0


@pytest.mark.integration  # Chroma on disk
def test_reset_drops_everything(tmp_path):
    store = Store(tmp_path / "store")
    indexed_article(store)
    store.meta.update(generation="g1")
    store.collections.reset()
    assert store.reader.counts() == (0, 0, 0) and store.meta.read() == {}
