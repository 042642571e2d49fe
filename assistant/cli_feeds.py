"""`assistant feeds …`: follow feeds, their new entries written into the corpus folder."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from assistant.follow import subscriptions
from assistant.follow.poll import load_state, poll

feeds_app = typer.Typer(
    no_args_is_help=True,
    help="Follow feeds: each new entry lands in the corpus folder as an article file.",
)


@feeds_app.command("add")
def add(
    ctx: typer.Context,
    url: Annotated[str, typer.Argument(help="The feed's http(s) URL (RSS 2.0 or Atom).")],
    every: Annotated[
        int,
        typer.Option(min=subscriptions.MIN_EVERY, help="Minutes between polls."),
    ] = subscriptions.EVERY,
) -> None:
    """Follow a feed (its line in the corpus folder's .feeds file)."""
    corpus = ctx.obj.settings.corpus_dir
    subscriptions.add(corpus, subscriptions.Subscription(url, every))
    typer.echo(f"following {url} (every {every} min); `assistant feeds poll` fetches it now")


@feeds_app.command("list")
def list_feeds(ctx: typer.Context) -> None:
    """The feeds followed, with their last poll, next poll, entries written and last error."""
    settings = ctx.obj.settings
    state = load_state(settings.store_path)
    for sub in subscriptions.read(settings.corpus_dir):
        st = state.get(sub.url)
        line = sub.line()
        if st is None:
            typer.echo(f"{line}\n    never polled")
            continue
        error = f"; last error: {st.last_error}" if st.last_error else ""
        typer.echo(
            f"{line}\n    last poll {st.last_poll or 'never'}, next {st.next_poll or 'now'}, "
            f"{st.entries} entries written{error}"
        )


@feeds_app.command("remove")
def remove(
    ctx: typer.Context, url: Annotated[str, typer.Argument(help="A followed feed's URL.")]
) -> None:
    """Stop following a feed (the articles it brought stay in the folder)."""
    subscriptions.remove(ctx.obj.settings.corpus_dir, url)
    typer.echo(f"no longer following {url}")


@feeds_app.command("poll")
def poll_feeds(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Poll every followed feed once (cron-friendly): per feed, new, unchanged or failed and why."""
    settings = ctx.obj.settings
    report = poll(settings.corpus_dir, settings.store_path)
    if as_json:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return
    for f in report.feeds:
        counts = f" ({f.new} new, {f.updated} updated)" if f.outcome == "new" else ""
        why = f": {f.why}" if f.why else ""
        typer.echo(f"{f.outcome}{counts}  {f.url}{why}")
