import json

import pytest

from assistant.index import schema
from assistant.index.copy_marks import CopyMarks
from tests.index.helpers import BODY, OTHER, wire_story, write


def marks(assistant):
    infos = assistant.store.reader.snapshot("").infos
    return {i: a.copy_of for i, a in infos.items() if a.copy_of}


def chunk_marks(assistant, article_id):
    got = assistant.store.collections.chunks.get(
        where={"article_id": article_id}, include=["metadatas"]
    )
    return {(m.get("copy", False), m.get("copy_rep_source", "")) for m in got["metadatas"]}


def test_copies_are_marked_and_reelected_at_sync(empty_corpus, make_assistant):
    wire_story(empty_corpus)
    assistant = make_assistant()
    report = assistant.sync()
    assert report.copies == [("reuters.md", "ap.md"), ("upi.md", "ap.md")]
    assert marks(assistant) == {"reuters.md": "ap.md", "upi.md": "ap.md"}
    assert chunk_marks(assistant, "reuters.md") == {(True, "AP")}
    assert chunk_marks(assistant, "ap.md") == {(False, "")}
    # a copy keeps its sentences and chunks: nothing looks torn
    assert assistant.verify().ok

    # the representative goes: the next earliest is elected, and its chunks searched again
    (empty_corpus / "ap.md").unlink()
    report = assistant.sync()
    assert report.copies == [("upi.md", "reuters.md")]
    assert marks(assistant) == {"upi.md": "reuters.md"}
    assert chunk_marks(assistant, "reuters.md") == {(False, "")}
    assert chunk_marks(assistant, "upi.md") == {(True, "Reuters")}
    assert assistant.verify().ok

    # the representative is rewritten into another story: its copy stands alone
    write(empty_corpus, "reuters.md", "Reuters", "2025-08-02", OTHER.replace("Spain", "Italy"))
    report = assistant.sync()
    assert report.copies == [("reuters.md", "other.md")]  # now a copy of the other story
    assert chunk_marks(assistant, "upi.md") == {(False, "")}
    assert assistant.verify().ok


def test_groups_survive_a_restart_and_unrelated_changes(empty_corpus, make_assistant, monkeypatch):
    wire_story(empty_corpus)
    make_assistant().sync()
    signed = []
    monkeypatch.setattr(schema, "signature", lambda a: signed.append(a.id) or "")
    with monkeypatch.context() as m:
        m.setattr(CopyMarks, "run", lambda *a: pytest.fail("regrouped, nothing changed"))
        restarted = make_assistant()
        assert not restarted.sync().changed  # an unchanged sync does not group at all

    (empty_corpus / "new.md").write_text("New\n\nBees are back in town.\n", encoding="utf-8")
    report = make_assistant().sync()
    # the signatures are read back from the store: only the new article was signed
    assert report.added == ["new.md"] and signed == ["new.md"]
    assert report.copies == []
    assert marks(restarted) == {"reuters.md": "ap.md", "upi.md": "ap.md"}


def test_a_new_threshold_regroups_at_the_next_sync(empty_corpus, make_assistant):
    wire_story(empty_corpus)
    make_assistant().sync()
    strict = make_assistant(copies={"threshold": 0.999})
    assert strict.sync().copies == []
    assert marks(strict) == {}
    assert strict.store.meta.read()["copies"] == 0 and strict.verify().ok


def test_marking_killed_half_way_is_repaired(empty_corpus, make_assistant, monkeypatch):
    write(empty_corpus, "ap.md", "AP", "2025-08-01", BODY)
    write(empty_corpus, "other.md", "AP", "2025-08-01", OTHER)
    assistant = make_assistant()
    assistant.sync()
    # an earlier copy arrives: the indexed AP story, not being synced, becomes its copy
    write(empty_corpus, "early.md", "UPI", "2025-07-31", BODY.replace("Droppings", "Scat"))

    def killed(self, marks, chunks):
        raise KeyboardInterrupt

    with monkeypatch.context() as m:
        m.setattr(CopyMarks, "_mark", killed)
        with pytest.raises(KeyboardInterrupt):
            assistant.sync()
    assert set(json.loads(assistant.store.meta.read()["pending"])) == {"ap.md", "early.md"}
    assert not assistant.verify().ok
    assert assistant.sync().copies == [("ap.md", "early.md")]
    assert marks(assistant) == {"ap.md": "early.md"}
    assert assistant.verify().ok


def test_a_sync_reads_only_the_records_of_the_files_it_changed(
    empty_corpus, make_assistant, monkeypatch
):
    """At 10,000 articles regrouping read every article record (text included) at each sync:
    what grouping needs is kept beside the store for the generation a sync publishes."""
    from assistant.index import copy_marks

    wire_story(empty_corpus)
    make_assistant().sync()
    read = []

    def counted(collection, where=None):
        read.append(where)
        yield from pages(collection, where)

    pages = copy_marks.pages
    monkeypatch.setattr(copy_marks, "pages", counted)
    (empty_corpus / "ap.md").unlink()  # the representative goes
    report = make_assistant().sync()
    assert report.copies == [("upi.md", "reuters.md")]
    assert None not in read  # never every record
    # a second sync starts from what the first one saved, with its new marks
    (empty_corpus / "new.md").write_text("New\n\nBees are back in town.\n", encoding="utf-8")
    assert make_assistant().sync().copies == []
    assert None not in read and marks(make_assistant()) == {"upi.md": "reuters.md"}
    # without the saved copy (a damaged file, another generation), every record is read
    for saved in (empty_corpus.parent / "store" / "copies").glob("*.json"):
        saved.write_text("{")
    (empty_corpus / "new.md").unlink()
    assert make_assistant().sync().copies == []
    assert None in read and marks(make_assistant()) == {"upi.md": "reuters.md"}
    # and one that is JSON but holds no grouping records
    for saved in (empty_corpus.parent / "store" / "copies").glob("*.json"):
        saved.write_text('{"ap.md": {"path": "ap.md"}}')
    read.clear()
    (empty_corpus / "new.md").write_text("New\n\nBees are back in town.\n", encoding="utf-8")
    assert make_assistant().sync().copies == []
    assert None in read and marks(make_assistant()) == {"upi.md": "reuters.md"}
