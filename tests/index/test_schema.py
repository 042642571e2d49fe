from dataclasses import replace
from datetime import date

import numpy as np

from assistant.index.chroma import text_hash
from assistant.index.file_states import FileState
from assistant.index.packing import HASH_CHARS, pack_hashes, pack_vectors
from assistant.index.schema import (
    ArticleRecord,
    ChunkRecord,
    GroupingRecord,
    Mark,
    article_metadata,
    chunk_metadata,
    date_number,
)
from assistant.ingest.article import build_article
from assistant.ingest.chunking import Chunker
from assistant.ingest.sentences import split_sentences
from assistant.types import ArticleInfo, facts_of

TEXT = (
    "Brightwell to close plants\n\nMEXICO CITY (Reuters) - Brightwell Foods will close "
    "fourteen plants in Mexico. Alpha drones fly.\n\nThe company blamed energy costs on Tuesday."
)
META = {
    "title": "Brightwell to close plants",
    "date": "2025-08-19",
    "source": "Reuters",
    "author": ["Ana Ruiz", "Bo Li"],
    "url": "https://example.com/b",
}

# What an article record and a chunk record keep on disk: a key added, renamed or dropped here
# changes the index format (meta.py), which must then be bumped.
ARTICLE_KEYS = {
    "path", "title", "date", "date_number", "date_from", "date_note", "source", "place", "url",
    "format", "authors", "editors", "sentences", "spans", "r0", "r_pieces", "chunk_ranges",
    "chunks", "content_hash", "duplicate", "minhash", "file_size", "file_mtime_ns", "file_sha",
    "duplicate_of", "t0", "t_pieces",
}  # fmt: skip
CHUNK_KEYS = {
    "article_id", "path", "index", "first", "last", "date", "source", "h", "hashes", "authors",
}  # fmt: skip


def indexed(meta=META):
    article = build_article("b.md", "b.md", "md", TEXT, meta)[0]
    sentences = split_sentences(article)
    chunks = Chunker()(article, sentences)
    texts = [s.text for s in sentences] + [c.indexed_text for c in chunks]
    rng = np.random.default_rng(0)
    vectors = {text_hash(t): rng.normal(size=8).astype(np.float32) for t in texts}
    return article, sentences, chunks, vectors


def test_an_article_record_reads_back_every_fact_of_its_article():
    article, sentences, chunks, _ = indexed()
    assert article.authors == ("Ana Ruiz", "Bo Li") and article.date == date(2025, 8, 19)
    state = FileState(10, 20, "sha")
    meta = article_metadata(article, sentences, chunks, state)
    assert set(meta) == ARTICLE_KEYS
    record = ArticleRecord.from_metadata(article.id, meta)
    # every field an article shares with its info, with no list of them to keep in step
    assert facts_of(record.info) == facts_of(article)
    assert record.info == ArticleInfo(
        **facts_of(article), sentences=len(sentences), chunks=len(chunks)
    )
    assert record.file == state and record.ranges == meta["chunk_ranges"]
    # what is written is what is read: the record the writer builds comes back whole
    written = ArticleRecord.of(article, sentences, chunks, state)
    assert ArticleRecord.from_metadata(article.id, written.metadata()) == written == record


def test_a_copy_and_a_duplicate_read_back_their_marks():
    article, sentences, chunks, _ = indexed()
    state = FileState(10, 20, "sha", duplicate_of="a.md")
    meta = article_metadata(article, sentences, chunks, state)
    assert meta["duplicate"] is True and meta["minhash"] == ""
    mark = Mark("ap.md", 20250818, "AP")
    info = ArticleRecord.from_metadata(article.id, meta | mark.metadata()).info
    assert (info.duplicate_of, info.copy_of) == ("a.md", "ap.md")
    assert Mark.from_metadata(mark.metadata()) == mark
    assert mark.metadata()["copy"] is True and Mark().metadata()["copy"] is False


def test_a_record_of_an_older_format_reads_its_missing_keys_as_empty():
    article, sentences, chunks, _ = indexed()
    meta = article_metadata(article, sentences, chunks, FileState(1, 2))
    for key in ("date_from", "date_note", "format", "duplicate_of"):
        del meta[key]
    info = ArticleRecord.from_metadata(article.id, meta).info
    assert (info.date_from, info.date_note, info.format, info.duplicate_of) == ("", "", "txt", "")


