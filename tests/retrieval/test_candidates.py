import math

import numpy as np
import pytest

from assistant.question import Question
from assistant.retrieval.candidates import (
    FEATURES,
    Candidates,
    position_feature,
    rank_feature,
)
from assistant.text import coverage, terms
from assistant.types import Sentence


def sentence(article: str, index: int, text: str = "") -> Sentence:
    return Sentence(article, index, index * 10, index * 10 + 5, text or f"{article}{index}", 0)


def test_coverage_is_the_lexical_index_coverage():
    weights = {"wolf": 2.0, "poland": 1.0, "back": 3.0}
    assert coverage(weights, {"wolf", "poland", "forest"}) == pytest.approx(0.5)
    assert coverage(weights, set()) == 0.0 and coverage({}, {"wolf"}) == 0.0


def test_position_and_rank_are_log_scaled_from_zero():
    assert position_feature(0) == 0.0 and rank_feature(0) == 0.0
    assert position_feature(1) == pytest.approx(math.log(2))
    assert position_feature(9) == pytest.approx(math.log(10))
    assert position_feature(2) - position_feature(1) > position_feature(31) - position_feature(30)


def test_candidates_check_their_shapes():
    with pytest.raises(ValueError, match="2 sentences"):
        Candidates((sentence("a", 0), sentence("a", 1)), {}, np.zeros((2, 3)), np.zeros(2))


CORPUS = {
    "wolves.txt": "Wolves return to Poland\n\n"
    "The forest was quiet in the morning. Minister Zbigniew Nowak visited the reserve. "
    "He said the fence would cost 5 million. Rangers counted the tracks.\n",
    "rain.txt": "Rain in the city\n\nIt rained all day in the city. The fence fell over.\n",
}


@pytest.fixture
def small(empty_corpus, make_assistant):
    for name, text in CORPUS.items():
        (empty_corpus / name).write_text(text, encoding="utf-8")
    assistant = make_assistant(chunking={"max_sentences": 1, "overlap": 0})
    assistant.sync()
    return assistant


def by_text(c: Candidates) -> dict[str, np.ndarray]:
    return {s.text: row for s, row in zip(c.sentences, c.features)}


def test_features_of_real_candidates(small):
    question = "How much did Zbigniew Nowak say the fence would cost?"
    c = small.retriever.candidates(Question.read(question))
    rows = by_text(c)
    col = {f: i for i, f in enumerate(FEATURES)}
    said = rows["He said the fence would cost 5 million."]
    # one-sentence chunks: the predecessor is fetched (or a candidate) all the same
    assert said[col["lexical_prev"]] > said[col["lexical"]] > 0
    visited = rows.get("Minister Zbigniew Nowak visited the reserve.")
    if visited is not None:  # its predecessor shares no question word
        assert visited[col["lexical_prev"]] == pytest.approx(visited[col["lexical"]])
    index = {s.text: s.index for s in c.sentences}
    for text, row in rows.items():
        assert row[col["position"]] == pytest.approx(math.log1p(index[text]))
        assert 0 <= row[col["lexical"]] <= row[col["lexical_prev"]] <= 1
        assert row[col["type_ok"]] == float(text == "He said the fence would cost 5 million.")
    # the headline column is per article
    fence = rows["The fence fell over."]
    assert fence[col["headline"]] == 0.0
    assert np.allclose(c.column("chunk_rank"), np.log1p(c.chunk_ranks))
    assert set(c.articles) == {s.article_id for s in c.sentences}


def test_headline_overlap_is_the_question_coverage_of_the_title(small):
    question = "Are wolves back in Poland?"
    c = small.retriever.candidates(Question.read(question))
    rows = {s.article_id: row for s, row in zip(c.sentences, c.features)}
    title = set(terms("Wolves return to Poland"))
    expected = small.retriever.lexical().coverage(terms(question), title)
    assert 0 < expected < 1  # "back" is not in the headline
    assert rows["wolves.txt"][FEATURES.index("headline")] == pytest.approx(expected)
    assert rows.get("rain.txt", np.zeros(len(FEATURES)))[FEATURES.index("headline")] == 0.0


def test_search_is_candidates_ranked_by_the_scorer(small):
    question = "What would the fence cost?"
    direct = small.retriever.search(Question.read(question), k=3)
    again = small.retriever.scorer.rank(small.retriever.candidates(Question.read(question)), 3)
    assert direct == again and len(direct) == 3


def test_no_candidates_in_an_empty_store(empty_corpus, make_assistant):
    assistant = make_assistant()
    assistant.sync()
    c = assistant.retriever.candidates(Question.read("anything?"))
    assert len(c) == 0 and c.features.shape == (0, len(FEATURES))


def test_the_previous_sentence_is_fetched_when_not_a_candidate(empty_corpus, make_assistant):
    """With one chunk from each search, the "He said" sentence's predecessor is no candidate:
    its text comes from the same store read as the candidates'."""
    for name, text in CORPUS.items():
        (empty_corpus / name).write_text(text, encoding="utf-8")
    assistant = make_assistant(
        chunking={"max_sentences": 1, "overlap": 0}, retrieval={"candidates": 1}
    )
    assistant.sync()
    c = assistant.retriever.candidates(
        Question.read("Did Nowak say the fence would cost 5 million?")
    )
    assert "Minister Zbigniew Nowak visited the reserve." not in [s.text for s in c.sentences]
    said = by_text(c)["He said the fence would cost 5 million."]
    # "Nowak" is in no candidate: only the fetched predecessor adds it to the coverage
    assert said[FEATURES.index("lexical_prev")] > said[FEATURES.index("lexical")]
