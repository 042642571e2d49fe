"""The folder of an eval run: answers.jsonl (one row per question), report.json (the figures of
every set and the worst questions), report.md and its charts."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from assistant.errors import EvalError
from assistant.eval.attribution import AttributionFigures
from assistant.eval.crossval import key
from assistant.eval.gate_report import answerability_json, draw_gate
from assistant.eval.judge import QuestionResult
from assistant.eval.markdown import markdown
from assistant.eval.metrics import SweepPoint
from assistant.eval.plots import draw
from assistant.eval.runner import EvalRun
from assistant.eval.summary import DEPTH, SetReport


def answer_row(r: QuestionResult, gate_fold: str | None = None) -> dict:
    """`gate_fold`: with --cv, the fold whose model judged the question (fitted without it)."""
    q, shown = r.question, r.answer.to_dict()  # citations as `assistant ask --json` shows them
    return {
        "set": r.set_name,
        "id": q.id,
        "question": q.question,
        "answer": r.answer.text,
        "abstained": r.answer.abstained,
        "citations": shown["citations"],
        "sentences": shown["sentences"],
        "verification": shown["verification"],
        "mode": r.answer.mode,
        "answerability": shown["answerability"],
        "gate_fold": gate_fold,
        "notice": r.answer.notice,
        "as_of": shown["as_of"],
        "reading": shown["reading"],
        "timeline": shown["timeline"],
        "conflicts": shown["conflicts"],
        "latency_ms": round(r.answer.latency_ms, 1),
        "retrieved": [h.sentence.id for h in r.ranking],
        "retrieved_scores": [round(h.score, 4) for h in r.ranking],
        "evidence_ranks": list(r.quote_ranks),
        "article_rank": r.article_rank,
        "token_recall": None if r.tokens is None else round(r.tokens.recall, 4),
        "token_f1": None if r.tokens is None else round(r.tokens.f1, 4),
        "mc_choice": r.mc_choice,
        "broken_citations": list(r.broken_citations),
        "gold_answer": q.answer,
        "gold_article": q.article,
        "evidence": list(q.evidence),
        "wrong_choices": list(q.wrong_choices),
        "gold_news": asdict(q.news) if q.news else None,
    }


def sweep_json(p: SweepPoint) -> dict:
    return {
        "threshold": p.threshold,
        "precision": round(p.abstention.precision, 4),
        "recall": round(p.abstention.recall, 4),
        "f1": round(p.abstention.f1, 4),
        "answerable_lost": p.answerable_lost,
    }


def set_json(s: SetReport) -> dict:
    """report.json's entry for one set: its metrics, recall curves, abstention, sweep and best
    threshold, and gate figures (None without --cv)."""
    m = s.metrics
    return {
        "questions": m.questions,
        "answerable": m.answerable,
        "metrics": {k: round(v, 4) for k, v in m.flat().items()},
        "recall_curve": {
            "sentence": [round(m.sentence_recall[k], 4) for k in range(1, DEPTH + 1)],
            "article": [round(m.article_recall[k], 4) for k in range(1, DEPTH + 1)],
        },
        "abstention": asdict(m.abstention),
        "citations_checked": m.citations_checked,
        "sweep": [sweep_json(p) for p in s.sweep],
        "best_threshold": sweep_json(s.best),
        "gate": None if m.gate is None else asdict(m.gate),
    }


def attribution_json(f: AttributionFigures) -> dict:
    return {
        "sentences": f.rows,
        "metrics": {k: round(v, 4) for k, v in f.flat().items()},
        "unmatched": list(f.unmatched),
        "by_shape": {s: {"right": r, "sentences": n} for s, (r, n) in f.by_shape.items()},
        "misses": [{"id": i, "labelled": want, "read": got} for i, want, got in f.misses],
    }


def worst_json(r: QuestionResult) -> dict:
    """report.json's entry for one worst question: gold, answer, quality and every retrieved
    sentence, those overlapping the evidence marked."""
    return {
        "set": r.set_name,
        "id": r.question.id,
        "question": r.question.question,
        "gold_answer": r.question.answer,
        "answer": r.answer.text,
        "quality": round(r.quality, 4),
        "retrieved": [
            {
                "id": h.sentence.id,
                "score": round(h.score, 4),
                "evidence": n in r.quote_ranks,
                "sentence": h.sentence.text,
            }
            for n, h in enumerate(r.ranking)
        ],
    }


def write_run(run: EvalRun, out: Path) -> Path:
    """Write the run's files into `out` (created if needed); returns the path of report.md."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise EvalError(f"cannot create the output folder {out}: {exc.strerror}") from None
    with open(out / "answers.jsonl", "w", encoding="utf-8") as f:
        cv = run.gate.cv if run.gate else None
        for r in run.results:
            fold = cv.folds[key(r.set_name, r.question.id)] if cv else None
            f.write(json.dumps(answer_row(r, fold), ensure_ascii=False) + "\n")
    report = {
        "created": run.created,
        "settings": {
            "k": run.k,
            "depth": DEPTH,
            "min_score": run.min_score,
            "embedding_model": run.embedding_model,
            "corpus": run.corpus,
        },
        "answerability": answerability_json(run),
        "sets": {s.name: set_json(s) for s in run.sets}
        | {f.name: attribution_json(f) for f in run.attribution}
        | {f.name: f.to_json() for f in run.stories},
        "worst": [worst_json(r) for r in run.worst()],
    }
    (out / "report.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    figures = draw(run, out) if run.sets else []
    (out / "report.md").write_text(markdown(run, figures, draw_gate(run, out)), encoding="utf-8")
    return out / "report.md"
