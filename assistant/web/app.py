"""The chat page: a Gradio adapter over `Assistant` (the only module that imports gradio).

`build_app(assistant)` makes the Blocks; `launch(...)` serves them on loopback, with a folder
watcher keeping the index in step with the corpus. The `ask` API endpoint returns the same JSON
as `assistant ask --json`.
"""

from __future__ import annotations

import logging
from pathlib import Path

import gradio as gr

from assistant.app import Assistant
from assistant.errors import AssistantError
from assistant.ingest.files import SUPPORTED
from assistant.retrieval.query import standalone_question
from assistant.types import Answer, Filters
from assistant.web.auth import check_access
from assistant.web.catalog import Catalog, CatalogPage
from assistant.web.render import (
    CITATION_JS,
    CSS,
    answer_markdown,
    escape_markdown,
    sources_html,
    turn_html,
)
from assistant.web.uploads import delete_file, save_upload
from assistant.web.watch import FolderWatcher

log = logging.getLogger(__name__)

TABLE_HEADERS = ["Headline", "Outlet", "Date", "Sentences", "File"]
POLL_SECONDS = 3
"""How often an open page asks whether the index changed (one metadata read when it did not)."""


PAGE_LABELS = ("From", "To", "Outlet", "Author")
"""The settings boxes, as errors about what was typed in them name them."""


def names(box: str) -> list[str]:
    """The comma-separated names typed in an Outlet or Author box."""
    return [name for name in (box or "").split(",") if name.strip()]


def status_text(assistant: Assistant, watcher: FolderWatcher | None, shown: CatalogPage) -> str:
    s = assistant.status()
    watching = f" · watching `{s.corpus}`" if watcher else ""
    if assistant.read_only:
        watching = f" · read-only, following `{s.store}`"
    matching = f" · {shown.matching} matching" if shown.matching != shown.total else ""
    return (
        f"**{s.articles}** articles · {s.sentences} sentences · {s.chunks} chunks · "
        f"last sync {s.last_sync}{watching}\n\npage {shown.page} of {shown.pages}{matching}"
    )


