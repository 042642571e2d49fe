from collections import Counter

import pytest

from assistant.ingest.chunking import Chunker
from assistant.ingest.files import load_file
from assistant.ingest.sentences import split_sentences
from bench.synthetic import Variation, generate, load_sources, write_corpus
from tests.conftest import SHIPPED_CORPUS


@pytest.fixture(scope="module")
def sources():
    return load_sources(SHIPPED_CORPUS)


def test_same_seed_same_articles_other_seed_others(sources):
    assert list(generate(sources, 30)) == list(generate(sources, 30))
    assert list(generate(sources, 30, seed=1)) != list(generate(sources, 30))
    # a bigger corpus starts with the smaller one: sizes of one benchmark nest
    assert list(generate(sources, 40))[:30] == list(generate(sources, 30))


def test_written_articles_load_unique_with_unique_chunks(sources, tmp_path):
    paths = write_corpus(tmp_path / "gen", sources, 300)
    assert len(paths) == 300 and all(p.suffix == ".txt" for p in paths)
    titles, texts, chunks, sentences, dates, outlets = set(), set(), [], Counter(), set(), set()
    for path in paths:
        [article] = load_file(path, tmp_path / "gen", path.read_bytes()).articles
        titles.add(article.title)
        texts.add(article.text)
        dates.add(article.date)
        outlets.add(article.source)
        found = split_sentences(article)
        assert len(found) >= 5
        sentences.update(s.text for s in found)
        chunks += [c.indexed_text for c in Chunker()(article, found)]
    assert len(titles) == len(texts) == 300
    assert len(set(chunks)) == len(chunks)
    assert len(dates) > 200 and len(outlets) > 5
    # quoted sentences are varied, so a vector cache keyed by text gets no free ride
    assert len(sentences) / sum(sentences.values()) > 0.95


def test_variation_is_consistent_within_an_article():
    import random

    vary = Variation(random.Random(1))
    first = vary("He met Nakatani in Ankara on Tuesday with 12 officials.")
    again = vary("Later Nakatani left Ankara.")
    names = first.split()
    assert "Nakatani" not in first and "12" not in first and "Tuesday" not in first
    assert names[2] in again and names[4] in again  # the same invented names
    assert vary("It was very surprising.").endswith(", it was very surprising.")


def test_no_sources_is_an_error(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValueError, match="no articles"):
        load_sources(tmp_path / "empty")
