"""Hybrid retrieval down to sentences.

Dense (Chroma, cosine) and BM25 each return their best chunks; reciprocal rank fusion merges the
two lists; every sentence of the fused chunks becomes a candidate with raw features (its
embedding similarity and its chunk's, the share of the question's content-word weight it holds,
…: candidates.py), and a `SentenceScorer` (scorer.py) ranks them: by default today's hand-set
blend, or fitted weights (eval/results/ranking/). Sentences, not chunks, come out, best first:
they are what an answer cites. A question reads the store's published view (index/meta.py), so
that an answer never mixes records of two generations while another process syncs.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.config import RetrievalSettings
from assistant.errors import StoreError
from assistant.index.bm25 import LexicalIndex, lexical_dir
from assistant.index.schema import ChunkRecord
from assistant.index.snapshot import Snapshot
from assistant.index.store import Store
from assistant.models.embeddings import Embedder
from assistant.question import Question
from assistant.retrieval.candidates import Candidates, feature_rows
from assistant.retrieval.scorer import SentenceScorer, default_weights
from assistant.retrieval.where import chroma_where, passes
from assistant.types import Filters, Published, ScoredSentence, Sentence, iso


def rrf(rankings: list[list[str]], k: int) -> dict[str, float]:
    """Reciprocal rank fusion: sum of 1 / (k + rank) over the rankings an item appears in."""
    fused: dict[str, float] = defaultdict(float)
    for ranking in rankings:
        for rank, item in enumerate(ranking):
            fused[item] += 1.0 / (k + rank + 1)
    return dict(fused)


def held_sentences(
    fused: list[ChunkRecord], sentences: dict[str, list[Sentence]], filters: Filters | None
) -> dict[str, tuple[Sentence, list[str]]]:
    """Sentence id -> (sentence, the fused chunks holding it) of every
    sentence of the fused chunks that the filters allow: a sentence takes its best chunk's
    context. `sentences` holds each article's sentences (an article missing from it, as while a
    sync removes it, adds none)."""
    holders: dict[str, tuple[Sentence, list[str]]] = {}
    for chunk in fused:
        article = sentences.get(chunk.article_id)
        if article is None:
            continue
        for s in article[chunk.first : chunk.last + 1]:
            if not (filters and filters.excludes(s)):
                holders.setdefault(s.id, (s, []))[1].append(chunk.id)
    return holders


def published_chunks(
    chunks: tuple[list[str], list[str], list[str]], pending: frozenset[str]
) -> tuple[list[str], list[str], list[str]]:
    """(ids, files, texts) of the chunks whose file no sync is changing."""
    keep = [i for i, path in enumerate(chunks[1]) if path not in pending]
    return tuple([column[i] for i in keep] for column in chunks)  # type: ignore[return-value]


VIEW_TRIES = 5
"""Reads of one question's candidates before giving up on an index that keeps changing."""

PRIOR_CHUNKS = 200
"""Chunks imagined beside the corpus when the answerability gate weighs a question's words. In a
small corpus BM25's IDF says little: with one article, every word it holds weighs a fifth of a
word it lacks, so a question answered by its lede looked unanswerable. The imagined chunks hold
none of the words, so a word's weight stays about the same in a big corpus and no longer swings
in a small one."""


