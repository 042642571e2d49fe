"""The chat page's Feeds tab: the feeds the corpus follows, with their last and next poll,
entries written and last error; a feed can be followed, dropped or polled from here. Built
inside the page's Blocks by `feeds_tab` (not on a read-only replica: it has no corpus folder).

The table is the `.feeds` file and the store's feed state, as `assistant feeds list` shows them;
an open tab re-reads them only when either file changed.
"""

from __future__ import annotations

from datetime import UTC, datetime

import gradio as gr

from assistant.app import Assistant
from assistant.errors import AssistantError
from assistant.follow import state as feed_state
from assistant.follow import subscriptions
from assistant.follow.poll import poll
from assistant.follow.poller import FeedPoller

TABLE_HEADERS = [
    "Feed",
    "Minutes",
    "Full text",
    "Last poll",
    "Next poll",
    "Entries",
    "Last error",
]
POLL_SECONDS = 3
"""How often an open tab asks whether a feed or its state changed."""


def ago(iso: str, now: datetime) -> str:
    """An ISO time as the page shows it: "2026-12-07 10:15 UTC (4 min ago)"."""
    if not iso:
        return ""
    when = datetime.fromisoformat(iso)
    minutes = round((when - now).total_seconds() / 60)
    relative = (
        "now" if minutes == 0 else (f"in {minutes} min" if minutes > 0 else f"{-minutes} min ago")
    )
    return f"{when.astimezone(UTC):%Y-%m-%d %H:%M} UTC ({relative})"


def rows(assistant: Assistant, now: datetime) -> list[list]:
    """The Feeds tab's table: per followed feed its URL, interval, full text or not, last and
    next poll (relative to `now`), entries written and last error."""
    settings = assistant.settings
    out = []
    for feed in feed_state.followed(settings.corpus_dir, settings.store_path):
        sub, st = feed.subscription, feed.state or feed_state.FeedState()
        next_poll = ago(st.next_poll, now) if feed.state else "at the next check"
        out.append(
            [
                sub.url,
                sub.every,
                "yes" if sub.full_text else "",
                ago(st.last_poll, now) or "never",
                next_poll,
                st.entries,
                st.last_error,
            ]
        )
    return out


def feeds_tab(assistant: Assistant, poller: FeedPoller | None) -> None:
    """The tab's components and events, in the Blocks being built."""
    settings = assistant.settings
    corpus, store = settings.corpus_dir, settings.store_path

    def view():
        try:
            found = rows(assistant, datetime.now(UTC))
        except AssistantError as exc:  # a hand-edited .feeds with a bad line
            return f"⚠️ {exc}", [], gr.update(choices=[])
        background = (
            f"polled in the background (checked every {poller.check_seconds:g} s)"
            if poller
            else "not polled in the background: press Poll now, or run `assistant feeds poll`"
        )
        head = f"Following **{len(found)}** feed(s), {background}; new entries are saved under "
        status = f"{head}`{corpus / 'feeds'}` and indexed like any article."
        return status, found, gr.update(choices=[r[0] for r in found])

    def refresh(seen):
        version = list(feed_state.version(corpus, store))
        if version == seen:
            return gr.skip(), gr.skip(), gr.skip(), seen
        return *view(), version

    def follow(url, every, full_text):
        """Follow a feed; it is polled at the next check."""
        try:
            sub = subscriptions.Subscription((url or "").strip(), int(every or 0), bool(full_text))
            if sub.every < subscriptions.MIN_EVERY:
                raise AssistantError(f"poll every {subscriptions.MIN_EVERY} minutes or more")
            subscriptions.add(corpus, sub)
        except AssistantError as exc:
            return f"⚠️ {exc}", *view()
        if poller is not None:
            poller.wake()
        return f"following {sub.url}", *view()

    def unfollow(url):
        """Stop following a feed (its articles stay in the corpus folder)."""
        try:
            subscriptions.remove(corpus, url or "")
        except AssistantError as exc:
            return f"⚠️ {exc}", *view()
        return f"no longer following {url}; its articles stay in the folder", *view()

    def poll_now():
        """Fetch every feed now, due or not (except one whose server asked to wait)."""
        try:
            report = poll(corpus, store)
        except AssistantError as exc:
            return f"⚠️ {exc}", *view()
        lines = [f"{f.outcome} ({f.new} new) {f.url} {f.why}".rstrip() for f in report.feeds]
        return "; ".join(lines) or "no feeds followed", *view()

    first = view()
    status = gr.Markdown(first[0], elem_id="feeds-status")
    table = gr.Dataframe(
        first[1],
        headers=TABLE_HEADERS,
        interactive=False,
        wrap=True,
        column_widths=["24%", "8%", "7%", "16%", "16%", "7%", "22%"],
        elem_id="feeds",
    )
    with gr.Row():
        url = gr.Textbox(
            label="Feed URL", placeholder="https://…/rss.xml", elem_id="feed-url", scale=3
        )
        every = gr.Number(
            subscriptions.EVERY,
            label="Every (minutes)",
            precision=0,
            minimum=subscriptions.MIN_EVERY,
        )
        full_text = gr.Checkbox(label="Full text (fetch each entry's page)")
        add = gr.Button("Follow", variant="primary", elem_id="feed-add")
    with gr.Row():
        chosen = gr.Dropdown(first[2]["choices"], label="Followed feed", elem_id="feed-choice")
        drop = gr.Button("Stop following", variant="stop", elem_id="feed-remove")
        now = gr.Button("Poll now", elem_id="feed-poll")
    message = gr.Markdown(elem_id="feeds-message")
    shown = [status, table, chosen]
    add.click(follow, [url, every, full_text], [message, *shown], api_name="follow")
    drop.click(unfollow, [chosen], [message, *shown], api_name="unfollow")
    now.click(poll_now, [], [message, *shown], api_name="poll_feeds")
    seen = gr.State(list(feed_state.version(corpus, store)))
    gr.Timer(POLL_SECONDS).tick(refresh, [seen], [*shown, seen], api_visibility="private")