def test_a_chunk_record_reads_back_what_filters_and_vector_reads_need():
    article, sentences, chunks, vectors = indexed()
    chunk = chunks[0]
    meta = chunk_metadata(article, sentences, chunk, 1, vectors)
    assert set(meta) == CHUNK_KEYS | {f"v{i}" for i in range(chunk.last)}
    record = ChunkRecord.from_metadata(chunk.id, meta)
    assert (record.id, record.article_id, record.path, record.index) == (
        chunk.id,
        "b.md",
        "b.md",
        0,
    )
    assert (record.first, record.last, record.date, record.source) == (
        chunk.first,
        chunk.last,
        20250819,
        "Reuters",
    )
    assert record.authors == ("Ana Ruiz", "Bo Li") and record.mark == Mark()
    assert record.text_hash == text_hash(chunk.indexed_text)
    assert record.owned == range(1, chunk.last + 1)
    held = sentences[1 : chunk.last + 1]
    assert record.held_hashes() == [text_hash(s.text)[:HASH_CHARS] for s in held]
    wanted = np.stack([vectors[text_hash(s.text)] for s in held])
    wanted /= np.abs(wanted).max(axis=1, keepdims=True)
    got = record.held_vectors() / np.abs(record.held_vectors()).max(axis=1, keepdims=True)
    assert np.allclose(got, wanted, atol=0.08)
    # no byline: no key (Chroma refuses an empty list), read back as none
    bare = replace(article, authors=())
    assert (
        ChunkRecord.from_metadata(
            chunk.id, chunk_metadata(bare, sentences, chunk, 1, vectors)
        ).authors
        == ()
    )


def test_each_sentence_vector_rides_on_the_chunk_that_carries_it():
    rows = np.eye(3, 8, dtype=np.float32)
    article, sentences, _, _ = indexed()
    meta = {
        "article_id": "b.md", "path": "b.md", "index": 1, "first": 3, "last": 6, "date": 0,
        "source": "", "h": "", "hashes": pack_hashes(sentences[:3]), **pack_vectors(rows),
    }  # fmt: skip
    record = ChunkRecord.from_metadata("b.md::c1", meta)
    assert np.allclose(record.held_vectors(), rows)
    assert record.owned == range(4, 7)
    assert record.held_hashes() == [text_hash(s.text)[:HASH_CHARS] for s in sentences[:3]]
    empty = ChunkRecord.from_metadata("b.md::c2", meta | {"hashes": "", "last": 2})
    assert empty.owned == range(3, 3)
    assert len(empty.held_vectors()) == 0  # the embedding cache zips them


def test_dates_are_stored_as_text_and_numbers_and_read_back_as_dates():
    assert date_number(date(2025, 8, 19)) == 20250819 and date_number(None) == 0
    article, sentences, chunks, _ = indexed()
    undated = replace(article, date=None)
    meta = article_metadata(undated, sentences, chunks, FileState(1, 2))
    assert (meta["date"], meta["date_number"]) == ("unknown", 0)  # as older stores hold it
    assert ArticleRecord.from_metadata(article.id, meta).info.date is None
    meta = article_metadata(article, sentences, chunks, FileState(1, 2))
    assert (meta["date"], meta["date_number"]) == ("2025-08-19", 20250819)
    assert ArticleRecord.from_metadata(article.id, meta).info.date == date(2025, 8, 19)


def test_grouping_reads_an_article_records_signature_date_and_mark_and_saves_them_alike():
    article, sentences, chunks, _ = indexed()
    meta = article_metadata(article, sentences, chunks, FileState(1, 2)) | Mark("a", 1).metadata()
    record = GroupingRecord.of_article(meta)
    assert (record.path, record.date, record.source, record.chunks) == (
        "b.md",
        date(2025, 8, 19),
        "Reuters",
        len(chunks),
    )
    assert record.minhash == meta["minhash"] != "" and record.mark == Mark("a", 1)
    # saved in the record's own keys: a saved file and a record read alike
    assert record.metadata().items() <= meta.items()
    assert GroupingRecord.from_metadata(record.metadata()) == record
    duplicate = article_metadata(article, sentences, chunks, FileState(1, 2, duplicate_of="a.md"))
    assert GroupingRecord.of_article(duplicate) is None
