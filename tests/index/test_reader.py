from datetime import date

import chromadb
import pytest

from assistant.errors import StoreError
from assistant.index.reader import RETRIES, get_by_ids
from assistant.index.schema import date_number
from assistant.index.store import Store
from tests.fakes import FakeEmbedder
from tests.index.helpers import indexed_article


@pytest.mark.integration  # Chroma on disk
def test_reads_of_an_article(tmp_path):
    store = Store(tmp_path / "store")
    article, sentences, chunks = indexed_article(store, meta={"date": "2025-08-19", "source": "AP"})
    assert store.reader.counts() == (1, len(sentences), len(chunks))
    info = store.reader.snapshot("").infos["a.md"]
    assert (info.title, info.date, info.source, info.sentences) == (
        "Head a.md",
        date(2025, 8, 19),
        "AP",
        3,
    )
    assert store.reader.article_text("a.md") == article.text
    passages = store.reader.snapshot("g1").passages(["a.md", "missing.md"])
    assert passages.sentences == {"a.md": sentences}  # offsets, paragraphs and texts exact
    assert list(passages.infos) == ["a.md"] and passages.infos["a.md"].title == "Head a.md"
    with pytest.raises(StoreError, match="not in the index"):
        store.reader.article_text("b.md")


@pytest.mark.integration  # Chroma on disk
def test_search_chunks_with_where(tmp_path):
    store = Store(tmp_path / "store")
    indexed_article(store, "old.md", "Drones over the sea.", {"date": "2020-01-01"})
    indexed_article(store, "new.md", "Drones over the sea.", {"date": "2025-01-01"})
    query = FakeEmbedder().embed(["drones sea"])[0]
    hits = store.reader.search_chunks(query, 5)
    assert {record.article_id for record, _ in hits} == {"old.md", "new.md"}
    hits = store.reader.search_chunks(query, 5, {"date": {"$gte": date_number(date(2024, 1, 1))}})
    assert [record.article_id for record, _ in hits] == ["new.md"]
    assert 0 < hits[0][1] <= 1.0001
    [(record, cosine)] = hits
    cid = record.id
    records = store.reader.chunks([cid, "nowhere::c0"])
    assert list(records) == [cid] and abs(float(records[cid][1] @ query) - cosine) < 1e-4
    assert records[cid][0] == record and store.reader.chunks([]) == {}


class Flaky:
    """A collection whose reads by ids fail `failures` times, as Chroma's do racing a delete."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.calls = 0

    def get(self, ids, include):
        self.calls += 1
        if self.calls <= self.failures:
            raise chromadb.errors.InternalError("Error executing plan: Error finding id")
        return {"ids": ids}


def test_a_read_racing_a_sync_is_tried_again_and_a_lasting_failure_is_raised():
    flaky = Flaky(failures=RETRIES - 1)
    assert get_by_ids(flaky, ["a"], ["documents"]) == {"ids": ["a"]}
    assert flaky.calls == RETRIES
    with pytest.raises(chromadb.errors.InternalError):
        get_by_ids(Flaky(failures=RETRIES), ["a"], ["documents"])
