"""Wire copies: one story carried by several outlets, with a new headline, another dateline and
small edits. Each article's body (no headline, dateline or credits: `Article.body`) gets a
MinHash signature over word shingles; articles whose estimated Jaccard similarity reaches the
threshold are grouped (eval/studies/copies/ measures it), and the earliest-dated member
represents the group: only its chunks are searched, the others are listed on its citation.
"""

from __future__ import annotations

import base64
import datetime as dt
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from assistant.text import TOKEN
from assistant.types import Article

SHINGLE = 3
"""Words per shingle: long enough that two stories on one event share few of them, short enough
that an edited word spoils only three."""
PERMUTATIONS = 128
"""Hash functions per signature: the estimate's standard error is about 0.04 near J = 0.6."""
SCHEME = "affine32"
"""datasketch's permutation scheme (its 2.0 default), named because stored values carry no trace
of it; its hash values fit in four bytes."""
SEED = 1
_PERMUTATIONS = MinHash(num_perm=PERMUTATIONS, seed=SEED, scheme=SCHEME).permutations
"""Drawn once: a MinHash draws them anew when made, which took longer than hashing a body."""


def body_shingles(article: Article) -> set[bytes]:
    """The article's body as lower-cased word shingles (one shingle for a body shorter than
    SHINGLE words; none for a body without words)."""
    words = TOKEN.findall(" ".join(article.text[s:e] for s, e in article.body).lower())
    size = min(SHINGLE, len(words))
    return {" ".join(words[i : i + size]).encode() for i in range(len(words) - size + 1)}


def signature(article: Article) -> str:
    """The article's MinHash as stored in its record's metadata (base64), "" for no words."""
    shingles = body_shingles(article)
    if not shingles:
        return ""
    # crc32 (C) rather than datasketch's sha1 (a Python call per shingle): ten times faster,
    # and 32 bits is all the affine32 scheme uses
    minhash = MinHash(
        num_perm=PERMUTATIONS,
        seed=SEED,
        scheme=SCHEME,
        hashfunc=zlib.crc32,
        permutations=_PERMUTATIONS,
    )
    minhash.update_batch(list(shingles))
    return base64.b64encode(minhash.hashvalues.astype("<u4").tobytes()).decode("ascii")


def decode(stored: str) -> LeanMinHash:
    values = np.frombuffer(base64.b64decode(stored), dtype="<u4").astype(np.uint64)
    return LeanMinHash(seed=SEED, hashvalues=values, scheme=SCHEME)


def similarity(a: str, b: str) -> float:
    """Estimated Jaccard similarity of two stored signatures."""
    return decode(a).jaccard(decode(b))


@dataclass(frozen=True)
class Member:
    """An indexed article as grouping sees it."""

    id: str
    path: str
    date: dt.date | None
    """None when unknown (an undated article never represents a dated group)."""
    signature: str
    """Its stored MinHash (see `signature`)."""

    @property
    def seniority(self) -> tuple:
        """Sort key of the representative: earliest date, then path, then id."""
        return (self.date is None, self.date or dt.date.min, self.path, self.id)


class CopyGrouper:
    """`CopyGrouper(threshold)(members)` -> {copy's id: its representative's id}."""

    def __init__(self, threshold: float) -> None:
        if not 0 < threshold <= 1:
            raise ValueError(f"copy threshold {threshold} is not in (0, 1]")
        self.threshold = threshold

    def __call__(self, members: Iterable[Member]) -> dict[str, str]:
        members = sorted((m for m in members if m.signature), key=lambda m: m.seniority)
        hashes = {m.id: decode(m.signature) for m in members}
        # LSH cannot band for a threshold near 1; a lower one only proposes more pairs
        lsh = MinHashLSH(threshold=min(self.threshold, 0.9), num_perm=PERMUTATIONS)
        parent = {m.id: m.id for m in members}
        rank = {m.id: n for n, m in enumerate(members)}

        def root(i: str) -> str:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for m in members:
            # LSH only proposes: each proposal is kept if its estimated similarity reaches it
            for other in lsh.query(hashes[m.id]):
                if hashes[m.id].jaccard(hashes[other]) >= self.threshold:
                    # members come most senior first, so a root is its group's representative
                    a, b = sorted((root(m.id), root(other)), key=rank.get)
                    parent[b] = a
            lsh.insert(m.id, hashes[m.id])
        return {i: root(i) for i in parent if root(i) != i}

    def near(self, members: Sequence[Member], changed: Iterable[str]) -> set[str]:
        """The members whose estimated similarity to a `changed` member reaches the threshold
        (the changed ones included): every signature compared at once, exactly, since a sync
        changes few articles (100 against 100,000 signatures: about a second)."""
        signed = [m for m in members if m.signature]
        index = {m.id: n for n, m in enumerate(signed)}
        asked = [index[c] for c in changed if c in index]
        if not asked:
            return set()
        matrix = np.stack([np.frombuffer(base64.b64decode(m.signature), "<u4") for m in signed])
        found: set[str] = set()
        for n in asked:
            similar = (matrix == matrix[n]).mean(axis=1) >= self.threshold
            found |= {signed[k].id for k in np.flatnonzero(similar)}
        return found
