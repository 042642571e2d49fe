"""assistant/eval/standalone.py: does the answer name what the question asks for?"""

from dataclasses import replace

import pytest

from assistant.eval.dataset import EvalQuestion
from assistant.eval.judge import QuestionResult
from assistant.eval.standalone import gives_kind, names, standalone_metrics
from assistant.eval.summary import summarize
from assistant.types import Answer


@pytest.mark.parametrize(
    "text, gold, kind, named",
    [
        ("Datelined Manzanillo, Mexico: Roslyn made landfall.", "Mexico", "place", True),
        ("Roslyn made landfall around 7:20 a.m.", "Mexico", "place", False),
        ("It said fourteen vessels were sent offshore.", "14", "number", True),
        ("It said 15 vessels were sent offshore.", "14", "number", False),
        ("“We moved early,” Benitez said.", "Laura Benitez", "person", True),
        ("The chain [Burgerly] launched a menu.", "Burgerly", "organisation", True),
    ],
)
def test_names(text, gold, kind, named):
    assert names(text, gold, kind) is named


def test_gives_kind():
    assert gives_kind("Roslyn hit Mexico’s coast.", "place")
    assert not gives_kind("Roslyn made landfall around 7:20 a.m.", "place")
    assert gives_kind("Defence Minister Yasar Guler said so.", "person")


def result(q: EvalQuestion, answer: Answer) -> QuestionResult:
    return QuestionResult(q, "s", answer, (), (), None, (), 0, 0, (), None, None)


def question(kind, answer="Mexico"):
    return EvalQuestion(
        id=f"q-{kind}", question="q?", answer=answer, evidence=("e",), article="a.txt",
        wrong_choices=(), where="x:1", kind=kind,
    )  # fmt: skip


def test_metrics_average_over_questions_with_a_kind_and_abstentions_miss():
    said = Answer(question="q?", text="Mexico’s coast was hit. [1]", abstained=False, citations=())
    silent = replace(said, text="The sources I have don't answer that.", abstained=True)
    results = [
        result(question("place"), said),
        result(question("place"), silent),
        result(question("quote", "a deal"), said),  # quotes are not scored here
        result(question(None), said),
    ]
    m = standalone_metrics(results)
    assert (m.answer_named, m.named_questions, m.kind_given) == (0.5, 2, 0.5)
    flat = summarize(results).flat()
    assert flat["answer_named"] == 0.5 and flat["answer_kind_given"] == 0.5
    assert standalone_metrics(results[3:]) is None
    assert "answer_named" not in summarize(results[3:]).flat()
