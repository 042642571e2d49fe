"""How sentences travel inside other records (index format 6).

A sentence has no record of its own: a record per sentence cost an HNSW entry, seven metadata
rows and a full-text entry each (19 per article); without them a 1,000-article store took 79 MB
instead of 153 (format 3) and its Chroma writes a third of the time; with each vector stored
once, in 4 bits, 59 MB (format 5). A sentence's offsets are listed on its article's record
(`spans`) and its vector rides on the chunk record that first holds it (`v0`, `v1`…, int4 with
one scale each): a dense hit on a chunk brings its sentences' vectors along (the one it shares
with the chunk before is read from that chunk), and their texts are cut from the article text.
Chunk records hold no text either: the article record lists each chunk's sentences
(`chunk_ranges`). What each sentence mentions and what its opening leans on (its reading,
ingest/reading.py) is listed on the article record too, in pieces (`r0`, `r1`…). The article
text itself is kept in metadata pieces (`t0`, `t1`…), not as the record's document: Chroma
builds a trigram full-text index over every document, which nothing here searches (BM25 is the
project's own) and which made a text cost about seven times its bytes on disk.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Sequence

import numpy as np

from assistant.errors import StoreError
from assistant.index.chroma import text_hash
from assistant.types import (
    DATE,
    NUMBER,
    ORGANISATION,
    PERSON,
    PLACE,
    Chunk,
    Mention,
    Sentence,
    SentenceReading,
)

SCALE = np.dtype("<f4")
LEVELS = 7
"""A vector component is stored as one of -7..7 times its vector's scale (4 bits)."""
HASH_CHARS = 16
PIECE_BYTES = 900
"""Longest string stored in one metadata field (in UTF-8 bytes). Chroma indexes every string
value, and SQLite moves an index entry of more than about 1 KB to overflow pages, which doubled
the bytes such a value takes."""


def pack_spans(sentences: Sequence[Sentence]) -> str:
    """The offsets and paragraph of each sentence, in order, as compact JSON."""
    return json.dumps([[s.start, s.end, s.paragraph] for s in sentences], separators=(",", ":"))


KIND_CODES = {PERSON: "p", ORGANISATION: "o", PLACE: "l", DATE: "d", NUMBER: "n"}
KINDS = {code: kind for kind, code in KIND_CODES.items()}


def pack_readings(sentences: Sequence[Sentence]) -> dict[str, str | int]:
    """Each sentence's reading as compact JSON (`[leans_on, refers_to, context, [[start, end,
    kind, detail], …], speaker, speaker_here, [start, end]]`, a kind in one letter) in metadata
    pieces `r0`, `r1`…, and their count."""
    rows = [
        [
            s.reading.leans_on,
            s.reading.refers_to,
            s.reading.context,
            [[m.start, m.end, KIND_CODES[m.kind], m.detail] for m in s.reading.mentions],
            s.reading.speaker,
            s.reading.speaker_here,
            list(s.reading.said_at),
        ]
        for s in sentences
    ]
    return pieces(json.dumps(rows, separators=(",", ":"), ensure_ascii=False), "r")


def unpack_sentences(article_id: str, text: str, meta: dict) -> list[Sentence]:
    """The sentences of an article, with their readings, from its text and its record."""
    spans = json.loads(meta["spans"])
    try:
        rows = json.loads(joined(meta, "r")) if "r_pieces" in meta else [None] * len(spans)
    except KeyError as missing:
        raise StoreError(f"{article_id}: its record lacks the reading field {missing}") from None
    sentences = []
    for i, ((start, end, paragraph), row) in enumerate(zip(spans, rows, strict=False)):
        said = text[start:end]
        reading = SentenceReading()
        if row:
            # a record of reading rules 1-4 has no `said_at`: the next sync reads it again
            leans, refers, context, found, speaker, here, *at = row
            mentions = tuple(Mention(a, b, said[a:b], KINDS[k], d) for a, b, k, d in found)
            said_at = (at[0][0], at[0][1]) if at else (0, 0)
            reading = SentenceReading(mentions, leans, refers, context, speaker, here, said_at)
        sentences.append(Sentence(article_id, i, start, end, said, paragraph, reading))
    return sentences


def pack_ranges(chunks: Sequence[Chunk]) -> str:
    """The first and last sentence of each chunk, in order: with the spans, an article record
    alone gives every chunk's text (for BM25) without reading the chunk records."""
    return json.dumps([[c.first, c.last] for c in chunks], separators=(",", ":"))


def unpack_ranges(ranges: str) -> list[tuple[int, int]]:
    return [(first, last) for first, last in json.loads(ranges)]


TEXT_FIELD = re.compile(r"t\d+")
"""The metadata keys that hold pieces of an article's text."""


