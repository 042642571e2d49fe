"""Retriever and answerer wired as one LangChain runnable: Query -> sentences -> Answer."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from typing import Protocol

from langchain_core.runnables import Runnable, RunnableLambda

from assistant.types import Answer, Query, ScoredSentence

Search = Callable[..., list[ScoredSentence]]


class Answerer(Protocol):
    """What the chain and the chat page need of an answerer (extractive or LLM)."""

    def __call__(self, question: str, hits: Sequence[ScoredSentence]) -> Answer: ...

    def stream(self, question: str, hits: Sequence[ScoredSentence]) -> Iterator[str | Answer]:
        """Text as it is written, then the final (verified) Answer as the last item."""
        ...


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
