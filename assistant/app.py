"""`Assistant`: one object that owns the store, the models and the path from question to answer.

The CLI, the chat page and the eval harness all go through `stream` (which `ask` drains), so they
answer alike: check the question, retrieve sentences, let the answerer write and verify. Its parts
are built on first use and can be injected (tests pass fakes).
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import replace
from functools import cached_property
from pathlib import Path

from assistant.answer.base import Answerer, Searcher
from assistant.answer.extractive import ExtractiveAnswerer, abstention
from assistant.answer.gate import AnswerabilityGate, AnswerabilityModel, Judgement, model_path
from assistant.answer.generative import LLMAnswerer
from assistant.answer.selection import selected
from assistant.answer.verify import Verifier
from assistant.config import AnswerSettings, Settings, load_settings
from assistant.errors import AssistantError, CorpusError, StoreError
from assistant.index.check import CheckReport, check_index
from assistant.index.execute import Progress
from assistant.index.plan import INDEX_FORMAT, skipped_before
from assistant.index.speakers import Speaker, check_speakers
from assistant.index.speakers import speakers as quoted
from assistant.index.store import Store
from assistant.index.sync import Syncer
from assistant.models.embeddings import Embedder
from assistant.models.llm import EXTRACTIVE, parse_spec
from assistant.question import Question
from assistant.retrieval.filters import build_filters
from assistant.retrieval.hybrid import HybridRetriever
from assistant.retrieval.recency import TimeScope, newest_date
from assistant.stories.answer import briefing_answer
from assistant.stories.briefing import Briefer
from assistant.types import (
    Answer,
    Briefing,
    DateCoverage,
    Filters,
    ScoredSentence,
    StoreStatus,
    SyncReport,
)


def elapsed_ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


class Assistant:
    """Sync a corpus folder into the store and answer questions from it; or, read-only
    (`store.read_only`), answer from an index another process writes, without a corpus."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        embedder: Embedder | None = None,
        store: Store | None = None,
        retriever: Searcher | None = None,
        answerer: Answerer | None = None,
        gate: AnswerabilityGate | None = None,
    ) -> None:
        self.settings = settings or load_settings()
        self.read_only = self.settings.store.read_only
        """A serving replica: no corpus folder, answers from the index another process writes."""
        if not self.read_only and not self.settings.corpus_dir.is_dir():
            raise CorpusError(
                f"corpus folder {self.settings.corpus_dir} does not exist: "
                "create it or pass --corpus DIR"
            )
        parse_spec(self.settings.llm.spec)  # a misspelt LLM spec fails now, not at a question
        if embedder is not None:
            self.embedder = embedder
        if store is not None:
            self.store = store
        if retriever is not None:
            self.retriever = retriever
        if answerer is not None:
            self.answerer = answerer
        if gate is not None:
            self.gate = gate
        self._sync_lock = threading.Lock()  # one sync at a time (the chat page syncs too)

    @cached_property
    def embedder(self) -> Embedder:
        stored = None
        if self.settings.embedding.backend == "auto":  # it follows the store's vectors
            stored = self.store.meta.read().get("embedding_model")
        return Embedder(self.settings.embedding, stored)

    @cached_property
    def store(self) -> Store:
        settings = self.settings.store
        return Store(
            self.settings.store_path,
            url=settings.chroma_url,
            read_only=self.read_only,
            cache_articles=settings.cache_articles,
        )

    @cached_property
    def retriever(self) -> Searcher:
        """The hybrid retriever over the store, made on first use; a read-only server first
        checks that the store was written with its embedding model and index format (it
        cannot rebuild one that was not: StoreError says what to run)."""
        if self.read_only:  # a writer re-embeds on a model change; a replica cannot
            meta = self.store.meta.read()
            stored = meta.get("embedding_model", self.embedder.name)
            if stored != self.embedder.name:
                raise StoreError(
                    f"the index at {self.store.location} was embedded with {stored!r}, this "
                    f"read-only server embeds questions with {self.embedder.name!r}: set "
                    "embedding.model as the writer has it"
                )
            written = int(meta.get("index_format", 1))
            if written != INDEX_FORMAT:
                raise StoreError(
                    f"the index at {self.store.location} is in format {written}, this "
                    f"read-only server reads format {INDEX_FORMAT}: run the writer's "
                    "`assistant ingest` with this version first"
                )
        return HybridRetriever(self.store, self.embedder, self.settings.retrieval)

    def _model_path(self) -> Path:
        return model_path(self.settings.store_path, self.settings.answer.answerability_model)

    @cached_property
    def gate(self) -> AnswerabilityGate:
        """The answerability model in force (see answer/gate.py, `model_path`)."""
        model = AnswerabilityModel.load(self._model_path())
        if self.settings.answer.answerability_threshold is not None:
            model = replace(model, threshold=self.settings.answer.answerability_threshold)
        return AnswerabilityGate(model, self.retriever)

    @cached_property
    def answer_settings(self) -> AnswerSettings:
        """`answer` settings with the floor `assistant calibrate` chose for this store, unless the
        user set one (answer/selection.py)."""
        return selected(self.settings.answer, self.settings.store_path)

    @cached_property
    def answerer(self) -> Answerer:
        """Extractive, or an LLM whose answers are verified (`llm.spec`)."""
        extractive = ExtractiveAnswerer(self.answer_settings, self.retriever.sentences)
        spec = parse_spec(self.settings.llm.spec)
        if spec.kind == EXTRACTIVE:
            return extractive
        verifier = Verifier(self.embedder.embed, self.settings.verify)
        return LLMAnswerer(
            spec,
            self.settings.llm,
            verifier,
            extractive,
            drop_unsupported=self.settings.verify.drop_unsupported,
        )

    def sync(self, progress: Progress | None = None) -> SyncReport:
        """Make the index equal the corpus folder."""
        self._refuse_if_read_only("never syncs; run `assistant ingest`")
        with self._sync_lock:
            return Syncer(self.settings, self.store, self.embedder).run(progress)

    def _refuse_if_read_only(self, what: str) -> None:
        if self.read_only:
            where = self.settings.store.chroma_url or self.settings.store_path
            raise AssistantError(
                f"this assistant is read-only (--read-only, setting store.read_only): it "
                f"answers from the index at {where} and {what} where the corpus is"
            )

    def ask(
        self,
        question: str | Question,
        k: int | None = None,
        filters: Filters | None = None,
        as_of: str | None = None,
    ) -> Answer:
        """Answer from the index as it is (call `sync` first to pick up file changes)."""
        *_, answer = self.stream(question, k, filters, as_of=as_of)
        return answer

    def stream(
        self,
        question: str | Question,
        k: int | None = None,
        filters: Filters | None = None,
        extractive: bool = False,
        gate: AnswerabilityGate | None = None,
        as_of: str | None = None,
    ) -> Iterator[str | Answer]:
        """Like `ask`, but yields the answer's text as it is written, then the final Answer.

        `extractive` answers by quoting even when an LLM is configured (the page's mode switch);
        `gate` replaces the answerability gate for this question (eval's cross-validation asks
        each question through a model that never saw its article); `as_of` (ISO date) answers
        as of that day: later articles are not searched and "latest", "last week"… count from
        it. The question's own dates ("in 2015") are searched first, then, if nothing there is
        answerable, all the filters allow (retrieval/recency.py).
        """
        started = time.perf_counter()
        if not isinstance(question, Question):
            question = Question.read(question)  # the one reading every stage below shares
        scope = self.time_scope(question, filters, as_of)
        mode = EXTRACTIVE if extractive else parse_spec(self.settings.llm.spec).text
        if scope.notice:  # the dates asked for do not overlap: there is nothing to search
            yield replace(
                abstention(question, [], notice=scope.notice, mode=mode), reading=scope.reading
            )
            return
        if question.briefing is not None:  # "What happened this week?": the stories, not a fact
            answer = briefing_answer(question, self.brief(scope.filters, question.briefing))
            yield replace(answer, reading=scope.reading, latency_ms=elapsed_ms(started))
            return
        scope, hits, judgement, widened = self._judged(question, k, filters, scope, as_of, gate)
        ordered, reading = scope.order(hits, self.answer_settings)
        if judgement.answerable:
            answerer = (
                ExtractiveAnswerer(self.answer_settings, self.retriever.sentences)
                if extractive
                else self.answerer
            )
            stream = answerer.stream(question, ordered)
        else:  # no answerer sees hits the gate refused, so none can answer from them
            stream = iter([abstention(question, hits, notice=judgement.notice(), mode=mode)])
        for item in stream:
            if isinstance(item, Answer):
                yield replace(
                    item,
                    retrieved=tuple(hits),
                    answerability=judgement.probability,
                    latency_ms=elapsed_ms(started),
                    reading=reading,
                    notice=" ".join(n for n in (widened, item.notice) if n),
                )
            else:
                yield item

    def _judged(
        self,
        question: Question,
        k: int | None,
        filters: Filters | None,
        scope: TimeScope,
        as_of: str | None,
        gate: AnswerabilityGate | None,
    ) -> tuple[TimeScope, list[ScoredSentence], Judgement, str]:
        """Search and judge: the sentences of the speaker the question asks about first ("What
        did Guler say…?"), then every sentence if none of theirs answers; the question's dates
        first, then all the filters allow. Returns the scope searched, the hits, the gate's
        judgement and the notice saying what was searched."""
        gate = gate or self.gate
        notices = []
        speaker = question.speaker
        if speaker and not (filters and filters.speakers):
            theirs = replace(filters or Filters(), speakers=(speaker,))
            spoken = self.time_scope(question, theirs, as_of)
            hits = self.retriever.search(question, k, spoken.filters)
            judgement = gate(question, hits) if hits else None
            # what the answerer would quote, too: no hit of theirs under its floor
            quotable = bool(hits) and hits[0].score >= self.answer_settings.min_score
            if judgement is not None and judgement.answerable and quotable:
                return (
                    spoken,
                    hits,
                    judgement,
                    f"Only sentences in the words of {speaker} were searched.",
                )
            if hits:
                notices.append(
                    f"No sentence in the words of {speaker} answers this: all were searched."
                )
        hits = self.retriever.search(question, k, scope.filters)
        judgement = gate(question, hits)
        if not judgement.answerable and scope.wider_notice:
            hits = self.retriever.search(question, k, scope.wider)
            judgement = gate(question, hits)
            notices.append(scope.wider_notice)
        return scope, hits, judgement, " ".join(notices)

    def time_scope(
        self, question: Question, filters: Filters | None, as_of: str | None
    ) -> TimeScope:
        """How the question's time words narrow and order its search; "now" is `as_of`, else
        the newest article date the filters allow."""
        reading = None
        if question.mentions_time:
            now = as_of or newest_date(self.store.snapshots.current().newest_first, filters)
            reading = question.time(now)
        return TimeScope(reading, filters, as_of)

    def filters(
        self,
        since: str | None = None,
        until: str | None = None,
        sources: Sequence[str] = (),
        authors: Sequence[str] = (),
        labels: tuple[str, str, str, str] = ("--since", "--until", "--source", "--author"),
        speakers: Sequence[str] = (),
        speaker_label: str = "--speaker",
    ) -> Filters | None:
        """Filters from typed values (retrieval/filters.py); outlets and authors as the index
        spells them, speakers as any run of their words ("Guler"); `labels` and
        `speaker_label` name the fields in errors."""
        snapshot = self.store.snapshots.current() if sources or authors or speakers else None
        found = build_filters(
            since,
            until,
            sources,
            snapshot.outlets if snapshot else frozenset(),
            labels,
            authors,
            snapshot.authors if snapshot else frozenset(),
        )
        if not speakers:
            return found
        check_speakers(speakers, [s.name for s in self.speakers()], speaker_label)
        return replace(found or Filters(), speakers=tuple(speakers))

    def speakers(
        self, since: str | None = None, until: str | None = None, sources: Sequence[str] = ()
    ) -> list[Speaker]:
        """Who the indexed articles quote, most quoted first (index/speakers.py)."""
        return quoted(self.store.snapshots.current(), since, until, sources)

    def brief(self, filters: Filters | None = None, about: str = "") -> Briefing:
        """The stories of the filters' days (default: the week to the newest article), ranked
        (stories/briefing.py); `about` keeps those whose articles use all its words."""
        return self.briefer(self.store.snapshots.current(), self.store.reader, filters, about)

    @cached_property
    def briefer(self) -> Briefer:
        """One per assistant: it keeps what it read of each article (stories/features.py)."""
        return Briefer()

    def verify(self) -> CheckReport:
        """Compare the index with the corpus and with itself (see index/check.py)."""
        self._refuse_if_read_only("has no corpus to compare it with; run `status --verify`")
        return check_index(self.settings, self.store)

    def status(self) -> StoreStatus:
        """What the store holds (articles, sentences, chunks), where it and the corpus are, the
        last sync, the models in use and the files the last sync skipped."""
        articles, sentences, chunks = self.store.reader.counts()
        meta = self.store.meta.read()
        return StoreStatus(
            articles=articles,
            sentences=sentences,
            chunks=chunks,
            store=self.store.location,
            corpus="none (read-only)" if self.read_only else str(self.settings.corpus_dir),
            last_sync=meta.get("last_sync", "never"),
            embedding_model=meta.get("embedding_model", self.settings.embedding.model),
            answerability_model=f"{self._model_path()} ({self.gate.model.fitted_on})",
            skipped=tuple((rel, why) for rel, (_, why) in sorted(skipped_before(meta).items())),
        )

    def dates(self) -> DateCoverage:
        """How many indexed articles have a date, from where, and why the others have none."""
        infos = [i for i in self.store.snapshots.current().infos.values() if not i.duplicate_of]
        origins = Counter(i.date_from for i in infos if i.date)
        return DateCoverage(
            articles=len(infos),
            by_origin=dict(sorted(origins.items(), key=lambda item: (-item[1], item[0]))),
            undated=tuple(
                sorted((i.id, i.date_note or "not recorded") for i in infos if not i.date)
            ),
        )
