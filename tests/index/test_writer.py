import pytest

from assistant.errors import StoreError
from assistant.index.file_states import FileState
from assistant.index.store import Store
from tests.index.helpers import indexed_article


@pytest.mark.integration  # Chroma on disk
def test_add_and_remove(tmp_path):
    store = Store(tmp_path / "store")
    article, sentences, chunks = indexed_article(store)
    assert store.reader.counts() == (1, len(sentences), len(chunks))
    assert store.reader.article_text("a.md") == article.text
    assert store.files.read().states == {"a.md": FileState(1, 2, "x")}
    store.writer.remove_paths(["a.md"])
    assert store.reader.counts() == (0, 0, 0)
    with pytest.raises(StoreError, match="not in the index"):
        store.reader.article_text("a.md")


@pytest.mark.integration  # Chroma on disk
def test_file_state_keys_of_an_article_record_are_the_ones_older_stores_hold(tmp_path):
    store = Store(tmp_path / "store")
    indexed_article(store, "a.md", state=FileState(1, 2, "x"))
    indexed_article(store, "b.md", state=FileState(1, 3, "x", duplicate_of="a.md"))
    got = store.collections.articles.get(include=["metadatas"])
    keys = ("file_size", "file_mtime_ns", "file_sha", "duplicate_of", "duplicate")
    assert {m["path"]: tuple(m[k] for k in keys) for m in got["metadatas"]} == {
        "a.md": (1, 2, "x", "", False),
        "b.md": (1, 3, "x", "a.md", True),
    }
