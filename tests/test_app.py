"""The whole path with the real bundled model and Chroma on disk, over the shipped corpus."""

import json

import pytest

from assistant.answer.prompts import CANNOT_ANSWER
from tests.conftest import REPO, SEED

pytestmark = pytest.mark.integration

BAYKAR = (
    "Nakatani will also visit Istanbul on Wednesday and tour defence companies and facilities, "
    "including Turkish Aerospace Industries (TUSAS), navy shipyards and drone-maker Baykar, a "
    "Turkish Defence Ministry official said."
)


def eval_questions():
    for name in ("qa.jsonl", "onestopqa-dev.jsonl"):
        for line in (REPO / "eval" / name).read_text(encoding="utf-8").splitlines():
            yield json.loads(line)


def test_seed_question_cites_the_baykar_sentence(demo_assistant):
    answer = demo_assistant.ask("Which companies will Nakatani tour in Istanbul?")
    assert not answer.abstained
    first = answer.citations[0]
    assert first.sentence == BAYKAR and first.article == SEED
    assert (first.source, first.date, first.place) == ("Reuters", "unknown", "Ankara")
    assert answer.text.startswith(BAYKAR + " [1]")
    text = (REPO / "corpus" / SEED).read_text(encoding="utf-8")
    assert text[first.start : first.end] == BAYKAR


def test_off_topic_question_abstains(demo_assistant):
    answer = demo_assistant.ask("Who won the 2022 FIFA World Cup?")
    assert answer.abstained and answer.text == CANNOT_ANSWER and answer.citations == ()
    assert answer.related  # the closest sources are still shown, as related


@pytest.mark.slow
def test_every_citation_of_every_eval_answer_is_exact(demo_assistant):
    """article_text[start:end] == sentence for every citation of 246 answers."""
    store = demo_assistant.store
    files = {}
    checked = 0
    for question in eval_questions():
        answer = demo_assistant.ask(question["question"])
        for c in answer.citations + answer.related:
            assert store.reader.article_text(c.article)[c.start : c.end] == c.sentence
            path = REPO / "corpus" / c.article
            files.setdefault(c.article, path.read_text(encoding="utf-8"))
            assert files[c.article][c.start : c.end] == c.sentence
            assert f"[{c.n}]" in answer.text or answer.abstained
            checked += 1
    assert checked > 300


def test_status_counts(demo_assistant):
    status = demo_assistant.status()
    assert status.articles == 11 and status.sentences > 300
    assert status.embedding_model == "bundled:all-MiniLM-L6-v2 (onnx-int8)"  # the default backend
