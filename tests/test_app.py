"""The path from question to answer: with fakes, then with the real bundled model and Chroma on
disk over the shipped corpus (the `demo_assistant` tests, marked integration by conftest)."""

import datetime as dt
import json
from dataclasses import replace

import pytest

from assistant.answer.extractive import ExtractiveAnswerer
from assistant.answer.gate import BELOW_THRESHOLD, Judgement
from assistant.answer.prompts import CANNOT_ANSWER
from assistant.app import Assistant
from assistant.config import BUNDLED_MODEL, load_settings
from assistant.errors import AssistantError, StoreError
from assistant.index.plan import INDEX_FORMAT
from assistant.models.backend import resolve_backend
from assistant.types import Filters
from tests.conftest import REPO, SEED
from tests.fakes import FakeEmbedder, FakeSearcher, hit

BAYKAR = (
    "Nakatani will also visit Istanbul on Wednesday and tour defence companies and facilities, "
    "including Turkish Aerospace Industries (TUSAS), navy shipyards and drone-maker Baykar, a "
    "Turkish Defence Ministry official said."
)


HITS = [hit("Baykar makes drones.", 0.9, 0), hit("Pilots test them in Corlu.", 0.85, 1)]


class RecordingAnswerer(ExtractiveAnswerer):
    """The extractive answerer under another mode name, counting the questions it answers."""

    def __init__(self) -> None:
        super().__init__()
        self.questions: list[str] = []

    def stream(self, question, hits):
        self.questions.append(question.text)
        for item in super().stream(question, hits):
            yield item if isinstance(item, str) else replace(item, mode="recording")


@pytest.fixture
def fake_assistant(empty_corpus):
    """An Assistant over an empty corpus folder with the given searcher and answerer."""

    def build(searcher: FakeSearcher, answerer=None) -> Assistant:
        return Assistant(load_settings(), retriever=searcher, answerer=answerer)

    return build


def test_ask_passes_its_options_to_the_retriever_and_answers_from_what_it_found(fake_assistant):
    searcher = FakeSearcher(HITS)
    only_ap = Filters(sources=("AP",))
    answer = fake_assistant(searcher).ask("  Who makes drones? ", 1, only_ap)
    assert searcher.calls == [("Who makes drones?", 1, only_ap)]
    assert [c.sentence for c in answer.citations] == ["Baykar makes drones."]
    assert [h.sentence.text for h in answer.retrieved] == ["Baykar makes drones."]
    assert answer.latency_ms > 0


def test_ask_is_the_last_item_of_stream(fake_assistant):
    assistant = fake_assistant(FakeSearcher(HITS), RecordingAnswerer())
    *pieces, streamed = assistant.stream("Who makes drones?")
    asked = assistant.ask("Who makes drones?")
    assert asked.mode == streamed.mode == "recording"
    assert asked.text == streamed.text == "".join(pieces).strip()
    assert asked.citations == streamed.citations and asked.retrieved == streamed.retrieved


def test_the_page_switch_quotes_even_when_another_answerer_is_configured(fake_assistant):
    answerer = RecordingAnswerer()
    assistant = fake_assistant(FakeSearcher(HITS), answerer)
    *_, answer = assistant.stream("Who makes drones?", extractive=True)
    assert answerer.questions == [] and answer.mode == "extractive"


def test_an_empty_question_is_refused_before_any_search(fake_assistant):
    searcher = FakeSearcher(HITS)
    with pytest.raises(AssistantError, match="the question is empty"):
        fake_assistant(searcher).ask(" \n ")
    assert searcher.calls == []


def eval_questions():
    for name in ("qa.jsonl", "onestopqa-dev.jsonl"):
        for line in (REPO / "eval" / name).read_text(encoding="utf-8").splitlines():
            yield json.loads(line)


def test_seed_question_cites_the_baykar_sentence(demo_assistant):
    answer = demo_assistant.ask("Which companies will Nakatani tour in Istanbul?")
    assert not answer.abstained
    first = answer.citations[0]
    assert first.sentence == BAYKAR and first.article == SEED
    assert (first.source, first.date, first.place) == ("Reuters", None, "Ankara")
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
    auto = resolve_backend("auto", BUNDLED_MODEL)  # by this CPU: int8 or fp32 ONNX
    assert status.embedding_model == f"bundled:all-MiniLM-L6-v2 ({auto})"


