"""The commands that read question files: `eval` scores answers against gold ones, `calibrate`
fits when to abstain on them (registered on the app in cli.py)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from assistant.cli.context import KOpt
from assistant.cli.render import describe, sync_with_progress


def eval_command(
    ctx: typer.Context,
    qa: Annotated[
        list[Path] | None,
        typer.Option(
            "--qa",
            metavar="FILE",
            help="Question file (JSON Lines), repeatable; default eval/qa.jsonl.",
        ),
    ] = None,
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            metavar="DIR",
            help="Folder for the report; give each run its own to --compare them.",
        ),
    ] = Path("eval/runs/latest"),
    k: KOpt = None,
    thresholds: Annotated[
        Path | None,
        typer.Option(
            "--thresholds",
            metavar="FILE",
            help="Exit 1 when a metric is below its floor in this TOML file.",
        ),
    ] = None,
    compare: Annotated[
        tuple[Path, Path] | None,
        typer.Option(
            "--compare",
            metavar="OLD NEW",
            help="Only print the metric deltas of two --out folders.",
        ),
    ] = None,
    attribution: Annotated[
        list[Path] | None,
        typer.Option(
            "--attribution",
            metavar="FILE",
            help="Sentences labelled with their speaker (JSON Lines, eval/attribution-a.jsonl), "
            "repeatable: scores the speakers read at ingest. Alone, no questions are asked.",
        ),
    ] = None,
    stories: Annotated[
        list[Path] | None,
        typer.Option(
            "--stories",
            metavar="FILE",
            help="Articles labelled with their story (JSON Lines, eval/briefing.jsonl), or "
            "questions labelled as asking for the news or not (eval/briefing-questions.jsonl), "
            "repeatable: scores how the briefing groups the corpus into stories, or which "
            "questions the chat answers with it. Alone, no questions are asked.",
        ),
    ] = None,
    cv: Annotated[
        bool,
        typer.Option(
            "--cv",
            help="Judge answerability under article-level cross-validation: fit one gate model "
            "per article on the other articles' questions (as calibrate does; nothing is "
            "written) and ask each question through the one that never saw its article. "
            "Adds the gate's out-of-fold figures and charts to the report.",
        ),
    ] = False,
) -> None:
    """Answer every question of the eval sets; score retrieval, answers, citations, abstention."""
    # Imported here: matplotlib and the eval code would slow every other command's start.
    from tqdm import tqdm

    from assistant.errors import EvalError
    from assistant.eval.attribution import table as attribution_table
    from assistant.eval.compare import compare_runs
    from assistant.eval.gate import check_floors
    from assistant.eval.report import write_run
    from assistant.eval.runner import Evaluation
    from assistant.eval.stories import table as stories_table
    from assistant.eval.tables import summary_table

    if compare:
        typer.echo(compare_runs(*compare))
        return
    assistant = ctx.obj.assistant()
    files = qa or ([] if attribution or stories else [Path("eval/qa.jsonl")])
    evaluation = Evaluation(
        assistant, files, k, attribution=attribution or (), stories=stories or ()
    )
    report = sync_with_progress(assistant)
    if report.changed:
        typer.echo(describe(report, assistant.settings.corpus_dir), err=True)
    if cv and files:
        from assistant.eval.crossval import cross_validate_gate

        with tqdm(
            total=evaluation.size, unit="question", desc="gate rows", file=sys.stderr, disable=None
        ) as bar:
            evaluation.cv = cross_validate_gate(assistant, files, lambda *_: bar.update(1))
    with tqdm(
        total=evaluation.size, unit="question", desc="evaluating", file=sys.stderr, disable=None
    ) as bar:
        result = evaluation.run(lambda _: bar.update(1))
    tables = [summary_table(result)] if result.sets else []
    tables += [attribution_table(result.attribution)] if result.attribution else []
    tables += [stories_table(result.stories)] if result.stories else []
    typer.echo("\n\n".join([*tables, f"report: {write_run(result, out)}"]))
    if thresholds:
        failures = check_floors(result, thresholds)
        if failures:
            raise EvalError(f"below the floors of {thresholds}: {'; '.join(failures)}")
        typer.echo(f"all floors of {thresholds} met")


def calibrate_command(
    ctx: typer.Context,
    qa: Annotated[
        list[Path],
        typer.Option(
            "--qa",
            metavar="FILE",
            help="Your questions with answers and evidence (JSON Lines, as for eval), repeatable.",
        ),
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            metavar="FILE",
            help="Where to write the model (default: answerability.json in the store folder, "
            "which ask, serve and eval then use).",
        ),
    ] = None,
) -> None:
    """Fit when to say "the sources don't say" on your own questions and corpus.

    Prints the abstention figures of the model in force and, cross-validated by article, of
    the new one; writes the new one and its report (.md beside it).
    """
    from tqdm import tqdm

    from assistant.answer.selection import SELECTION_FILE
    from assistant.eval.calibration.calibrate import Calibration
    from assistant.eval.calibration.report import markdown

    assistant = ctx.obj.assistant()
    calibration = Calibration(assistant, qa, out)
    report = sync_with_progress(assistant)
    if report.changed:
        typer.echo(describe(report, assistant.settings.corpus_dir), err=True)
    with tqdm(
        total=calibration.size,
        unit="question",
        desc="calibrating",
        file=sys.stderr,
        disable=None,
    ) as bar:
        result = calibration.run(lambda *_: bar.update(1))
    text = markdown(result)
    result.written.with_suffix(".md").write_text(text + "\n", encoding="utf-8")
    selection = result.written.with_name(SELECTION_FILE)
    where = (
        "used by ask, serve and eval with this --store"
        if out is None
        else "point answer.answerability_model at the model and copy the selection into the "
        "store folder to use them"
    )
    typer.echo(f"{text}\n\nmodel: {result.written}\nanswer selection: {selection}\n({where})")
