"""assistant/answer/standalone.py: quotes that say who "they" are and name what was asked."""

from dataclasses import replace

from assistant.answer.extractive import ExtractiveAnswerer
from assistant.answer.standalone import BUDGET, bracketed
from assistant.config import AnswerSettings
from assistant.ingest.article import build_article
from assistant.ingest.reading import read_sentences
from assistant.ingest.sentences import split_sentences
from assistant.question import Question
from tests.fakes import INFO, hit

SETTINGS = AnswerSettings(min_score=0.3, relative_floor=0.8)
HURRICANE = (
    "SANTA CRUZ, Mexico, Oct 23 (Reuters) - Hurricane Roslyn slammed into Mexico’s Pacific "
    "coast on Sunday as a Category 3 storm.\n\n"
    "Forecasters had warned of a dangerous storm surge along the coast. "
    "Roslyn made landfall around 7:20 a.m. near the fishing village of Santa Cruz.\n\n"
    "Schools in the region were closed on Monday."
)
MENU = (
    "Burgerly, the burger chain, said on Tuesday it would simplify its menu. "
    "The chain launched a redesigned menu with a refreshed menu board in its roughly 21,000 US "
    "restaurants.\n\n"
    "Nakatani will tour Baykar, a Turkish Defence Ministry official said. "
    "“They will hold inspections regarding drones, but an agreement is not expected.”"
)


def article(text):
    found = build_article("a.md", "a.md", "md", f"---\ntitle: Head\n---\n{text}", {})[0]
    return read_sentences(found, split_sentences(found))


def scored(sentences, ranked):
    """Hits of the fake article INFO: (sentence index, score) pairs, best first."""
    return [replace(hit(sentences[i].text, score, i), sentence=sentences[i]) for i, score in ranked]


def answer(question, sentences, ranked, with_sentences=True):
    source = (lambda _: sentences) if with_sentences else None
    return ExtractiveAnswerer(SETTINGS, source)(Question.read(question), scored(sentences, ranked))


def test_a_sure_antecedent_is_named_in_brackets():
    sentences = article(MENU)
    assert bracketed(sentences[1]).startswith("The chain [Burgerly] launched a redesigned menu")
    got = answer("Which food chain launched a redesigned menu?", sentences, [(1, 0.9)])
    assert got.text.startswith("The chain [Burgerly] launched") and len(got.citations) == 1
    # the citation stays the exact sentence
    assert got.citations[0].sentence == sentences[1].text


def test_a_they_the_rules_cannot_name_brings_the_sentence_that_does():
    sentences = article(MENU)
    got = answer("Is an agreement expected during the visit?", sentences, [(3, 0.9)])
    assert [c.sentence for c in got.citations] == [sentences[2].text, sentences[3].text]
    assert got.text.startswith("Nakatani will tour Baykar, a Turkish Defence Ministry official")
    # the quote names no speaker: the answer says whose words they are (issue 28)
    assert "[1] A Turkish Defence Ministry official said: “They will hold" in got.text
    assert [c.speaker for c in got.citations] == ["a Turkish Defence Ministry official"] * 2
    assert got.citations[0].score == 0.0  # context, not retrieved
    # without the article's sentences the quote is given as retrieved
    alone = answer("Is an agreement expected during the visit?", sentences, [(3, 0.9)], False)
    assert [c.sentence for c in alone.citations] == [sentences[3].text]


def test_a_which_country_question_gets_the_sentence_naming_the_country():
    sentences = article(HURRICANE)
    question = "Hurricane Roslyn made landfall in which country?"
    # the lede (with the dateline) is not retrieved: it is brought from the article
    got = answer(question, sentences, [(2, 0.9), (3, 0.4)])
    assert [c.sentence for c in got.citations] == [sentences[0].text, sentences[2].text]
    assert "Mexico" in got.text
    # a retrieved hit above the floor that names it leads instead
    got = answer(question, sentences, [(2, 0.9), (0, 0.8)])
    assert [c.sentence for c in got.citations][0] == sentences[0].text
    assert got.citations[0].score == 0.8
    # a question that asks for no place gets the quote alone
    got = answer("When did Roslyn make landfall?", sentences, [(2, 0.9)])
    assert [c.sentence for c in got.citations] == [sentences[2].text]


def test_context_keeps_the_answer_within_the_budget():
    sentences = article(MENU + " " + "Filler words about drones and talks go on. " * 8)
    long_runner_up = len(sentences) - 1
    got = answer(
        "Is an agreement expected during the visit?",
        sentences,
        [(3, 0.9), (long_runner_up, 0.85)],
    )
    quoted = sum(len(c.sentence) for c in got.citations)
    assert [c.sentence for c in got.citations][:2] == [sentences[2].text, sentences[3].text]
    assert quoted <= BUDGET or len(got.citations) == 2
    assert INFO.id == got.citations[0].article


def test_a_place_only_the_dateline_gives_opens_the_quote():
    found = build_article(
        "a.txt",
        "a.txt",
        "txt",
        "Roslyn hits the coast\n\nMANZANILLO, Mexico, Oct 8 (Reuters) - Hurricane Roslyn tore "
        "into the coast on Wednesday.\n\nRoslyn made landfall around 7:20 a.m. near the port.\n",
        {},
    )[0]
    sentences = read_sentences(found, split_sentences(found))
    assert found.place == "Manzanillo, Mexico" and not sentences[0].reading.has("place")
    hits = [
        replace(h, article=replace(INFO, place=found.place)) for h in scored(sentences, [(1, 0.9)])
    ]
    got = ExtractiveAnswerer(SETTINGS, lambda _: sentences)(
        Question.read("In which country did Roslyn make landfall?"), hits
    )
    assert got.text.startswith("Datelined Manzanillo, Mexico: Roslyn made landfall")
    assert got.citations[0].sentence == sentences[1].text
    # a question that asks for no place is answered with the quote alone
    got = ExtractiveAnswerer(SETTINGS, lambda _: sentences)(
        Question.read("When did Roslyn make landfall?"), hits
    )
    assert got.text.startswith("Roslyn made landfall")