def pieces(text: str, prefix: str) -> dict[str, str | int]:
    """`text` as metadata fields `{prefix}0`, `{prefix}1`… of at most PIECE_BYTES each, and
    their count (`{prefix}_pieces`)."""
    found, start = [], 0
    while start < len(text):
        end = min(len(text), start + PIECE_BYTES)
        while len(text[start:end].encode("utf-8")) > PIECE_BYTES:
            end = start + max(1, (end - start) * 3 // 4)  # a character takes up to 4 bytes
        found.append(text[start:end])
        start = end
    return {f"{prefix}_pieces": len(found), **{f"{prefix}{i}": p for i, p in enumerate(found)}}


def joined(meta: dict, prefix: str) -> str:
    """The text `pieces` stored in these metadata under `prefix` (KeyError names a lost one)."""
    return "".join(meta[f"{prefix}{i}"] for i in range(meta[f"{prefix}_pieces"]))


def pack_text(text: str) -> dict[str, str | int]:
    """The article text as metadata fields `t0`, `t1`…, and their count."""
    return pieces(text, "t")


def unpack_text(meta: dict) -> str:
    """The text `pack_text` stored in these metadata."""
    try:
        return joined(meta, "t")
    except KeyError as missing:
        raise StoreError(f"an article record lacks the text field {missing}") from None


def pack_hashes(sentences: Sequence[Sentence]) -> str:
    """The first HASH_CHARS of each sentence's text hash, run together: an edited or renamed
    file's kept sentences find their stored vectors by them (embedding_cache.py), even when a
    killed sync lost the article record that holds the text."""
    return "".join(text_hash(s.text)[:HASH_CHARS] for s in sentences)


VECTOR_FIELD = re.compile(r"v\d+")
"""The metadata keys that hold a chunk record's sentence vectors (`pack_vectors`)."""


def pack_vectors(rows: np.ndarray) -> dict[str, str]:
    """Unit vectors as metadata fields `v0`, `v1`, …: each int4 (scaled by its largest
    component, two to a byte) in base64, 264 characters for 384 dimensions. Against int8 (520,
    the largest part of the store), cosines move by 0.007 (sd): on eval/ recall@5 is unchanged
    and recall@1 lost 2 of 232 questions. Not base85 (245 characters): Python decodes it about
    20 times slower, 6 ms of a question's 130 vectors. One field per vector, not one for all:
    Chroma indexes every string value, and SQLite moves an index entry longer than about 1 KB
    to overflow pages, which doubled the bytes a chunk's vectors take."""
    rows = np.asarray(rows, dtype=np.float32)
    if rows.shape[1] % 2:
        raise StoreError(
            f"vectors of {rows.shape[1]} dimensions cannot be stored: two components share a "
            "byte, so the embedding model must give an even number"
        )
    scales = np.maximum(np.abs(rows).max(axis=1), 1e-12) / LEVELS
    quantised = (np.round(rows / scales[:, None]).astype(np.int8) + LEVELS).astype(np.uint8)
    nibbles = (quantised[:, 0::2] << 4) | quantised[:, 1::2]
    return {
        f"v{i}": base64.b64encode(scale.astype(SCALE).tobytes() + row.tobytes()).decode("ascii")
        for i, (scale, row) in enumerate(zip(scales, nibbles))
    }


def unpack_vectors(fields: dict, n: int) -> np.ndarray:
    """The n vectors of `pack_vectors`, as float32 rows."""
    if n == 0:  # a chunk whose sentences all ride on earlier chunks
        return np.empty((0, 0), dtype=np.float32)
    try:
        data = b"".join(base64.b64decode(fields[f"v{i}"]) for i in range(n))
    except KeyError as missing:
        raise StoreError(f"a chunk record lacks the vector of its sentence {missing}") from None
    packed = np.frombuffer(data, dtype=np.uint8).reshape(n, -1)
    scales = packed[:, : SCALE.itemsize].copy().view(SCALE)[:, 0]
    nibbles = packed[:, SCALE.itemsize :]
    rows = np.empty((n, nibbles.shape[1] * 2), dtype=np.float32)
    rows[:, 0::2] = nibbles >> 4
    rows[:, 1::2] = nibbles & 15
    return (rows - LEVELS) * scales[:, None]


def owned_starts(ranges: Sequence[tuple[int, int]]) -> list[int]:
    """The first sentence whose vector each chunk (first, last) carries. A sentence's vector
    rides only on the first chunk that holds it: chunks overlap, and a copy on every holder
    was a quarter of the vectors stored."""
    starts, covered = [], -1
    for first, last in ranges:
        starts.append(max(first, covered + 1))
        covered = max(covered, last)
    return starts