class HybridRetriever:
    """`HybridRetriever(store, embedder, settings).search(question)` -> ranked sentences.

    `search` = `candidates` (store and model work) + `scorer.rank` (arithmetic only). To compare
    or fit scorers, call `candidates` once per question and rank with each scorer.
    """

    def __init__(
        self,
        store: Store,
        embedder: Embedder,
        settings: RetrievalSettings,
        scorer: SentenceScorer | None = None,
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.settings = settings
        self.scorer = scorer or SentenceScorer(default_weights(settings))
        self._lexical: tuple[str, LexicalIndex | None] = ("", None)
        self._lexical_lock = threading.Lock()  # the chat page asks from several threads

    def lexical(self, published: Published | None = None) -> LexicalIndex:
        """The BM25 index of the store's published generation (rebuilt if missing or stale)."""
        published = published or self.store.meta.published()
        with self._lexical_lock:
            return self._lexical_of(published)

    def _lexical_of(self, published: Published) -> LexicalIndex:
        generation = published.generation
        if self._lexical[0] != generation or self._lexical[1] is None:
            index = LexicalIndex.load_or_build(
                lexical_dir(self.store.path),
                generation,
                lambda: published_chunks(self.store.reader.all_chunks(), published.pending),
            )
            self._lexical = (generation, index)
        return self._lexical[1]

    def search(
        self, question: Question, k: int | None = None, filters: Filters | None = None
    ) -> list[ScoredSentence]:
        """The k best sentences for the question: `candidates` ranked by `scorer`."""
        return self.scorer.rank(self.candidates(question, filters), k or self.settings.k)

    def candidates(self, question: Question, filters: Filters | None = None) -> Candidates:
        """Every sentence of the fused chunks with its raw features (see candidates.py).

        One question embedding and one round of store reads; scoring them is left to a
        `SentenceScorer`, so they can be rescored with other weights at no cost. The reads
        use the published view of the store (index/meta.py): files a sync is changing are left
        out, and reads that straddled the start or end of a sync are made again.
        """
        query = self.embedder.embed([question.searched])[0]
        for _ in range(VIEW_TRIES):
            published = self.store.meta.published()
            found = self._candidates(question, query, filters, published)
            if self.store.meta.published() == published:
                return found
        raise StoreError(
            f"the index at {self.store.location} changed during each of {VIEW_TRIES} reads "
            "(is a sync looping?): ask again"
        )

    def _candidates(
        self, question: Question, query: np.ndarray, filters: Filters | None, published: Published
    ) -> Candidates:
        n = self.settings.candidates
        empty = Candidates.empty(self.settings.context_weight)
        dense = self.store.reader.search_chunks(query, n, chroma_where(filters, published.copies))
        lexical = self.lexical(published)
        # filtered-out hits are dropped after the search: ask for more
        asked = n * 2 if filters or published.copies else n
        bm25 = [c for c, _ in lexical.search(question.terms, asked)]
        snapshot = self.store.snapshots.current(published)
        cosines, records = self._read_chunks(query, dense, bm25, snapshot)
        # the published view: the records of files a sync is changing are left out (meta.py)
        hits = {c: records[c] for c in cosines if records[c].path not in published.pending}
        ranked = [c for c in bm25 if c in hits and passes(hits[c], filters, published.copies)]
        fused = rrf([[r.id for r, _ in dense if r.id in hits], ranked[:n]], self.settings.rrf_k)
        if not fused:
            return empty
        passages = snapshot.passages({hits[c].article_id for c in fused})
        holders = held_sentences([hits[c] for c in fused], passages.sentences, filters)
        held = {s.id: s for s, _ in holders.values()}
        found = self._vectors(list(held.values()), records, snapshot)
        if not found:
            return empty
        sentences = [held[i] for i in found]
        rank = {cid: r for r, cid in enumerate(sorted(fused, key=fused.get, reverse=True))}
        features, ranks = feature_rows(
            question,
            {t: lexical.idf(t) for t in set(question.terms)},
            sentences,
            np.array(list(found.values()), dtype=np.float32) @ query,
            {s.id: [(cosines[c], rank[c]) for c in holders[s.id][1]] for s in sentences},
            passages,
        )
        return Candidates(
            sentences=tuple(sentences),
            articles=passages.infos,
            features=features,
            chunk_ranks=ranks,
            context_weight=self.settings.context_weight,
        )

    def _read_chunks(
        self,
        query: np.ndarray,
        dense: list[tuple[ChunkRecord, float]],
        bm25: list[str],
        snapshot: Snapshot,
    ) -> tuple[dict[str, float], dict[str, ChunkRecord]]:
        """(chunk id -> cosine with the question of every dense and BM25 hit, chunk id -> record
        of every hit and chunk read): the BM25-only hits are read, with their vectors.

        The chunks that carry the vectors of the hits' sentences (packing.py) are known from
        the snapshot: read with the BM25-only chunks, they cost no read of their own. Some of
        them serve chunks that fusion or the filters drop: one longer read is still cheaper
        than a second one."""
        cosines = {record.id: cos for record, cos in dense}
        missing = [cid for cid in bm25 if cid not in cosines]
        carriers = snapshot.vector_holders([*cosines, *missing]) - set(cosines)
        read = self.store.reader.chunks([*missing, *sorted(carriers - set(missing))])
        for cid in missing:
            if cid in read:
                cosines[cid] = float(read[cid][1] @ query)
        records = {cid: record for cid, (record, _) in read.items()}
        return cosines, records | {record.id: record for record, _ in dense}

    def _vectors(
        self, sentences: list[Sentence], records: dict[str, ChunkRecord], snapshot: Snapshot
    ) -> dict[str, np.ndarray]:
        """Sentence id -> vector, taken from the chunk record that carries it (packing.py).
        `records` (chunk id -> record) holds those carriers already: the question's one read
        fetched them with its chunks. A carrier not among them (a chunk record that disagrees
        with the snapshot, as while a sync rewrites its file) is read here. A sentence whose
        carrier a sync has deleted meanwhile is left out (the view check then reads again)."""
        holder = {s.id: snapshot.vector_holder(s) for s in sentences}
        unread = sorted(set(holder.values()) - set(records))
        if unread:
            read = self.store.reader.chunks(unread)
            records = records | {cid: record for cid, (record, _) in read.items()}
        carried = {
            cid: dict(zip(records[cid].owned, records[cid].held_vectors()))
            for cid in set(holder.values())
            if cid in records
        }
        return {
            s.id: carried[holder[s.id]][s.index]
            for s in sentences
            if s.index in carried.get(holder[s.id], {})
        }

    def idf(self) -> Callable[[str], float]:
        # the index the last search used (a search always comes first): reading the store's
        # generation again would cost a round trip per question for the same answer
        lexical = self._lexical[1] or self.lexical()
        return lambda term: lexical.idf(term, PRIOR_CHUNKS)

    def sentences(self, article_id: str) -> list[Sentence]:
        return self.store.snapshots.current().sentences(article_id)

    def neighbours(self, hit: ScoredSentence, filters: Filters | None = None) -> list[str]:
        s = hit.sentence
        article = self.sentences(s.article_id)
        return [
            n.text
            for n in article[max(0, s.index - 1) : s.index + 2]
            if n.index != s.index and not (filters and filters.hides(n))
        ]


def to_document(hit: ScoredSentence) -> Document:
    """A retrieved sentence as a LangChain `Document`: its text, with where it is and how it
    scored in the metadata (the date as text, as JSON carries it)."""
    s, a = hit.sentence, hit.article
    return Document(
        page_content=s.text,
        id=s.id,
        metadata={
            "article": a.id,
            "title": a.title,
            "source": a.source,
            "date": iso(a.date),
            "start": s.start,
            "end": s.end,
            "score": hit.score,
        },
    )


class SentenceRetriever(BaseRetriever):
    """The hybrid retriever as a LangChain retriever of sentence `Document`s."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    retriever: HybridRetriever
    k: int | None = None

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        # a way in of its own (LangChain chains call it with text): the question is read here
        hits = self.retriever.search(Question.read(query), self.k)
        return [to_document(hit) for hit in hits]
