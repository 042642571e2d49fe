"""The chat page: a Gradio adapter over `Assistant` (gradio is imported under web/ only).

`build_app(assistant)` makes the Blocks; `launch(...)` serves them on loopback, with a folder
watcher keeping the index in step with the corpus. The `ask` API endpoint returns the same JSON
as `assistant ask --json`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import gradio as gr

from assistant.app import Assistant
from assistant.errors import AssistantError
from assistant.follow.poll import PollReport
from assistant.follow.poller import FeedPoller
from assistant.language.followups import standalone_question
from assistant.types import Answer, Filters, SyncReport
from assistant.web.auth import check_access
from assistant.web.briefing_tab import briefing_tab
from assistant.web.corpus_tab import corpus_tab
from assistant.web.feeds_tab import feeds_tab
from assistant.web.render import (
    CITATION_JS,
    CSS,
    answer_markdown,
    escape_markdown,
    sources_html,
    turn_html,
)
from assistant.web.watch import FolderWatcher

log = logging.getLogger(__name__)


EMPTY_QUESTION = "Type a question about the articles first."
"""What Enter on an empty box says (it used to do nothing and say nothing)."""
CHAT_CAPTION = "Answers cite the sentences they come from: click a [1] to see its source."
PAGE_LABELS = ("From", "To", "Outlet", "Author")
SPEAKER_LABEL = "Speaker"
"""The settings boxes, as errors about what was typed in them name them."""


def names(box: str) -> list[str]:
    """The comma-separated names typed in an Outlet, Author or Speaker box."""
    return [name for name in (box or "").split(",") if name.strip()]


def build_app(
    assistant: Assistant,
    watcher: FolderWatcher | None = None,
    poller: FeedPoller | None = None,
) -> gr.Blocks:
    """The chat page for one assistant (not yet served: see `launch`)."""
    settings = assistant.settings

    def texts_for(answer: Answer) -> dict[str, str]:
        cited = {c.article for c in answer.citations + answer.related}
        return {a: assistant.store.reader.article_text(a) for a in cited}

    def filters_of(
        date_from: str, date_to: str, outlets: str, authors: str, speakers: str = ""
    ) -> Filters | None:
        return assistant.filters(
            date_from,
            date_to,
            names(outlets),
            names(authors),
            PAGE_LABELS,
            [n.strip() for n in names(speakers)],
            SPEAKER_LABEL,
        )

    def respond(message, history, turns, k, date_from, date_to, mode, outlets, authors, speakers):
        question = (message or "").strip()
        if not question:
            gr.Warning(EMPTY_QUESTION)
            yield history, gr.skip(), turns, ""
            return
        history = list(history or []) + [
            {"role": "user", "content": question},
            {"role": "assistant", "content": "…"},
        ]
        yield history, gr.skip(), turns, ""
        try:
            filters = filters_of(date_from, date_to, outlets, authors, speakers)
            searched = standalone_question(question, [t[0] for t in turns])
            written = ""
            for item in assistant.stream(
                searched, k=int(k), filters=filters, extractive=mode == "extractive"
            ):
                if isinstance(item, Answer):
                    answer = item
                else:  # the text as the answerer writes it; verified markup replaces it below
                    written += item
                    history[-1]["content"] = escape_markdown(written)
                    yield history, gr.skip(), turns, ""
        except AssistantError as exc:
            history[-1]["content"] = f"⚠️ {escape_markdown(str(exc))}"
            yield history, gr.skip(), turns, ""
            return
        turn = len(turns) + 1
        history[-1]["content"] = answer_markdown(answer, turn)
        turns = turns + [(question, turn_html(turn, question, searched, answer, texts_for(answer)))]
        yield history, sources_html([t[1] for t in turns]), turns, ""

    def ask(
        question: str,
        k: int = 5,
        date_from: str = "",
        date_to: str = "",
        outlets: str = "",
        authors: str = "",
        speakers: str = "",
    ) -> dict:
        """Answer a question from the articles; returns the JSON of `assistant ask --json`.
        Outlets, authors and speakers are comma-separated (a speaker by any run of their
        words, as `ask --speaker`)."""
        try:
            filters = filters_of(date_from, date_to, outlets, authors, speakers)
            return assistant.ask(question, k=int(k), filters=filters).to_dict()
        except AssistantError as exc:
            # the caller's mistake, told to the caller: no traceback in the server's terminal
            raise gr.Error(str(exc), print_exception=False) from None

    with gr.Blocks(title="News Q&A with citations", analytics_enabled=False) as app:
        turns = gr.State([])
        with gr.Tab("Chat"):
            with gr.Row():
                with gr.Column(scale=3):
                    # a caption above, not the chatbot's label: that badge floats over the
                    # chat's text once it scrolls
                    gr.Markdown(CHAT_CAPTION, elem_id="chat-caption")
                    chatbot = gr.Chatbot(
                        show_label=False,
                        elem_id="chat",
                        height=560,
                        feedback_options=None,
                    )
                    box = gr.Textbox(
                        placeholder="Ask about the articles…",
                        show_label=False,
                        elem_id="question",
                        submit_btn=True,
                    )
                with gr.Column(scale=2):
                    sources = gr.HTML(sources_html([]), elem_id="sources", js_on_load=CITATION_JS)
            with gr.Accordion("Settings", open=False, elem_id="settings"), gr.Row():
                k = gr.Slider(
                    1, 20, value=settings.retrieval.k, step=1, label="Sentences to consider"
                )
                date_from = gr.Textbox(
                    label="From date", placeholder="YYYY-MM-DD", elem_id="filter-from"
                )
                date_to = gr.Textbox(label="To date", placeholder="YYYY-MM-DD", elem_id="filter-to")
                outlets = gr.Textbox(
                    label="Outlet", placeholder="e.g. Reuters, AP", elem_id="filter-outlet"
                )
                authors = gr.Textbox(
                    label="Author", placeholder="e.g. Anna Lindqvist", elem_id="filter-author"
                )
                speakers = gr.Textbox(
                    label="Speaker",
                    placeholder="e.g. Guler, the official",
                    info="Only sentences in their words",
                    elem_id="filter-speaker",
                )
                modes = list(dict.fromkeys(["extractive", settings.llm.spec]))
                mode = gr.Radio(
                    modes,
                    value=settings.llm.spec,
                    label="Answer mode",
                    info="extractive quotes the sources; an LLM writes an answer "
                    "whose sentences are checked against them (set with --llm).",
                )
            box.submit(
                respond,
                [box, chatbot, turns, k, date_from, date_to, mode, outlets, authors, speakers],
                [chatbot, sources, turns, box],
                api_visibility="private",
            )
        with gr.Tab("Briefing"):
            briefing_tab(assistant)
        with gr.Tab("Corpus"):
            forget = corpus_tab(assistant, watcher)
        if not assistant.read_only:  # a replica has no folder to bring entries into
            with gr.Tab("Feeds"):
                feeds_tab(assistant, poller)
        gr.api(ask, api_name="ask")
        app.unload(forget)
    return app


@dataclass(frozen=True)
class Served:
    """A page being served (`launch(..., block=False)`) and what runs beside it."""

    app: gr.Blocks
    watcher: FolderWatcher | None
    """None for a read-only replica."""
    poller: FeedPoller | None
    """None for a replica, or with `feeds.background` off."""

    def stop_background(self) -> None:
        for part in (self.watcher, self.poller):
            if part is not None:
                part.stop()

    def close(self) -> None:
        """Stop watching and polling, and close the server."""
        self.stop_background()
        self.app.close()


def launch(
    assistant: Assistant,
    host: str = "127.0.0.1",
    port: int = 7860,
    *,
    auth: list[tuple[str, str]] | None = None,
    block: bool = True,
    on_sync: Callable[[SyncReport], None] | None = None,
    on_poll: Callable[[PollReport], None] | None = None,
    poller: FeedPoller | None = None,
) -> Served:
    """Serve the chat page (never as a public share link), watch the corpus folder and poll its
    followed feeds (a read-only assistant does neither: it follows the store's generation at
    each question); `on_sync` hears of each sync the watcher runs that changed the index,
    `on_poll` of each poll of feeds that fell due. `poller` replaces the one the settings make."""
    check_access(host, auth)
    watcher = None
    settings = assistant.settings
    if not assistant.read_only:
        watcher = FolderWatcher(
            settings.corpus_dir,
            assistant.sync,
            ignore=assistant.store.path,
            on_sync=on_sync,
        ).start()
        if poller is None and settings.feeds.background:
            poller = FeedPoller(
                settings.corpus_dir,
                settings.store_path,
                check_seconds=settings.feeds.check_seconds,
                on_poll=on_poll,
            )
    if poller is not None:
        poller.start()
    app = build_app(assistant, watcher, poller)
    app.queue(default_concurrency_limit=4)
    try:
        app.launch(
            server_name=host,
            server_port=port,
            share=False,
            css=CSS,
            auth=auth or None,
            prevent_thread_lock=not block,
            quiet=True,  # the CLI prints the address; gradio's lines offered a share link
            footer_links=["api"],
        )
    finally:
        if block:
            Served(app, watcher, poller).stop_background()
    return Served(app, watcher, poller)
