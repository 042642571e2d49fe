"""Eval question files: JSON Lines of questions with gold answers and evidence (see eval/README.md).

Every problem names the file and line, since the files are written by hand.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import EvalError

REQUIRED = ("id", "question", "answer", "evidence")
NEWS = ("as_of", "first_article", "timeline", "conflict", "copies")
"""Gold for the news-dynamics metrics (eval/news-dynamics.jsonl): what a dated, multi-outlet
answer should show. Any question may carry any of them."""
KINDS = ("place", "person", "organisation", "number", "date", "quote")
"""What a gold answer is (`kind`): the answer should name one (eval/summary.py, "answer
named")."""
OPTIONAL = ("article", "wrong_choices", "kind", "asked_on", "speaker", *NEWS)


@dataclass(frozen=True)
class NewsGold:
    """What a question's answer should show about *when* and *who* (eval/news.py scores it)."""

    as_of: str | None = None
    """The date of the newest source the answer should cite (ISO)."""
    first_article: str | None = None
    """The article (or one of its wire copies) the first citation should come from: the newest
    for "latest" questions, the one of the asked-for date for "in March 2025" questions."""
    timeline: tuple[str, ...] = ()
    """The values of a figure that moved, newest first, as the sources write them ("5,000")."""
    conflict: bool | None = None
    """Whether sources of about the same date disagree on the asked-for value."""
    copies: tuple[str, ...] = ()
    """The articles that carry the same wire story as the answer's source, itself included."""


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
    news: NewsGold | None = None
    """Gold for the news-dynamics metrics; None when the line has none of their fields."""
    kind: str | None = None
    """What the gold answer is (one of `KINDS`), or None when the file does not say."""
    speaker: str | None = None
    """Whose words the question asks about ("What did X say…?"), as the article names them
    fullest: every sentence the answer cites should be theirs (eval/attribution.py)."""
    asked_on: str | None = None
    """The day the question was asked (ISO): it is answered as `ask --as-of` that day answers
    it (later articles left out, "this week" counted from it); None: as of the newest article."""

    @property
    def answerable(self) -> bool:
        return self.answer is not None


def _text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _iso(value: object) -> bool:
    return isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) is not None


def _texts(value: object) -> bool:
    return isinstance(value, list) and all(map(_text, value))


def parse_question(line: str, where: str) -> EvalQuestion:
    """One line of a question file, every field checked; `where` (`file:line`) starts each error."""
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
        "as_of": (row.get("as_of") is None or _iso(row["as_of"]), "a date YYYY-MM-DD or null"),
        "first_article": (
            row.get("first_article") is None or _text(row["first_article"]),
            "a file name",
        ),
        "timeline": (_texts(row.get("timeline", [])), "a list of values, newest first"),
        "conflict": (row.get("conflict") in (None, True, False), "true, false or null"),
        "copies": (_texts(row.get("copies", [])), "a list of file names"),
        "kind": (row.get("kind") in (None, *KINDS), f"one of {', '.join(KINDS)}"),
        "asked_on": (
            row.get("asked_on") is None or _iso(row["asked_on"]),
            "a date YYYY-MM-DD or null",
        ),
        "speaker": (row.get("speaker") is None or _text(row["speaker"]), "a name or null"),
    }
    for field, (ok, expected) in checks.items():
        if not ok:
            raise EvalError(f"{where}: field {field} must be {expected}")
    if row["answer"] is not None and not (row.get("article") and row["evidence"]):
        raise EvalError(f"{where}: an answerable question needs its article and evidence quotes")
    if row["answer"] is None and row.get("wrong_choices"):
        raise EvalError(
            f"{where}: an unanswerable question has no right choice: drop wrong_choices"
        )
    return EvalQuestion(
        id=row["id"],
        question=row["question"],
        answer=row["answer"],
        evidence=tuple(row["evidence"]),
        article=row.get("article") or None,
        wrong_choices=tuple(row.get("wrong_choices", [])),
        where=where,
        news=news_gold(row),
        kind=row.get("kind"),
        asked_on=row.get("asked_on"),
        speaker=row.get("speaker"),
    )


def news_gold(row: dict) -> NewsGold | None:
    if not any(field in row for field in NEWS):
        return None
    return NewsGold(
        as_of=row.get("as_of"),
        first_article=row.get("first_article"),
        timeline=tuple(row.get("timeline", [])),
        conflict=row.get("conflict"),
        copies=tuple(row.get("copies", [])),
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
