"""The corpus tab's table: paged and searched on the server, read once per index change."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

from assistant.index.snapshot import Snapshot, Snapshots
from assistant.types import Published
from assistant.web.catalog import PAGE_ROWS, Catalog
from tests.fakes import INFO, no_records


class CountingStore:
    """A store whose metadata and article records the test sets, counting the record reads."""

    def __init__(self, infos):
        self.generation, self.last_sync, self.infos, self.reads = "g1", "t1", infos, 0
        self.meta = SimpleNamespace(
            read=lambda: {"generation": self.generation, "last_sync": self.last_sync},
            published=lambda: Published(self.generation),
        )
        self.snapshots = Snapshots(self._read, self.meta)

    def _read(self, generation: str) -> Snapshot:
        self.reads += 1
        return Snapshot(generation, {a.id: a for a in self.infos}, {}, no_records())


def articles(n: int):
    return [
        replace(INFO, id=f"{i:04d}.txt", path=f"{i:04d}.txt", title=f"Story {i}", source="AP")
        for i in range(n)
    ] + [replace(INFO, id="fire.txt", path="fire.txt", title="Wildfire near Valencia")]


def test_pages_hold_page_rows_and_clamp():
    catalog = Catalog(CountingStore(articles(120)))
    first = catalog.page()
    assert (first.page, first.pages, first.total, first.matching) == (1, 3, 121, 121)
    assert len(first.rows) == PAGE_ROWS and first.rows[0][-1] == "0000.txt"
    assert first.files == tuple(r[-1] for r in first.rows)
    last = catalog.page(number=99)
    assert last.page == 3 and len(last.rows) == 121 - 2 * PAGE_ROWS
    assert catalog.page(number=-4).page == 1


def test_search_matches_every_word_in_headline_outlet_date_or_file():
    catalog = Catalog(CountingStore(articles(120)))
    found = catalog.page("valencia WILDFIRE")
    assert [r[-1] for r in found.rows] == ["fire.txt"] and found.matching == 1
    assert catalog.page("valencia story").matching == 0
    assert catalog.page("0119").rows[0][0] == "Story 119"


def test_records_are_read_again_only_when_the_generation_moves():
    store = CountingStore(articles(3))
    catalog = Catalog(store)
    version = catalog.version()
    for _ in range(5):  # ticks of an idle page
        catalog.page()
        assert catalog.version() == version
    assert store.reads == 1
    store.last_sync = "t2"  # a sync that changed nothing: the status line moves, the rows do not
    assert catalog.version() != version
    catalog.page()
    assert store.reads == 1
    store.generation, store.infos = "g2", articles(4)
    assert catalog.page().total == 5 and store.reads == 2


def test_each_row_lists_who_the_article_quotes(corpus, make_assistant):
    assistant = make_assistant()
    assistant.sync()
    (seed,) = Catalog(assistant.store).page("000_42df4043e14da31e").rows
    assert seed[4] == (
        "a diplomatic source (3); a Turkish Defence Ministry official (3); "
        "Defence Minister Yasar Guler (1)"
    )
    (bikes,) = Catalog(assistant.store).page("electric-bike").rows
    assert bikes[4].startswith("Larry Pizzi (4); ") and bikes[4].endswith("; 3 more")


def test_the_status_line_lists_files_that_are_no_articles(empty_corpus, make_assistant):
    from assistant.web.corpus_tab import status_text

    (empty_corpus / "a.txt").write_text("Drones\n\nBaykar builds drones.\n", encoding="utf-8")
    (empty_corpus / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00" * 50)
    assistant = make_assistant()
    assistant.sync()
    line = status_text(assistant, None, Catalog(assistant.store).page())
    assert "1 file(s) not indexed: `photo.txt` (" in line
