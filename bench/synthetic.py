"""A deterministic corpus of any size, recombined from the sentences of a real one (benchmarks).

Each generated article takes paragraphs from runs of consecutive sentences of the source
articles, gets its own headline, date and outlet, and varies what it quotes: every article maps
the source's names to invented ones (consistently within the article), changes its numbers, and
opens a sentence that has neither with a place ("Elsewhere in Potru, …"). Without that, a
10,000-article corpus would repeat each of a few hundred source sentences hundreds of times, and
an index that reuses embeddings of repeated text (index/sync.py) would be measured on work it never
does; with it, about 98% of the sentences are unique.

`generate(sources, n, seed)` returns the same articles for the same arguments. No two articles
share a headline, so no two articles, nor two chunks (which start with the headline), are equal.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from assistant.ingest.files import load_file, scan
from assistant.ingest.sentences import split_sentences
from assistant.text import NAME

OUTLETS = (
    "Reuters",
    "Associated Press",
    "AFP",
    "The Guardian",
    "BBC News",
    "Al Jazeera",
    "Deutsche Welle",
    "NPR",
    "The Hindu",
    "Kyodo News",
    "ABC News",
    "Euronews",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
CALENDAR = frozenset(WEEKDAYS + MONTHS)
# Capitalised words that start clauses rather than name things.
COMMON = frozenset(
    """I A An The He She It They We You His Her Its Their Our My This That These
    Those There Then But And Or So If In On At For From With By As After Before When While
    Although Despite However Mr Mrs Ms Dr Yes No""".split()
)
NUMBER = re.compile(r"\b\d+\b")
ONSETS = (
    "b",
    "d",
    "f",
    "g",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "v",
    "z",
    "br",
    "dr",
    "kr",
    "st",
    "tr",
    "sh",
)
VOWELS = ("a", "e", "i", "o", "u", "ai", "ei", "ou")
LEADS = ("In", "Back in", "Meanwhile in", "Elsewhere in", "Later in")
LEAD = re.compile(r"^(?:In|Back in|Meanwhile in|Elsewhere in|Later in) [A-Z][a-z]+, ")


@dataclass(frozen=True)
class Source:
    """One real article: its paragraphs as lists of sentences."""

    title: str
    paragraphs: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Generated:
    """One generated article, ready to be written as a `.txt` file with front matter."""

    name: str
    title: str
    date: str
    source: str
    paragraphs: tuple[str, ...]

    def file_text(self) -> str:
        front = f'---\ntitle: "{self.title}"\ndate: {self.date}\nsource: {self.source}\n---\n'
        return front + self.title + "\n\n" + "\n\n".join(self.paragraphs) + "\n"


def load_sources(corpus_dir: Path) -> list[Source]:
    """The articles of a corpus folder, split into paragraphs of citable sentences."""
    files, _ = scan(corpus_dir, ["README*", "NOTICE*", "LICENSE*", ".*", "_*", "~*"])
    sources = []
    for path in files:
        for article in load_file(path, corpus_dir, path.read_bytes()).articles:
            paragraphs: dict[int, list[str]] = {}
            for s in split_sentences(article):
                paragraphs.setdefault(s.paragraph, []).append(s.text)
            sources.append(Source(article.title, tuple(tuple(p) for p in paragraphs.values())))
    if not sources:
        raise ValueError(f"no articles to recombine in {corpus_dir}")
    return sources


def invented_name(rng: random.Random) -> str:
    return "".join(
        rng.choice(ONSETS) + rng.choice(VOWELS) for _ in range(rng.randint(2, 3))
    ).capitalize()


class Variation:
    """One article's consistent changes to the sentences it quotes."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.names: dict[str, str] = {}
        self.numbers: dict[str, str] = {}
        self.place = invented_name(rng)

    def _name(self, match: re.Match) -> str:
        word = match.group(0)
        if word in COMMON:
            return word
        if word not in self.names:
            pool = WEEKDAYS if word in WEEKDAYS else MONTHS if word in MONTHS else None
            self.names[word] = self.rng.choice(pool) if pool else invented_name(self.rng)
        return self.names[word]

    def _number(self, match: re.Match) -> str:
        digits = match.group(0)
        if digits not in self.numbers:
            if len(digits) == 4 and digits[:2] in ("19", "20"):
                self.numbers[digits] = str(self.rng.randint(1950, 2025))
            else:
                low = 10 ** (len(digits) - 1) if len(digits) > 1 else 1
                self.numbers[digits] = str(self.rng.randint(low, 10 ** len(digits) - 1))
        return self.numbers[digits]

    def __call__(self, sentence: str) -> str:
        varied = NUMBER.sub(self._number, NAME.sub(self._name, sentence))
        if varied != sentence:
            return varied
        first = sentence.split(" ", 1)[0]
        if first in COMMON and first != "I":
            sentence = first.lower() + sentence[len(first) :]
        return f"{self.rng.choice(LEADS)} {self.place}, {sentence}"


def headline(first_sentence: str, rng: random.Random) -> str:
    words = LEAD.sub("", re.sub(r"[“”\"]", "", first_sentence)).split()
    return " ".join(words[: rng.randint(6, 11)]).rstrip(",;:–-").strip()


def generate(sources: list[Source], n: int, seed: int = 0) -> Iterator[Generated]:
    """n unique articles recombined from `sources`, the same ones for the same seed."""
    runs = [(a, p) for a, src in enumerate(sources) for p in range(len(src.paragraphs))]
    titles: set[str] = set()
    start = dt.date(2015, 1, 1)
    for i in range(n):
        rng = random.Random(f"{seed}:{i}")
        vary = Variation(rng)
        used: set[tuple[int, int]] = set()  # one article never quotes a paragraph twice
        paragraphs = []
        for _ in range(rng.randint(6, 12)):
            article, paragraph = rng.choice(runs)
            if (article, paragraph) in used:
                continue
            used.add((article, paragraph))
            sentences = sources[article].paragraphs[paragraph]
            first = rng.randrange(len(sentences))
            take = sentences[first : first + rng.randint(2, 5)]
            paragraphs.append(" ".join(vary(s) for s in take))
        title = headline(paragraphs[0], rng) or f"Report from {vary.place}"
        if title in titles:  # equal openings are rare but possible: a place makes them differ
            title = f"{title} ({vary.place}, {i})"
        titles.add(title)
        date = start + dt.timedelta(days=rng.randrange(3650))
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:40]
        yield Generated(
            name=f"{i // 1000:02d}/{i:05d}-{slug}.txt",
            title=title.replace('"', "'"),
            date=date.isoformat(),
            source=rng.choice(OUTLETS),
            paragraphs=tuple(paragraphs),
        )


def write_corpus(target: Path, sources: list[Source], n: int, seed: int = 0) -> list[Path]:
    """Write n generated articles under target (in sub-folders of 1,000); returns the files."""
    paths = []
    for article in generate(sources, n, seed):
        path = target / article.name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(article.file_text(), encoding="utf-8")
        paths.append(path)
    return paths
