"""Who said it, scored: the speakers read at ingest against hand-labelled sentences, and the
answers to questions about whose words.

An attribution file (eval/attribution-a.jsonl) labels every sentence of its articles with its
speaker as the article names them fullest ("Maria Lopes", "a Transport Ministry spokeswoman"),
other forms that name them too (`aliases`: "Lopes"), or null for the outlet's own narration and
for a sentence that only mentions someone. Each row is matched to the indexed sentence with its
text (whitespace aside), else to the one holding it (the index keeps a quote of several
sentences whole: “A. B,” she said.), else to the one it ends with (a lede's dateline is no part
of the indexed sentence); a row matching none is counted apart.
A speaker read names the labelled one when either runs in the other's words (`same_speaker`):
"Lopes" and "Maria Lopes, the ministry's spokeswoman" both name Maria Lopes.

- **speaker precision**: of the matched sentences given a speaker, the share given the right one;
- **speaker recall**: of the matched sentences that have a speaker, the share given the right one.

On question files, a question with a gold `speaker` ("What did X say…?") scores the share of
the sentences its answer cites that are X's (**said-by precision**).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import EvalError
from assistant.eval.metrics import mean
from assistant.index.snapshot import Snapshot
from assistant.ingest.files import load_file
from assistant.ingest.reading import read_sentences
from assistant.ingest.sentences import split_sentences
from assistant.types import NO_READING, Answer, Sentence, SentenceReading, same_speaker

SHAPES = (
    "said-after",
    "said-before",
    "said-inverted",
    "according-to",
    "told",
    "role-only",
    "multi-sentence-quote",
    "pronoun-continuation",
    "reported",
    "mention-only",
    "narration",
)
"""How a labelled sentence gives (or does not give) its speaker."""


@dataclass(frozen=True)
class Labelled:
    """One labelled sentence of an attribution file."""

    id: str
    article: str
    sentence: str
    speaker: str | None
    """As the article names them fullest, or None (narration, a mere mention)."""
    aliases: tuple[str, ...]
    shape: str
    where: str
    """`file:line`, for error messages."""

    @property
    def names(self) -> tuple[str, ...]:
        return (self.speaker, *self.aliases) if self.speaker else ()


def load_labelled(path: Path) -> list[Labelled]:
    """The rows of an attribution file; errors name the file, line and field."""
    if not path.is_file():
        raise EvalError(f"attribution file {path} does not exist")
    rows, seen = [], set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            row = json.loads(line)
        except ValueError as e:
            raise EvalError(f"{where}: not JSON ({e})") from None
        for field in ("id", "article", "sentence"):
            if not isinstance(row.get(field), str) or not row[field].strip():
                raise EvalError(f"{where}: field {field} must be text")
        speaker, aliases = row.get("speaker"), row.get("aliases", [])
        if speaker is not None and not (isinstance(speaker, str) and speaker.strip()):
            raise EvalError(f"{where}: field speaker must be a name or null")
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise EvalError(f"{where}: field aliases must be a list of names")
        if row.get("shape") not in SHAPES:
            raise EvalError(f"{where}: field shape must be one of {', '.join(SHAPES)}")
        if row["id"] in seen:
            raise EvalError(f"{where}: id {row['id']!r} is used twice")
        seen.add(row["id"])
        rows.append(
            Labelled(
                row["id"],
                row["article"],
                row["sentence"],
                speaker,
                tuple(aliases),
                row["shape"],
                where,
            )
        )
    if not rows:
        raise EvalError(f"attribution file {path} holds no sentences")
    return rows


def _flat(text: str) -> str:
    return " ".join(text.split())


def find_sentence(text: str, sentences: Sequence[Sentence]) -> Sentence | None:
    """The sentence of `sentences` that a hand-copied sentence is: the one with its text
    (whitespace aside), else the one holding it (a quote of several sentences is kept whole),
    else the one it ends with (a lede without its dateline); None when none is."""
    want = _flat(text)
    flat = [(_flat(s.text), s) for s in sentences]
    for fits in (str.__eq__, lambda have, w: w in have, lambda have, w: w.endswith(have)):
        found = next((s for have, s in flat if fits(have, want)), None)
        if found is not None:
            return found
    return None


@dataclass(frozen=True)
class AttributionFigures:
    """One attribution file scored against the index."""

    name: str
    rows: int
    unmatched: tuple[str, ...]
    """Ids of rows no indexed sentence has the text of."""
    labelled: int
    """Matched rows with a speaker."""
    read: int
    """Matched rows given a speaker at ingest."""
    right: int
    """Matched rows given the labelled speaker."""
    by_shape: dict[str, tuple[int, int]]
    """Shape -> (rows given the right speaker or rightly none, matched rows)."""
    misses: tuple[tuple[str, str, str], ...]
    """(id, labelled, read) of every matched row read wrong."""

    @property
    def precision(self) -> float:
        return self.right / self.read if self.read else 0.0

    @property
    def recall(self) -> float:
        return self.right / self.labelled if self.labelled else 0.0

    def flat(self) -> dict[str, float]:
        return {"speaker_precision": self.precision, "speaker_recall": self.recall}


def score_attribution(
    name: str, rows: Sequence[Labelled], snapshot: Snapshot
) -> AttributionFigures:
    """Each labelled row against the speaker the index read for its sentence."""
    unmatched, misses = [], []
    labelled = read = right = 0
    shapes: Counter[str] = Counter()
    shapes_right: Counter[str] = Counter()
    for row in rows:
        found = find_sentence(row.sentence, snapshot.sentences(row.article))
        if found is None:
            unmatched.append(row.id)
            continue
        said = found.reading.speaker
        ok = same_speaker(said, row.names) if row.speaker else not said
        labelled += row.speaker is not None
        read += bool(said)
        right += bool(row.speaker) and ok
        shapes[row.shape] += 1
        shapes_right[row.shape] += ok
        if not ok:
            misses.append((row.id, row.speaker or "(none)", said or "(none)"))
    return AttributionFigures(
        name=name,
        rows=len(rows),
        unmatched=tuple(unmatched),
        labelled=labelled,
        read=read,
        right=right,
        by_shape={s: (shapes_right[s], shapes[s]) for s in SHAPES if shapes[s]},
        misses=tuple(misses),
    )


def cited_readings(corpus: Path, article: str, cited: Sequence[str]) -> list[SentenceReading]:
    """The readings ingest gives the `cited` sentences of an article of `corpus` ("file" or
    "file#item"): what an answer's verifier is given (studies/verifier.py, --corpus)."""
    path = corpus / article.partition("#")[0]
    read = [
        s
        for a in load_file(path, corpus).articles
        if a.id == article
        for s in read_sentences(a, split_sentences(a))
    ]
    return [getattr(find_sentence(c, read), "reading", NO_READING) for c in cited]


