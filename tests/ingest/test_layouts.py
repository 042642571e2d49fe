"""Every file of the layouts corpus reads as a careful reader sees it.

`layouts/corpus/` holds small files in the shapes of real outlets and tools (wire copy with each
dateline style, plain-text exports with header lines, Hugo/Jekyll/Obsidian Markdown, saved HTML
pages, JSON exports, feeds); `layouts/expected/<file name>.yaml` is its hand-written
expectation: `articles:`, each with `id`, `title`, `date` (ISO or `unknown`), `date_from`,
`source`, `place`, `authors` and the exact body `sentences` in order. The test knows no format:
a new file needs only its expectation.
"""

from pathlib import Path

import pytest
import yaml

from assistant.ingest.files import load_file
from assistant.ingest.sentences import split_sentences
from assistant.types import Article, iso

LAYOUTS = Path(__file__).parent / "layouts"
CORPUS = LAYOUTS / "corpus"
EXPECTED = LAYOUTS / "expected"
FILES = sorted(p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*") if p.is_file())


def assert_faithful(article: Article) -> None:
    """Offsets index the text, sentences stay inside the prose spans, in order, never overlap."""
    previous_end = -1
    for s in split_sentences(article):
        assert article.text[s.start : s.end] == s.text, s
        assert s.text == s.text.strip() and s.start >= previous_end, s
        assert any(start <= s.start and s.end <= end for start, end in article.body), s
        previous_end = s.end


def reading(article: Article) -> dict:
    return {
        "id": article.id,
        "title": article.title,
        "date": iso(article.date),
        "date_from": article.date_from,
        "source": article.source,
        "place": article.place,
        "authors": list(article.authors),
        "sentences": [s.text for s in split_sentences(article)],
    }


def test_corpus_has_at_least_30_files():
    assert len(FILES) >= 30


def test_every_corpus_file_has_an_expectation_and_every_expectation_a_file():
    expected = {p.relative_to(EXPECTED).as_posix() for p in EXPECTED.rglob("*.yaml")}
    assert [f for f in FILES if f"{f}.yaml" not in expected] == []
    assert sorted(expected - {f"{f}.yaml" for f in FILES}) == []


@pytest.mark.parametrize("name", FILES)
def test_file_reads_as_its_expectation_says(name):
    loaded = load_file(CORPUS / name, CORPUS)
    want = yaml.safe_load((EXPECTED / f"{name}.yaml").read_text(encoding="utf-8"))["articles"]
    assert [reading(a) for a in loaded.articles] == want
    for article in loaded.articles:
        assert_faithful(article)
        # An unknown date always says why; a known one says where it came from.
        assert bool(article.date_note) == (article.date is None) != bool(article.date_from)
