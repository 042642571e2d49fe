"""report.md: the summary table and what each metric means, the charts, the abstention
threshold sweep, and the worst questions with what was retrieved for them."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.eval.attribution import markdown as attribution_markdown
from assistant.eval.gate_report import answerability_section
from assistant.eval.plots import Figure
from assistant.eval.runner import WORST, EvalRun
from assistant.eval.stories import markdown as stories_markdown
from assistant.eval.summary import DEPTH
from assistant.eval.tables import summary_table, table

WORST_SHOWN = 5
"""Retrieved sentences shown per worst question."""


def sweep_section(run: EvalRun) -> list[str]:
    """The abstention threshold section: for each set with unanswerable questions, its figures at
    the current threshold and the best, then the sweep as a table."""
    sets = [s for s in run.sets if s.metrics.abstention.actual]
    if not sets:
        return ["No question set has unanswerable questions: nothing to calibrate."]
    rows = []
    for n, point in enumerate(sets[0].sweep):
        marks = (["current"] if abs(point.threshold - run.min_score) < 1e-9 else []) + [
            f"best F1 ({s.name})" for s in sets if s.best.threshold == point.threshold
        ]
        rows.append(
            [
                f"{point.threshold:.2f}",
                *(
                    c
                    for s in sets
                    for c in (f"{s.sweep[n].abstention.f1:.3f}", str(s.sweep[n].answerable_lost))
                ),
                ", ".join(marks),
            ]
        )
    lines = [
        "Replays the answerer's rule (abstain when the top hit scores below `answer.min_score`) "
        'on the top retrieval score of every question; "lost" counts answerable questions it '
        "would abstain on. The best threshold has the highest F1, then the fewest lost.",
        "",
    ]
    for s in sets:
        ab, best = s.metrics.abstention, s.best
        lines.append(
            f"- **{s.name}**: at the current {run.min_score:.2f}, abstained on "
            f"{ab.true_positives} of {ab.actual} unanswerable and "
            f"{s.metrics.answerable_abstained} of {s.metrics.answerable} answerable questions "
            f"(precision {ab.precision:.3f}, recall {ab.recall:.3f}, F1 {ab.f1:.3f}). "
            f"Best: F1 {best.abstention.f1:.3f} at {best.threshold:.2f} "
            f"({best.abstention.true_positives} of {ab.actual} unanswerable abstained on, "
            f"{best.answerable_lost} answerable lost)."
        )
    headers = ["threshold", *(h for s in sets for h in (f"F1 {s.name}", f"lost {s.name}")), ""]
    return [*lines, "", table(headers, rows)]


def shorten(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def worst_section(run: EvalRun) -> list[str]:
    """The worst questions (`run.worst()`): question, gold and answer, and the first `WORST_SHOWN`
    sentences retrieved, those overlapping the evidence marked."""
    lines = [
        "Lowest mean of answer token recall and evidence reciprocal rank (an answer to an "
        "unanswerable question scores 0, an abstention on one 1). ✓ marks a retrieved "
        "sentence overlapping the gold evidence.",
        "",
    ]
    for n, r in enumerate(run.worst(), 1):
        q = r.question
        lines += [
            f"### {n}. `{q.id}` ({r.set_name})",
            "",
            f"**Q:** {q.question}  ",
            f"**gold:** {q.answer if q.answerable else '(unanswerable)'}  ",
            f"**answer:** {shorten(r.answer.text, 400)}",
            "",
            "retrieved:",
            "",
        ]
        lines += [
            f"- {'✓' if rank in r.quote_ranks else '·'} {h.score:.3f} "
            f"`{h.sentence.id}` {shorten(h.sentence.text)}"
            for rank, h in enumerate(r.ranking[:WORST_SHOWN])
        ]
        lines.append("")
    return lines


def markdown(run: EvalRun, figures: Sequence[Figure], gate: Sequence[Figure] = ()) -> str:
    """`gate`: the answerability charts (with --cv), shown in their own section."""
    lines = [
        "# Evaluation report",
        "",
        f"{run.created} · corpus `{run.corpus}` · model `{run.embedding_model}` · k = {run.k} "
        f"(retrieval scored at depth {DEPTH}) · `answer.min_score` = {run.min_score:.2f}",
        "",
        summary_table(run),
        "",
        "- **Recall@k, MRR** (answerable questions): sentence level, the share of gold evidence "
        "quotes whose character span in the gold article intersects the span of one of the top k "
        "sentences; article level, whether one of the top k sentences is from the gold article.",
        "- **Answer token recall, F1**: the answer without its `[n]` markers against the gold "
        "answer, SQuAD-normalised tokens; an abstention scores 0.",
        "- **Multiple-choice accuracy**: the choice closest to the answer by embedding "
        "similarity is the gold one (abstentions count as wrong; chance is 0.25).",
        "- **Citation precision, recall**: citations overlapping gold evidence, per answered "
        "question; gold quotes cited, per answerable question. **Integrity**: "
        "`article_text[start:end] == sentence` for every citation and related source.",
        "- **Abstention**: positive class, abstaining on a question the corpus cannot answer.",
        "- **Gate** (`--cv` only): the same, on the cross-validation rows (answerable questions "
        "as asked against them with their article left out and unanswerable ones), each judged "
        "by a model fitted without its article; **answerability AUC**, the ROC AUC of its "
        "P(answerable) there. See Answerability below.",
        "- **News dynamics** (questions with `as_of`, `first_article`, `timeline`, `conflict` or "
        "`copies` gold, eval/news-dynamics.jsonl): the answer's as-of date; its first citation "
        "from the newest (or asked-for date's) article or a wire copy of it; the share of a moved "
        "figure's values its timeline gives in date order; disagreements flagged (precision, "
        "recall, false alarms); the outlets listed as carrying the cited story against the true "
        "copies (precision, recall). An abstention counts as a miss.",
        "",
    ]
    lines += [f"![{f.title}]({f.file})\n" for f in figures]
    section = answerability_section(run, gate)
    lines += ["## Answerability", "", *section, ""] if section else []
    lines += [
        "## Abstention threshold",
        "",
        *sweep_section(run),
        "",
        f"## Worst {WORST} questions",
        "",
        *worst_section(run),
        "",
    ]
    if not run.sets:  # an attribution or stories run: none of the question sections apply
        lines = lines[:3]
    if run.attribution:
        lines.append(attribution_markdown(run.attribution))
    if run.stories:
        lines.append(stories_markdown(run.stories))
    return "\n".join(lines)
