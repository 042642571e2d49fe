"""assistant/index/facts.py: a generation's article facts saved beside the store, so that a
process opens a large store without reading every article record."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.index.facts import load_facts, save_facts
from assistant.index.reader import Reader, infos_of
from tests.fakes import INFO


def test_facts_saved_for_a_generation_load_back_as_they_were(tmp_path):
    infos = {
        "a.txt": replace(INFO, id="a.txt", path="a.txt", authors=("Ana", "Bo")),
        "b.txt": replace(INFO, id="b.txt", path="b.txt", copy_of="a.txt", date_from="dateline"),
    }
    grouped = infos_of(infos)
    save_facts(tmp_path, "g1", grouped, {"a.txt": "[[0,2]]", "b.txt": "[[0,1],[1,3]]"})
    loaded, ranges = load_facts(tmp_path, "g1")
    assert infos_of(loaded) == grouped  # copies and relatives grouped again on load
    assert ranges == {"a.txt": "[[0,2]]", "b.txt": "[[0,1],[1,3]]"}
    assert load_facts(tmp_path, "g2") is None and load_facts(tmp_path, "") is None
    save_facts(tmp_path, "g2", grouped, {"a.txt": "[[0,2]]", "b.txt": "[[0,1],[1,3]]"})
    assert load_facts(tmp_path, "g1") is None  # an older generation's file is gone
    (tmp_path / "facts" / "v2-g2.json").write_text('{"ids": ["a.txt"]')
    assert load_facts(tmp_path, "g2") is None  # damaged: read from the store instead


@pytest.mark.integration  # Chroma on disk
def test_a_replica_opens_the_writer_s_generation_from_its_facts(
    empty_corpus, make_assistant, monkeypatch
):
    for n in range(3):
        (empty_corpus / f"s{n}.txt").write_text(f"Story {n}\n\nHarbour number {n} reopened.\n")
    writer = make_assistant()
    writer.sync()
    generation = writer.store.meta.published().generation
    assert (writer.settings.store_path / "facts" / f"v2-{generation}.json").is_file()

    def no_pass_over_every_record(self, where=None):
        raise AssertionError("read every article record")

    monkeypatch.setattr(Reader, "_pages", no_pass_over_every_record)
    replica = make_assistant(store={"read_only": True})
    answer = replica.ask("Which harbour reopened?")
    assert answer.citations and replica.store.snapshots.current().infos.keys() == {
        "s0.txt",
        "s1.txt",
        "s2.txt",
    }
