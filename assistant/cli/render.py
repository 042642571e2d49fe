"""What the `assistant` command prints: sync summaries, status, answers with their sources,
progress bars.

Kept apart from the commands (commands.py) so that their definitions stay a thin layer.
"""

from __future__ import annotations

import sys
from pathlib import Path

from assistant.answer.timeline import day
from assistant.app import Assistant
from assistant.types import (
    Answer,
    Briefing,
    Citation,
    DateCoverage,
    StoreStatus,
    Story,
    SyncReport,
    iso,
)


def sync_with_progress(assistant: Assistant) -> SyncReport:
    """Sync with a progress bar on stderr (hidden when stderr is not a terminal)."""
    from tqdm import tqdm

    bar = None

    def progress(n: int, total: int, path: str) -> None:
        nonlocal bar
        if bar is None:  # the total is only known once the sync has scanned the folder
            bar = tqdm(total=total, unit="file", desc="indexing", file=sys.stderr, disable=None)
        bar.set_postfix_str(path[-40:], refresh=False)
        bar.update(1)

    try:
        return assistant.sync(progress)
    finally:
        if bar is not None:
            bar.close()


def describe(report: SyncReport, corpus: Path) -> str:
    """A sync's summary line, then one line per skipped file, duplicate, wire copy and warning."""
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
    lines += [
        f"  wire copy {article}: the story of {original} (dated first); searched under it, "
        "cited with both outlets"
        for article, original in report.copies
    ]
    lines += [f"  warning: {w}" for w in report.warnings]
    if report.ignored:
        lines.append(f"  ignored (unsupported type): {', '.join(report.ignored)}")
    return "\n".join(lines)


def describe_status(s: StoreStatus) -> str:
    return (
        f"corpus:     {s.corpus}\nstore:      {s.store}\narticles:   {s.articles}\n"
        f"sentences:  {s.sentences}\nchunks:     {s.chunks}\nembeddings: {s.embedding_model}\n"
        f"last sync:  {s.last_sync}\nabstention: {s.answerability_model}"
    ) + "".join(f"\nnot indexed: {path}: {why}" for path, why in s.skipped)


ORIGINS = {
    "metadata": "from metadata",
    "header": "from a header line",
    "dateline": "from the dateline",
    "file name": "from the file name",
    "dateline + file time": "from the dateline with the file time's year",
}
UNDATED_SHOWN = 20


def describe_dates(c: DateCoverage) -> str:
    dated = c.articles - len(c.undated)
    origins = ", ".join(f"{n} {ORIGINS.get(o, o)}" for o, n in c.by_origin.items())
    lines = [f"dated:      {dated} of {c.articles} articles" + (f" ({origins})" if origins else "")]
    if c.undated:
        lines.append(f"no date:    {len(c.undated)} (never guessed; see docs/articles.md)")
        lines += [f"  {article}: {why}" for article, why in c.undated[:UNDATED_SHOWN]]
        if len(c.undated) > UNDATED_SHOWN:
            lines.append(f"  … and {len(c.undated) - UNDATED_SHOWN} more")
    return "\n".join(lines)


def source_line(c: Citation) -> str:
    outlet = ", ".join(p for p in (c.source, c.place) if p)
    head = f"[{c.n}] {c.title}" + (f" — {outlet}" if outlet else "") + f" ({iso(c.date)})"
    copies = f" (same text also in {', '.join(c.also_in)})" if c.also_in else ""
    carried = f"\n    Also carried by: {c.carried_by}" if c.copies else ""
    return (
        f"{head}\n    {c.article}, characters {c.start}–{c.end}{copies}{carried}\n    {c.sentence}"
    )


def figure_lines(answer: Answer) -> list[str]:
    """How the asked figure moved (newest first) and where same-day sources disagree."""
    lines = ["Timeline (newest first):"] if answer.timeline else []
    lines += [
        f"  {day(r.date)}  {r.source or 'unknown outlet'}: {r.value} {r.counted}".rstrip()
        + f" [{r.citation}]"
        for r in answer.timeline
    ]
    lines += [
        "Sources disagree: "
        + "; ".join(f"{r.source} ({day(r.date)}) says {r.value} [{r.citation}]" for r in c.sides)
        for c in answer.conflicts
    ]
    return [*lines, ""] if lines else []


def render(answer: Answer) -> str:
    """The answer for a terminal: notice, sentences (unsupported ones flagged), sources."""
    text = answer.text
    if answer.sentences and not answer.abstained:
        text = " ".join(
            f"{s.text} {''.join(f'[{n}]' for n in s.citations)}".strip()
            + ("" if s.supported else " (NOT SUPPORTED by its sources)")
            for s in answer.sentences
        )
    note = [f"note: {answer.notice}"] if answer.notice else []
    # an abstention leads with the one sentence; the gate's reason follows it
    parts = ([text, *note] if answer.abstained else [*note, text]) + [""]
    if answer.reading:
        parts = [f"Read as: {answer.reading.description}", *parts]
    if answer.as_of:
        parts += [f"As of {answer.as_of} (the newest cited source).", ""]
    parts += figure_lines(answer)
    if answer.citations:
        parts += ["Sources:", *map(source_line, answer.citations)]
    elif answer.related:
        parts += ["Related, but not an answer:", *map(source_line, answer.related)]
    return "\n".join(parts).rstrip()


def render_briefing(briefing: Briefing) -> str:
    """The briefing for a terminal: each story's title, outlets and days, its quoted summary
    (who said it, when someone did) and where each quote comes from."""
    about = f" about {briefing.about!r}" if briefing.about else ""
    if not briefing.stories:
        span = f"from {briefing.since} to {briefing.until}" if briefing.until else "(nothing dated)"
        return f"No stories{about} {span}."
    count = len(briefing.stories)
    parts = [
        f"{count} stor{'ies' if count != 1 else 'y'}{about}, {briefing.since} to {briefing.until}:"
    ]
    for n, story in enumerate(briefing.stories, 1):
        count = len(story.articles)
        parts += [
            "",
            f"{n}. {story.title}",
            f"   {', '.join(story.outlets) or 'unknown outlet'}; {story.days}; "
            f"{count} article{'s' * (count != 1)}",
        ]
        for c in story.summary:
            said = f" ({c.unnamed_speaker} said)" if c.unnamed_speaker else ""
            parts.append(f"   {c.sentence}{said} [{c.n}]")
        parts += [f"   Moved: {' ← '.join(figures)}" for figures in moved_lines(story)]
        parts += [
            f"   [{c.n}] {c.source or 'unknown outlet'}, {iso(c.date)}: {c.article}, "
            f"characters {c.start}–{c.end}"
            for c in (*story.summary, *story.figure_sources)
        ]
    return "\n".join(parts)


def moved_lines(story: Story) -> list[list[str]]:
    """The story's moved figures, one list per quantity (newest first): "2,900 homes (27 Oct
    2026, AFP) [3]"."""
    lines: list[list[str]] = []
    last = None
    for r in story.timeline:
        if r.counted != last:  # the next quantity
            lines.append([])
            last = r.counted
        lines[-1].append(f"{r.value} {r.counted} ({day(r.date)}, {r.source}) [{r.citation}]")
    return lines