def test_the_lede_of_a_front_matter_markdown_article_answers(
    empty_corpus, make_assistant, real_embedder
):
    """Issue 14's first reproduction, end to end: the lede was never indexed, so this abstained."""
    lede = "A wildfire forced the evacuation of 1,200 people on Friday."
    (empty_corpus / "fire.md").write_text(
        "---\ntitle: Fire F\ndate: 2022-06-10\nsource: Valencia Daily\n---\n"
        f"{lede}\n\nCrews worked through the night to contain the blaze.\n",
        encoding="utf-8",
    )
    assistant = make_assistant(embedder=real_embedder)
    assistant.sync()
    answer = assistant.ask("How many people were evacuated?")
    assert not answer.abstained
    assert answer.citations[0].sentence == lede
    assert (answer.citations[0].date, answer.citations[0].source) == (
        dt.date(2022, 6, 10),
        "Valencia Daily",
    )


class RefusingGate:
    """A gate that refuses every question, recording what it was shown."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, int]] = []

    def __call__(self, question, hits):
        self.seen.append((question.text, len(hits)))
        return Judgement(0.12, False, BELOW_THRESHOLD)


@pytest.mark.parametrize("extractive", [False, True])
def test_when_the_gate_refuses_no_answerer_sees_the_hits(empty_corpus, extractive):
    answerer, gate = RecordingAnswerer(), RefusingGate()
    assistant = Assistant(
        load_settings(), retriever=FakeSearcher(HITS), answerer=answerer, gate=gate
    )
    *pieces, answer = assistant.stream("Who makes drones?", extractive=extractive)
    assert answerer.questions == [] and gate.seen == [("Who makes drones?", 2)]
    assert answer.abstained and answer.text == CANNOT_ANSWER and answer.citations == ()
    assert [c.sentence for c in answer.related] == [h.sentence.text for h in HITS]
    assert answer.answerability == 0.12 and BELOW_THRESHOLD in answer.notice
    assert pieces == []


def test_a_gate_given_for_one_question_replaces_the_assistants(fake_assistant):
    assistant = fake_assistant(FakeSearcher(HITS))
    assert not assistant.ask("Who makes drones?").abstained
    *_, answer = assistant.stream("Who makes drones?", gate=RefusingGate())
    assert answer.abstained


def test_answers_carry_the_gates_probability(fake_assistant):
    answer = fake_assistant(FakeSearcher(HITS)).ask("Who makes drones?")
    assert answer.answerability is not None and 0.0 < answer.answerability <= 1.0
    assert answer.to_dict()["answerability"] == round(answer.answerability, 4)


def test_a_question_of_emoji_is_not_answered(fake_assistant):
    answer = fake_assistant(FakeSearcher(HITS)).ask("🙂🙂🙂")
    assert answer.abstained and answer.answerability == 0.0


@pytest.mark.parametrize(
    "question",
    [
        "Who is the president of France?",
        "🙂🙂🙂",
        "What is the current price of Bitcoin?",
        "Who wrote the novel Pride and Prejudice?",
    ],
)
def test_questions_the_shipped_corpus_does_not_answer_are_not_answered(demo_assistant, question):
    answer = demo_assistant.ask(question)
    assert answer.abstained and answer.text == CANNOT_ANSWER, answer.text
    assert answer.answerability < demo_assistant.gate.model.threshold


def test_time_words_become_filters_merged_with_the_users(empty_corpus):
    searcher, gate = FakeSearcher(HITS), RefusingGate()
    assistant = Assistant(load_settings(), retriever=searcher, gate=gate)
    answer = assistant.ask("Who made drones last week?", 2, Filters(sources=("AP",)), "2025-08-03")
    assert searcher.calls[0] == (
        "Who made drones last week?",
        2,
        Filters("2025-07-21", "2025-07-27", ("AP",)),
    )
    assert answer.reading.description == "last week → articles of 21–27 Jul 2025"
    assert answer.to_dict()["reading"]["since"] == "2025-07-21"


class DatedSearcher(FakeSearcher):
    """Finds nothing within dates: the corpus holds no article of the question's dates."""

    def search(self, question, k=None, filters=None):
        found = super().search(question, k, filters)
        return [] if filters and filters.date_from else found


