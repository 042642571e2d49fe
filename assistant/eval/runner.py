"""`assistant eval`: ask every question of the eval sets and collect the judged answers by set.

Each question goes through `Assistant.ask`, exactly as `assistant ask` answers it. Retrieval is
scored on a second, deeper `retriever.search` call (`DEPTH` sentences) rather than by asking with
a larger k, because the answerer may quote any hit it is given, so a larger k could change the
answer being scored; the search is deterministic, so its first k hits are the ones `ask` saw.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from assistant.app import Assistant
from assistant.errors import EvalError
from assistant.eval.dataset import load_questions
from assistant.eval.judge import Judge, QuestionResult
from assistant.eval.summary import DEPTH, SetReport, set_report

ALL = "all"
"""Name of the pooled set reported when several question files are evaluated."""
WORST = 10
"""Questions listed as the worst of a run."""


@dataclass(frozen=True)
class EvalRun:
    """Everything one `assistant eval` measured."""

    sets: tuple[SetReport, ...]
    """One per question file, in the order given, then `ALL` when there are several."""
    k: int
    """Sentences each `ask` retrieved (the answerer's input)."""
    min_score: float
    embedding_model: str
    corpus: str
    created: str

    @property
    def results(self) -> tuple[QuestionResult, ...]:
        return tuple(r for s in self.sets if s.name != ALL for r in s.results)

    def worst(self, n: int = WORST) -> list[QuestionResult]:
        return sorted(self.results, key=lambda r: (r.quality, r.set_name, r.question.id))[:n]


class Evaluation:
    """`Evaluation(assistant, question_files, k).run()` -> EvalRun.

    Sync the assistant first (as `ask` does); the files are read and checked here, the gold
    articles and quotes against the index when `run` starts, before any question is asked.
    """

    def __init__(self, assistant: Assistant, files: Sequence[Path], k: int | None = None) -> None:
        if not files:
            raise EvalError("no question files given: pass --qa FILE")
        names = [f.name for f in files]
        if len(set(names)) < len(names):
            raise EvalError(
                f"two question files share a name ({', '.join(names)}): "
                "sets are reported by file name, rename one"
            )
        self.assistant = assistant
        self.k = k or assistant.settings.retrieval.k
        self.sets = {f.name: load_questions(f) for f in files}
        self.size = sum(map(len, self.sets.values()))
        self.judge = Judge(assistant)

    def run(self, on_question: Callable[[str], None] | None = None) -> EvalRun:
        """Ask every question; `on_question(id)` is called after each (for a progress bar)."""
        self.judge.check_gold(q for qs in self.sets.values() for q in qs)
        search = self.assistant.retriever.search
        # Load the model and the BM25 index now, so the first question's latency is like the rest.
        search(next(iter(self.sets.values()))[0].question, DEPTH)
        reports = []
        for name, questions in self.sets.items():
            results = []
            for q in questions:
                answer = self.assistant.ask(q.question, k=self.k)
                results.append(self.judge.result(q, name, answer, search(q.question, DEPTH)))
                if on_question:
                    on_question(q.id)
            reports.append(set_report(name, results))
        if len(reports) > 1:
            reports.append(set_report(ALL, [r for s in reports for r in s.results]))
        settings = self.assistant.settings
        return EvalRun(
            sets=tuple(reports),
            k=self.k,
            min_score=settings.answer.min_score,
            embedding_model=settings.embedding.model,
            corpus=str(settings.corpus_dir),
            created=datetime.now(UTC).isoformat(timespec="seconds"),
        )
