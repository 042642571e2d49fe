"""The `assistant` command: thin wrappers over `Assistant`, one library call per command.

`assistant [GLOBAL OPTIONS] COMMAND [COMMAND OPTIONS]`: the options every command shares (corpus,
store, LLM, `--debug`) are declared once, on the app's callback, and reach the commands through
the typer context. Domain errors print one line (`error: …`) and exit 1; `--debug` shows the
traceback instead.
"""

from __future__ import annotations

import json
import logging
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from assistant.cli.context import AssistantGroup, GlobalOptions, KOpt, SinceOpt, SourceOpt, UntilOpt
from assistant.cli.evaluate import calibrate_command, eval_command
from assistant.cli.feeds import feeds_app, print_poll
from assistant.cli.render import (
    describe,
    describe_dates,
    describe_status,
    render,
    render_briefing,
    sync_with_progress,
)
from assistant.errors import AssistantError, CorpusError
from assistant.ingest.files import SUPPORTED
from assistant.question import Question
from assistant.retrieval.filters import iso_date

app = typer.Typer(add_completion=False, no_args_is_help=True, cls=AssistantGroup)


@app.callback()
def global_options(
    ctx: typer.Context,
    corpus: Annotated[
        Path | None,
        typer.Option("--corpus", metavar="DIR", help="Folder of articles (default: ./corpus)."),
    ] = None,
    store: Annotated[
        Path | None,
        typer.Option(
            "--store", metavar="DIR", help="Index folder (default: .assistant/ beside the corpus)."
        ),
    ] = None,
    chroma_url: Annotated[
        str | None,
        typer.Option(
            "--chroma-url",
            metavar="URL",
            help="Keep the index on this Chroma server, http://HOST:PORT (default: "
            "embedded under --store; setting store.chroma_url).",
        ),
    ] = None,
    read_only: Annotated[
        bool,
        typer.Option(
            "--read-only",
            help="Serve the index another process writes (a replica): ask and serve answer "
            "without a corpus folder and never sync or write (setting store.read_only).",
        ),
    ] = False,
    llm: Annotated[
        str | None,
        typer.Option(
            "--llm",
            metavar="SPEC",
            help="How ask, serve and eval answer: extractive | llamacpp:PATH.gguf "
            "| llamacpp:smollm2 | ollama:MODEL | openai:MODEL "
            "(default: extractive, or setting llm.spec).",
        ),
    ] = None,
    llm_base_url: Annotated[
        str | None,
        typer.Option(
            "--llm-base-url", metavar="URL", help="Ollama or OpenAI-compatible server URL."
        ),
    ] = None,
    llm_timeout: Annotated[
        float | None,
        typer.Option("--llm-timeout", metavar="S", min=0.1, help="Seconds to wait for the LLM."),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
) -> None:
    """Answer questions about a folder of news articles, citing the exact source sentences.

    Global options go before the command: assistant --corpus DIR ask "QUESTION". A serving
    replica: assistant --chroma-url URL --read-only serve (one `ingest` elsewhere writes).
    """
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.WARNING,
        format="%(levelname)s: %(message)s",
        stream=sys.stderr,
    )
    for noisy in ("bm25s", "chromadb", "httpx"):  # they log routine steps at INFO/DEBUG
        logging.getLogger(noisy).setLevel(logging.WARNING)
    ctx.obj = GlobalOptions(
        corpus, store, chroma_url, llm, llm_base_url, llm_timeout, debug, read_only=read_only
    )


@app.command()
def ingest(ctx: typer.Context) -> None:
    """Sync the index with the corpus folder.

    Adds new files, re-indexes changed ones and drops deleted ones.
    """
    assistant = ctx.obj.assistant()
    report = sync_with_progress(assistant)
    typer.echo(describe(report, assistant.settings.corpus_dir))
    if assistant.status().articles == 0:  # bad files alone are warnings; nothing at all is not
        raise CorpusError(
            f"no usable articles in {assistant.settings.corpus_dir}: add "
            f"{', '.join(SUPPORTED)} files"
        )


def synced(ctx: typer.Context):
    """The assistant, its index made equal to the corpus first (cheap when nothing changed:
    files are only stat()ed); a read-only one answers from the index as it is."""
    assistant = ctx.obj.assistant()
    if not assistant.read_only:
        report = assistant.sync()
        if report.changed:
            typer.echo(describe(report, assistant.settings.corpus_dir), err=True)
    return assistant