def test_when_nothing_of_the_questions_dates_answers_the_other_dates_are_searched(
    fake_assistant,
):
    searcher = DatedSearcher(HITS)
    answer = fake_assistant(searcher).ask("Who made drones in 2015?", as_of="2025-08-03")
    assert [filters for _, _, filters in searcher.calls] == [
        Filters("2015-01-01", "2015-12-31"),
        Filters(date_to="2025-08-03"),
    ]
    assert not answer.abstained and answer.citations[0].sentence == "Baykar makes drones."
    assert answer.notice == (
        "No article of 1 Jan – 31 Dec 2015 answers this, so articles of other dates were searched."
    )


def test_dates_that_cannot_overlap_abstain_with_a_notice_and_search_nothing(fake_assistant):
    searcher = FakeSearcher(HITS)
    answer = fake_assistant(searcher).ask(
        "Who made drones in July 2025?", filters=Filters(date_from="2025-08-01"), as_of="2025-09-01"
    )
    assert searcher.calls == [] and answer.abstained and answer.related == ()
    assert answer.notice.startswith("no article can match: in July 2025 → articles of 1–31 Jul")
    assert answer.reading.phrase == "in July 2025"


def test_latest_cites_the_newest_report_first_and_as_of_moves_now(wildfire_corpus, make_assistant):
    assistant = make_assistant()
    assistant.sync()
    latest = assistant.ask("What is the latest on the wildfire?")
    assert latest.citations[0].source == "AP" and "about 5,000" in latest.citations[0].sentence
    assert latest.citations[0].date == dt.date(2025, 8, 3) == latest.as_of
    assert latest.reading.description == "latest → articles of 3 Aug 2025"
    back_then = assistant.ask("What is the latest on the wildfire?", as_of="2025-08-02")
    assert [c.source for c in back_then.citations] == ["Reuters"]
    assert back_then.reading.description == "latest → articles of 1 Aug 2025"


def read_only_settings(tmp_path, **store):
    return load_settings(corpus_dir=tmp_path / "no-corpus", store={"read_only": True, **store})


def test_a_read_only_assistant_needs_no_corpus_and_refuses_to_sync(tmp_path):
    assistant = Assistant(read_only_settings(tmp_path, chroma_url="http://10.0.0.9:8000"))
    assert assistant.read_only  # no corpus folder, and none was made
    with pytest.raises(AssistantError, match=r"read-only .*http://10\.0\.0\.9:8000.* never syncs"):
        assistant.sync()
    with pytest.raises(AssistantError, match="read-only .* no corpus to compare it with"):
        assistant.verify()
    assert not (tmp_path / "no-corpus").exists()


@pytest.mark.integration
def test_a_read_only_assistant_answers_from_the_index_and_writes_nothing(
    corpus, make_assistant, fake_embedder, tmp_path
):
    writer = make_assistant()
    writer.sync()
    before = writer.store.meta.read(), writer.store.reader.counts()
    replica = Assistant(read_only_settings(tmp_path), embedder=fake_embedder)  # same store
    answer = replica.ask("Which companies will Nakatani tour in Istanbul?")
    c = answer.citations[0]
    assert c.article == SEED and "Baykar" in c.sentence
    assert replica.store.reader.article_text(SEED)[c.start : c.end] == c.sentence
    assert replica.status().corpus == "none (read-only)"
    assert (writer.store.meta.read(), writer.store.reader.counts()) == before


@pytest.mark.integration
def test_a_read_only_assistant_refuses_an_index_of_another_model(corpus, make_assistant, tmp_path):
    make_assistant().sync()
    replica = Assistant(read_only_settings(tmp_path), embedder=FakeEmbedder(name="other-model"))
    with pytest.raises(StoreError, match="embedded with 'fake-bow'.*'other-model'"):
        replica.ask("Who makes drones?")


