"""Filters as the store applies them: a Chroma where-clause for the dense search and the same
test in Python for BM25's hits, which come from a local index that cannot filter.

Wire copies (index/copies.py) are searched only when the filters leave out their representative:
a where on a chunk can only see its own metadata, so the copy marks carry the representative's
date and outlet (index/copy_marks.py).
"""

from __future__ import annotations

from assistant.index.schema import ChunkRecord, date_number
from assistant.types import Filters, parse_iso


def _number(text: str) -> int:
    """A filter's ISO date as the store's records hold dates (`date_number`)."""
    return date_number(parse_iso(text))


def chroma_where(filters: Filters | None, copies: bool = False) -> dict | None:
    """The where-clause of the dense search; with `copies` (the store holds wire copies) it
    also skips the chunks of copies whose representative the filters let through."""
    clauses: list[dict] = []
    if filters is not None:
        if filters.date_from:
            clauses.append({"date": {"$gte": _number(filters.date_from)}})
        if filters.date_to:
            clauses.append({"date": {"$lte": _number(filters.date_to)}})
        if filters.sources:
            clauses.append({"source": {"$in": list(filters.sources)}})
        if filters.exclude_articles:
            clauses.append({"article_id": {"$nin": list(filters.exclude_articles)}})
        if filters.authors:
            bylines = [{"authors": {"$contains": a}} for a in filters.authors]
            clauses.append(bylines[0] if len(bylines) == 1 else {"$or": bylines})
    if copies and not by_author(filters):
        clauses.append(copy_clause(filters))
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def by_author(filters: Filters | None) -> bool:
    """An author filter searches copies too: a copy's byline may differ from its
    representative's, which its chunks' marks do not carry."""
    return filters is not None and bool(filters.authors)


def copy_clause(filters: Filters | None) -> dict:
    """A chunk is searched unless it is a copy's and its representative passes the filters (a
    where on a chunk can only see its own metadata: the marks carry the representative's date
    and outlet, see index/copy_marks.py)."""
    either: list[dict] = [{"copy": {"$ne": True}}]
    if filters is not None:
        if filters.date_from:
            either.append({"copy_rep_date": {"$lt": _number(filters.date_from)}})
        if filters.date_to:
            either.append({"copy_rep_date": {"$gt": _number(filters.date_to)}})
        if filters.sources:
            either.append({"copy_rep_source": {"$nin": list(filters.sources)}})
        if filters.exclude_articles:
            either.append({"copy_of": {"$in": list(filters.exclude_articles)}})
    return either[0] if len(either) == 1 else {"$or": either}


def within(date: int, source: str, article_id: str | None, filters: Filters, authors=None) -> bool:
    """Whether an article (or its chunk) passes the filters: BM25's hits and "now" for time
    words (recency.py) are tested alike. `authors`: its bylines (None: not checked, as for a
    copy's representative)."""
    if authors is not None and filters.authors and not set(authors) & set(filters.authors):
        return False
    if filters.date_from and date < _number(filters.date_from):
        return False
    if filters.date_to and date > _number(filters.date_to):
        return False
    if filters.exclude_articles and article_id in filters.exclude_articles:
        return False
    return not filters.sources or source in filters.sources


def passes(chunk: ChunkRecord, filters: Filters | None, copies: bool = False) -> bool:
    """The same test as `chroma_where`, for BM25 hits."""
    mark = chunk.mark
    if copies and mark.copy_of and not by_author(filters):
        represented = filters is None or within(
            mark.rep_date, mark.rep_source, mark.copy_of, filters
        )
        if represented:
            return False
    return filters is None or within(
        chunk.date, chunk.source, chunk.article_id, filters, chunk.authors
    )
