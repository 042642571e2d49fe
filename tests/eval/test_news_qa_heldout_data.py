"""Checks for the held-out stand-alone set (eval/news-qa-heldout.jsonl): it is only scored."""

from pathlib import Path

from assistant.eval.dataset import load_questions
from assistant.ingest.files import load_file

ROOT = Path(__file__).parents[2]


def test_every_quote_is_in_its_dated_article():
    corpus = ROOT / "eval" / "news-qa-heldout" / "corpus"
    articles = {a.id: a for p in sorted(corpus.iterdir()) for a in load_file(p, corpus).articles}
    questions = load_questions(ROOT / "eval" / "news-qa-heldout.jsonl")
    assert all(a.date != "unknown" for a in articles.values())
    assert sum(q.answerable for q in questions) >= 40
    for q in questions:
        if q.article:
            assert all(e in articles[q.article].text for e in q.evidence), q.id
