import pytest

from assistant.config import ChunkSettings
from assistant.ingest.article import build_article
from assistant.ingest.chunking import Chunker, approx_tokens, chunk_header
from assistant.ingest.files import load_file
from assistant.ingest.sentences import split_sentences
from tests.conftest import SEED, SHIPPED_CORPUS


def seed():
    article = load_file(SHIPPED_CORPUS / SEED, SHIPPED_CORPUS).articles[0]
    return article, split_sentences(article)


def test_chunks_cover_every_sentence_with_overlap():
    article, sentences = seed()
    chunks = Chunker(ChunkSettings(max_sentences=4, max_tokens=400, overlap=1))(article, sentences)
    covered = {i for c in chunks for i in range(c.first, c.last + 1)}
    assert covered == set(range(len(sentences)))
    for prev, nxt in zip(chunks, chunks[1:]):
        assert nxt.first == prev.last  # one shared sentence
    for c in chunks:
        assert c.last - c.first + 1 <= 4
        assert c.text == " ".join(s.text for s in sentences[c.first : c.last + 1])
        assert c.id == f"{SEED}::c{c.index}"


def test_token_budget_includes_header():
    article, sentences = seed()
    settings = ChunkSettings(max_sentences=10, max_tokens=120, overlap=0)
    for c in Chunker(settings)(article, sentences):
        if c.first != c.last:  # a lone sentence may exceed the budget; it cannot be split
            assert approx_tokens(c.indexed_text) <= 120 + 2


def test_overlong_sentence_gets_its_own_chunk():
    text = "Head\n\nShort one. " + " ".join(["word"] * 300) + ". Short two."
    article = build_article("a.txt", "a.txt", "txt", text, {})[0]
    sentences = split_sentences(article)
    chunks = Chunker(ChunkSettings(max_sentences=3, max_tokens=50, overlap=1))(article, sentences)
    assert [(c.first, c.last) for c in chunks] == [(0, 0), (1, 1), (2, 2)]


def test_header_has_headline_outlet_and_known_date_only():
    article, _ = seed()
    assert chunk_header(article) == f"{article.title} (Reuters)"
    dated = build_article(
        "b.md", "b.md", "md", "Head\n\nBody.", {"date": "2025-01-02", "source": "AP"}
    )[0]
    assert chunk_header(dated) == "Head (AP, 2025-01-02)"


def test_injected_token_counter_is_used():
    article, sentences = seed()
    chunks = Chunker(
        ChunkSettings(max_sentences=5, max_tokens=16, overlap=0), count_tokens=lambda text: 10
    )(article, sentences)
    assert all(c.first == c.last for c in chunks)  # header 10 + one sentence 10 > 16


def test_overlap_must_be_below_size():
    with pytest.raises(ValueError, match="overlap"):
        ChunkSettings(max_sentences=2, overlap=2)


def test_no_sentences_no_chunks():
    article, _ = seed()
    assert Chunker()(article, []) == []
