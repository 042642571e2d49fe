"""A two-article corpus, three questions on it (two answerable, one of them with choices, and
one unanswerable) and their evaluation, shared by the tests of the runner, judge, report, gate
and assistant/eval/studies/floors.py; and a third article and question, for `--cv` (it needs
three articles)."""

from pathlib import Path

import pytest

from assistant.eval.crossval import cross_validate_gate
from assistant.eval.runner import Evaluation
from tests.eval.test_dataset import write_questions

DRONES = "Baykar builds armed drones in Istanbul for several air forces."
FENCES = "Farmers ask for better fences to protect their sheep."
ARTICLES = {
    "a.txt": f"Drone makers meet in Ankara\n\n{DRONES} The company was founded by Ozdemir "
    "Bayraktar in 1984.\n\nEngineers tested a new engine at the Corlu airfield.\n",
    "b.txt": "Wolves return to Germany\n\nWolf packs now roam the forests of Saxony and "
    f"Brandenburg. {FENCES}\n",
}
QUESTIONS = [
    {
        "id": "t-1",
        "question": "Who builds armed drones in Istanbul?",
        "answer": "Baykar",
        "evidence": [DRONES],
        "article": "a.txt",
        "wrong_choices": ["Ozdemir Bayraktar", "Farmers", "Wolf packs"],
    },
    {
        "id": "t-2",
        "question": "What do farmers ask for to protect their sheep?",
        "answer": "Better fences",
        "evidence": [FENCES],
        "article": "b.txt",
    },
    {
        "id": "t-3",
        "question": "Who won the 2022 FIFA World Cup?",
        "answer": None,
        "evidence": [],
        "article": None,
    },
]

HARBOUR = "The harbour of Rotterdam moved a record 470 million tonnes of cargo last year."
THIRD_ARTICLE = ("c.txt", f"Rotterdam breaks a record\n\n{HARBOUR} Dock workers went on strike.\n")
THIRD_QUESTION = {
    "id": "t-4",
    "question": "How much cargo did the harbour of Rotterdam move last year?",
    "answer": "470 million tonnes",
    "evidence": [HARBOUR],
    "article": "c.txt",
}


@pytest.fixture
def tiny(tmp_path) -> Path:
    """A two-article corpus and its question file; returns the question file."""
    (tmp_path / "corpus").mkdir()
    for name, text in ARTICLES.items():
        (tmp_path / "corpus" / name).write_text(text, encoding="utf-8")
    return write_questions(tmp_path / "tiny.jsonl", QUESTIONS)


@pytest.fixture
def evaluated(tiny, make_assistant):
    assistant = make_assistant()
    assistant.sync()
    return Evaluation(assistant, [tiny]).run()


@pytest.fixture
def tiny3(tiny) -> Path:
    """The tiny corpus with a third article, and its question file with a question on it."""
    name, text = THIRD_ARTICLE
    (tiny.parent / "corpus" / name).write_text(text, encoding="utf-8")
    return write_questions(tiny.parent / "tiny3.jsonl", [*QUESTIONS, THIRD_QUESTION])


@pytest.fixture
def cross_validated(tiny3, make_assistant):
    """`assistant eval --cv` of tiny3: the run, and the cross-validation behind it."""
    assistant = make_assistant()
    assistant.sync()
    cv = cross_validate_gate(assistant, [tiny3])
    return Evaluation(assistant, [tiny3], cv=cv).run(), cv
