"""The chat page's Corpus tab: the articles indexed, a page at a time, and (unless the assistant
is a read-only replica) upload and delete. Built inside the page's Blocks by `corpus_tab`.

An open tab polls every `POLL_SECONDS`; what a tick costs is `Catalog`'s business (catalog.py):
nothing is read or sent unless the index changed.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import gradio as gr

from assistant.app import Assistant
from assistant.errors import AssistantError
from assistant.ingest.files import SUPPORTED
from assistant.web.catalog import Catalog, CatalogPage
from assistant.web.uploads import delete_file, put_back, save_upload
from assistant.web.watch import FolderWatcher

TABLE_HEADERS = ["Headline", "Outlet", "Date", "Sentences", "Speakers (sentences)", "File"]
TRASH = "deleted"
"""The folder under the store where files deleted from the page wait for an Undo."""
CONFIRM_JS = """(chosen, query, number, deleted, confirmed) => [chosen, query, number, deleted,
  !chosen || window.confirm(`Delete ${chosen} from the corpus folder? Undo can put it back until
this page is closed.`)]"""
"""Asks before the Delete button deletes (the API's delete is not asked)."""
SKIPPED_SHOWN = 5
"""Files not indexed listed by name in the status line (the rest counted)."""
POLL_SECONDS = 3
"""How often an open page asks whether the index changed (one metadata read when it did not)."""


def status_text(assistant: Assistant, watcher: FolderWatcher | None, shown: CatalogPage) -> str:
    """The Corpus tab's line of Markdown: the counts, the last sync, what is watched or
    followed, the files not indexed and why, and which page of the catalogue is shown."""
    s = assistant.status()
    watching = f" · watching `{s.corpus}`" if watcher else ""
    if assistant.read_only:
        watching = f" · read-only, following `{s.store}`"
    matching = f" · {shown.matching} matching" if shown.matching != shown.total else ""
    skipped = ""
    if s.skipped:  # files the folder holds that are no articles: say so once, here
        listed = "; ".join(f"`{path}` ({why})" for path, why in s.skipped[:SKIPPED_SHOWN])
        more = f"; {len(s.skipped) - SKIPPED_SHOWN} more" if len(s.skipped) > SKIPPED_SHOWN else ""
        skipped = f"\n\n⚠️ {len(s.skipped)} file(s) not indexed: {listed}{more}"
    return (
        f"**{s.articles}** articles · {s.sentences} sentences · {s.chunks} chunks · "
        f"last sync {s.last_sync}{watching}{skipped}\n\npage {shown.page} of {shown.pages}"
        f"{matching}"
    )


def corpus_tab(assistant: Assistant, watcher: FolderWatcher | None) -> Callable[[gr.Request], None]:
    """The tab's components and events, in the Blocks being built; returns what the page must
    run when a session ends (its deleted files go for good)."""
    settings = assistant.settings
    catalog = Catalog(assistant.store)

    def view(selected, search="", number=1):
        """The corpus tab for a search and page: status line, table rows, delete box, and the
        page buttons (only those that lead somewhere can be pressed)."""
        shown = catalog.page(search or "", number or 1)
        return (
            status_text(assistant, watcher, shown),
            [list(r) for r in shown.rows],
            gr.update(
                choices=list(shown.files), value=selected if selected in shown.files else None
            ),
            gr.update(interactive=shown.page > 1),
            gr.update(interactive=shown.page < shown.pages),
        )

    def poll(selected, search, number, seen):
        """The timer's tick: nothing is read or sent unless the index changed since `seen`."""
        version = catalog.version()
        if version == seen:
            return (gr.skip(),) * (len(shown) + 1)  # every output, and `seen`
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

    def delete(selected, search, number, deleted, confirmed, request: gr.Request):
        """Delete the chosen file once the page's dialog confirmed it (an API call confirms by
        calling): it is set aside for this page's session, so Undo can put it back."""
        if not selected:
            return "choose a file to delete", *view(None, search, number), deleted, gr.skip()
        if not confirmed:
            return f"kept `{selected}`", *view(selected, search, number), deleted, gr.skip()
        try:
            kept = delete_file(settings.corpus_dir, selected, aside_for(request))
        except AssistantError as exc:
            return f"⚠️ {exc}", *view(None, search, number), deleted, gr.skip()
        assistant.sync()
        deleted = [*deleted, (selected, str(kept))]
        message = f"deleted `{selected}` (Undo puts it back until this page is closed)"
        return message, *view(None, search, number), deleted, gr.update(visible=True)

    def undo(search, number, deleted):
        """Put the last file deleted from this page back."""
        if not deleted:
            return "nothing to undo", *view(None, search, number), deleted, gr.skip()
        relative, kept = deleted[-1]
        try:
            put_back(settings.corpus_dir, relative, Path(kept))
        except AssistantError as exc:
            return f"⚠️ {exc}", *view(None, search, number), deleted[:-1], gr.skip()
        assistant.sync()
        rest = deleted[:-1]
        return (
            f"restored `{relative}`",
            *view(relative, search, number),
            rest,
            gr.update(visible=bool(rest)),
        )

    def aside_for(request: gr.Request | None) -> Path:
        return trash / (getattr(request, "session_hash", None) or "api")

    def forget(request: gr.Request):
        """The page was closed: what it deleted is deleted for good."""
        shutil.rmtree(aside_for(request), ignore_errors=True)

    # sessions of an earlier run of the page are over: their deleted files go for good
    trash = assistant.store.path / TRASH
    shutil.rmtree(trash, ignore_errors=True)

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
        first[1],
        headers=TABLE_HEADERS,
        interactive=False,
        wrap=True,  # long file names wrap rather than being cut off
        column_widths=["30%", "10%", "10%", "8%", "20%", "22%"],
        elem_id="articles",
    )
    with gr.Row():
        back = gr.Button("◀ Previous page", size="sm", interactive=False, elem_id="page-back")
        forward = gr.Button(
            "Next page ▶", size="sm", interactive=first[4]["interactive"], elem_id="page-next"
        )
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
            remove = gr.Button("Delete article", variant="stop", elem_id="delete")
            restore = gr.Button("Undo delete", visible=False, elem_id="undo-delete")
    message = gr.Markdown(elem_id="corpus-message")
    deleted = gr.State([])
    """(file, where it was set aside) of each deletion made from this page, last one last."""
    # set by the Delete button's dialog in the page (a State never reaches the page's script);
    # an API call is its own confirmation
    confirmed = gr.Checkbox(True, visible=False, elem_id="delete-confirmed")
    shown = [status, table, chosen, back, forward]
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
        remove.click(
            delete,
            [chosen, query, number, deleted, confirmed],
            [message, *shown, deleted, restore],
            js=CONFIRM_JS,
            api_name="delete",
        )
        restore.click(
            undo, [query, number, deleted], [message, *shown, deleted, restore], **private
        )

    gr.Timer(POLL_SECONDS).tick(poll, [chosen, query, number, seen], [*shown, seen], **private)
    return forget
