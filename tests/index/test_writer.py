import numpy as np
import pytest

from assistant.errors import StoreError
from assistant.index.file_states import FileState
from assistant.index.schema import ChunkRecord
from assistant.index.store import Store
from tests.fakes import FakeEmbedder
from tests.index.helpers import BODY, indexed_article


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


@pytest.mark.integration  # Chroma on disk
def test_each_sentence_vector_is_stored_once_on_the_first_chunk_that_holds_it(tmp_path):
    store = Store(tmp_path / "store")
    _, sentences, chunks = indexed_article(store, body=BODY)
    assert len(chunks) > 2 and any(c.first <= p.last for p, c in zip(chunks, chunks[1:]))
    got = store.collections.chunks.get(include=["metadatas"])
    metas = got["metadatas"]
    records = [ChunkRecord.from_metadata(cid, m) for cid, m in zip(got["ids"], metas)]
    carried = sorted(i for r in records for i in r.owned)
    assert carried == list(range(len(sentences)))
    assert sum(key.startswith("v") for m in metas for key in m) == len(sentences)
    embedded = FakeEmbedder().embed([s.text for s in sentences])
    for r in records:
        assert np.allclose(r.held_vectors(), embedded[list(r.owned)], atol=0.05)