@app.command()
def ask(
    ctx: typer.Context,
    question: Annotated[str, typer.Argument(help="The question, in quotes.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    k: KOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    source: SourceOpt = None,
    author: Annotated[
        list[str] | None,
        typer.Option("--author", metavar="NAME", help="Only this author's articles; repeatable."),
    ] = None,
    speaker: Annotated[
        list[str] | None,
        typer.Option(
            "--speaker",
            metavar="NAME",
            help='Only sentences in this speaker\'s words ("Guler", "the official"); repeatable.',
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help='Answer as of DATE: later articles are left out, and "latest", '
            '"last week"… count from it (default: the newest article date).',
        ),
    ] = None,
) -> None:
    """Answer a question from the articles, citing the sentences the answer comes from.

    With --since/--until only dated articles in the range are searched (an undated article is
    never in a range); with --source only those outlets' articles, with --author only those
    authors' (outlets and authors in any case, as the index spells them); with --speaker only
    sentences in that speaker's words (`assistant speakers` lists them). Time words in the question
    ("latest", "last week", "in August") are read against the articles' dates.
    """
    asked = Question.read(question)  # an empty question fails before the sync
    as_of = iso_date(as_of, "--as-of")  # a bad date fails before the sync
    assistant = synced(ctx)
    filters = assistant.filters(since, until, source or (), author or (), speakers=speaker or ())
    answer = assistant.ask(asked, k=k, filters=filters, as_of=as_of)
    typer.echo(
        json.dumps(answer.to_dict(), ensure_ascii=False, indent=2) if as_json else render(answer)
    )


@app.command()
def brief(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    since: SinceOpt = None,
    until: UntilOpt = None,
    source: SourceOpt = None,
    about: Annotated[
        str,
        typer.Option("--about", metavar="WORDS", help="Only stories whose articles use all WORDS."),
    ] = "",
) -> None:
    """The stories of a stretch of days, each in one or two cited sentences, ranked.

    Articles that report one event, over days and outlets, are one story. Without --since the
    week up to --until (default: the newest article's date) is briefed; a story is in it when
    one of its articles is dated in those days. With --source only stories those outlets
    reported. Stories reported by more outlets, and more recently, come first (README
    "Briefing").
    """
    assistant = synced(ctx)
    briefing = assistant.brief(assistant.filters(since, until, source or ()), about)
    typer.echo(
        json.dumps(briefing.to_dict(), ensure_ascii=False, indent=2)
        if as_json
        else render_briefing(briefing)
    )


@app.command()
def speakers(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON list.")] = False,
    since: SinceOpt = None,
    until: UntilOpt = None,
    source: SourceOpt = None,
) -> None:
    """List who the indexed articles quote, with how many sentences and articles are theirs.

    A speaker is named as the articles name them ("a Turkish Defence Ministry official");
    `ask --speaker` takes any run of their words.
    """
    assistant = synced(ctx)
    filters = assistant.filters(since, until, source or ())
    found = assistant.speakers(
        filters.date_from if filters else None,
        filters.date_to if filters else None,
        filters.sources if filters else (),
    )
    if as_json:
        typer.echo(json.dumps([asdict(s) for s in found], ensure_ascii=False, indent=2))
        return
    for s in found:
        typer.echo(f"{s.sentences:5} sentences {s.articles:4} articles  {s.name}")
    if not found:
        typer.echo("no speakers in the indexed articles")


@app.command()
def status(
    ctx: typer.Context,
    verify: Annotated[
        bool,
        typer.Option(
            "--verify",
            help="Also compare the index with the corpus and itself; exit 1 on any difference.",
        ),
    ] = False,
    dates: Annotated[
        bool,
        typer.Option(
            "--dates", help="Also say how many articles have a date, from where, and why not."
        ),
    ] = False,
) -> None:
    """Show what is indexed: articles, sentences, chunks, store path and last sync."""
    assistant = ctx.obj.assistant()
    typer.echo(describe_status(assistant.status()))
    if dates:
        typer.echo(describe_dates(assistant.dates()))
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


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[
        str, typer.Option(help="Address to bind; loopback keeps the page private.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 7860,
    auth: Annotated[
        str | None,
        typer.Option(
            "--auth",
            metavar="USER:PASSWORD",
            help="Require this login (needed for any --host but loopback).",
        ),
    ] = None,
) -> None:
    """Open the chat page: sync the corpus, then serve it and keep watching the folder.

    With --read-only: serve the index as it is, following each generation a writer publishes;
    the page has no upload or delete.
    """
    from assistant.web.auth import check_access, read_credentials
    from assistant.web.page import launch  # gradio only here

    assistant = ctx.obj.assistant()
    logins = read_credentials(auth, assistant.settings.server.auth_file)
    check_access(host, logins)
    if assistant.read_only:  # fails now, in one line, if the index is missing or unreachable
        typer.echo(
            f"read-only: {assistant.status().articles} articles in {assistant.store.location}"
        )
    else:
        typer.echo(describe(sync_with_progress(assistant), assistant.settings.corpus_dir))
    typer.echo(f"chat page: http://{host}:{port}/  (Ctrl+C to stop)")
    corpus = assistant.settings.corpus_dir
    launch(
        assistant,
        host=host,
        port=port,
        auth=logins,
        on_sync=lambda report: typer.echo(describe(report, corpus)),
        on_poll=print_poll,
    )


app.command("eval")(eval_command)
app.command("calibrate")(calibrate_command)
app.add_typer(feeds_app, name="feeds")


def main() -> None:
    app()
