"""What a user types to narrow a search (a date range, outlets, authors) made into `Filters`.

The CLI (`--since`, `--until`, `--source`, `--author`) and the page's settings boxes both come
here, so a bad value gets the same message naming where it was typed. Outlets and authors are
matched to the indexed ones regardless of case ("reuters" finds "Reuters"); one the index does
not hold is an error listing the ones it does, not a silently empty search.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from assistant.errors import AssistantError
from assistant.ingest.dates import normalize_date
from assistant.types import Filters


def iso_date(value: str | None, where: str) -> str | None:
    """The ISO form of a typed date ("Jan 2, 2025" -> "2025-01-02"); None when blank."""
    value = (value or "").strip()
    if not value:
        return None
    iso = normalize_date(value)
    if iso is None:
        raise AssistantError(f"{where} date {value!r} is not a date: use YYYY-MM-DD")
    return iso


def indexed(
    asked: Sequence[str], known: Iterable[str], where: str, kind: str = "outlet"
) -> tuple[str, ...]:
    """The indexed spelling of each outlet (or author) asked for."""
    by_lower = {k.lower(): k for k in known if k}
    found = []
    for name in asked:
        match = by_lower.get(name.strip().lower())
        if match is None:
            listed = ", ".join(sorted(by_lower.values())) or "none"
            raise AssistantError(f"{where} {name!r} is not an indexed {kind} (indexed: {listed})")
        found.append(match)
    return tuple(dict.fromkeys(found))


def build_filters(
    since: str | None,
    until: str | None,
    sources: Sequence[str] = (),
    known_sources: Iterable[str] = (),
    labels: tuple[str, str, str, str] = ("--since", "--until", "--source", "--author"),
    authors: Sequence[str] = (),
    known_authors: Iterable[str] = (),
) -> Filters | None:
    """Filters from typed values, or None when nothing narrows the search. `labels` name the
    fields in errors (the CLI's options, or the page's boxes)."""
    date_from, date_to = iso_date(since, labels[0]), iso_date(until, labels[1])
    if date_from and date_to and date_from > date_to:
        raise AssistantError(
            f"{labels[0]} {date_from} is after {labels[1]} {date_to}: nothing can match"
        )
    picked = indexed(sources, known_sources, labels[2]) if sources else ()
    bylines = indexed(authors, known_authors, labels[3], "author") if authors else ()
    if not (date_from or date_to or picked or bylines):
        return None
    return Filters(date_from=date_from, date_to=date_to, sources=picked, authors=bylines)
