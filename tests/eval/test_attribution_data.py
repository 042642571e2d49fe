"""Checks for the attribution set (eval/attribution/README.md) and the second held-out news set:
every labelled sentence and every quote is in its dated article, read as the loaders read it."""

from pathlib import Path

import pytest

from assistant.eval.attribution import load_labelled
from assistant.eval.dataset import load_questions
from assistant.ingest.files import load_file

ROOT = Path(__file__).parents[2]


def articles(corpus: Path) -> dict:
    return {a.id: a for p in sorted(corpus.iterdir()) for a in load_file(p, corpus).articles}


def test_every_labelled_sentence_and_quote_is_in_its_dated_article():
    found = articles(ROOT / "eval" / "attribution" / "corpus")
    assert len(found) >= 20 and all(a.date != "unknown" for a in found.values())
    rows = [r for part in "ab" for r in load_labelled(ROOT / "eval" / f"attribution-{part}.jsonl")]
    assert len(rows) >= 100 and len({r.article for r in rows}) >= 20
    for r in rows:
        assert " ".join(r.sentence.split()) in " ".join(found[r.article].text.split()), r.id
    for part in "ab":
        for q in load_questions(ROOT / "eval" / f"attribution-qa-{part}.jsonl"):
            assert all(e in found[q.article].text for e in q.evidence), q.id


@pytest.mark.parametrize("name", ["news-qa-heldout2"])
def test_every_quote_of_a_held_out_set_is_in_its_dated_article(name):
    found = articles(ROOT / "eval" / name / "corpus")
    questions = load_questions(ROOT / "eval" / f"{name}.jsonl")
    assert all(a.date != "unknown" for a in found.values())
    assert sum(q.answerable for q in questions) >= 40
    for q in questions:
        assert q.article in found, q.id
        assert all(e in found[q.article].text for e in q.evidence), q.id
