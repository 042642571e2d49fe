"""`assistant calibrate` end to end: a fresh corpus and a user's question file, the real bundled
model and Chroma on disk; then `ask` and `status` use what it wrote."""

import json
import shutil

import pytest
from typer.testing import CliRunner

from assistant.answer.gate import SHIPPED_MODEL, STORE_MODEL, AnswerabilityModel
from assistant.answer.selection import SELECTION_FILE, Selection
from assistant.app import Assistant
from assistant.cli import app
from assistant.config import AnswerSettings, load_settings
from assistant.eval.dataset import load_questions
from assistant.question import Question
from tests.conftest import REPO, SHIPPED_CORPUS

ARTICLES = [
    "on-the-trail-of-the-wolf.txt",
    "hundreds-hurt-after-meteorite-falls-to-earth.txt",
    "spain-s-robin-hood.txt",
    "the-secrets-of-the-mystery-shopper.txt",
]
OWN = [
    {"id": "own-1", "question": "Who won the 2022 FIFA World Cup?", "answer": None, "evidence": []},
    {
        "id": "own-2",
        "question": "What is the capital of Australia?",
        "answer": None,
        "evidence": [],
    },
]
ASKED = "How many wolves live in Lusatia?"

runner = CliRunner()
pytestmark = [pytest.mark.slow, pytest.mark.integration]


@pytest.fixture
def user(tmp_path):
    """A corpus of four shipped articles and the onestopqa-dev questions about them, plus two
    the corpus cannot answer, written as a user would."""
    corpus = tmp_path / "news"
    corpus.mkdir()
    for name in ARTICLES:
        shutil.copy(SHIPPED_CORPUS / name, corpus / name)
    lines = [
        json.dumps(
            {
                "id": q.id,
                "question": q.question,
                "answer": q.answer,
                "evidence": list(q.evidence),
                "article": q.article,
            }
        )
        for q in load_questions(REPO / "eval" / "onestopqa-dev.jsonl")
        if q.article in ARTICLES
    ] + [json.dumps(q) for q in OWN]
    qa = tmp_path / "mine.jsonl"
    qa.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return corpus, tmp_path / "store", qa


def invoke(corpus, store, *args):
    return runner.invoke(app, ["--corpus", str(corpus), "--store", str(store), *args])


def test_calibrate_fits_on_a_users_questions_and_ask_uses_the_model(user):
    corpus, store, qa = user
    result = invoke(corpus, store, "calibrate", "--qa", str(qa))
    assert result.exit_code == 0, result.output
    assert "new model, out-of-fold" in result.output and "article left out" in result.output
    written = store / STORE_MODEL
    model = AnswerabilityModel.load(written)
    assert "mine.jsonl" in model.fitted_on and written.with_suffix(".md").is_file()
    assert f"model: {written}\nanswer selection: {store / SELECTION_FILE}" in result.output

    # how many sentences to cite, chosen on the same questions and used by ask
    assert "Citations (`answer.relative_floor`)" in result.output
    floor = Selection.load(store / SELECTION_FILE).relative_floor
    calibrated = Assistant(load_settings(corpus_dir=corpus, store_dir=store))
    assert calibrated.answer_settings == AnswerSettings(relative_floor=floor)
    assert calibrated.answerer.settings == calibrated.answer_settings

    status = invoke(corpus, store, "status")
    assert f"abstention: {written} (" in status.output

    answer = json.loads(invoke(corpus, store, "ask", "--json", ASKED).output)
    assistant = Assistant(load_settings(corpus_dir=corpus, store_dir=store))
    features = assistant.gate.features(
        Question.read(ASKED), assistant.retriever.search(Question.read(ASKED))
    )
    assert assistant.gate.model == model
    assert answer["answerability"] == round(model.probability(features), 4)
    shipped = AnswerabilityModel.load(SHIPPED_MODEL).probability(features)
    assert round(shipped, 4) != answer["answerability"]


def test_a_question_about_an_article_not_in_the_corpus_is_refused_naming_its_line(user):
    corpus, store, qa = user
    qa.write_text(
        qa.read_text()
        + json.dumps(
            {"id": "x", "question": "Q?", "answer": "A", "evidence": ["A"], "article": "gone.txt"}
        )
        + "\n"
    )
    result = invoke(corpus, store, "calibrate", "--qa", str(qa))
    assert result.exit_code == 1
    lines = len(qa.read_text().splitlines())
    assert f"mine.jsonl:{lines}: article 'gone.txt' is not in the index" in result.output
    assert not (store / STORE_MODEL).exists() and not (store / SELECTION_FILE).exists()
