"""The rows an answerability model is fitted on, from a user's question-answer pairs.

Nobody labels unanswerable questions by hand at the rate a model needs them. Each answerable
question gives two rows instead: asked as it is (label 1), and asked as if its article were not
in the corpus (label 0, "held-out") — a realistic question the sources cannot answer, on a topic
the corpus may well cover elsewhere. A held-out row is dropped when another article holds the
gold answer or an evidence quote (then the corpus *can* answer it). Questions without an answer
give one row, label 0 ("unanswerable").

Leaving the article out is done with a retrieval filter, not a second store: cheap enough to run
on a user's corpus, and close to a store without the article (the article's chunks take no
candidate slots; its words still count in the IDF). studies/answerability/features.py measures
the exact version with one store per left-out article.

A held-out question is off its corpus's topic as often as not, which is the easy case. The hard
one is on topic: the article is there, the asked-for fact is not ("How many wolves live in
Germany?" of an article on Poland's wolves). So each answerable question gives a third row,
asked with the sentences overlapping its evidence quotes hidden (label 0, "evidence-out"), unless
the rest of its article or another article states the gold answer. These rows are measured, not
fitted on (calibrate.py): fitted on, they taught the model little that it could use at its
operating point (eval/README.md, "Answerability"). The hidden sentences' chunks still lend their
context to the article's other sentences, so these rows look a little more answerable than the
same question against an article that never had the sentences.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from assistant.answer.answerability import Features
from assistant.eval.dataset import EvalQuestion
from assistant.eval.metrics import find_all
from assistant.question import Question
from assistant.retrieval.recency import as_of_filters
from assistant.types import Filters, ScoredSentence

ANSWERABLE, HELD_OUT, UNANSWERABLE = "answerable", "held-out", "unanswerable"
EVIDENCE_OUT = "evidence-out"


@dataclass(frozen=True)
class Row:
    """One question asked against one corpus, with the gate's features of what was retrieved."""

    id: str
    """The question's id (`set:id` when several files are calibrated on)."""
    group: str
    """The cross-validation fold: the question's article (unanswerable questions are dealt round
    the articles), so no model scores a question whose article it was fitted on."""
    kind: str
    """ANSWERABLE, HELD_OUT, EVIDENCE_OUT or UNANSWERABLE."""
    features: Features

    @property
    def label(self) -> int:
        """1 when the corpus the row was asked against answers the question."""
        return int(self.kind == ANSWERABLE)


def _phrase(q: EvalQuestion) -> re.Pattern | None:
    """q's gold answer as a phrase: case-insensitive, at word boundaries, any spacing."""
    answer = re.escape(" ".join((q.answer or "").split()))
    return re.compile(rf"(?<!\w){answer}(?!\w)", re.I) if answer else None


def answered_elsewhere(q: EvalQuestion, texts: dict[str, str]) -> str | None:
    """The other article (id) holding one of q's evidence quotes or its gold answer as a
    phrase (case-insensitive, at word boundaries), or None."""
    phrase = _phrase(q)
    for name, text in texts.items():
        if name == q.article:
            continue
        flat = " ".join(text.split())
        if any(" ".join(e.split()) in flat for e in q.evidence):
            return name
        if phrase is not None and phrase.search(flat):
            return name
    return None


def evidence_spans(q: EvalQuestion, text: str) -> tuple[tuple[str, int, int], ...]:
    """Where q's evidence quotes are in its article's `text`, as `Filters.exclude_spans`; empty
    when a quote is not found (then nothing is known to hide) or the rest of the article still
    states the gold answer."""
    spans = [find_all(text, quote) for quote in q.evidence]
    if not spans or not all(spans) or not q.article:
        return ()
    rest = list(text)
    for start, end in (s for found in spans for s in found):
        rest[start:end] = " " * (end - start)
    phrase = _phrase(q)
    if phrase is not None and phrase.search(" ".join("".join(rest).split())):
        return ()
    return tuple((q.article, start, end) for found in spans for start, end in found)


def deal(articles: Iterable[tuple[str, str | None]]) -> dict[str, str]:
    """(question key, its article or None) pairs -> each key's cross-validation fold: its
    article, or for a question without one an article dealt in key order (so each fold gets a
    share of the unanswerable questions). A key may come more than once (a question and its
    held-out twin)."""
    pairs = list(articles)
    names = sorted({a for _, a in pairs if a})
    loose = sorted({key for key, a in pairs if not a})
    folds = {key: a for key, a in pairs if a}
    folds |= {key: names[i % len(names)] if names else key for i, key in enumerate(loose)}
    return folds


def build_rows(
    questions: Sequence[tuple[str, EvalQuestion]],
    search: Callable[[Question, Filters | None], list[ScoredSentence]],
    featurize: Callable[[Question, list[ScoredSentence], Filters | None], Features],
    texts: dict[str, str],
    progress: Callable[[int, int], None] | None = None,
) -> list[Row]:
    """Rows for (key, question) pairs: `search` retrieves as the assistant does (with a filter
    for held-out and evidence-out rows), `featurize` is the gate's feature function (given the
    same filter), `texts` every article's text by id (to drop rows whose answer is still in the
    corpus)."""
    folds = deal((key, q.article) for key, q in questions)
    rows: list[Row] = []

    def ask(key: str, q: EvalQuestion, kind: str, filters: Filters | None = None) -> None:
        asked = Question.read(q.question)  # a way in of its own: calibration reads its questions
        filters = as_of_filters(asked, filters, q.asked_on)  # asked as on its day, if it has one
        hits = search(asked, filters)
        rows.append(Row(key, folds[key], kind, featurize(asked, hits, filters)))

    for n, (key, q) in enumerate(questions, 1):
        if q.answerable and q.article:
            ask(key, q, ANSWERABLE)
            if answered_elsewhere(q, texts) is None:
                ask(key, q, HELD_OUT, Filters(exclude_articles=(q.article,)))
                if spans := evidence_spans(q, texts[q.article]):
                    ask(key, q, EVIDENCE_OUT, Filters(exclude_spans=spans))
        elif not q.answerable:
            ask(key, q, UNANSWERABLE)
        if progress:
            progress(n, len(questions))
    return rows


def keyed(sets: Iterable[tuple[str, Sequence[EvalQuestion]]]) -> list[tuple[str, EvalQuestion]]:
    """(set name, questions) -> (`set:id`, question) pairs, ids kept unique across files."""
    return [(f"{name}:{q.id}", q) for name, questions in sets for q in questions]
