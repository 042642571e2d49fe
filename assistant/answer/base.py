"""What the assistant needs of an answerer and of a retriever; both kinds of each plug in here."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Protocol

from assistant.question import Question
from assistant.types import Answer, Filters, ScoredSentence, Sentence


class Answerer(Protocol):
    """Turns retrieved sentences into an Answer (extractive or LLM)."""

    def __call__(self, question: Question, hits: Sequence[ScoredSentence]) -> Answer: ...

    def stream(self, question: Question, hits: Sequence[ScoredSentence]) -> Iterator[str | Answer]:
        """Text as it is written, then the final (verified) Answer as the last item."""
        ...


class Searcher(Protocol):
    """Finds the sentences a question is answered from, best first."""

    def search(
        self, question: Question, k: int | None = None, filters: Filters | None = None
    ) -> list[ScoredSentence]: ...

    def idf(self) -> Callable[[str], float]:
        """How rare a term is in the corpus as indexed now (the answerability gate weighs the
        question's words by it)."""
        ...

    def neighbours(self, hit: ScoredSentence, filters: Filters | None = None) -> list[str]:
        """The texts of the sentences either side of `hit` in its article (those `filters`
        hide left out)."""
        ...

    def sentences(self, article_id: str) -> list[Sentence]:
        """Every sentence of an article as indexed, with its reading (an answer quotes the one
        that supplies what a quote leans on)."""
        ...
