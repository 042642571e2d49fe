"""The `assistant` command: thin wrappers over `Assistant`, one library call per command.

Domain errors print one line (`error: …`) and exit 1; `--debug` shows the traceback instead.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated, Callable, TypeVar

import typer

from .app import Assistant, check_question
from .config import load_settings
from .errors import AssistantError
from .types import Answer, Citation, SyncReport

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Answer questions about a folder of news articles, citing the exact source sentences.",
)
T = TypeVar("T")

CorpusOpt = Annotated[
    Path | None,
    typer.Option("--corpus", metavar="DIR", help="Folder of articles [default: ./corpus]."),
]
StoreOpt = Annotated[
    Path | None,
    typer.Option("--store", metavar="DIR", help="Index folder [default: .assistant/ beside the corpus]."),
]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")]


def run(debug: bool, action: Callable[[], T]) -> T:
    """Run a command body, turning domain errors into one clean line and exit status 1."""
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.WARNING,
        format="%(levelname)s: %(message)s",
        stream=sys.stderr,
    )
    for noisy in ("bm25s", "chromadb", "httpx"):  # they log routine steps at INFO/DEBUG
        logging.getLogger(noisy).setLevel(logging.WARNING)
    try:
        return action()
    except AssistantError as exc:
        if debug:
            raise
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None


def make_assistant(corpus: Path | None, store: Path | None) -> Assistant:
    return Assistant(load_settings(corpus_dir=corpus, store_dir=store))


def sync_with_progress(assistant: Assistant) -> SyncReport:
    from tqdm import tqdm

    bar = None

    def progress(n: int, total: int, path: str) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=total, unit="file", desc="indexing", file=sys.stderr, disable=None)
        bar.set_postfix_str(path[-40:], refresh=False)
        bar.update(1)

    try:
        return assistant.sync(progress)
    finally:
        if bar is not None:
            bar.close()


def describe(report: SyncReport, corpus: Path) -> str:
    lines = [
        f"synced {corpus} in {report.seconds:.1f}s: {len(report.added)} added, "
        f"{len(report.updated)} updated, {len(report.removed)} removed, "
        f"{report.unchanged} unchanged, {len(report.skipped)} skipped; "
        f"{report.embedded} texts embedded"
    ]
    lines += [f"  skipped {path}: {reason}" for path, reason in report.skipped]
    lines += [f"  warning: {w}" for w in report.warnings]
    if report.ignored:
        lines.append(f"  ignored (unsupported type): {', '.join(report.ignored)}")
    return "\n".join(lines)


def source_line(c: Citation) -> str:
    outlet = ", ".join(p for p in (c.source, c.place) if p)
    head = f"[{c.n}] {c.title}" + (f" — {outlet}" if outlet else "") + f" ({c.date})"
    return f"{head}\n    {c.article}, characters {c.start}–{c.end}\n    {c.sentence}"


def render(answer: Answer) -> str:
    parts = [answer.text, ""]
    if answer.citations:
        parts += ["Sources:", *map(source_line, answer.citations)]
    elif answer.related:
        parts += ["Related, but not an answer:", *map(source_line, answer.related)]
    return "\n".join(parts).rstrip()


@app.command()
def ingest(corpus: CorpusOpt = None, store: StoreOpt = None, debug: DebugOpt = False) -> None:
    """Sync the index with the corpus folder: add new files, re-index changed ones, drop deleted ones."""

    def body() -> None:
        assistant = make_assistant(corpus, store)
        report = sync_with_progress(assistant)
        typer.echo(describe(report, assistant.settings.corpus_dir))

    run(debug, body)


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="The question, in quotes.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    k: Annotated[int | None, typer.Option("-k", min=1, max=50, help="Sentences to retrieve.")] = None,
    corpus: CorpusOpt = None,
    store: StoreOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Answer a question from the articles, citing the sentences the answer comes from."""

    def body() -> None:
        check_question(question)
        assistant = make_assistant(corpus, store)
        report = assistant.sync()  # cheap when nothing changed: files are only stat()ed
        if report.changed:
            typer.echo(describe(report, assistant.settings.corpus_dir), err=True)
        answer = assistant.ask(question, k=k)
        typer.echo(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2) if as_json else render(answer))

    run(debug, body)


@app.command()
def status(corpus: CorpusOpt = None, store: StoreOpt = None, debug: DebugOpt = False) -> None:
    """Show what is indexed: articles, sentences, chunks, store path and last sync."""

    def body() -> None:
        s = make_assistant(corpus, store).status()
        typer.echo(
            f"corpus:     {s.corpus}\nstore:      {s.store}\narticles:   {s.articles}\n"
            f"sentences:  {s.sentences}\nchunks:     {s.chunks}\nembeddings: {s.embedding_model}\n"
            f"last sync:  {s.last_sync}"
        )

    run(debug, body)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
