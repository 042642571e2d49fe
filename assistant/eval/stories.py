"""Stories, scored: the corpus grouped as the briefing groups it, against hand-labelled stories.

A stories file (eval/briefing.jsonl) holds one story a line: `{"story": id, "title": …,
"articles": [article id …]}`, every article of the corpus in exactly one story (a one-off is a
story of one). Grouping is scored over pairs of articles:

- **pairwise precision**: of the pairs put in one story, the share the labels put in one;
- **pairwise recall**: of the pairs the labels put in one story, the share put in one;
- **adjusted Rand index**: agreement of the two partitions beyond chance (1 = the same);
- **summary citation integrity**: of the briefing's quoted summary sentences (every story, all
  days), the share whose citation is exact (`text[start:end]` of its article is the quote).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from assistant.errors import EvalError
from assistant.eval.briefing_questions import (
    TABLE_HEAD,
    BriefingQuestion,
    RecognitionFigures,
    load_briefing_questions,
    score_recognition,
)
from assistant.index.reader import Reader
from assistant.index.snapshot import Snapshot
from assistant.stories.briefing import Briefer
from assistant.stories.features import story_articles
from assistant.stories.grouping import StoryGrouper
from assistant.types import Filters


def load_stories(path: Path) -> dict[str, str]:
    """Article id -> labelled story id; errors name the file, line and field."""
    if not path.exists():
        raise EvalError(f"stories file {path} does not exist")
    story_of: dict[str, str] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalError(f"{path}:{n}: invalid JSON ({exc.msg})") from None
        story, articles = row.get("story"), row.get("articles")
        if not isinstance(story, str) or not story:
            raise EvalError(f"{path}:{n}: field 'story' must be a non-empty string")
        if not isinstance(articles, list) or not articles:
            raise EvalError(f"{path}:{n}: field 'articles' must be a non-empty list of ids")
        for article in articles:
            if article in story_of:
                raise EvalError(
                    f"{path}:{n}: article {article!r} is already in story {story_of[article]!r}"
                )
            story_of[article] = story
    if not story_of:
        raise EvalError(f"stories file {path} holds no stories")
    return story_of


@dataclass(frozen=True)
class StoryFigures:
    """One stories file scored against the grouping of the index."""

    name: str
    articles: int
    labelled_stories: int
    found_stories: int
    labelled_pairs: int
    found_pairs: int
    right_pairs: int
    ari: float
    quotes: int
    exact_quotes: int
    merged: tuple[tuple[str, ...], ...]
    """Found stories holding articles of several labelled ones."""
    split: tuple[tuple[str, ...], ...]
    """Labelled stories whose articles were found in several stories (their articles)."""

    @property
    def precision(self) -> float:
        return self.right_pairs / self.found_pairs if self.found_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.right_pairs / self.labelled_pairs if self.labelled_pairs else 1.0

    @property
    def integrity(self) -> float:
        return self.exact_quotes / self.quotes if self.quotes else 1.0

    def flat(self) -> dict[str, float]:
        return {
            "story_pair_precision": self.precision,
            "story_pair_recall": self.recall,
            "story_ari": self.ari,
            "summary_citation_integrity": self.integrity,
        }

    def to_json(self) -> dict:
        return {
            "articles": self.articles,
            "stories": {"labelled": self.labelled_stories, "found": self.found_stories},
            "metrics": {k: round(v, 4) for k, v in self.flat().items()},
            "merged": [list(s) for s in self.merged],
            "split": [list(s) for s in self.split],
        }


def score_stories(
    name: str,
    story_of: dict[str, str],
    snapshot: Snapshot,
    reader: Reader,
    grouper: StoryGrouper | None = None,
) -> StoryFigures:
    """The index's articles grouped (as the briefing groups them) against the labels."""
    from sklearn.metrics import adjusted_rand_score

    articles = story_articles(snapshot, reader)
    ids = {a.id for a in articles}
    if unlabelled := sorted(ids - set(story_of)):
        raise EvalError(f"{name}: indexed articles in no story: {', '.join(unlabelled[:5])}")
    if missing := sorted(set(story_of) - ids):
        raise EvalError(f"{name}: labelled articles not in the index: {', '.join(missing[:5])}")
    found = (grouper or StoryGrouper())(articles)
    found_of = {i: n for n, story in enumerate(found) for i in story}
    labelled: dict[str, list[str]] = {}
    for i in sorted(ids):
        labelled.setdefault(story_of[i], []).append(i)
    gold, got = _pairs(labelled.values()), _pairs(found)
    order = sorted(ids)
    every_day = Briefer(grouper)(snapshot, reader, Filters(date_from="0001-01-01"))
    quotes = [c for story in every_day.stories for c in story.summary]
    exact = sum(snapshot.text(c.article)[c.start : c.end] == c.sentence for c in quotes)
    return StoryFigures(
        name=name,
        articles=len(ids),
        labelled_stories=len(labelled),
        found_stories=len(found),
        labelled_pairs=len(gold),
        found_pairs=len(got),
        right_pairs=len(gold & got),
        ari=float(adjusted_rand_score([story_of[i] for i in order], [found_of[i] for i in order])),
        quotes=len(quotes),
        exact_quotes=exact,
        merged=tuple(tuple(s) for s in found if len({story_of[i] for i in s}) > 1),
        split=tuple(
            tuple(group) for group in labelled.values() if len({found_of[i] for i in group}) > 1
        ),
    )


