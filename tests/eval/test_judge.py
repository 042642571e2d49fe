"""Judge: scoring one answer against the gold data."""

from assistant.eval.dataset import load_questions
from assistant.eval.judge import Judge
from assistant.types import Answer, Citation
from tests.eval.conftest import FENCES


def test_multiple_choice_picks_the_closest_choice(tiny, make_assistant):
    judge = Judge(make_assistant())
    question = load_questions(tiny)[0]
    said = Answer(
        question="q",
        text=f"{FENCES} [1]",
        abstained=False,
        citations=(
            Citation(
                n=1,
                article="b.txt",
                title="",
                source="",
                date=None,
                sentence=FENCES,
                start=0,
                end=0,
            ),
        ),
    )
    # Choices: Baykar (gold), Ozdemir Bayraktar, Farmers, Wolf packs: only "Farmers" shares a word.
    assert judge.choose(question, said) == 2
    assert (
        judge.choose(question, Answer(question="q", text="", abstained=True, citations=())) is None
    )
