"""Briefing questions, scored: which questions the chat answers with the briefing.

A file of labelled questions (eval/briefing-questions.jsonl) holds one a line: `{"question": …,
"briefing": true, "topic": "Valencia"}` for a question asking for the news of some days (its
topic in its own words, "" for everything), `{"question": …, "briefing": false}` for a question
asking a fact. `Question.read` is scored against them (language/briefing.py):

- **recognition precision**: of the questions read as briefing questions, the share labelled so;
- **recognition recall**: of the questions labelled so, the share read so;
- **topic accuracy**: of the briefing questions read so, the share whose topic is the label's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import EvalError
from assistant.question import Question


@dataclass(frozen=True)
class BriefingQuestion:
    question: str
    briefing: bool
    topic: str


def load_briefing_questions(path: Path) -> list[BriefingQuestion]:
    """The labelled questions; errors name the file, line and field."""
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalError(f"{path}:{n}: invalid JSON ({exc.msg})") from None
        if not isinstance(row.get("briefing"), bool):
            raise EvalError(f"{path}:{n}: field 'briefing' must be true or false")
        if not isinstance(row.get("question"), str) or not row["question"].strip():
            raise EvalError(f"{path}:{n}: field 'question' must be a non-empty string")
        rows.append(BriefingQuestion(row["question"], row["briefing"], row.get("topic", "")))
    if not rows:
        raise EvalError(f"briefing questions file {path} holds no questions")
    return rows


@dataclass(frozen=True)
class RecognitionFigures:
    """One file of labelled questions scored against `Question.read`."""

    name: str
    questions: int
    labelled: int
    """Questions labelled as asking for the news."""
    read: int
    """Questions read as asking for it."""
    right: int
    """Questions read as asking for it that are labelled so."""
    topics_right: int
    misread: tuple[tuple[str, str], ...]
    """(question, how it was read) of every question read wrong."""

    @property
    def precision(self) -> float:
        return self.right / self.read if self.read else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.labelled if self.labelled else 1.0

    @property
    def topic_accuracy(self) -> float:
        return self.topics_right / self.right if self.right else 1.0

    def flat(self) -> dict[str, float]:
        return {
            "briefing_recognition_precision": self.precision,
            "briefing_recognition_recall": self.recall,
            "briefing_topic_accuracy": self.topic_accuracy,
        }

    def to_json(self) -> dict:
        return {
            "questions": self.questions,
            "metrics": {k: round(v, 4) for k, v in self.flat().items()},
            "misread": [{"question": q, "read": r} for q, r in self.misread],
        }

    def row(self) -> str:
        return (
            f"| {self.name} | {self.questions} | {self.precision:.3f} ({self.right} of "
            f"{self.read}) | {self.recall:.3f} ({self.right} of {self.labelled}) | "
            f"{self.topic_accuracy:.3f} ({self.topics_right} of {self.right}) |"
        )


def score_recognition(name: str, rows: list[BriefingQuestion]) -> RecognitionFigures:
    """`Question.read` scored on `rows`, the labelled questions of the file `name`, with every
    question it reads wrong."""
    labelled = read = right = topics = 0
    misread = []
    for row in rows:
        topic = Question.read(row.question).briefing
        labelled += row.briefing
        read += topic is not None
        right += row.briefing and topic is not None
        topics += row.briefing and topic == row.topic
        if (topic is not None) != row.briefing or (row.briefing and topic != row.topic):
            misread.append((row.question, "a fact question" if topic is None else repr(topic)))
    return RecognitionFigures(name, len(rows), labelled, read, right, topics, tuple(misread))


TABLE_HEAD = (
    "| briefing questions file | questions | recognition precision | recognition recall "
    "| topic accuracy |\n|---|---:|---:|---:|---:|"
)
