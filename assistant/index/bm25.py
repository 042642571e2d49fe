"""BM25 over chunks (bm25s), persisted in the store and remade only when the index changed.

It also keeps each term's document frequency, so that sentences can be scored by how much of a
question's content-word weight (IDF) they contain: names and numbers weigh more than "said".
"""

from __future__ import annotations

import json
import logging
import math
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import bm25s
import numpy as np
from scipy import sparse

from assistant.text import coverage, terms

BLOCK = 50_000
"""Chunks whose (term, count) pairs are counted at once."""
log = logging.getLogger(__name__)
VERSION = 5  # bump when `text.terms` or the saved layout change: older indexes are rebuilt


def lexical_dir(store_path: Path) -> Path:
    return store_path / "bm25"


Fetch = Callable[[], tuple[list[str], list[str], list[str]]]
"""() -> (ids, paths, texts) of every chunk in the store."""


@dataclass
class Change:
    """What a sync did to the chunks of store generation `base`."""

    base: str
    touched: set[str]
    """Files whose chunks were removed or replaced."""
    added: list[tuple[str, str, str]]
    """(chunk id, file, indexed text) of every chunk written."""
    chunk_ids: Callable[[], list[str]]
    """The ids of the chunks the store holds now, to check the result against."""


@dataclass
class Tokens:
    """Each chunk's terms as ids into `vocab`: one flat array and where each chunk starts."""

    vocab: list[str]
    flat: np.ndarray
    offsets: np.ndarray
    """len(chunks) + 1 positions into `flat`."""

    @classmethod
    def empty(cls) -> Tokens:
        return cls([], np.zeros(0, np.int32), np.zeros(1, np.int64))

    def extended(self, docs: list[list[str]]) -> Tokens:
        """These chunks' terms appended (an empty chunk gets a placeholder term, as bm25s needs
        every document to have one)."""
        index = {t: i for i, t in enumerate(self.vocab)}
        vocab = list(self.vocab)
        new = [[index.setdefault(t, len(index)) for t in doc or ["_empty_"]] for doc in docs]
        vocab += list(index)[len(vocab) :]
        lengths = np.array([len(d) for d in new], dtype=np.int64)
        flat = np.concatenate(
            [
                self.flat,
                np.fromiter((t for d in new for t in d), np.int32, count=int(lengths.sum())),
            ]
        )
        offsets = np.concatenate([self.offsets, self.offsets[-1] + np.cumsum(lengths)])
        return Tokens(vocab, flat, offsets)

    def kept(self, keep: np.ndarray) -> Tokens:
        """Only the chunks where `keep` is true, with the vocabulary of what is left."""
        lengths = np.diff(self.offsets)
        flat = self.flat[np.repeat(keep, lengths)]
        used = np.flatnonzero(np.bincount(flat, minlength=len(self.vocab)))
        renumber = np.zeros(len(self.vocab), dtype=np.int32)
        renumber[used] = np.arange(len(used), dtype=np.int32)
        offsets = np.concatenate([[0], np.cumsum(lengths[keep])]).astype(np.int64)
        return Tokens([self.vocab[i] for i in used], renumber[flat], offsets)

    def pairs(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(chunk, term, count) of each term in each chunk, chunk by chunk, in blocks of
        `BLOCK` chunks (a whole archive's pairs at once would take several times the memory)."""
        lengths = np.diff(self.offsets)
        n_vocab = max(len(self.vocab), 1)
        chunks, terms_of, counts = [], [], []
        for start in range(0, len(lengths), BLOCK):
            stop = min(len(lengths), start + BLOCK)
            doc = np.repeat(np.arange(start, stop, dtype=np.int64), lengths[start:stop])
            flat = self.flat[self.offsets[start] : self.offsets[stop]]
            keys, n = np.unique(doc * n_vocab + flat, return_counts=True)
            chunks.append((keys // n_vocab).astype(np.int32))
            terms_of.append((keys % n_vocab).astype(np.int32))
            counts.append(n.astype(np.float32))
        if not chunks:
            return np.zeros(0, np.int32), np.zeros(0, np.int32), np.zeros(0, np.float32)
        return np.concatenate(chunks), np.concatenate(terms_of), np.concatenate(counts)

    def save(self, path: Path) -> None:
        np.savez(path, flat=self.flat, offsets=self.offsets)

    @classmethod
    def load(cls, path: Path, vocab: list[str]) -> Tokens:
        with np.load(path) as data:
            return cls(vocab, data["flat"], data["offsets"])


def _scored(tokens: Tokens, k1: float = 1.5, b: float = 0.75) -> bm25s.BM25:
    """bm25s's BM25 (its default: Lucene's IDF and term weight, k1 1.5, b 0.75) over these
    chunks. The score matrix is computed here with numpy
    from the flat term ids, as bm25s would compute it: its own loop scores one chunk at a time
    in Python (2 s of a 12 s sync at 10,000 articles, growing with the archive)."""
    chunk, term, tf = tokens.pairs()
    n_docs, n_vocab = len(tokens.offsets) - 1, len(tokens.vocab)
    lengths = np.diff(tokens.offsets).astype(np.float32)
    df = np.bincount(term, minlength=n_vocab)
    idf = np.log(1 + (n_docs - df + 0.5) / (df + 0.5)).astype(np.float32)
    norm = k1 * ((1 - b) + b * lengths / lengths.mean())
    scores = (idf[term] * tf / (norm[chunk] + tf)).astype(np.float32)
    indptr = np.concatenate([[0], np.cumsum(np.bincount(chunk, minlength=n_docs))])
    matrix = sparse.csr_matrix((scores, term, indptr), shape=(n_docs, n_vocab)).tocsc()
    model = bm25s.BM25(k1=k1, b=b)
    model.scores = {
        "data": matrix.data,
        "indices": matrix.indices.astype(np.int32),
        "indptr": matrix.indptr,
        "num_docs": n_docs,
    }
    # as bm25s's own index(): every term, and "" for documents without one
    model.vocab_dict = {t: i for i, t in enumerate(tokens.vocab)} | {"": n_vocab}
    model.unique_token_ids_set = set(model.vocab_dict.values())
    model.nonoccurrence_array = None  # only BM25L and BM25+ have one
    return model


class LexicalIndex:
    """BM25 over chunk texts, plus document frequencies for IDF weights.

    The chunks' terms are kept too (as ids into a vocabulary), so that the next store
    generation's index is made from this one: the files a sync touched are dropped, the chunks it
    wrote are added, and nothing else is read back from the store or tokenised again."""

    def __init__(
        self,
        ids: list[str],
        model: bm25s.BM25 | None,
        paths: list[str] | None = None,
        tokens: Tokens | None = None,
    ) -> None:
        self.ids = ids
        self.model = model
        self.paths = paths or []
        """The file each chunk came from."""
        self.tokens = tokens
        """The chunks' terms; loaded only to make the next generation."""

    @classmethod
    def build(cls, ids: list[str], paths: list[str], texts: list[str]) -> LexicalIndex:
        return cls._of(ids, paths, Tokens.empty().extended([terms(t) for t in texts]))

    @classmethod
    def _of(cls, ids: list[str], paths: list[str], tokens: Tokens) -> LexicalIndex:
        return cls(ids, _scored(tokens) if ids else None, paths, tokens)

    def updated(self, touched: set[str], added: list[tuple[str, str, str]]) -> LexicalIndex:
        """This index without the chunks of the `touched` files, plus `added` (id, path, text)."""
        assert self.tokens is not None, "load the index with its tokens to update it"
        keep = np.array([p not in touched for p in self.paths], dtype=bool)
        tokens = self.tokens.kept(keep).extended([terms(text) for _, _, text in added])
        ids = [i for i, k in zip(self.ids, keep) if k] + [i for i, _, _ in added]
        paths = [p for p, k in zip(self.paths, keep) if k] + [p for _, p, _ in added]
        return self._of(ids, paths, tokens)

    def idf(self, term: str, unseen: int = 0) -> float:
        """BM25's IDF of a term; `unseen` adds that many imagined chunks without it (see
        `PRIOR_CHUNKS`)."""
        n = max(len(self.ids), 1) + unseen
        df = self.df(term)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def df(self, term: str) -> int:
        """How many chunks hold the term: its column's entries in the score matrix (every
        chunk holding a term scores above 0 for it), so no second table of the vocabulary is
        kept (at 100,000 articles a dict of 1.2 million terms, 99 MB in each process)."""
        column = self.model.vocab_dict.get(term) if self.model is not None else None
        indptr = self.model.scores["indptr"] if self.model is not None else ()
        if column is None or column + 1 >= len(indptr):
            return 0
        return int(indptr[column + 1] - indptr[column])

    def coverage(self, question_terms: list[str], text_terms: set[str]) -> float:
        """Share of the question's IDF weight whose terms occur in the text (0..1)."""
        return coverage({t: self.idf(t) for t in set(question_terms)}, text_terms)

    def search(self, question_terms: Sequence[str], n: int) -> list[tuple[str, float]]:
        """(chunk id, BM25 score) of the best n chunks with any of the question's content terms
        (text.py `terms`, as `Question.terms` holds them)."""
        if self.model is None:
            return []
        query = [t for t in question_terms if t in self.model.vocab_dict]
        if not query:
            return []
        docs, scores = self.model.retrieve(
            [query], k=min(n, len(self.ids)), show_progress=False, n_threads=1
        )
        return [(self.ids[d], float(s)) for d, s in zip(docs[0], scores[0]) if s > 0]

    # -- persistence ---------------------------------------------------------------------------

    def save(self, folder: Path, generation: str) -> None:
        """Write into a fresh folder, then rename it into place: readers (other threads, other
        processes) only ever see a complete index, and concurrent savers cannot clash."""
        folder.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(dir=folder, prefix=".building-"))
        try:
            if self.model is not None:
                self.model.save(str(work), show_progress=False)
            if self.tokens is not None:
                self.tokens.save(work / "tokens.npz")
            meta = {"generation": generation, "version": VERSION, "ids": self.ids}
            (work / "lexical.json").write_text(json.dumps(meta), encoding="utf-8")
            # what only the next generation's update reads, apart: a replica never parses it
            vocab = self.tokens.vocab if self.tokens is not None else None
            upkeep = json.dumps({"paths": self.paths, "vocab": vocab})
            (work / "upkeep.json").write_text(upkeep, encoding="utf-8")
            try:
                os.rename(work, folder / f"v{VERSION}-{generation}")
            except OSError:  # another thread or process saved this generation first
                return
        finally:
            shutil.rmtree(work, ignore_errors=True)
        for old in folder.iterdir():  # earlier generations are of no further use
            if old.name != f"v{VERSION}-{generation}" and not old.name.startswith("."):
                shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def load(cls, folder: Path, generation: str, tokens: bool = False) -> LexicalIndex | None:
        """The saved index if it was built for this store generation, else None; with its
        chunks' terms if `tokens`."""
        path = folder / f"v{VERSION}-{generation}"
        try:
            meta = json.loads((path / "lexical.json").read_text(encoding="utf-8"))
            # memory-mapped: replicas on one host share the index's pages, and a process reads
            # only the pages its questions touch
            model = (
                bm25s.BM25.load(str(path), mmap=True, show_progress=False) if meta["ids"] else None
            )
            paths, terms_of = [], None
            if tokens:
                upkeep = json.loads((path / "upkeep.json").read_text(encoding="utf-8"))
                paths = upkeep["paths"]
                terms_of = Tokens.load(path / "tokens.npz", upkeep["vocab"])
        except (OSError, ValueError, KeyError):  # missing, or removed while being read
            return None
        return cls(meta["ids"], model, paths, terms_of)

    @classmethod
    def load_or_build(
        cls,
        folder: Path,
        generation: str,
        fetch: Fetch,
        change: Change | None = None,
    ) -> LexicalIndex:
        """The saved index of this generation; else, given the `change` a sync made to the
        previous one, that index updated; else (or if the update does not match the chunks
        the store now holds: another client wrote meanwhile) one built from `fetch()`."""
        index = cls.load(folder, generation)
        if index is not None:
            return index
        base = None
        if change is not None and change.base:
            base = cls.load(folder, change.base, tokens=True)
        elif change is not None:  # a store's first sync starts from nothing
            base = cls.build([], [], [])
        if base is not None:
            index = base.updated(change.touched, change.added)
            if set(index.ids) != set(change.chunk_ids()):
                index = None
        if index is None:
            index = cls.build(*fetch())
        try:
            index.save(folder, generation)
        except OSError as exc:  # a replica's read-only copy of the writer's folder: serve it
            log.warning("BM25 index of generation %s not saved in %s: %s", generation, folder, exc)
        return index
