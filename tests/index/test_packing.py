import base64
import json

import numpy as np
import pytest

from assistant.errors import StoreError
from assistant.index.packing import (
    LEVELS,
    PIECE_BYTES,
    owned_starts,
    pack_ranges,
    pack_readings,
    pack_spans,
    pack_text,
    pack_vectors,
    unpack_ranges,
    unpack_sentences,
    unpack_text,
    unpack_vectors,
)
from assistant.ingest.article import build_article
from assistant.ingest.chunking import Chunker
from assistant.ingest.reading import read_sentences
from assistant.ingest.sentences import split_sentences

TEXT = (
    "Head\n\nBrightwell Foods will close fourteen plants in Mexico. Alpha drones fly.\n\n"
    "The company blamed energy costs on Tuesday. “Prices doubled,” its chief executive said. "
    "“We had no choice.”"
)


def test_spans_and_readings_give_back_every_sentence_exactly():
    article = build_article("a.txt", "a.txt", "txt", TEXT, {})[0]
    sentences = read_sentences(article, split_sentences(article))
    assert len({s.paragraph for s in sentences}) == 2
    assert sentences[2].reading.refers_to == "Brightwell Foods"  # something to keep
    assert sentences[-1].reading.speaker == "its chief executive"  # and whose words
    meta = {"spans": pack_spans(sentences), **pack_readings(sentences)}
    assert unpack_sentences(article.id, article.text, meta) == sentences
    # a record written without readings gives sentences that read as standing alone
    bare = unpack_sentences(article.id, article.text, {"spans": pack_spans(sentences)})
    assert [s.text for s in bare] == [s.text for s in sentences]
    assert all(not s.reading.mentions for s in bare)
    chunks = Chunker()(article, sentences)
    assert unpack_ranges(pack_ranges(chunks)) == [(c.first, c.last) for c in chunks]


def test_vectors_survive_int4_within_a_rounding_step():
    rng = np.random.default_rng(1)
    rows = rng.normal(size=(5, 384)).astype(np.float32)
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    back = unpack_vectors(pack_vectors(rows), 5)
    assert back.shape == (5, 384) and back.dtype == np.float32
    step = np.abs(rows).max(axis=1, keepdims=True) / LEVELS
    assert np.all(np.abs(back - rows) <= step / 2 + 1e-7)
    query = rows[0]
    assert np.allclose(back @ query, rows @ query, atol=0.03)
    # half a byte per component and a float32 scale per vector (float32 took four per component)
    fields = pack_vectors(rows)
    assert list(fields) == ["v0", "v1", "v2", "v3", "v4"]
    assert {len(base64.b64decode(v)) for v in fields.values()} == {384 // 2 + 4}


def test_each_sentence_vector_rides_on_the_first_chunk_that_holds_it():
    # chunk 1 holds only sentence 2, which chunk 0 holds already: it carries no vector
    assert owned_starts([(0, 2), (2, 2), (3, 5), (5, 7)]) == [0, 3, 3, 6]


def test_vectors_of_odd_dimension_are_refused_by_name():
    with pytest.raises(StoreError, match="vectors of 5 dimensions cannot be stored"):
        pack_vectors(np.ones((2, 5), dtype=np.float32))


def test_a_missing_vector_is_named():
    packed = pack_vectors(np.ones((2, 8), dtype=np.float32))
    with pytest.raises(StoreError, match="lacks the vector of its sentence 'v2'"):
        unpack_vectors(packed, 3)
    assert json.loads(pack_spans([])) == []


@pytest.mark.parametrize("text", ["", "short", "word " * 700, "ñandú é 中文 🙂 " * 200])
def test_text_in_pieces_small_enough_for_the_string_index(text):
    fields = pack_text(text)
    assert unpack_text(fields) == text
    pieces = [v for k, v in fields.items() if k != "t_pieces"]
    assert len(pieces) == fields["t_pieces"] and all(
        0 < len(p.encode("utf-8")) <= PIECE_BYTES for p in pieces
    )


def test_a_missing_text_piece_is_named():
    fields = pack_text("word " * 400)
    del fields["t1"]
    with pytest.raises(StoreError, match="lacks the text field 't1'"):
        unpack_text(fields)
