import datetime as dt
import json
import math

import numpy as np
from langchain_core.documents import Document
from langchain_core.messages import AIMessage
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompt_values import ChatPromptValue
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.runnables import RunnableLambda, RunnablePassthrough

from assistant.index.schema import ChunkRecord
from assistant.index.snapshot import Snapshot
from assistant.question import Question
from assistant.retrieval.hybrid import SentenceRetriever, rrf
from assistant.retrieval.where import chroma_where, passes
from assistant.text import terms
from assistant.types import Copy, Filters
from tests.conftest import SEED
from tests.fakes import FakeEmbedder
from tests.index.helpers import BODY, write


def test_rrf_by_hand():
    fused = rrf([["a", "b", "c"], ["b", "d"]], k=60)
    assert math.isclose(fused["b"], 1 / 62 + 1 / 61)
    assert math.isclose(fused["a"], 1 / 61)
    assert math.isclose(fused["d"], 1 / 62)
    assert max(fused, key=fused.get) == "b"


def record(meta: dict) -> ChunkRecord:
    """A chunk record with these metadata, the rest left empty."""
    empty = {"article_id": "", "path": "", "index": 0, "first": 0, "last": 0, "h": "", "hashes": ""}
    return ChunkRecord.from_metadata("x::c0", empty | meta)


def test_filters_to_where_and_back():
    f = Filters(date_from="2024-01-01", date_to="2024-12-31", sources=("AP",))
    assert chroma_where(f) == {
        "$and": [
            {"date": {"$gte": 20240101}},
            {"date": {"$lte": 20241231}},
            {"source": {"$in": ["AP"]}},
        ]
    }
    assert chroma_where(Filters(sources=("AP",))) == {"source": {"$in": ["AP"]}}
    assert chroma_where(None) is None and chroma_where(Filters()) is None
    assert passes(record({"date": 20240505, "source": "AP"}), f)
    assert not passes(record({"date": 20230505, "source": "AP"}), f)
    assert not passes(record({"date": 20240505, "source": "BBC"}), f)
    assert not passes(record({"date": 0, "source": "AP"}), Filters(date_from="2024-01-01"))


def test_copies_are_searched_only_when_their_representative_is_filtered_out():
    assert chroma_where(None, copies=True) == {"copy": {"$ne": True}}
    reuters_copy = {
        "date": 20250802,
        "source": "Reuters",
        "article_id": "r.md",
        "copy": True,
        "copy_of": "ap.md",
        "copy_rep_date": 20250801,
        "copy_rep_source": "AP",
    }
    assert not passes(record(reuters_copy), None, copies=True)
    assert passes(record(reuters_copy), None)  # a store without copies has no marks to read
    only_reuters = Filters(sources=("Reuters",))
    assert passes(record(reuters_copy), only_reuters, copies=True)
    assert chroma_where(only_reuters, copies=True)["$and"][1] == {
        "$or": [{"copy": {"$ne": True}}, {"copy_rep_source": {"$nin": ["Reuters"]}}]
    }
    assert not passes(record(reuters_copy), Filters(sources=("AP", "Reuters")), copies=True)
    assert passes(record(reuters_copy), Filters(date_from="2025-08-02"), copies=True)
    assert passes(record(reuters_copy), Filters(exclude_articles=("ap.md",)), copies=True)
    assert not passes(record(reuters_copy), Filters(date_to="2025-08-01"), copies=True)


def test_sentences_ranked_with_offsets(corpus, make_assistant):
    assistant = make_assistant()
    assistant.sync()
    hits = assistant.retriever.search(
        Question.read("Which companies will Nakatani tour in Istanbul?"), k=5
    )
    assert len(hits) == 5
    assert "Baykar" in hits[0].sentence.text
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    for h in hits:
        text = (corpus / h.article.path).read_text(encoding="utf-8")
        assert text[h.sentence.start : h.sentence.end] == h.sentence.text
        assert 0 <= h.lexical <= 1 and 0 <= h.dense <= 1 and 0 <= h.score <= 1


