"""Judging one answer against the gold data: `Judge.result` turns what `ask` returned for a
question, and the deeper ranking retrieval is scored on, into a `QuestionResult`.

Spans are compared in the gold article's text as the index stores it, so the gold articles and
quotes are checked against the index (`check_gold`) before any question is asked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from assistant.app import Assistant
from assistant.errors import EvalError
from assistant.eval.dataset import EvalQuestion
from assistant.eval.metrics import (
    TokenScores,
    closest,
    find_all,
    first_ranks,
    overlaps,
    reciprocal_rank,
    token_scores,
)
from assistant.types import Answer, ScoredSentence


@dataclass(frozen=True)
class QuestionResult:
    """What the assistant did with one question, judged against the gold data."""

    question: EvalQuestion
    set_name: str
    answer: Answer
    ranking: tuple[ScoredSentence, ...]
    """The `DEPTH` best sentences, best first (`ask` was given the first k of this ranking)."""
    quote_ranks: tuple[int | None, ...]
    """Per gold quote, the rank of the first retrieved sentence whose span overlaps the quote's
    span in the gold article (None: not within `DEPTH`)."""
    article_rank: int | None
    """Rank of the first retrieved sentence of the gold article."""
    citation_hits: tuple[bool, ...]
    """Per citation: its span overlaps a gold quote's span."""
    quotes_cited: int
    """Gold quotes overlapped by at least one citation."""
    citations_checked: int
    """Citations and related sources whose offsets were checked against the stored text."""
    broken_citations: tuple[str, ...]
    """`article[start:end]` of those whose text differs from their sentence (must be none)."""
    tokens: TokenScores | None
    """The answer against the gold answer; None for unanswerable questions."""
    mc_choice: int | None
    """Index into (gold answer, *wrong choices) of the choice closest to the answer by embedding
    similarity; None without choices or when the assistant abstained."""
    time_words: bool = False
    """The question has time words ("latest", "this week", "in 2015"): its figures are also
    shown apart (summary.py)."""

    @property
    def quality(self) -> float:
        """For ranking the worst questions: the mean of answer token recall and sentence
        reciprocal rank; an unanswerable question scores 1 if abstained on, else 0."""
        if self.tokens is None:
            return float(self.answer.abstained)
        return (self.tokens.recall + reciprocal_rank(self.quote_ranks)) / 2


def answer_text(answer: Answer) -> str:
    """The answer without its `[n]` markers; empty for an abstention, whose text is a notice."""
    return "" if answer.abstained else re.sub(r"\s*\[\d+\]", "", answer.text).strip()


class Judge:
    """Scores the answers of `assistant` against the gold data, in the text of its index."""

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant
        self.article_text = cache(assistant.store.reader.article_text)

    def check_gold(self, questions: Iterable[EvalQuestion]) -> None:
        """Raise on a gold article the index lacks, or a quote its text does not hold."""
        indexed = set(self.assistant.store.snapshots.current().infos)
        for q in (q for q in questions if q.article):
            if q.article not in indexed:
                raise EvalError(
                    f"{q.where}: article {q.article!r} is not in the index of "
                    f"{self.assistant.settings.corpus_dir}"
                )
            for quote in q.evidence:
                if quote not in self.article_text(q.article):
                    raise EvalError(f"{q.where}: evidence {quote[:50]!r} is not in {q.article}")

    def result(
        self,
        q: EvalQuestion,
        set_name: str,
        answer: Answer,
        ranking: Sequence[ScoredSentence],
        time_words: bool = False,
    ) -> QuestionResult:
        """`answer`, what `ask` returned for `q`, and `ranking`, the deeper ranking (best first),
        judged against q's gold; `time_words`: the question has time words."""
        gold = [find_all(self.article_text(q.article), e) for e in q.evidence] if q.article else []

        def span(article: str, start: int, end: int) -> tuple[int, int] | None:
            return (start, end) if article == q.article else None

        cited = [span(c.article, c.start, c.end) for c in answer.citations]
        shown = answer.citations + answer.related
        return QuestionResult(
            question=q,
            set_name=set_name,
            answer=answer,
            ranking=tuple(ranking),
            quote_ranks=tuple(
                first_ranks(
                    [
                        span(h.sentence.article_id, h.sentence.start, h.sentence.end)
                        for h in ranking
                    ],
                    gold,
                )
            ),
            article_rank=next(
                (r for r, h in enumerate(ranking) if h.sentence.article_id == q.article), None
            ),
            citation_hits=tuple(
                s is not None and any(overlaps(s, g) for quote in gold for g in quote)
                for s in cited
            ),
            quotes_cited=sum(r is not None for r in first_ranks(cited, gold)),
            citations_checked=len(shown),
            broken_citations=tuple(
                f"{c.article}[{c.start}:{c.end}]"
                for c in shown
                if self.article_text(c.article)[c.start : c.end] != c.sentence
            ),
            tokens=token_scores(answer_text(answer), q.answer) if q.answer is not None else None,
            mc_choice=self.choose(q, answer),
            time_words=time_words,
        )

    def choose(self, q: EvalQuestion, answer: Answer) -> int | None:
        if not q.wrong_choices or answer.abstained:
            return None
        vectors = self.assistant.embedder.embed([answer_text(answer), q.answer, *q.wrong_choices])
        return closest(vectors[0], vectors[1:])