@pytest.mark.integration
def test_a_read_only_assistant_refuses_an_index_of_an_older_format(
    corpus, make_assistant, tmp_path
):
    writer = make_assistant()
    writer.sync()
    meta = writer.store.meta.read()
    writer.store.collections.articles.modify(metadata={**meta, "index_format": 1})
    replica = Assistant(read_only_settings(tmp_path), embedder=writer.embedder)
    with pytest.raises(
        StoreError, match=f"is in format 1, this read-only server reads format {INDEX_FORMAT}"
    ):
        replica.ask("Who makes drones?")


@pytest.mark.integration
def test_a_read_only_assistant_over_no_index_says_so(tmp_path):
    replica = Assistant(read_only_settings(tmp_path))
    with pytest.raises(StoreError, match="no index at .* to serve read-only: run `assistant"):
        replica.status()
    assert not (tmp_path / "store").exists()  # nothing created


class PickyGate(RefusingGate):
    """Answers only when a hit holds `word`."""

    def __init__(self, word: str) -> None:
        super().__init__()
        self.word = word

    def __call__(self, question, hits):
        self.seen.append((question.text, len(hits)))
        if any(self.word in h.sentence.text for h in hits):
            return Judgement(0.9, True)
        return Judgement(0.12, False, BELOW_THRESHOLD)


def test_a_question_about_someones_words_searches_theirs_first_then_all(empty_corpus):
    """Issue 28: "What did X say…" searches X's sentences; when none of them answers, every
    sentence is searched and the notice says so (one of "officials" stating the count is no
    reason to refuse it)."""
    searcher = FakeSearcher(HITS)
    said = "What did the Baykar official say about drones?"
    assistant = Assistant(load_settings(), retriever=searcher, gate=PickyGate("drones"))
    answer = assistant.ask(said)
    assert [c[2] for c in searcher.calls] == [Filters(speakers=("the Baykar official",))]
    assert "Only sentences in the words of the Baykar official were searched." in answer.notice
    searcher.calls.clear()
    # FakeSearcher ignores the speaker filter: make the gate refuse the first search only
    gate = PickyGate("drones")
    refused_first = iter([Judgement(0.1, False, BELOW_THRESHOLD)])
    assistant = Assistant(
        load_settings(),
        retriever=searcher,
        gate=lambda q, hits: next(refused_first, None) or gate(q, hits),
    )
    answer = assistant.ask(said)
    assert [c[2] for c in searcher.calls] == [Filters(speakers=("the Baykar official",)), None]
    assert "No sentence in the words of the Baykar official answers this" in answer.notice
    assert not answer.abstained


def test_their_sentences_under_the_answers_floor_are_no_answer(empty_corpus):
    """The gate may pass what the answerer would not quote (its best hit under
    `answer.min_score`): every sentence is searched then too."""
    searcher = FakeSearcher(HITS)
    settings = load_settings(answer={"min_score": 0.99})
    assistant = Assistant(settings, retriever=searcher, gate=PickyGate("drones"))
    answer = assistant.ask("What did the Baykar official say about drones?")
    assert [c[2] for c in searcher.calls] == [Filters(speakers=("the Baykar official",)), None]
    assert "No sentence in the words of the Baykar official answers this" in answer.notice


def test_the_default_backend_follows_the_stores_vectors(empty_corpus, make_assistant):
    writer = make_assistant()
    writer.store.meta.update(embedding_model=BUNDLED_MODEL)  # made by torch
    assert Assistant(load_settings()).embedder.backend == "torch"
    writer.store.meta.update(embedding_model=f"{BUNDLED_MODEL} (onnx-fp32)")
    assert Assistant(load_settings()).embedder.backend == "onnx-fp32"
    pinned = Assistant(load_settings(embedding={"backend": "onnx-int8"}))
    assert pinned.embedder.backend == "onnx-int8"  # a setting is obeyed (and re-indexes)
