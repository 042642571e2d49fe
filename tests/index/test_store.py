import numpy as np
import pytest

from assistant.errors import StoreError
from assistant.index.store import Store, date_number, text_hash
from assistant.ingest.chunking import Chunker
from assistant.ingest.files import build_article
from assistant.ingest.sentences import split_sentences
from tests.fakes import FakeEmbedder


def indexed_article(
    store,
    article_id="a.md",
    body="Alpha drones fly. Beta wolves run. Gamma ends.",
    meta=None,
    state=None,
):
    article = build_article(
        article_id, article_id, "md", f"Head {article_id}\n\n{body}", meta or {}
    )[0]
    sentences = split_sentences(article)
    chunks = Chunker()(article, sentences)
    texts = [article.title] + [s.text for s in sentences] + [c.indexed_text for c in chunks]
    vectors = {text_hash(t): v for t, v in zip(texts, FakeEmbedder().embed(texts))}
    store.add_article(
        article,
        sentences,
        chunks,
        vectors,
        state or {"file_size": 1, "file_mtime_ns": 2, "file_sha": "x"},
    )
    return article, sentences, chunks


@pytest.mark.integration  # Chroma on disk
def test_add_read_and_remove(tmp_path):
    store = Store(tmp_path / "store")
    article, sentences, chunks = indexed_article(store, meta={"date": "2025-08-19", "source": "AP"})
    assert store.counts() == (1, len(sentences), len(chunks))
    info = store.article_infos()["a.md"]
    assert (info.title, info.date, info.source, info.sentences) == (
        "Head a.md",
        "2025-08-19",
        "AP",
        3,
    )
    assert store.article_text("a.md") == article.text
    got, vectors = store.get_sentences([sentences[2].id, "missing::s9", sentences[0].id])
    assert [s.text for s in got] == [sentences[2].text, sentences[0].text]
    assert got[0] == sentences[2] and vectors.shape == (2, 256)
    assert store.file_states() == {
        "a.md": {"file_size": 1, "file_mtime_ns": 2, "file_sha": "x", "duplicate_of": ""}
    }
    store.remove_paths(["a.md"])
    assert store.counts() == (0, 0, 0)
    with pytest.raises(StoreError, match="not in the index"):
        store.article_text("a.md")


@pytest.mark.integration  # Chroma on disk
def test_known_vectors_finds_stored_text(tmp_path):
    store = Store(tmp_path / "store")
    _, sentences, _ = indexed_article(store)
    found = store.known_vectors([text_hash(sentences[0].text), text_hash("never stored")])
    assert list(found) == [text_hash(sentences[0].text)]
    assert np.allclose(
        found[text_hash(sentences[0].text)], FakeEmbedder().embed([sentences[0].text])[0]
    )


@pytest.mark.integration  # Chroma on disk
def test_search_chunks_with_where(tmp_path):
    store = Store(tmp_path / "store")
    indexed_article(store, "old.md", "Drones over the sea.", {"date": "2020-01-01"})
    indexed_article(store, "new.md", "Drones over the sea.", {"date": "2025-01-01"})
    query = FakeEmbedder().embed(["drones sea"])[0]
    assert {m["article_id"] for _, m, _ in store.search_chunks(query, 5)} == {"old.md", "new.md"}
    hits = store.search_chunks(query, 5, {"date": {"$gte": date_number("2024-01-01")}})
    assert [m["article_id"] for _, m, _ in hits] == ["new.md"]
    assert 0 < hits[0][2] <= 1.0001
    [(cid, _, cosine)] = hits
    vectors = store.chunk_vectors([cid, "nowhere::c0"])
    assert list(vectors) == [cid] and abs(float(vectors[cid] @ query) - cosine) < 1e-4


@pytest.mark.integration  # Chroma on disk
def test_meta_is_persistent_and_merged(tmp_path):
    store = Store(tmp_path / "store")
    store.set_meta(generation="g1", last_sync="t")
    store.set_meta(pending="[]")
    assert Store(tmp_path / "store").meta() == {
        "generation": "g1",
        "last_sync": "t",
        "pending": "[]",
    }


@pytest.mark.integration  # Chroma on disk
def test_reset_drops_everything(tmp_path):
    store = Store(tmp_path / "store")
    indexed_article(store)
    store.reset()
    assert store.counts() == (0, 0, 0)


def test_date_number():
    assert date_number("2025-08-19") == 20250819 and date_number("unknown") == 0


@pytest.mark.integration  # Chroma on disk
def test_unusable_store_path(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError, match="cannot open the index store"):
        Store(blocker)


@pytest.mark.integration  # Chroma on disk
def test_file_states_are_cached_until_any_client_changes_them(tmp_path):
    store = Store(tmp_path / "store")
    indexed_article(store)
    first = store.file_states()
    assert (tmp_path / "store" / "file-states.json").exists()
    assert store.file_states() == first
    # another machine writing to the same (server) database, with its own local folder
    other = Store(tmp_path / "other", client=store.client)
    other.update_file_state("a.md", {"file_size": 5, "file_mtime_ns": 6, "file_sha": "x"})
    assert store.file_states()["a.md"] == {
        "file_size": 5,
        "file_mtime_ns": 6,
        "file_sha": "x",
        "duplicate_of": "",
    }
    other.remove_paths(["a.md"])
    assert store.file_states() == {}
