from dataclasses import replace

from assistant.answer.extractive import ExtractiveAnswerer, overlap, to_citation
from assistant.answer.prompts import CANNOT_ANSWER
from assistant.answer.verify import Verifier
from assistant.config import AnswerSettings
from assistant.types import Answer
from tests.fakes import FakeEmbedder, hit

SETTINGS = AnswerSettings(
    min_score=0.4, max_sentences=3, relative_floor=0.8, duplicate_similarity=0.8
)


def test_answer_quotes_best_sentences_with_markers():
    answerer = ExtractiveAnswerer(SETTINGS)
    answer = answerer(
        "q?",
        [
            hit("Baykar makes drones.", 0.9, 0),
            hit("Pilots test them.", 0.75, 1),
            hit("Unrelated weather news.", 0.5, 2),
        ],
    )
    assert not answer.abstained
    assert answer.text == "Baykar makes drones. [1] Pilots test them. [2]"
    first = answer.citations[0]
    assert (first.n, first.article, first.title, first.source, first.date) == (
        1,
        "a.txt",
        "Head",
        "AP",
        "2025-01-02",
    )
    assert (first.sentence, first.start, first.end) == ("Baykar makes drones.", 0, 20)


def test_near_duplicates_are_skipped():
    answerer = ExtractiveAnswerer(SETTINGS)
    answer = answerer(
        "q?",
        [
            hit("Baykar makes drones in Istanbul.", 0.9, 0),
            hit("Baykar makes drones in Istanbul, officials said.", 0.88, 1),
            hit("Pilots test them.", 0.85, 2),
        ],
    )
    assert [c.sentence for c in answer.citations] == [
        "Baykar makes drones in Istanbul.",
        "Pilots test them.",
    ]
    assert [c.n for c in answer.citations] == [1, 2]


def test_at_most_max_sentences():
    answerer = ExtractiveAnswerer(
        AnswerSettings(min_score=0.1, max_sentences=2, relative_floor=0.1)
    )
    answer = answerer("q?", [hit(f"Sentence number {w}.", 0.9, i) for i, w in enumerate("abcd")])
    assert len(answer.citations) == 2


def test_abstains_below_threshold_with_related_sources():
    answer = ExtractiveAnswerer(SETTINGS)(
        "Who won?", [hit("Close but no.", 0.39, i) for i in range(5)]
    )
    assert answer.abstained and answer.text == CANNOT_ANSWER
    assert answer.citations == () and len(answer.related) == 3


def test_abstains_without_hits():
    answer = ExtractiveAnswerer(SETTINGS)("Who won?", [])
    assert answer.abstained and answer.related == ()


def test_overlap():
    assert overlap("Drones fly high.", "drones fly high") == 1.0
    assert overlap("Drones fly.", "Wolves run.") == 0.0
    assert overlap("...", "...") == 1.0


def test_to_dict_shape():
    answer = ExtractiveAnswerer(SETTINGS)("q?", [hit("Baykar makes drones.", 0.9)])
    data = answer.to_dict()
    assert set(data) == {
        "question",
        "answer",
        "abstained",
        "as_of",
        "citations",
        "related",
        "sentences",
        "verification",
        "mode",
        "notice",
        "answerability",
        "latency_ms",
        "timeline",
        "conflicts",
    }
    assert data["sentences"] == [
        {"text": "Baykar makes drones.", "citations": [1], "supported": True, "score": 1.0}
    ]
    # A quote is its own evidence: the verifier LLM answers go through must agree.
    sources = {c.n: c.sentence for c in answer.citations}
    checked, figures = Verifier(FakeEmbedder().embed)(answer.sentences, sources)
    assert [s.supported for s in checked] == [True]
    assert data["verification"] == {
        "citation_recall": figures.citation_recall,
        "citation_precision": figures.citation_precision,
    }
    assert {"n", "article", "title", "source", "date", "sentence", "start", "end"} <= set(
        data["citations"][0]
    )


def test_extractive_stream_yields_sentences_then_the_answer():
    answerer = ExtractiveAnswerer(SETTINGS)
    items = list(
        answerer.stream(
            "q?", [hit("Baykar makes drones.", 0.9, 0), hit("Pilots test them.", 0.8, 1)]
        )
    )
    assert items[:2] == ["Baykar makes drones. [1] ", "Pilots test them. [2] "]
    assert items[-1] == answerer(
        "q?", [hit("Baykar makes drones.", 0.9, 0), hit("Pilots test them.", 0.8, 1)]
    )


def test_as_of_is_the_date_of_the_newest_dated_citation():
    cited = [
        replace(to_citation(n, hit("S.", 0.9)), date=d)
        for n, d in enumerate(["2025-08-01", "unknown", "2025-08-03"], 1)
    ]
    answer = Answer(question="q", text="t", abstained=False, citations=tuple(cited))
    assert answer.as_of == "2025-08-03" == answer.to_dict()["as_of"]
    undated = Answer(question="q", text="t", abstained=False, citations=tuple(cited[1:2]))
    assert undated.as_of is None