def said_by_precision(answer: Answer, speaker: str) -> float | None:
    """Share of the answer's citations that are the words of `speaker` (None when it cites
    nothing)."""
    if not answer.citations:
        return None
    return mean([same_speaker(c.speaker or "", [speaker]) for c in answer.citations])


def table(figures: Sequence[AttributionFigures]) -> str:
    """Speaker precision and recall of each attribution file (what `assistant eval` prints)."""
    lines = [
        "| attribution file | sentences | unmatched | with a speaker | speaker precision "
        "| speaker recall |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for f in figures:
        lines.append(
            f"| {f.name} | {f.rows} | {len(f.unmatched)} | {f.labelled} | "
            f"{f.precision:.3f} ({f.right} of {f.read}) | "
            f"{f.recall:.3f} ({f.right} of {f.labelled}) |"
        )
    return "\n".join(lines)


def markdown(figures: Sequence[AttributionFigures]) -> str:
    """The attribution figures of each file, per shape, and every row read wrong."""
    lines = ["## Attribution", "", table(figures)]
    for f in figures:
        lines += ["", f"### {f.name}", "", "| shape | right | sentences |", "|---|---:|---:|"]
        lines += [f"| {s} | {r} | {n} |" for s, (r, n) in f.by_shape.items()]
        if f.misses:
            lines += ["", "| id | labelled | read |", "|---|---|---|"]
            lines += [f"| {i} | {want} | {got} |" for i, want, got in f.misses]
        if f.unmatched:
            lines += ["", f"Unmatched (the index split them otherwise): {', '.join(f.unmatched)}"]
    return "\n".join(lines) + "\n"
