"""`assistant eval`: ask every question of the eval sets and collect the judged answers by set.

Each question goes through `Assistant.stream`, exactly as `assistant ask` answers it (with --cv,
through the answerability model of its own fold instead of the one in force: crossval.py).
Retrieval is scored on a second, deeper `retriever.search` call (`DEPTH` sentences) rather than
by asking with a larger k, because the answerer may quote any hit it is given, so a larger k
could change the answer being scored; the search is deterministic, so its first k hits are the
ones `ask` saw.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from assistant.answer.gate import AnswerabilityGate
from assistant.app import Assistant
from assistant.errors import EvalError
from assistant.eval.attribution import AttributionFigures, load_labelled, score_attribution
from assistant.eval.crossval import CrossValidated, fitted_files
from assistant.eval.dataset import load_questions
from assistant.eval.judge import Judge, QuestionResult
from assistant.eval.stories import Figures, load_labels, score_labels
from assistant.eval.summary import DEPTH, GateMetrics, SetReport, set_report
from assistant.question import Question
from assistant.retrieval.recency import as_of_filters

ALL = "all"
"""Name of the pooled set reported when several question files are evaluated."""
WORST = 10
"""Questions listed as the worst of a run."""


@dataclass(frozen=True)
class GateRun:
    """Which answerability gate judged the questions."""

    in_force: str
    """What the model in force was fitted on (its `fitted_on`)."""
    threshold: float
    in_sample: tuple[str, ...]
    """The evaluated files the model in force was fitted on: its figures on them are
    in-sample (without --cv it judged their questions)."""
    cv: CrossValidated | None
    """With --cv: the fold models each question was asked through, and the gate's figures."""


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
    gate: GateRun | None = None
    attribution: tuple[AttributionFigures, ...] = ()
    """One per attribution file (eval/attribution.py), in the order given."""
    stories: tuple[Figures, ...] = ()
    """One per stories or briefing questions file (eval/stories.py), in the order given."""

    def measured(self) -> dict[str, dict[str, float]]:
        """Set, attribution or stories file name -> its headline numbers (the floors and
        --compare)."""
        found = {s.name: s.metrics.flat() for s in self.sets}
        return found | {f.name: f.flat() for f in (*self.attribution, *self.stories)}

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

    def __init__(
        self,
        assistant: Assistant,
        files: Sequence[Path],
        k: int | None = None,
        cv: CrossValidated | None = None,
        attribution: Sequence[Path] = (),
        stories: Sequence[Path] = (),
    ) -> None:
        if not files and not attribution and not stories:
            raise EvalError(
                "no question files given: pass --qa FILE, --attribution FILE or --stories FILE"
            )
        names = [f.name for f in [*files, *attribution, *stories]]
        if len(set(names)) < len(names):
            raise EvalError(
                f"two question files share a name ({', '.join(names)}): "
                "sets are reported by file name, rename one"
            )
        self.assistant = assistant
        self.k = k or assistant.settings.retrieval.k
        self.sets = {f.name: load_questions(f) for f in files}
        self.labelled = {f.name: load_labelled(f) for f in attribution}
        self.stories = {f.name: load_labels(f) for f in stories}
        self.size = sum(map(len, self.sets.values()))
        self.judge = Judge(assistant)
        self.cv = cv

    def run(self, on_question: Callable[[str], None] | None = None) -> EvalRun:
        """Ask every question; `on_question(id)` is called after each (for a progress bar)."""
        self.judge.check_gold(q for qs in self.sets.values() for q in qs)
        snapshot = self.assistant.store.snapshots.current()
        attribution = tuple(
            score_attribution(name, rows, snapshot) for name, rows in self.labelled.items()
        )
        reader = self.assistant.store.reader
        stories = tuple(
            score_labels(name, labels, snapshot, reader) for name, labels in self.stories.items()
        )
        search = self.assistant.retriever.search
        if self.sets:  # load the model and BM25 now: the first latency is like the rest
            search(Question.read(next(iter(self.sets.values()))[0].question), DEPTH)
        reports = []
        for name, questions in self.sets.items():
            results = []
            for q in questions:
                asked = Question.read(q.question)  # one reading for the answer and the deep search
                *_, answer = self.assistant.stream(
                    asked, self.k, gate=self._gate(name, q.id), as_of=q.asked_on
                )
                ranking = search(asked, DEPTH, as_of_filters(asked, None, q.asked_on))
                results.append(self.judge.result(q, name, answer, ranking, asked.mentions_time))
                if on_question:
                    on_question(q.id)
            reports.append(set_report(name, results, self._gate_metrics(name)))
        if len(reports) > 1:
            pooled = [r for s in reports for r in s.results]
            reports.append(set_report(ALL, pooled, self._gate_metrics(None)))
        settings = self.assistant.settings
        in_force = self.assistant.gate.model
        used = fitted_files(in_force.fitted_on)
        return EvalRun(
            sets=tuple(reports),
            k=self.k,
            min_score=settings.answer.min_score,
            embedding_model=settings.embedding.model,
            corpus=str(settings.corpus_dir),
            created=datetime.now(UTC).isoformat(timespec="seconds"),
            gate=GateRun(
                in_force=in_force.fitted_on or "(not recorded)",
                threshold=in_force.threshold,
                in_sample=tuple(n for n in self.sets if n in used),
                cv=self.cv,
            ),
            attribution=attribution,
            stories=stories,
        )

    def _gate(self, set_name: str, question_id: str) -> AnswerabilityGate | None:
        """None: the model in force; with --cv, the model that never saw the question's fold."""
        if self.cv is None:
            return None
        model = self.cv.model_for(set_name, question_id)
        return AnswerabilityGate(model, self.assistant.retriever)

    def _gate_metrics(self, set_name: str | None) -> GateMetrics | None:
        return None if self.cv is None else self.cv.gate_metrics(set_name)
