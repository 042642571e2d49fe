"""Checks for the stand-alone set (eval/news-qa.jsonl) against its own corpus."""

import csv
from collections import Counter
from pathlib import Path

import pytest

from assistant.eval.dataset import load_questions
from assistant.ingest.files import load_file

ROOT = Path(__file__).parents[2]
HERE = ROOT / "eval" / "news-qa"


@pytest.fixture(scope="module")
def questions():
    return load_questions(ROOT / "eval" / "news-qa.jsonl")


@pytest.fixture(scope="module")
def articles():
    corpus = HERE / "corpus"
    return {a.id: a for p in sorted(corpus.iterdir()) for a in load_file(p, corpus).articles}


def test_every_article_is_dated_and_every_quote_is_in_its_article(questions, articles):
    assert len(articles) >= 20 and all(a.date != "unknown" for a in articles.values())
    for q in questions:
        if q.article:
            assert all(e in articles[q.article].text for e in q.evidence), q.id


def test_the_set_asks_what_it_says_it_asks(questions, articles):
    answerable = [q for q in questions if q.answerable]
    assert len(answerable) >= 80 and len(questions) - len(answerable) >= 12
    assert len({q.article for q in answerable}) == len(articles)
    assert max(Counter(q.article for q in questions).values()) <= 6
    assert all(q.kind for q in answerable)
    with (HERE / "shapes.tsv").open(encoding="utf-8") as f:
        shapes = Counter(row["shape"] for row in csv.DictReader(f, delimiter="\t"))
    assert shapes["pronoun"] >= 25 and shapes["context-place"] >= 12
    assert shapes["quote"] >= 12 and shapes["count"] >= 10
    assert sum(shapes.values()) == len(questions)


def test_layouts_are_mixed(articles):
    suffixes = Counter(Path(a.path).suffix for a in articles.values())
    assert all(suffixes[s] for s in (".txt", ".md", ".json", ".html", ".rss")), suffixes
