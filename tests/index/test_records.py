"""assistant/index/records.py: article records read on demand, the most recently used kept."""

from __future__ import annotations

import pytest

from assistant.index.records import ArticleRecords

SPANS = {"spans": "[[0,5,0]]"}


class Store:
    """Article records by id; counts the ids each read asked for."""

    def __init__(self, n: int) -> None:
        self.texts = {f"a{i}": f"Text{i}." for i in range(n)}
        self.asked: list[list[str]] = []

    def read(self, ids: list[str]) -> dict[str, tuple[str, dict]]:
        self.asked.append(list(ids))
        return {i: (self.texts[i], SPANS) for i in ids if i in self.texts}


def test_the_cache_never_holds_more_than_its_capacity_and_drops_the_least_recently_used():
    store = Store(10)
    records = ArticleRecords(store.read, capacity=3)
    assert set(records.get(["a0", "a1", "a2"])) == {"a0", "a1", "a2"}
    records.get(["a0"])  # used again: now the most recent
    records.get(["a3", "a4"])
    assert len(records) == 3
    store.asked.clear()
    assert records.get(["a0", "a3", "a4"])["a0"].text == "Text0."
    assert store.asked == []  # all three kept
    records.get(["a1"])
    assert store.asked == [["a1"]]  # it had been dropped
    # a pass over many articles reads them in one batch and keeps none of them
    for n in range(10):
        records.get([f"a{n}"], keep=False)
    assert len(records) == 3 and set(records._kept) == {"a3", "a4", "a1"}


def test_missing_articles_are_left_out_and_changed_ones_dropped_for_the_next_generation():
    store = Store(3)
    records = ArticleRecords(store.read, capacity=5)
    assert set(records.get(["a0", "gone", "a1"])) == {"a0", "a1"}
    sentences = records.get(["a0"])["a0"].sentences
    assert [s.text for s in sentences] == ["Text0"]
    nxt = records.without(["a1"])
    store.asked.clear()
    assert nxt.get(["a0"])["a0"].sentences is sentences and store.asked == []
    nxt.get(["a1"])
    assert store.asked == [["a1"]]


def test_a_cache_needs_room():
    with pytest.raises(ValueError, match="room for 1 article or more, got 0"):
        ArticleRecords(Store(1).read, capacity=0)


@pytest.mark.integration  # Chroma on disk
def test_a_serving_store_keeps_only_its_cache_of_article_records(empty_corpus, make_assistant):
    for n in range(6):
        (empty_corpus / f"s{n}.txt").write_text(f"Story {n}\n\nHarbour number {n} reopened.\n")
    make_assistant().sync()
    assistant = make_assistant(store={"cache_articles": 2})
    snapshot = assistant.store.snapshots.current()
    assert len(snapshot.infos) == 6 and len(snapshot.records) == 0  # no text read at start
    for n in range(6):
        assert snapshot.sentences(f"s{n}.txt")[-1].text == f"Harbour number {n} reopened."
    assert len(snapshot.records) == 2
    assert not hasattr(snapshot, "texts")  # no copy of every article's text