def test_number_question_prefers_sentences_with_numbers(empty_corpus, make_assistant):
    (empty_corpus / "w.txt").write_text(
        "Wolves\n\nWolves live in Poland in large packs. There are 1,500 wolves in Poland.\n",
        encoding="utf-8",
    )
    assistant = make_assistant()
    assistant.sync()
    hits = assistant.retriever.search(Question.read("How many wolves live in Poland?"), k=2)
    assert hits[0].sentence.text == "There are 1,500 wolves in Poland."


class NameBlindEmbedder(FakeEmbedder):
    """Embeds only common words, as a small model does with a rare name it splits into pieces."""

    KNOWN = {"rain", "city", "day", "open", "museum", "weather", "name"}

    def _vector(self, text: str) -> np.ndarray:
        return super()._vector(" ".join(t for t in terms(text) if t in self.KNOWN))


def test_bm25_finds_what_dense_misses(empty_corpus, make_assistant):
    (empty_corpus / "a.txt").write_text(
        "Weather\n\nIt rained in the city all day.\n", encoding="utf-8"
    )
    (empty_corpus / "b.txt").write_text(
        "Names\n\nZbigniew Nowak opened the museum.\n", encoding="utf-8"
    )
    # One chunk from each search: dense sees only "city" in the question and takes the weather
    # chunk; only the lexical list can bring the rare name.
    assistant = make_assistant(embedder=NameBlindEmbedder(), retrieval={"candidates": 1})
    assistant.sync()
    question = "Who is Zbigniew Nowak of the city?"
    dense = assistant.store.reader.search_chunks(NameBlindEmbedder().embed([question])[0], 1)
    assert [record.path for record, _ in dense] == ["a.txt"]
    hits = assistant.retriever.search(Question.read(question), k=2)
    assert any("Zbigniew" in h.sentence.text for h in hits)


def test_a_sentence_shared_with_an_unread_chunk_gets_its_vector_from_that_chunk(
    empty_corpus, make_assistant, fake_embedder
):
    # Chunks of two sentences overlapping by one: "Kestrels…" is held by chunks 1 and 2 but its
    # vector rides only on chunk 1; the question's words put chunk 2 alone at the top of both
    # searches, so chunk 1 is read for that vector.
    (empty_corpus / "a.txt").write_text(
        "Birds\n\nThe city woke early. Crowds gathered at noon. Kestrels nest on the tower. "
        "The tower kestrels hunt at dusk. Rain fell later.\n",
        encoding="utf-8",
    )
    assistant = make_assistant(
        chunking={"max_sentences": 2, "overlap": 1}, retrieval={"candidates": 1}
    )
    assistant.sync()
    question = "When do kestrels on the tower hunt at dusk?"
    found = assistant.retriever.candidates(Question.read(question))
    texts = [s.text for s in found.sentences]
    assert texts == ["Kestrels nest on the tower.", "The tower kestrels hunt at dusk."]
    expected = fake_embedder.embed(texts) @ fake_embedder.embed([question])[0]
    assert np.allclose(found.features[:, 0], expected, atol=0.03)


def test_a_search_reads_its_bm25_chunks_and_the_vectors_they_share_at_once(
    empty_corpus, make_assistant, monkeypatch
):
    # Dense sees only "city" in the question and takes the weather chunk; BM25 takes chunk 2 of
    # the birds article (sentences 2-3), whose first sentence's vector rides on chunk 1.
    (empty_corpus / "a.txt").write_text(
        "Birds\n\nThe town woke early. Crowds gathered at noon. Zbigniew Nowak nests on the "
        "tower. Zbigniew Nowak hunts at dusk. Owls slept later.\n",
        encoding="utf-8",
    )
    (empty_corpus / "b.txt").write_text(
        "Weather\n\nIt rained in the city all day.\n", encoding="utf-8"
    )
    assistant = make_assistant(
        embedder=NameBlindEmbedder(),
        chunking={"max_sentences": 2, "overlap": 1},
        retrieval={"candidates": 1},
    )
    assistant.sync()
    reader = assistant.store.reader
    read, reads = reader.chunks, []

    def counted(ids):
        reads.append(list(ids))
        return read(ids)

    monkeypatch.setattr(reader, "chunks", counted)
    question = "When does Zbigniew Nowak hunt at dusk in the city?"
    found = assistant.retriever.candidates(Question.read(question))
    assert reads == [["a.txt::c2", "a.txt::c1"]]
    texts = [s.text for s in found.sentences]
    assert "Zbigniew Nowak nests on the tower." in texts  # its vector came from chunk 1
    # A holder the snapshot did not foresee is still read, in a read of its own.
    reads.clear()
    monkeypatch.setattr(Snapshot, "vector_holders", lambda self, ids: set())
    again = assistant.retriever.candidates(Question.read(question))
    assert reads == [["a.txt::c2"], ["a.txt::c1"]]
    assert [s.text for s in again.sentences] == texts
    assert np.array_equal(again.features, found.features)


