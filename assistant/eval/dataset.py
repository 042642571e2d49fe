"""Eval question files: JSON Lines of questions with gold answers and evidence (see eval/README.md).

Every problem names the file and line, since the files are written by hand.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import EvalError

REQUIRED = ("id", "question", "answer", "evidence")
OPTIONAL = ("article", "wrong_choices")


@dataclass(frozen=True)
class EvalQuestion:
    """One line of a question file."""

    id: str
    question: str
    answer: str | None
    """The gold answer; None when the corpus cannot answer the question."""
    evidence: tuple[str, ...]
    """Quotes copied exactly from `article` that support the answer."""
    article: str | None
    wrong_choices: tuple[str, ...]
    """Plausible wrong answers for multiple-choice scoring (may be empty)."""
    where: str
    """`file:line`, for error messages."""

    @property
    def answerable(self) -> bool:
        return self.answer is not None


def _text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _texts(value: object) -> bool:
    return isinstance(value, list) and all(map(_text, value))


def parse_question(line: str, where: str) -> EvalQuestion:
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise EvalError(f"{where}: not valid JSON: {exc.msg}") from None
    if not isinstance(row, dict):
        raise EvalError(f"{where}: expected a JSON object")
    missing = [f for f in REQUIRED if f not in row]
    unknown = sorted(set(row) - set(REQUIRED) - set(OPTIONAL))
    if missing:
        raise EvalError(f"{where}: missing field {', '.join(missing)}")
    if unknown:
        raise EvalError(
            f"{where}: unknown field {', '.join(unknown)} (known: {', '.join(REQUIRED + OPTIONAL)})"
        )
    checks = {
        "id": (_text(row["id"]), "text"),
        "question": (_text(row["question"]), "text"),
        "answer": (row["answer"] is None or _text(row["answer"]), "text or null"),
        "evidence": (_texts(row["evidence"]), "a list of quotes"),
        "article": (row.get("article") is None or _text(row["article"]), "a file name or null"),
        "wrong_choices": (_texts(row.get("wrong_choices", [])), "a list of answers"),
    }
    for field, (ok, expected) in checks.items():
        if not ok:
            raise EvalError(f"{where}: field {field} must be {expected}")
    if row["answer"] is not None and not (row.get("article") and row["evidence"]):
        raise EvalError(f"{where}: an answerable question needs its article and evidence quotes")
    return EvalQuestion(
        id=row["id"],
        question=row["question"],
        answer=row["answer"],
        evidence=tuple(row["evidence"]),
        article=row.get("article") or None,
        wrong_choices=tuple(row.get("wrong_choices", [])),
        where=where,
    )


def load_questions(path: Path) -> list[EvalQuestion]:
    """The questions of a JSON Lines file (blank lines skipped); errors give file and line."""
    if not path.is_file():
        raise EvalError(f"question file {path} does not exist")
    questions: list[EvalQuestion] = []
    seen: set[str] = set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            q = parse_question(line, f"{path}:{n}")
            if q.id in seen:
                raise EvalError(f"{q.where}: id {q.id!r} is used twice")
            seen.add(q.id)
            questions.append(q)
    if not questions:
        raise EvalError(f"question file {path} holds no questions")
    return questions
