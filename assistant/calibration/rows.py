"""The rows an answerability model is fitted on, from a user's question-answer pairs.

Nobody labels unanswerable questions by hand at the rate a model needs them. Each answerable
question gives two rows instead: asked as it is (label 1), and asked as if its article were not
in the corpus (label 0, "held-out") — a realistic question the sources cannot answer, on a topic
the corpus may well cover elsewhere. A held-out row is dropped when another article holds the
gold answer or an evidence quote (then the corpus *can* answer it). Questions without an answer
give one row, label 0 ("unanswerable").

Leaving the article out is done with a retrieval filter, not a second store: cheap enough to run
on a user's corpus, and close to a store without the article (the article's chunks take no
candidate slots; its words still count in the IDF). eval/answerability/dataset.py measures the
exact version with one store per left-out article.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from assistant.eval.dataset import EvalQuestion
from assistant.retrieval.answerability import Features
from assistant.types import Filters, ScoredSentence

ANSWERABLE, HELD_OUT, UNANSWERABLE = "answerable", "held-out", "unanswerable"


@dataclass(frozen=True)
class Row:
    """One question asked against one corpus, with the gate's features of what was retrieved."""

    id: str
    """The question's id (`set:id` when several files are calibrated on)."""
    group: str
    """The cross-validation fold: the question's article (unanswerable questions are dealt round
    the articles), so no model scores a question whose article it was fitted on."""
    kind: str
    """ANSWERABLE, HELD_OUT or UNANSWERABLE."""
    features: Features

    @property
    def label(self) -> int:
        """1 when the corpus the row was asked against answers the question."""
        return int(self.kind == ANSWERABLE)


def answered_elsewhere(q: EvalQuestion, texts: dict[str, str]) -> str | None:
    """The other article (id) holding one of q's evidence quotes or its gold answer as a
    phrase (case-insensitive, at word boundaries), or None."""
    answer = re.escape(" ".join((q.answer or "").split()))
    phrase = re.compile(rf"(?<!\w){answer}(?!\w)", re.I) if answer else None
    for name, text in texts.items():
        if name == q.article:
            continue
        flat = " ".join(text.split())
        if any(" ".join(e.split()) in flat for e in q.evidence):
            return name
        if phrase is not None and phrase.search(flat):
            return name
    return None


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
    search: Callable[[str, Filters | None], list[ScoredSentence]],
    featurize: Callable[[str, list[ScoredSentence]], Features],
    texts: dict[str, str],
    progress: Callable[[int, int], None] | None = None,
) -> list[Row]:
    """Rows for (key, question) pairs: `search` retrieves as the assistant does (with a filter
    for held-out rows), `featurize` is the gate's feature function, `texts` every article's
    text by id (to drop held-out rows another article answers)."""
    folds = deal((key, q.article) for key, q in questions)
    rows: list[Row] = []
    for n, (key, q) in enumerate(questions, 1):
        if q.answerable and q.article:
            rows.append(
                Row(key, folds[key], ANSWERABLE, featurize(q.question, search(q.question, None)))
            )
            if answered_elsewhere(q, texts) is None:
                hits = search(q.question, Filters(exclude_articles=(q.article,)))
                rows.append(Row(key, folds[key], HELD_OUT, featurize(q.question, hits)))
        elif not q.answerable:
            rows.append(
                Row(key, folds[key], UNANSWERABLE, featurize(q.question, search(q.question, None)))
            )
        if progress:
            progress(n, len(questions))
    return rows


def keyed(sets: Iterable[tuple[str, Sequence[EvalQuestion]]]) -> list[tuple[str, EvalQuestion]]:
    """(set name, questions) -> (`set:id`, question) pairs, ids kept unique across files."""
    return [(f"{name}:{q.id}", q) for name, questions in sets for q in questions]
