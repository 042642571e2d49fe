"""The `assistant` command: thin wrappers over `Assistant`, one library call per command.

Domain errors print one line (`error: …`) and exit 1; `--debug` shows the traceback instead.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from assistant.app import Assistant, check_question
from assistant.config import load_settings
from assistant.errors import AssistantError, CorpusError
from assistant.ingest.files import SUPPORTED
from assistant.types import Answer, Citation, SyncReport

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
    typer.Option(
        "--store", metavar="DIR", help="Index folder [default: .assistant/ beside the corpus]."
    ),
]
ChromaUrlOpt = Annotated[
    str | None,
    typer.Option(
        "--chroma-url",
        metavar="URL",
        help="Keep the index on this Chroma server, http://HOST:PORT (default: "
        "embedded under --store; setting store.chroma_url).",
    ),
]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")]
KOpt = Annotated[int | None, typer.Option("-k", min=1, max=50, help="Sentences to retrieve.")]
LLMOpt = Annotated[
    str | None,
    typer.Option(
        "--llm",
        metavar="SPEC",
        help="extractive | llamacpp:PATH.gguf | llamacpp:smollm2 "
        "| ollama:MODEL | openai:MODEL [default: extractive, or setting llm.spec].",
    ),
]
LLMUrlOpt = Annotated[
    str | None,
    typer.Option("--llm-base-url", metavar="URL", help="Ollama or OpenAI-compatible server URL."),
]
LLMTimeoutOpt = Annotated[
    float | None,
    typer.Option("--llm-timeout", metavar="S", min=0.1, help="Seconds to wait for the LLM."),
]


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


def make_assistant(
    corpus: Path | None,
    store: Path | None,
    llm: str | None = None,
    llm_base_url: str | None = None,
    llm_timeout: float | None = None,
    chroma_url: str | None = None,
) -> Assistant:
    given = {"spec": llm, "base_url": llm_base_url, "timeout": llm_timeout}
    llm_settings = {key: value for key, value in given.items() if value is not None}
    return Assistant(
        load_settings(
            corpus_dir=corpus,
            store_dir=store,
            llm=llm_settings or None,
            store={"chroma_url": chroma_url} if chroma_url else None,
        )
    )


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
    lines += [
        f"  duplicate {path}: same bytes as {original}; indexed once, cited with both paths"
        for path, original in report.duplicates
    ]
    lines += [f"  warning: {w}" for w in report.warnings]
    if report.ignored:
        lines.append(f"  ignored (unsupported type): {', '.join(report.ignored)}")
    return "\n".join(lines)


def source_line(c: Citation) -> str:
    outlet = ", ".join(p for p in (c.source, c.place) if p)
    head = f"[{c.n}] {c.title}" + (f" — {outlet}" if outlet else "") + f" ({c.date})"
    copies = f" (same text also in {', '.join(c.also_in)})" if c.also_in else ""
    return f"{head}\n    {c.article}, characters {c.start}–{c.end}{copies}\n    {c.sentence}"


def render(answer: Answer) -> str:
    """The answer for a terminal: notice, sentences (unsupported ones flagged), sources."""
    text = answer.text
    if answer.sentences and not answer.abstained:
        text = " ".join(
            f"{s.text} {''.join(f'[{n}]' for n in s.citations)}".strip()
            + ("" if s.supported else " (NOT SUPPORTED by its sources)")
            for s in answer.sentences
        )
    parts = ([f"note: {answer.notice}"] if answer.notice else []) + [text, ""]
    if answer.citations:
        parts += ["Sources:", *map(source_line, answer.citations)]
    elif answer.related:
        parts += ["Related, but not an answer:", *map(source_line, answer.related)]
    return "\n".join(parts).rstrip()


@app.command()
def ingest(
    corpus: CorpusOpt = None,
    store: StoreOpt = None,
    chroma_url: ChromaUrlOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Sync the index with the corpus folder: add new files, re-index changed ones, drop deleted
    ones."""

    def body() -> None:
        assistant = make_assistant(corpus, store, chroma_url=chroma_url)
        report = sync_with_progress(assistant)
        typer.echo(describe(report, assistant.settings.corpus_dir))
        if assistant.status().articles == 0:  # bad files alone are warnings; nothing at all is not
            raise CorpusError(
                f"no usable articles in {assistant.settings.corpus_dir}: add "
                f"{', '.join(SUPPORTED)} files"
            )

    run(debug, body)


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="The question, in quotes.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    k: KOpt = None,
    corpus: CorpusOpt = None,
    store: StoreOpt = None,
    chroma_url: ChromaUrlOpt = None,
    llm: LLMOpt = None,
    llm_base_url: LLMUrlOpt = None,
    llm_timeout: LLMTimeoutOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Answer a question from the articles, citing the sentences the answer comes from."""

    def body() -> None:
        check_question(question)
        assistant = make_assistant(corpus, store, llm, llm_base_url, llm_timeout, chroma_url)
        report = assistant.sync()  # cheap when nothing changed: files are only stat()ed
        if report.changed:
            typer.echo(describe(report, assistant.settings.corpus_dir), err=True)
        answer = assistant.ask(question, k=k)
        typer.echo(
            json.dumps(answer.to_dict(), ensure_ascii=False, indent=2)
            if as_json
            else render(answer)
        )

    run(debug, body)


@app.command()
def status(
    corpus: CorpusOpt = None,
    store: StoreOpt = None,
    chroma_url: ChromaUrlOpt = None,
    verify: Annotated[
        bool,
        typer.Option(
            "--verify",
            help="Also compare the index with the corpus and itself; exit 1 on any difference.",
        ),
    ] = False,
    debug: DebugOpt = False,
) -> None:
    """Show what is indexed: articles, sentences, chunks, store path and last sync."""

    def body() -> None:
        assistant = make_assistant(corpus, store, chroma_url=chroma_url)
        s = assistant.status()
        typer.echo(
            f"corpus:     {s.corpus}\nstore:      {s.store}\narticles:   {s.articles}\n"
            f"sentences:  {s.sentences}\nchunks:     {s.chunks}\nembeddings: {s.embedding_model}\n"
            f"last sync:  {s.last_sync}"
        )
        if verify:
            check = assistant.verify()
            if check.ok:
                typer.echo("verified:   the index matches the corpus exactly")
                return
            typer.echo("differences:\n" + "\n".join(f"  {p}" for p in check.problems))
            raise AssistantError(
                f"the index differs from the corpus in {len(check.problems)} "
                "way(s): run `assistant ingest` to repair it"
            )

    run(debug, body)


@app.command()
def serve(
    corpus: CorpusOpt = None,
    store: StoreOpt = None,
    chroma_url: ChromaUrlOpt = None,
    host: Annotated[
        str, typer.Option(help="Address to bind; loopback keeps the page private.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 7860,
    llm: LLMOpt = None,
    llm_base_url: LLMUrlOpt = None,
    llm_timeout: LLMTimeoutOpt = None,
    auth: Annotated[
        str | None,
        typer.Option(
            "--auth",
            metavar="USER:PASSWORD",
            help="Require this login (needed for any --host but loopback).",
        ),
    ] = None,
    debug: DebugOpt = False,
) -> None:
    """Open the chat page: sync the corpus, then serve it and keep watching the folder."""

    def body() -> None:
        from assistant.web.app import launch  # gradio only when serving
        from assistant.web.auth import check_access, read_credentials

        assistant = make_assistant(corpus, store, llm, llm_base_url, llm_timeout, chroma_url)
        logins = read_credentials(auth, assistant.settings.server.auth_file)
        check_access(host, logins)
        typer.echo(describe(sync_with_progress(assistant), assistant.settings.corpus_dir))
        typer.echo(f"chat page: http://{host}:{port}/  (Ctrl+C to stop)")
        launch(assistant, host=host, port=port, auth=logins)

    run(debug, body)


@app.command("eval")
def eval_command(
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
    corpus: CorpusOpt = None,
    store: StoreOpt = None,
    chroma_url: ChromaUrlOpt = None,
    llm: LLMOpt = None,
    llm_base_url: LLMUrlOpt = None,
    llm_timeout: LLMTimeoutOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Answer every question of the eval sets; score retrieval, answers, citations, abstention."""

    def body() -> None:
        # Imported here: matplotlib and the eval code would slow every other command's start.
        from tqdm import tqdm

        from assistant.errors import EvalError
        from assistant.eval.compare import compare_runs
        from assistant.eval.gate import check_floors
        from assistant.eval.report import write_run
        from assistant.eval.runner import Evaluation
        from assistant.eval.tables import summary_table

        if compare:
            typer.echo(compare_runs(*compare))
            return
        assistant = make_assistant(corpus, store, llm, llm_base_url, llm_timeout, chroma_url)
        evaluation = Evaluation(assistant, qa or [Path("eval/qa.jsonl")], k)
        report = sync_with_progress(assistant)
        if report.changed:
            typer.echo(describe(report, assistant.settings.corpus_dir), err=True)
        with tqdm(
            total=evaluation.size, unit="question", desc="evaluating", file=sys.stderr, disable=None
        ) as bar:
            result = evaluation.run(lambda _: bar.update(1))
        typer.echo(f"{summary_table(result)}\n\nreport: {write_run(result, out)}")
        if thresholds:
            failures = check_floors(result, thresholds)
            if failures:
                raise EvalError(f"below the floors of {thresholds}: {'; '.join(failures)}")
            typer.echo(f"all floors of {thresholds} met")

    run(debug, body)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
