import pytest

from assistant.errors import StoreError
from assistant.index.chroma import date_number
from assistant.index.store import Store
from tests.fakes import FakeEmbedder
from tests.index.helpers import indexed_article


@pytest.mark.integration  # Chroma on disk
def test_reads_of_an_article(tmp_path):
    store = Store(tmp_path / "store")
    article, sentences, chunks = indexed_article(store, meta={"date": "2025-08-19", "source": "AP"})
    assert store.reader.counts() == (1, len(sentences), len(chunks))
    info = store.reader.article_infos()["a.md"]
    assert (info.title, info.date, info.source, info.sentences) == (
        "Head a.md",
        "2025-08-19",
        "AP",
        3,
    )
    assert store.reader.article_text("a.md") == article.text
    got, vectors = store.reader.get_sentences([sentences[2].id, "missing::s9", sentences[0].id])
    assert [s.text for s in got] == [sentences[2].text, sentences[0].text]
    assert got[0] == sentences[2] and vectors.shape == (2, 256)
    with pytest.raises(StoreError, match="not in the index"):
        store.reader.article_text("b.md")


@pytest.mark.integration  # Chroma on disk
def test_search_chunks_with_where(tmp_path):
    store = Store(tmp_path / "store")
    indexed_article(store, "old.md", "Drones over the sea.", {"date": "2020-01-01"})
    indexed_article(store, "new.md", "Drones over the sea.", {"date": "2025-01-01"})
    query = FakeEmbedder().embed(["drones sea"])[0]
    hits = store.reader.search_chunks(query, 5)
    assert {m["article_id"] for _, m, _ in hits} == {"old.md", "new.md"}
    hits = store.reader.search_chunks(query, 5, {"date": {"$gte": date_number("2024-01-01")}})
    assert [m["article_id"] for _, m, _ in hits] == ["new.md"]
    assert 0 < hits[0][2] <= 1.0001
    [(cid, _, cosine)] = hits
    vectors = store.reader.chunk_vectors([cid, "nowhere::c0"])
    assert list(vectors) == [cid] and abs(float(vectors[cid] @ query) - cosine) < 1e-4
