"""What story grouping reads of each indexed article: its date, its opening's vector (the
vector of its first chunk, as the index holds it) and its content terms."""

from __future__ import annotations

from collections import Counter
from datetime import date

import numpy as np

from assistant.index.reader import Reader
from assistant.index.snapshot import Snapshot
from assistant.stories.grouping import StoryArticle
from assistant.text import terms
from assistant.types import UNKNOWN_DATE, ArticleInfo, chunk_id

PAGE = 500


def article_day(info: ArticleInfo) -> date | None:
    """An article's date, or None when it is unknown (or not a calendar date)."""
    if info.date == UNKNOWN_DATE:
        return None
    try:
        return date.fromisoformat(info.date[:10])
    except ValueError:
        return None


def story_articles(snapshot: Snapshot, reader: Reader) -> list[StoryArticle]:
    """Every article of the snapshot (files with the bytes of another left out: they are that
    article), read in pages. A wire copy whose chunks are not searched has its group
    representative's opening."""
    infos = [i for i in snapshot.infos.values() if not i.duplicate_of]
    ledes: dict[str, np.ndarray] = {}
    found: list[StoryArticle] = []
    for n in range(0, len(infos), PAGE):
        page = infos[n : n + PAGE]
        got = reader.chunks([chunk_id(i.id, 0) for i in page])
        ledes |= {cid.rpartition("::c")[0]: vec for cid, (_, vec) in got.items()}
        texts = {r.article_id: r.text for r in snapshot.each(i.id for i in page)}
        for info in page:
            found.append(
                StoryArticle(
                    id=info.id,
                    day=article_day(info),
                    lede=ledes.get(info.id),
                    terms=Counter(terms(f"{info.title}\n{texts.get(info.id, '')}")),
                    copy_of=info.copy_of,
                )
            )
    width = next((v.shape[0] for v in ledes.values()), 1)
    return [a if a.lede is not None else _with_lede(a, ledes.get(a.copy_of), width) for a in found]


def _with_lede(article: StoryArticle, lede: np.ndarray | None, width: int) -> StoryArticle:
    from dataclasses import replace

    return replace(article, lede=lede if lede is not None else np.zeros(width, np.float32))
