"""What the time words of a question (language/when.py) do to its search: `TimeScope`.

Dates the words allow are intersected with the user's date filters and with `--as-of` (nothing
after the day one answers as of can be known then); when nothing is left, the search is not run
and the notice says which dates do not overlap. A recency question ("latest") keeps its relevant
hits but puts the newest dated ones first, so the answer cites the newest source first; an
undated article is never put first, since nothing says it is new.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from assistant.config import AnswerSettings
from assistant.index.schema import date_number
from assistant.language.when import span_text, with_latest
from assistant.question import Question
from assistant.retrieval.where import within
from assistant.types import ArticleInfo, Filters, ScoredSentence, TimeReading, iso


def newest_date(newest_first: Iterable[ArticleInfo], filters: Filters | None) -> str | None:
    """The newest article date the filters allow (retrieval's own test, where.py), in ISO as a
    question's time words are read from it: "now" when the user gives none. `newest_first`:
    dated articles, newest first (Snapshot.newest_first)."""
    f = filters or Filters()
    return next(
        (
            iso(i.date)
            for i in newest_first
            if within(date_number(i.date), i.source, i.id, f, i.authors)
        ),
        None,
    )


def as_of_filters(question: Question, filters: Filters | None, as_of: str | None) -> Filters | None:
    """The filters `ask --as-of` first searches `question` with: `filters` cut at `as_of` and
    narrowed by the question's time words counted from it; `filters` as they are without
    `as_of` (an eval question's `asked_on`: the evaluation and calibration ask as of that day)."""
    if not as_of:
        return filters
    return TimeScope(question.time(as_of), filters, as_of).filters


def none_if_empty(filters: Filters) -> Filters | None:
    return None if filters == Filters() else filters


def bound(values: Iterable[str | None], pick) -> str | None:
    given = [v for v in values if v]
    return pick(given) if given else None


class TimeScope:
    """`TimeScope(reading, filters, as_of)`: the filters to search with (`filters`), why
    nothing can be searched (`notice`), the search to fall back on when the question's own
    dates find nothing answerable (`wider`, `wider_notice`) and the hits in the order the
    answer should cite them (`order`)."""

    def __init__(
        self, reading: TimeReading | None, filters: Filters | None, as_of: str | None = None
    ) -> None:
        self.reading = reading
        given = filters or Filters()
        ranged = bool(reading and (reading.since or reading.until))
        since = bound((given.date_from, reading and reading.since), max)
        until = bound((given.date_to, reading and reading.until, as_of), min)
        self.notice = ""
        if since and until and since > until:
            asked = [reading.description] if ranged else []
            if given.date_from or given.date_to:
                asked.append(f"dates searched {given.date_from or '…'} to {given.date_to or '…'}")
            if as_of:
                asked.append(f"as of {as_of}")
            self.notice = f"no article can match: {'; '.join(asked)} do not overlap"
        self.filters = none_if_empty(replace(given, date_from=since, date_to=until))
        # "in 2015" may say when the news happened rather than when it was reported: an article
        # of 2016 about 2015 must still answer, so the question's dates are tried first, not only
        self.wider = none_if_empty(replace(given, date_to=bound((given.date_to, as_of), min)))
        self.wider_notice = (
            f"No article {span_text(reading.since, reading.until)} answers this, so articles "
            "of other dates were searched."
            if ranged
            else ""
        )

    def order(
        self, hits: Sequence[ScoredSentence], settings: AnswerSettings
    ) -> tuple[list[ScoredSentence], TimeReading | None]:
        """For a recency question: the relevant hits (those the answerer would quote beside the
        best one, `relative_floor`) newest dated first, then undated ones, then the rest; and
        the reading with the newest relevant date. Other questions keep their order."""
        if not (self.reading and self.reading.recency) or not hits:
            return list(hits), self.reading
        best = max(h.score for h in hits)
        floor = max(settings.min_score, best * settings.relative_floor)
        relevant = [h for h in hits if h.score >= floor]
        dated = sorted(
            (h for h in relevant if h.article.date),
            key=lambda h: h.article.date,
            reverse=True,  # stable: the same day keeps the score order
        )
        rest = [h for h in hits if h not in dated]
        latest = iso(dated[0].article.date) if dated else None
        return dated + rest, with_latest(self.reading, latest)
