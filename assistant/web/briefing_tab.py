"""The chat page's Briefing tab: the stories of a week (or the days asked), as cards newest
first, each with its quoted summary and opening to its articles. Built inside the page's Blocks
by `briefing_tab`; an open tab briefs again when the index publishes a new generation (a file
dropped in the folder joins its story within the watcher's few seconds).
"""

from __future__ import annotations

import datetime as dt
from html import escape

import gradio as gr

from assistant.answer.timeline import day
from assistant.app import Assistant
from assistant.errors import AssistantError
from assistant.types import Briefing, Citation, Story, iso

ORDERS = ("newest first", "most reported first")
POLL_SECONDS = 3
"""How often an open tab asks whether the index changed."""


def card(story: Story) -> str:
    """One story as an HTML card: title, outlets and days, quotes with where each comes from,
    and its articles behind a <details>."""
    quotes = "".join(
        f'<p class="quote">{escape(c.sentence)} <span class="cite">[{c.n}] '
        f"{escape(c.source or 'unknown outlet')}, {iso(c.date)}{said(c)}</span></p>"
        for c in story.summary
    )
    moved = "".join(
        f"<li>{escape(day(r.date))} · {escape(r.source or 'unknown outlet')}: "
        f"{escape(r.value)} {escape(r.counted)} "
        f'<span class="cite" title="{escape(story.figure_source(r.citation).sentence)}">'
        f"[{r.citation}]</span></li>"
        for r in story.timeline
    )
    figures = (
        f'<p class="meta">Figures that moved:</p><ul class="moved">{moved}</ul>' if moved else ""
    )
    count = len(story.articles)
    articles = "".join(
        f"<li>{iso(a.date)} · {escape(a.source or 'unknown outlet')} · {escape(a.title)} "
        f"<code>{escape(a.id)}</code></li>"
        for a in story.articles
    )
    return (
        f'<div class="story-card" data-story="{escape(story.id)}">'
        f"<h3>{escape(story.title)}</h3>"
        f'<p class="meta">{escape(", ".join(story.outlets) or "unknown outlet")} · {story.days}</p>'
        f"{quotes}{figures}<details><summary>{count} article{'s' * (count != 1)}</summary>"
        f"<ul>{articles}</ul></details></div>"
    )


def said(c: Citation) -> str:
    return f"; words of {escape(c.unnamed_speaker)}" if c.unnamed_speaker else ""


def briefing_html(briefing: Briefing, order: str = ORDERS[0]) -> str:
    """The briefing as HTML: a head line, then one card per story, newest first or by weight
    (`order`, one of ORDERS); a line saying so when no story falls in its days."""
    about = f" about <b>{escape(briefing.about)}</b>" if briefing.about else ""
    if not briefing.stories:
        days = f"from {briefing.since} to {briefing.until}" if briefing.until else ""
        return f'<p class="briefing-head">No stories{about} {days}.</p>'
    stories = list(briefing.stories)
    if order == ORDERS[0]:
        # stable: ranked within a day
        stories.sort(key=lambda s: s.last_date or dt.date.min, reverse=True)
    count = len(stories)
    head = (
        f'<p class="briefing-head">{count} stor{"ies" if count != 1 else "y"}{about}, '
        f"{briefing.since} to {briefing.until}</p>"
    )
    return head + "".join(card(s) for s in stories)


STYLE = """
<style>
.story-card {border: 1px solid var(--border-color-primary); border-radius: 8px;
  padding: 10px 14px; margin: 10px 0;}
.story-card h3 {margin: 0 0 4px 0;}
.story-card .meta {color: var(--body-text-color-subdued); margin: 0 0 6px 0;}
.story-card .cite {color: var(--body-text-color-subdued); font-size: 0.9em;}
.story-card code {font-size: 0.8em;}
</style>
"""


def briefing_tab(assistant: Assistant) -> None:
    """The tab's components and events, in the Blocks being built."""

    def briefed(since, until, outlet, about) -> Briefing:
        """The briefing the boxes ask for (outlets comma-separated; errors name the box)."""
        outlets = [o.strip() for o in (outlet or "").split(",") if o.strip()]
        filters = assistant.filters(since or None, until or None, outlets)
        return assistant.brief(filters, (about or "").strip())

    def show(since, until, outlet, about, order):
        """The stories of the days given (default: the week to the newest article), as the
        page shows them, and the generation they were briefed from."""
        try:
            briefing = briefed(since, until, outlet, about)
        except AssistantError as exc:
            return f"<p>⚠️ {escape(str(exc))}</p>", generation()
        return STYLE + briefing_html(briefing, order), generation()

    def generation() -> str:
        return assistant.store.meta.published().generation

    def refresh(since, until, outlet, about, order, seen):
        if generation() == seen:
            return gr.skip(), seen
        return show(since, until, outlet, about, order)

    def api_brief(since: str = "", until: str = "", outlet: str = "", about: str = "") -> dict:
        """The briefing as `assistant brief --json` prints it."""
        try:
            return briefed(since, until, outlet, about).to_dict()
        except AssistantError as exc:
            raise gr.Error(str(exc), print_exception=False) from None

    with gr.Row():
        since = gr.Textbox(label="From date", placeholder="YYYY-MM-DD", elem_id="brief-from")
        until = gr.Textbox(label="To date", placeholder="YYYY-MM-DD", elem_id="brief-to")
        outlet = gr.Textbox(label="Outlet", placeholder="e.g. Reuters, AP", elem_id="brief-outlet")
        about = gr.Textbox(label="About", placeholder="e.g. Valencia", elem_id="brief-about")
        order = gr.Radio(list(ORDERS), value=ORDERS[0], label="Order", elem_id="brief-order")
        go = gr.Button("Brief", variant="primary", elem_id="brief-go")
    first, seen_first = show("", "", "", "", ORDERS[0])
    stories = gr.HTML(first, elem_id="briefing")
    seen = gr.State(seen_first)
    inputs = [since, until, outlet, about, order]
    go.click(show, inputs, [stories, seen], api_visibility="private")
    gr.Timer(POLL_SECONDS).tick(refresh, [*inputs, seen], [stories, seen], api_visibility="private")
    gr.api(api_brief, api_name="brief")
