from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.errors import ArticleError
from assistant.ingest.article import build_article
from assistant.ingest.files import load_file, scan
from assistant.ingest.sentences import _segment, _segmenter, split_sentences
from tests.conftest import SEED, SHIPPED_CORPUS


def article_from(text: str):
    return build_article("t.txt", "t.txt", "txt", text, {})[0]


def test_every_shipped_sentence_indexes_its_file_exactly():
    files, _ = scan(SHIPPED_CORPUS, ["NOTICE*", "README*"])
    assert len(files) == 11
    for path in files:
        article = load_file(path, SHIPPED_CORPUS).articles[0]
        raw = Path(path).read_text(encoding="utf-8")
        sentences = split_sentences(article)
        assert len(sentences) > 10, path
        for n, s in enumerate(sentences):
            assert raw[s.start : s.end] == s.text, (path, s)
            assert s.text == s.text.strip() and s.index == n
        assert [s.start for s in sentences] == sorted(s.start for s in sentences)


def test_seed_sentences():
    article = load_file(SHIPPED_CORPUS / SEED, SHIPPED_CORPUS).articles[0]
    texts = [s.text for s in split_sentences(article)]
    assert texts[0].startswith("Japan’s defence minister discussed")  # no "ANKARA (Reuters) -"
    assert "Turkey and Japan are both U.S. allies." in texts  # "U.S." does not end a sentence
    assert "“Defence industry cooperation will be on the agenda…” the official said." in texts
    assert not any("VIEWIMAGE" in t or "Reporting by" in t for t in texts)
    assert not any(t.startswith("Japan’s defence minister discusses") for t in texts)  # headline


def test_sentences_do_not_cross_paragraphs():
    article = article_from("Head\n\nFirst para has no full stop\n\nSecond para. Two sentences.")
    sentences = split_sentences(article)
    assert [s.text for s in sentences] == [
        "First para has no full stop",
        "Second para.",
        "Two sentences.",
    ]
    assert [s.paragraph for s in sentences] == [0, 1, 1]


def test_abbreviations_and_quotes():
    article = article_from(
        "Head\n\nMr. Smith met U.S. officials at 5 p.m. on Friday. “We agreed,” he said. "
        "Talks resume on Jan. 5."
    )
    assert [s.text for s in split_sentences(article)] == [
        "Mr. Smith met U.S. officials at 5 p.m. on Friday.",
        "“We agreed,” he said.",
        "Talks resume on Jan. 5.",
    ]


def test_wrapped_lines_stay_one_sentence():
    text = "Head\n\nThis sentence is wrapped\nacross two lines. Next one."
    sentences = split_sentences(article_from(text))
    assert sentences[0].text == "This sentence is wrapped\nacross two lines."
    assert text[sentences[0].start : sentences[0].end] == sentences[0].text


PUNCTUATED = st.text(alphabet=st.sampled_from(list("ab .!?\n“”\"'’…U.S.Mr0123")), max_size=300)


@settings(max_examples=150, deadline=None)
@given(st.one_of(PUNCTUATED, st.text(max_size=300)))
def test_offsets_always_match_for_any_text(body):
    text = "Headline\n\n" + body
    try:
        article = article_from(text)
    except ArticleError:  # no prose at all
        return
    for s in split_sentences(article):
        assert text[s.start : s.end] == s.text
        assert s.text and s.text == s.text.strip()


TRICKY = [
    "",
    "   ",
    "No punctuation at all",
    "Mr. Smith met U.S. officials at 5 p.m. on Friday. “We agreed,” he said. Jan. 5 next.",
    "It rained. It rained. It rained.",  # the same sentence thrice: each found after the last
    "Go!  Go!\u00a0Go!\u2003 Done?\u3000",  # Unicode spaces are \s for re and isspace()
    "“On the agenda…” the official said. Wait... what? Yes!! No?!",
    "Prices rose 3.5 pct. to $4.2 bln. in Q1. See www.example.com. Read file.txt now.",
    "1. First item. 2. Second item. a) one b) two",
    "He said (about the U.K.). Then [he left?] quietly. 'Quoted.' Fin.",
    "Dr. J. R. R. Tolkien, Ph.D., arrived at 10 a.m.. He left.",
    "Trailing spaces.   \t  ",
]


@pytest.mark.parametrize("text", TRICKY)
def test_segment_returns_what_pysbd_segment_returns(text):
    assert _segment(text) == _segmenter().segment(text)


@settings(max_examples=150, deadline=None)
@given(st.one_of(PUNCTUATED, st.text(max_size=200)))
def test_segment_returns_what_pysbd_segment_returns_for_any_text(text):
    assert _segment(text) == _segmenter().segment(text)