def test_empty_store_returns_nothing(empty_corpus, make_assistant):
    assistant = make_assistant()
    assistant.sync()
    assert assistant.retriever.search(Question.read("anything?")) == []


def test_langchain_retriever_returns_sentence_documents(corpus, make_assistant):
    assistant = make_assistant()
    assistant.sync()
    docs = SentenceRetriever(retriever=assistant.retriever, k=3).invoke(
        "Which companies will Nakatani tour in Istanbul?"
    )
    assert len(docs) == 3
    top = docs[0]
    text = (corpus / top.metadata["article"]).read_text(encoding="utf-8")
    assert text[top.metadata["start"] : top.metadata["end"]] == top.page_content
    # metadata as JSON carries it: the seed article has no date
    assert json.loads(json.dumps(top.metadata)) == top.metadata
    assert top.metadata["date"] == "unknown"


def test_sentence_retriever_plugs_into_a_users_own_chain(corpus, make_assistant):
    """What users of LangChain do with a retriever: feed its documents into their own prompt."""
    assistant = make_assistant()
    assistant.sync()
    prompts = []

    def model(prompt: ChatPromptValue) -> AIMessage:
        prompts.append(prompt.to_string())
        return AIMessage("Baykar and TUSAS.")

    def cite(docs: list[Document]) -> str:
        return "\n".join(f"{d.page_content} ({d.metadata['article']})" for d in docs)

    chain = (
        {
            "context": SentenceRetriever(retriever=assistant.retriever, k=2) | cite,
            "question": RunnablePassthrough(),
        }
        | ChatPromptTemplate.from_template("Sources:\n{context}\n\nQuestion: {question}")
        | RunnableLambda(model)
        | StrOutputParser()
    )
    assert chain.invoke("Which companies will Nakatani tour in Istanbul?") == "Baykar and TUSAS."
    context = prompts[0].split("Sources:\n")[1].split("\n\nQuestion:")[0].splitlines()
    assert len(context) == 2
    assert "drone-maker Baykar" in context[0] and context[0].endswith(f"({SEED})")


def test_a_wire_copy_takes_no_slot_but_a_filter_finds_it(empty_corpus, make_assistant):
    write(empty_corpus, "ap.md", "AP", "2025-08-01", BODY)
    write(empty_corpus, "reuters.md", "Reuters", "2025-08-02", BODY.replace("Droppings", "Scat"))
    assistant = make_assistant()
    assistant.sync()
    question = "How many wolves are there in Poland?"

    def found(filters=None):
        hits = assistant.retriever.search(Question.read(question), k=20, filters=filters)
        return {(h.article.id, h.article.copies) for h in hits}

    ap = Copy("ap.md", "AP", dt.date(2025, 8, 1))
    reuters = Copy("reuters.md", "Reuters", dt.date(2025, 8, 2))
    assert found() == {("ap.md", (reuters,))}
    assert found(Filters(sources=("AP", "Reuters"))) == {("ap.md", (reuters,))}
    # filters that exclude the representative find the copy, which lists the original
    for filters in (
        Filters(sources=("Reuters",)),
        Filters(date_from="2025-08-02"),
        Filters(exclude_articles=("ap.md",)),
    ):
        assert found(filters) == {("reuters.md", (ap,))}, filters
    assert found(Filters(date_to="2025-07-31")) == set()