def _pairs(groups) -> set[tuple[str, str]]:
    return {pair for group in groups for pair in combinations(sorted(group), 2)}


Labels = dict[str, str] | list[BriefingQuestion]
"""A stories file's (article id -> story) or a briefing questions file's rows."""
Figures = StoryFigures | RecognitionFigures


def load_labels(path: Path) -> Labels:
    """A `--stories` file: labelled stories, or labelled briefing questions (rows with a
    "question"; eval/briefing_questions.py)."""
    if not path.exists():
        raise EvalError(f"stories file {path} does not exist")
    first = next(
        (line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()), ""
    )
    try:
        asks = "question" in json.loads(first)
    except (json.JSONDecodeError, TypeError):
        asks = False
    return load_briefing_questions(path) if asks else load_stories(path)


def score_labels(name: str, labels: Labels, snapshot: Snapshot, reader: Reader) -> Figures:
    if isinstance(labels, dict):
        return score_stories(name, labels, snapshot, reader)
    return score_recognition(name, labels)


def table(figures: Sequence[Figures]) -> str:
    """Grouping and summary figures of each stories file, and recognition figures of each
    briefing questions file (what `assistant eval` prints)."""
    asked = [f for f in figures if isinstance(f, RecognitionFigures)]
    grouped = [f for f in figures if isinstance(f, StoryFigures)]
    tables = [_story_table(grouped)] if grouped else []
    tables += [TABLE_HEAD + "\n" + "\n".join(f.row() for f in asked)] if asked else []
    return "\n\n".join(tables)


def _story_table(figures: Sequence[StoryFigures]) -> str:
    lines = [
        "| stories file | articles | stories (labelled / found) | pairwise precision "
        "| pairwise recall | adjusted Rand | summary citation integrity |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for f in figures:
        lines.append(
            f"| {f.name} | {f.articles} | {f.labelled_stories} / {f.found_stories} | "
            f"{f.precision:.3f} ({f.right_pairs} of {f.found_pairs}) | "
            f"{f.recall:.3f} ({f.right_pairs} of {f.labelled_pairs}) | {f.ari:.3f} | "
            f"{f.integrity:.3f} ({f.exact_quotes} of {f.quotes}) |"
        )
    return "\n".join(lines)


def markdown(figures: Sequence[Figures]) -> str:
    """The stories figures, every wrongly merged or split story, every question misread."""
    lines = ["## Stories", "", table(figures)]
    for f in figures:
        if isinstance(f, RecognitionFigures):
            if f.misread:
                lines += ["", f"### {f.name}", ""]
                lines += [f"- {q!r} read as {read}" for q, read in f.misread]
        elif f.merged or f.split:
            lines += ["", f"### {f.name}", ""]
            lines += [f"- merged: {', '.join(s)}" for s in f.merged]
            lines += [f"- split: {', '.join(s)}" for s in f.split]
    return "\n".join(lines) + "\n"
