import numpy as np
import pytest

from assistant.index.chroma import text_hash
from assistant.index.store import Store
from tests.fakes import FakeEmbedder
from tests.index.helpers import indexed_article


@pytest.mark.integration  # Chroma on disk
def test_known_vectors_finds_stored_text(tmp_path):
    store = Store(tmp_path / "store")
    _, sentences, _ = indexed_article(store)
    found = store.embeddings.known([text_hash(sentences[0].text), text_hash("never stored")])
    assert list(found) == [text_hash(sentences[0].text)]
    assert np.allclose(
        found[text_hash(sentences[0].text)], FakeEmbedder().embed([sentences[0].text])[0]
    )