def build_app(assistant: Assistant, watcher: FolderWatcher | None = None) -> gr.Blocks:
    """The chat page for one assistant (not yet served: see `launch`)."""
    settings = assistant.settings
    catalog = Catalog(assistant.store)

    def texts_for(answer: Answer) -> dict[str, str]:
        cited = {c.article for c in answer.citations + answer.related}
        return {a: assistant.store.reader.article_text(a) for a in cited}

    def filters_of(date_from: str, date_to: str, outlets: str, authors: str) -> Filters | None:
        return assistant.filters(date_from, date_to, names(outlets), names(authors), PAGE_LABELS)

    def respond(message, history, turns, k, date_from, date_to, mode, outlets, authors):
        question = (message or "").strip()
        if not question:
            yield history, gr.skip(), turns, ""
            return
        history = list(history or []) + [
            {"role": "user", "content": question},
            {"role": "assistant", "content": "…"},
        ]
        yield history, gr.skip(), turns, ""
        try:
            filters = filters_of(date_from, date_to, outlets, authors)
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
    ) -> dict:
        """Answer a question from the articles; returns the JSON of `assistant ask --json`.
        Outlets and authors are comma-separated."""
        try:
            filters = filters_of(date_from, date_to, outlets, authors)
            return assistant.ask(question, k=int(k), filters=filters).to_dict()
        except AssistantError as exc:
            raise gr.Error(str(exc)) from None

    def view(selected, search="", number=1):
        """The corpus tab for a search and page: status line, table rows, delete box."""
        shown = catalog.page(search or "", number or 1)
        return (
            status_text(assistant, watcher, shown),
            [list(r) for r in shown.rows],
            gr.update(
                choices=list(shown.files), value=selected if selected in shown.files else None
            ),
        )

    def poll(selected, search, number, seen):
        """The timer's tick: nothing is read or sent unless the index changed since `seen`."""
        version = catalog.version()
        if version == seen:
            return gr.skip(), gr.skip(), gr.skip(), gr.skip()
        return *view(selected, search, number), version

    def turn_page(selected, search, number, step):
        number = catalog.page(search or "", (number or 1) + step).page
        return *view(selected, search, number), number

    def upload(paths, selected, search, number):
        notes = []
        for path in paths or []:
            try:
                saved = save_upload(
                    settings.corpus_dir, Path(path).name, Path(path), settings.corpus.max_bytes
                )
                notes.append(f"added `{saved.name}`")
            except AssistantError as exc:
                notes.append(f"⚠️ {exc}")
        report = assistant.sync()
        notes += [f"⚠️ skipped {p}: {why}" for p, why in report.skipped]
        return "; ".join(notes) or "nothing uploaded", *view(selected, search, number), None

    def delete(selected, search, number):
        if not selected:
            return "choose a file to delete", *view(None, search, number)
        try:
            delete_file(settings.corpus_dir, selected)
        except AssistantError as exc:
            return f"⚠️ {exc}", *view(None, search, number)
        assistant.sync()
        return f"deleted `{selected}`", *view(None, search, number)

    with gr.Blocks(title="News Q&A with citations", analytics_enabled=False) as app:
        turns = gr.State([])
        with gr.Tab("Chat"):
            with gr.Row():
                with gr.Column(scale=3):
                    chatbot = gr.Chatbot(
                        label="Answers cite the sentences they come from",
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
                [box, chatbot, turns, k, date_from, date_to, mode, outlets, authors],
                [chatbot, sources, turns, box],
                api_visibility="private",
            )
        with gr.Tab("Corpus"):
            first = view(None)
            seen = gr.State(catalog.version())
            search = gr.Textbox(
                label="Search", placeholder="headline, outlet, date or file", elem_id="search"
            )
            # the search and page as last applied (states, so the upload and delete APIs keep
            # their parameters)
            query, number = gr.State(""), gr.State(1)
            status = gr.Markdown(first[0], elem_id="sync-status")
            table = gr.Dataframe(
                first[1], headers=TABLE_HEADERS, interactive=False, elem_id="articles"
            )
            with gr.Row():
                back = gr.Button("◀ Previous page", size="sm")
                forward = gr.Button("Next page ▶", size="sm")
            with gr.Row(visible=not assistant.read_only):  # a replica has no corpus to change
                files = gr.File(
                    label="Add articles (" + " ".join(SUPPORTED) + ")",
                    file_count="multiple",
                    file_types=list(SUPPORTED),
                    elem_id="upload",
                )
                with gr.Column():
                    # Files come and go while the page is open: the server checks the name.
                    chosen = gr.Dropdown(
                        first[2]["choices"],
                        label="Article file (from the page shown; search to find others)",
                        elem_id="delete-choice",
                        allow_custom_value=True,
                    )
                    remove = gr.Button("Delete article", variant="stop")
            message = gr.Markdown(elem_id="corpus-message")
            shown = [status, table, chosen]
            private = {"api_visibility": "private"}
            search.change(
                lambda c, q: (*view(c, q), q, 1),
                [chosen, search],
                [*shown, query, number],
                **private,
            )
            for button, step in ((back, -1), (forward, 1)):
                button.click(
                    lambda c, q, n, step=step: turn_page(c, q, n, step),
                    [chosen, query, number],
                    [*shown, number],
                    **private,
                )
            if not assistant.read_only:
                files.upload(
                    upload,
                    [files, chosen, query, number],
                    [message, *shown, files],
                    api_name="upload",
                )
                remove.click(delete, [chosen, query, number], [message, *shown], api_name="delete")
            gr.Timer(POLL_SECONDS).tick(
                poll, [chosen, query, number, seen], [*shown, seen], **private
            )
        gr.api(ask, api_name="ask")
    return app


def launch(
    assistant: Assistant,
    host: str = "127.0.0.1",
    port: int = 7860,
    *,
    auth: list[tuple[str, str]] | None = None,
    block: bool = True,
) -> tuple[gr.Blocks, FolderWatcher | None]:
    """Serve the chat page (never as a public share link) and watch the corpus folder (a
    read-only assistant has none: it follows the store's generation at each question)."""
    check_access(host, auth)
    watcher = None
    if not assistant.read_only:
        watcher = FolderWatcher(
            assistant.settings.corpus_dir, assistant.sync, ignore=assistant.store.path
        ).start()
    app = build_app(assistant, watcher)
    app.queue(default_concurrency_limit=4)
    try:
        app.launch(
            server_name=host,
            server_port=port,
            share=False,
            css=CSS,
            auth=auth or None,
            prevent_thread_lock=not block,
            quiet=not block,
            footer_links=["api"],
        )
    finally:
        if block and watcher is not None:
            watcher.stop()
    return app, watcher
