"""The briefing: the stories reported over a stretch of days, each told in one or two cited
sentences, ranked by how widely and how recently it was reported.

Every article up to the briefing's last day is grouped into stories (grouping.py), so a story
reported before the stretch and followed within it keeps its beginning; a story is in the
briefing when one of its articles is dated within the stretch (an undated article alone never
is). Ranking (README "Briefing"): a story's weight is its number of outlets plus a quarter for
each further article, halved for every `half_life_days` between its last report and the
briefing's last day; so on one day a story three outlets reported ranks above a story one
outlet reported, and a widely reported story gives way to new ones as days pass.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import date, timedelta

import numpy as np

from assistant.answer.extractive import cite
from assistant.index.reader import Reader
from assistant.index.snapshot import Snapshot
from assistant.stories.features import story_articles
from assistant.stories.figures import moved_figures
from assistant.stories.grouping import StoryArticle, StoryGrouper
from assistant.text import terms
from assistant.types import ArticleInfo, Briefing, Citation, Filters, Sentence, Story

SUMMARY_CHARS = 400
"""A story's summary quotes at most this many characters."""
DEFAULT_DAYS = 7
"""Without --since, a briefing covers the week up to its last day (with --about, every day)."""


class Briefer:
    """`briefer(snapshot, reader, filters, about)` -> the Briefing of the filters' days."""

    def __init__(self, grouper: StoryGrouper | None = None, half_life_days: float = 3.0) -> None:
        if half_life_days <= 0:
            raise ValueError(f"half_life_days must be above 0, got {half_life_days}")
        self.grouper = grouper or StoryGrouper()
        self.half_life_days = half_life_days
        self._known: dict[str, tuple[str, StoryArticle]] = {}
        """Article id -> (what its features depend on, its features): read once per process."""
        self._lock = threading.Lock()  # the page's tabs and chats brief at once
        self._grouped: tuple[tuple[str, date], list[list[str]]] | None = None
        """The stories of the last (generation, last day) briefed: a page asks again and again."""

    def __call__(
        self,
        snapshot: Snapshot,
        reader: Reader,
        filters: Filters | None = None,
        about: str = "",
    ) -> Briefing:
        filters = filters or Filters()
        with self._lock:
            articles = story_articles(snapshot, reader, self._known)
        newest = max((a.day for a in articles if a.day), default=None)
        if newest is None:  # nothing dated: no day to brief
            return Briefing((), "", "", about, filters.sources)
        # no news is known after the newest article: "this week" ends there
        until = min(date.fromisoformat(filters.date_to), newest) if filters.date_to else newest
        if filters.date_from:
            since = date.fromisoformat(filters.date_from)
        elif about:  # the news about something: all of it, the newest first
            since = min(a.day for a in articles if a.day)
        else:
            since = until - timedelta(days=DEFAULT_DAYS - 1)
        known = [a for a in articles if a.day is None or a.day <= until]  # later ones unknown yet
        by_id = {a.id: a for a in known}
        wanted = set(terms(about))
        outlets = {s.lower() for s in filters.sources}
        stories = []
        for ids in self._stories(snapshot.generation, until, known):
            members = [by_id[i] for i in ids]
            if not any(a.day and since <= a.day <= until for a in members):
                continue
            infos = [snapshot.infos[i] for i in ids]
            if outlets and not any(i.source.lower() in outlets for i in infos):
                continue
            if wanted and not wanted <= {t for a in members for t in a.terms}:
                continue
            stories.append(self._story(snapshot, members, infos, until))
        # by weight, then the newest first
        stories.sort(key=lambda s: (-s.score, _days_before(s.last_date), s.id))
        days = since.isoformat(), until.isoformat()
        return Briefing(tuple(stories), *days, about, filters.sources)

    def _stories(self, generation: str, until: date, known: list[StoryArticle]) -> list[list[str]]:
        with self._lock:
            if self._grouped is None or self._grouped[0] != (generation, until):
                self._grouped = ((generation, until), self.grouper(known))
            return self._grouped[1]

    def _story(
        self,
        snapshot: Snapshot,
        members: Sequence[StoryArticle],
        infos: Sequence[ArticleInfo],
        until: date,
    ) -> Story:
        ledes = np.stack([a.lede for a in members])
        closeness = np.round(ledes @ ledes.mean(axis=0), 6)
        lead = int(np.argmax(closeness))  # ties: the earliest, the first report
        newest = max(range(len(members)), key=lambda n: (members[n].day or date.min, -n))
        quoted = [lead]
        if members[newest].day and members[newest].day > (members[lead].day or date.min):
            quoted.append(newest)
        summary: list[Citation] = []
        for n in quoted:
            budget = SUMMARY_CHARS - sum(len(c.sentence) for c in summary)
            sentence = lede_sentence(snapshot, infos[n], budget)
            if sentence is not None:
                summary.append(cite(len(summary) + 1, sentence, infos[n]))
        last = max((a.day for a in members if a.day), default=until)
        outlets = len({i.source for i in infos if i.source}) or 1
        weight = outlets + 0.25 * (len(members) - outlets)
        timeline, figure_sources = moved_figures(snapshot, infos, summary)
        return Story(
            id=members[0].id,
            title=infos[lead].title,
            articles=tuple(infos),
            summary=tuple(summary),
            score=weight * 0.5 ** ((until - last).days / self.half_life_days),
            timeline=timeline,
            figure_sources=figure_sources,
        )


def lede_sentence(
    snapshot: Snapshot, info: ArticleInfo, budget: int = SUMMARY_CHARS
) -> Sentence | None:
    """The article's first sentence (of its first four) that is not its headline, of 6 words or
    more and at most `budget` characters; None when it has none."""
    headline = " ".join(info.title.split()).lower()
    for sentence in snapshot.sentences(info.id)[:4]:
        text = " ".join(sentence.text.split())
        if text.lower() != headline and len(text.split()) >= 6 and len(sentence.text) <= budget:
            return sentence
    return None


def _days_before(day: date | None) -> int:
    return -day.toordinal() if day else 0