def test_a_chunk_deleted_between_search_and_read_is_left_out(corpus, make_assistant, monkeypatch):
    """A sync's delete can land between the vector search and the metadata read: Chroma then
    returns the hit without metadata; the question is answered from the rest."""
    assistant = make_assistant()
    assistant.sync()
    collections = assistant.store.collections

    class Racing:
        """The chunks collection, its best hit deleted between the search and the read."""

        def __init__(self, collection):
            self.collection = collection

        def __getattr__(self, name):
            return getattr(self.collection, name)

        def query(self, **kwargs):
            got = self.collection.query(**kwargs)
            got["metadatas"][0][0] = None
            return got

    monkeypatch.setattr(collections, "chunks", Racing(collections.chunks))
    hits = assistant.retriever.search(
        Question.read("Which companies will Nakatani tour in Istanbul?")
    )
    assert hits and all(h.sentence.text for h in hits)


def test_an_author_filter_is_a_contains_on_the_chunks_bylines_and_searches_copies():
    one, two = Filters(authors=("Ann Lee",)), Filters(authors=("Ann Lee", "Bo Ma"))
    assert chroma_where(one) == {"authors": {"$contains": "Ann Lee"}}
    assert chroma_where(two) == {
        "$or": [{"authors": {"$contains": "Ann Lee"}}, {"authors": {"$contains": "Bo Ma"}}]
    }
    assert chroma_where(one, copies=True) == chroma_where(one)  # a copy's byline may differ
    chunk = {"date": 20250801, "source": "AP", "authors": ["Ann Lee"], "copy": True}
    chunk |= {"copy_rep_date": 20250801, "copy_rep_source": "AP", "copy_of": "x.md"}
    assert passes(record(chunk), one, copies=True) and passes(record(chunk), two)
    assert not passes(record({**chunk, "authors": ["Cy Do"]}), one)
    assert not passes(
        record({"date": 20250801, "source": "AP"}), one
    )  # no byline: no author matches


def test_neighbours_are_the_sentences_around_a_hit_in_its_article(empty_corpus, make_assistant):
    (empty_corpus / "a.txt").write_text(
        "Drones\n\nOne drone flew. Two drones landed.\n\nThree drones crashed. Four stayed.\n",
        encoding="utf-8",
    )
    (empty_corpus / "b.txt").write_text("Boats\n\nA boat sailed. Drones watched.\n")
    assistant = make_assistant()
    assistant.sync()
    retriever = assistant.retriever
    hits = {h.sentence.text: h for h in retriever.search(Question.read("drones"), k=10)}
    assert retriever.neighbours(hits["One drone flew."]) == ["Two drones landed."]
    # across a paragraph break, but never into another article
    assert retriever.neighbours(hits["Three drones crashed."]) == [
        "Two drones landed.",
        "Four stayed.",
    ]
    assert retriever.neighbours(hits["Drones watched."]) == ["A boat sailed."]


def test_hidden_spans_take_their_sentences_out_of_the_results_and_the_neighbours(
    empty_corpus, make_assistant
):
    text = "Drones\n\nOne drone flew. Two drones landed.\n\nThree drones crashed. Four stayed.\n"
    (empty_corpus / "a.txt").write_text(text, encoding="utf-8")
    assistant = make_assistant()
    assistant.sync()
    retriever = assistant.retriever
    start = text.index("Two drones")
    hidden = Filters(exclude_spans=(("a.txt", start + 4, start + 10),))  # inside the sentence
    hits = {
        h.sentence.text: h for h in retriever.search(Question.read("drones"), k=10, filters=hidden)
    }
    assert set(hits) == {"One drone flew.", "Three drones crashed.", "Four stayed."}
    assert retriever.neighbours(hits["One drone flew."], hidden) == []
    assert retriever.neighbours(hits["Three drones crashed."], hidden) == ["Four stayed."]
    other = Filters(exclude_spans=(("b.txt", start, start + 10),))  # another article's span
    assert "Two drones landed." in {
        h.sentence.text for h in retriever.search(Question.read("drones"), 10, other)
    }
