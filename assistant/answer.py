"""The grounded answer: evidence sentences quoted verbatim, each with its citation.

The extractive answerer needs no LLM. It answers with the best 1–3 retrieved sentences (skipping
near-repeats, such as the same wire story under two outlets), each followed by its marker `[n]`,
and abstains with `CANNOT_ANSWER` when even the best sentence scores below the calibrated
threshold. `build_chain` wires retriever and answerer as a LangChain runnable, the place where
LLM answerers plug in later.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from langchain_core.runnables import Runnable, RunnableLambda

from .config import AnswerSettings
from .lexical import terms
from .types import Answer, Citation, Query, ScoredSentence

CANNOT_ANSWER = "The sources I have don't answer that."
"""The one sentence every answerer uses to abstain (prompts and tests share it)."""

RELATED_SOURCES = 3


def to_citation(n: int, hit: ScoredSentence) -> Citation:
    s, a = hit.sentence, hit.article
    return Citation(
        n=n, article=a.id, title=a.title, source=a.source, date=a.date, sentence=s.text,
        start=s.start, end=s.end, place=a.place, url=a.url, score=round(hit.score, 4),
    )


def overlap(a: str, b: str) -> float:
    """Jaccard similarity of the content terms of two sentences."""
    ta, tb = set(terms(a)), set(terms(b))
    if not ta or not tb:
        return float(a.strip() == b.strip())
    return len(ta & tb) / len(ta | tb)


class ExtractiveAnswerer:
    """`ExtractiveAnswerer(settings)(question, hits)` -> Answer, quoting the evidence."""

    def __init__(self, settings: AnswerSettings | None = None) -> None:
        self.settings = settings or AnswerSettings()

    def select(self, hits: Sequence[ScoredSentence]) -> list[ScoredSentence]:
        """The evidence to quote: the best hit, then close runners-up that add something."""
        if not hits or hits[0].score < self.settings.min_score:
            return []
        floor = max(self.settings.min_score, hits[0].score * self.settings.relative_floor)
        chosen = [hits[0]]
        for hit in hits[1:]:
            if len(chosen) == self.settings.max_sentences or hit.score < floor:
                break
            if all(
                overlap(hit.sentence.text, c.sentence.text) < self.settings.duplicate_similarity
                for c in chosen
            ):
                chosen.append(hit)
        return chosen

    def __call__(self, question: str, hits: Sequence[ScoredSentence]) -> Answer:
        chosen = self.select(hits)
        if not chosen:
            related = tuple(to_citation(n, h) for n, h in enumerate(hits[:RELATED_SOURCES], 1))
            return Answer(question=question, text=CANNOT_ANSWER, abstained=True,
                          citations=(), related=related)
        citations = tuple(to_citation(n, h) for n, h in enumerate(chosen, 1))
        text = " ".join(f"{c.sentence} [{c.n}]" for c in citations)
        return Answer(question=question, text=text, abstained=False, citations=citations)


Search = Callable[..., list[ScoredSentence]]
Answerer = Callable[[str, Sequence[ScoredSentence]], Answer]


def build_chain(search: Search, answerer: Answerer) -> Runnable[Query, Answer]:
    """Query -> retrieve sentences -> answer, as one LangChain runnable."""
    retrieve = RunnableLambda(
        lambda q: (q, search(q.question, q.k, q.filters)), name="retrieve_sentences"
    )
    answer = RunnableLambda(
        lambda pair: replace(answerer(pair[0].question, pair[1]), retrieved=tuple(pair[1])),
        name="answer",
    )
    return retrieve | answer
