import datetime as dt
from dataclasses import replace

from assistant.answer.extractive import ExtractiveAnswerer, overlap, to_citation
from assistant.answer.prompts import CANNOT_ANSWER
from assistant.answer.verify import Verifier
from assistant.config import AnswerSettings
from assistant.question import Question
from assistant.types import Answer, parse_iso
from tests.fakes import FakeEmbedder, hit

SETTINGS = AnswerSettings(
    min_score=0.4, max_sentences=3, relative_floor=0.8, duplicate_similarity=0.8
)


def test_answer_quotes_best_sentences_with_markers():
    answerer = ExtractiveAnswerer(SETTINGS)
    answer = answerer(
        Question.read("q?"),
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
        dt.date(2025, 1, 2),
    )
    assert (first.sentence, first.start, first.end) == ("Baykar makes drones.", 0, 20)


def test_near_duplicates_are_skipped():
    answerer = ExtractiveAnswerer(SETTINGS)
    answer = answerer(
        Question.read("q?"),
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
    answer = answerer(
        Question.read("q?"), [hit(f"Sentence number {w}.", 0.9, i) for i, w in enumerate("abcd")]
    )
    assert len(answer.citations) == 2


def test_abstains_below_threshold_with_related_sources():
    answer = ExtractiveAnswerer(SETTINGS)(
        Question.read("Who won?"), [hit("Close but no.", 0.39, i) for i in range(5)]
    )
    assert answer.abstained and answer.text == CANNOT_ANSWER
    assert answer.citations == () and len(answer.related) == 3


def test_abstains_without_hits():
    answer = ExtractiveAnswerer(SETTINGS)(Question.read("Who won?"), [])
    assert answer.abstained and answer.related == ()


def test_overlap():
    assert overlap("Drones fly high.", "drones fly high") == 1.0
    assert overlap("Drones fly.", "Wolves run.") == 0.0
    assert overlap("...", "...") == 1.0


def test_to_dict_shape():
    answer = ExtractiveAnswerer(SETTINGS)(Question.read("q?"), [hit("Baykar makes drones.", 0.9)])
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
        "reading",
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
            Question.read("q?"),
            [hit("Baykar makes drones.", 0.9, 0), hit("Pilots test them.", 0.8, 1)],
        )
    )
    assert items[:2] == ["Baykar makes drones. [1] ", "Pilots test them. [2] "]
    assert items[-1] == answerer(
        Question.read("q?"), [hit("Baykar makes drones.", 0.9, 0), hit("Pilots test them.", 0.8, 1)]
    )


def test_as_of_is_the_date_of_the_newest_dated_citation():
    cited = [
        replace(to_citation(n, hit("S.", 0.9)), date=parse_iso(d))
        for n, d in enumerate(["2025-08-01", "unknown", "2025-08-03"], 1)
    ]
    answer = Answer(question="q", text="t", abstained=False, citations=tuple(cited))
    assert answer.as_of == dt.date(2025, 8, 3) and answer.to_dict()["as_of"] == "2025-08-03"
    undated = Answer(question="q", text="t", abstained=False, citations=tuple(cited[1:2]))
    assert undated.as_of is None


def dated(text: str, score: float, index: int, source: str, date: str):
    h = hit(text, score, index)
    info = replace(
        h.article, id=f"{source}.md", path=f"{source}.md", source=source, date=parse_iso(date)
    )
    return replace(h, sentence=replace(h.sentence, article_id=info.id), article=info)


EVACUATED = Question.read("How many people were evacuated because of the wildfire?")
STORY = (
    "The wildfire that started in the dry hills above the coast on Friday night forced the "
    "evacuation of {} people from six villages and two campsites near Valencia, regional "
    "emergency officials said on their website."
)
REUTERS, AP = STORY.format("1,200"), STORY.format("about 5,000")


def test_a_moved_figure_is_quoted_from_every_date_newest_first():
    hits = [
        dated(REUTERS, 0.9, 0, "Reuters", "2025-08-01"),
        dated("Firefighters fought the blaze near Valencia.", 0.85, 1, "Reuters", "2025-08-01"),
        dated(AP, 0.8, 0, "AP", "2025-08-03"),
    ]
    answer = ExtractiveAnswerer(SETTINGS)(EVACUATED, hits)
    # The two reports differ only in their figure: the near-repeat filter alone drops AP.
    assert overlap(REUTERS, AP) >= SETTINGS.duplicate_similarity
    assert [c.source for c in answer.citations] == ["AP", "Reuters", "Reuters"]
    assert answer.text == (
        "About 5,000 people as of 3 Aug 2025 (AP). [1] "
        "1,200 people on 1 Aug 2025 (Reuters). [2] "
        f"{AP} [1] {REUTERS} [2] Firefighters fought the blaze near Valencia. [3]"
    )
    assert [(r.value, r.date, r.citation) for r in answer.timeline] == [
        ("about 5,000", dt.date(2025, 8, 3), 1),
        ("1,200", dt.date(2025, 8, 1), 2),
    ]
    assert answer.as_of == dt.date(2025, 8, 3) and answer.conflicts == ()
    # every quote stays verbatim, each cited by the source it comes from
    for s in answer.sentences[2:]:
        assert s.text == answer.citations[s.citations[0] - 1].sentence


def test_a_same_day_disagreement_is_said_and_cites_both_sides():
    hits = [
        dated(AP, 0.9, 0, "AP", "2025-08-03"),
        dated(REUTERS, 0.85, 0, "Reuters", "2025-08-03"),
    ]
    answer = ExtractiveAnswerer(SETTINGS)(EVACUATED, hits)
    assert answer.text.startswith(
        "Sources disagree on 3 Aug 2025: AP says about 5,000 people; "
        "Reuters says 1,200 people. [1][2] "
    )
    assert answer.timeline == () and len(answer.conflicts) == 1


def test_figures_below_the_floor_or_of_other_questions_change_nothing():
    hits = [
        dated(REUTERS, 0.9, 0, "Reuters", "2025-08-01"),
        dated(AP, 0.4, 0, "AP", "2025-08-03"),  # below half the best score
    ]
    answer = ExtractiveAnswerer(SETTINGS)(EVACUATED, hits)
    assert answer.text == f"{REUTERS} [1]" and answer.timeline == ()
    hits[1] = replace(hits[1], score=0.85)
    why = ExtractiveAnswerer(SETTINGS)(Question.read("Why did people leave Valencia?"), hits)
    assert why.timeline == () and why.text.startswith(f"{REUTERS} [1]")


def test_a_differently_worded_follow_up_counts_down_to_half_the_best_score():
    follow_up = "Firefighters said about 5,000 people had been evacuated by Sunday."
    hits = [
        dated(follow_up, 0.54, 0, "AP", "2025-08-03"),
        dated(REUTERS, 0.32, 0, "Reuters", "2025-08-01"),  # 0.59 of the best
    ]
    answer = ExtractiveAnswerer(SETTINGS.model_copy(update={"min_score": 0.31}))(EVACUATED, hits)
    assert [(r.source, r.value) for r in answer.timeline] == [
        ("AP", "about 5,000"),
        ("Reuters", "1,200"),
    ]
