"""What story grouping reads of each indexed article: its date, its opening's vector (the
vector of its first chunk, as the index holds it) and its content terms."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import numpy as np

from assistant.index.reader import Reader
from assistant.index.snapshot import Snapshot
from assistant.stories.grouping import StoryArticle
from assistant.text import terms
from assistant.types import ArticleInfo, chunk_id, split_chunk_id

PAGE = 500


def story_articles(
    snapshot: Snapshot, reader: Reader, known: dict[str, tuple[str, StoryArticle]] | None = None
) -> list[StoryArticle]:
    """Every article of the snapshot (files with the bytes of another left out: they are that
    article), read in pages. A wire copy whose chunks are not searched has its group
    representative's opening. `known` (article id -> (content hash, features)) holds what was
    read before: only new and changed articles are read, and it is brought up to date."""
    known = {} if known is None else known
    infos = [i for i in snapshot.infos.values() if not i.duplicate_of]
    fresh = [i for i in infos if known.get(i.id, ("",))[0] != _key(i)]
    for n in range(0, len(fresh), PAGE):
        page = fresh[n : n + PAGE]
        got = reader.chunks([chunk_id(i.id, 0) for i in page])
        ledes = {split_chunk_id(cid)[0]: vec for cid, (_, vec) in got.items()}
        texts = {r.article_id: r.text for r in snapshot.each(i.id for i in page)}
        for info in page:
            known[info.id] = (
                _key(info),
                StoryArticle(
                    id=info.id,
                    day=info.date,
                    lede=ledes.get(info.id),
                    terms=Counter(terms(f"{info.title}\n{texts.get(info.id, '')}")),
                    copy_of=info.copy_of,
                ),
            )
    for gone in set(known) - {i.id for i in infos}:
        del known[gone]
    found = [known[i.id][1] for i in infos]
    width = next((a.lede.shape[0] for a in found if a.lede is not None), 1)
    ledes = {a.id: a.lede for a in found if a.lede is not None}
    return [
        a if a.lede is not None else replace(a, lede=ledes.get(a.copy_of, np.zeros(width, "f4")))
        for a in found
    ]


def _key(info: ArticleInfo) -> str:
    """What an article's features depend on: its text, date and wire-copy group."""
    return f"{info.content_hash}|{info.date}|{info.copy_of}"
