import numpy as np
import pytest

from assistant.index.chroma import text_hash
from assistant.index.store import Store
from tests.fakes import FakeEmbedder
from tests.index.helpers import indexed_article


@pytest.mark.integration  # Chroma on disk
def test_known_vectors_finds_stored_text(tmp_path):
    store = Store(tmp_path / "store")
    article, sentences, chunks = indexed_article(store)
    indexed_article(store, "b.md", "Delta boats sail.")
    wanted = [text_hash(s.text) for s in sentences[:2]] + [text_hash("never stored")]
    chunk = text_hash(chunks[0].indexed_text)
    # chunk texts anywhere in the store; sentences on the records of the files named
    assert list(store.embeddings.known([*wanted, chunk])) == [chunk]
    assert store.embeddings.known([*wanted, chunk], chunks=False) == {}
    found = store.embeddings.known([*wanted, chunk], paths=["a.md"])
    assert sorted(found) == sorted([*wanted[:2], chunk])
    assert store.embeddings.known(wanted, paths=["b.md"]) == {}
    # headlines are not embedded: an article record's vector is a placeholder
    assert store.embeddings.known([text_hash(article.title)]) == {}
    # int4 in the store: within a rounding step of each component
    expected = FakeEmbedder().embed([sentences[0].text])[0]
    assert np.allclose(found[wanted[0]], expected, atol=np.abs(expected).max() / 14 + 1e-6)
