"""Checks for the news-dynamics set (eval/news-dynamics.jsonl) against its own corpus."""

from pathlib import Path

import pytest

from assistant.eval.dataset import load_questions
from assistant.ingest.files import load_file
from assistant.types import iso

ROOT = Path(__file__).parents[2]
CORPUS = ROOT / "eval" / "news-dynamics" / "corpus"


@pytest.fixture(scope="module")
def questions():
    return load_questions(ROOT / "eval" / "news-dynamics.jsonl")


@pytest.fixture(scope="module")
def articles():
    return {p.name: load_file(p, CORPUS).articles[0] for p in sorted(CORPUS.iterdir())}


def test_every_behaviour_is_asked_about(questions):
    gold = [q.news for q in questions]
    assert sum(bool(g.timeline) for g in gold) >= 2
    assert sum(bool(g.first_article) for g in gold) >= 5
    assert sum(g.conflict is True for g in gold) >= 2
    assert sum(g.conflict is False for g in gold) >= 8  # restatements, different quantities
    assert sum(bool(g.copies) for g in gold) >= 4


def test_evidence_and_named_articles_are_in_the_corpus(questions, articles):
    for q in questions:
        text = articles[q.article].text
        assert all(e in text for e in q.evidence), q.id
        named = [q.news.first_article, *q.news.copies]
        assert all(name in articles for name in named if name), q.id


def test_gold_dates_are_the_articles_dates(questions, articles):
    """as_of is the newest date among the articles a question should cite, so it must be the
    date of one of them as the loader reads it."""
    dates = {iso(a.date) for a in articles.values()}
    for q in questions:
        if q.news.as_of:
            assert q.news.as_of in dates, q.id
        if q.news.first_article:
            assert iso(articles[q.news.first_article].date) <= (q.news.as_of or "9999"), q.id


def test_the_corpus_holds_an_undated_article_and_wire_copies(articles):
    # "latest" must never pick the undated one; copies must be grouped, the same-topic story not
    assert any(a.date is None for a in articles.values())
    texts = [a.text for a in articles.values()]
    assert len(texts) == len(set(texts))  # copies differ from their original, none is exact


def test_the_asked_set_asks_questions_again_on_other_days(articles):
    """news-dynamics-asked.jsonl (issue 27): each question asked on at least two days, with a
    different answer each day, every quote from an article published by then."""
    asked = load_questions(ROOT / "eval" / "news-dynamics-asked.jsonl")
    by_question: dict[str, set[str]] = {}
    for q in asked:
        assert q.asked_on and all(e in articles[q.article].text for e in q.evidence), q.id
        assert iso(articles[q.article].date) <= q.asked_on, q.id
        by_question.setdefault(q.question, set()).add(q.answer)
    assert sum(len(answers) >= 2 for answers in by_question.values()) >= 3
