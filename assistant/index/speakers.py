"""Who the indexed articles quote: each speaker the sentence readings name (ingest/reading.py),
with how many sentences and articles are theirs — `assistant speakers`, and the check that a
`--speaker` asked for speaks somewhere."""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.errors import AssistantError
from assistant.index.snapshot import Snapshot
from assistant.types import Sentence, parse_iso, speaker_named


@dataclass(frozen=True)
class Speaker:
    """One speaker as the articles name them."""

    name: str
    """As written: "a Turkish Defence Ministry official", "Yasar Guler"."""
    sentences: int
    """Sentences that are their words."""
    articles: int
    """Articles quoting them."""


def speakers(
    snapshot: Snapshot,
    since: str | None = None,
    until: str | None = None,
    sources: Sequence[str] = (),
) -> list[Speaker]:
    """The speakers of the articles dated within `since`–`until` (an undated article is in no
    range) and from `sources`, most quoted first."""
    said: Counter[str] = Counter()
    where: dict[str, set[str]] = {}
    first, last = parse_iso(since), parse_iso(until)
    chosen = [
        info.id
        for info in snapshot.infos.values()
        if not info.duplicate_of
        and not (sources and info.source not in sources)
        and not ((first or last) and info.date is None)
        and not (first and info.date < first)
        and not (last and info.date > last)
    ]
    for record in snapshot.each(chosen):
        for name, n in quoted_in(record.sentences).items():
            said[name] += n
            where.setdefault(name, set()).add(record.article_id)
    return [
        Speaker(name, n, len(where[name]))
        for name, n in sorted(said.items(), key=lambda item: (-item[1], item[0].lower()))
    ]


def quoted_in(sentences: Sequence[Sentence]) -> Counter[str]:
    """Each speaker of an article's sentences, with how many sentences are theirs."""
    return Counter(s.reading.speaker for s in sentences if s.reading.speaker)


def check_speakers(asked: Sequence[str], known: Sequence[str], label: str = "--speaker") -> None:
    """Refuse a speaker no indexed sentence is said by, naming the closest ones."""
    by_word: dict[str, list[str]] = {}
    for k in known:
        for word in k.split():
            by_word.setdefault(word.lower(), []).append(k)
    for name in asked:
        if not any(speaker_named(name, k) for k in known):
            words = difflib.get_close_matches(name.lower(), by_word, n=3, cutoff=0.6)
            close = [k for w in words for k in by_word[w]]
            close += difflib.get_close_matches(name, known, n=3, cutoff=0.5)
            hint = f" (closest: {'; '.join(dict.fromkeys(close))})" if close else ""
            raise AssistantError(f"{label} {name!r} is not a speaker in the index{hint}")
