"""`assistant feeds …`: follow feeds, their new entries written into the corpus folder."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from assistant.follow import subscriptions
from assistant.follow.poll import FeedResult, PollReport, poll
from assistant.follow.state import followed

NONE_FOLLOWED = "no feeds followed; `assistant feeds add URL` follows one"

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
    full_text: Annotated[
        bool,
        typer.Option(
            "--full-text",
            help="Fetch each new entry's linked page for the whole story (for feeds that "
            "carry only a summary).",
        ),
    ] = False,
) -> None:
    """Follow a feed (its line in the corpus folder's .feeds file)."""
    corpus = ctx.obj.settings.corpus_dir
    subscriptions.add(corpus, subscriptions.Subscription(url, every, full_text))
    typer.echo(
        f"following {url} (every {every} min); `assistant serve` polls it in the background, "
        "`assistant feeds poll` now"
    )


@feeds_app.command("list")
def list_feeds(ctx: typer.Context) -> None:
    """The feeds followed, with their last poll, next poll, entries written and last error."""
    settings = ctx.obj.settings
    feeds = followed(settings.corpus_dir, settings.store_path)
    if not feeds:
        typer.echo(NONE_FOLLOWED)
    for feed in feeds:
        st, line = feed.state, feed.subscription.line()
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
    every_feed: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Fetch every feed now, due or not (except one whose server asked to wait).",
        ),
    ] = False,
) -> None:
    """Poll the followed feeds that are due (cron-friendly: run it as often as you like; each
    feed is fetched no more often than its `every`): per feed, new, unchanged, failed and why,
    or not due."""
    settings = ctx.obj.settings
    report = poll(settings.corpus_dir, settings.store_path, due_only=not every_feed)
    if as_json:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return
    for f in report.feeds:
        typer.echo(report_line(f))
    if not report.feeds:
        typer.echo(NONE_FOLLOWED)


def report_line(f: FeedResult) -> str:
    """One feed's line of a poll's report, as `feeds poll` and `serve` print it."""
    counts = f" ({f.new} new, {f.updated} updated)" if f.outcome == "new" else ""
    why = f": {f.why}" if f.why else ""
    due = f" (next {f.next_poll})" if f.outcome == "not due" and not f.why else ""
    return f"{f.outcome}{counts}  {f.url}{why}{due}"


def print_poll(report: PollReport) -> None:
    """What `serve`'s terminal says of a background poll: entries brought in, feeds failing."""
    for f in report.feeds:
        if f.outcome in ("new", "failed"):
            typer.echo(f"feeds: {report_line(f)}")
