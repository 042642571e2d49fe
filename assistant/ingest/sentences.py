"""Split an article's prose into sentences with exact character offsets.

pysbd handles abbreviations ("U.S.", "Mr.", "p.m."), quotes and ellipses. Each span of citable
prose (`Article.body`, one per paragraph) is split on its own so that no sentence runs across a
paragraph break. pysbd's pieces are located in the text rather than taken as they come back, so
`article.text[s.start:s.end] == s.text` holds by construction (and the tests check it on
random input).
"""

from __future__ import annotations

import re
from functools import lru_cache

import pysbd

from assistant.types import Article, Sentence

# pysbd splits a quote ending in an ellipsis or "?"/"!" from its attribution ("…on the agenda…”
# the official said."); a piece starting in lower case right after such a quote is glued back.
_QUOTE_END = re.compile(r"(?:…|\.\.\.|[?!])[”\"’']?$|[”\"’']$")
_CONTINUATION = re.compile(r"^[a-z]")


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False, char_span=False)


def _segment(paragraph: str) -> list[str]:
    r"""What `pysbd.Segmenter.segment(paragraph)` returns, without its regexes per sentence.

    segment() locates each sentence in the paragraph with re.finditer(re.escape(sentence) +
    r"\s*"): a fresh pattern per sentence, which fills re's cache of 512 compiled patterns and
    evicts pysbd's own (per abbreviation), so those were compiled again for every paragraph,
    most of the splitter's time. This is the same search with str.find: the leftmost
    occurrence not ending before the previous sentence's end, trailing whitespace included
    (`\s` is str.isspace), sentences not found dropped."""
    if not paragraph:
        return []
    found, prior = [], 0
    for sentence in _segmenter().processor(paragraph).process():
        pos = 0
        while (start := paragraph.find(sentence, pos)) >= 0:
            end = start + len(sentence)
            while end < len(paragraph) and paragraph[end].isspace():
                end += 1
            if end > prior:
                found.append(paragraph[start:end])
                prior = end
                break
            pos = max(end, start + 1)  # finditer's next match starts where this one ended
    return found


def _spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside text[start:end], whitespace-trimmed, covering all its prose."""
    # Lines wrapped inside a paragraph are not sentence breaks; a space keeps every offset.
    paragraph = text[start:end].replace("\r\n", "  ").replace("\n", " ").replace("\r", " ")
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in _segment(paragraph):
        stripped = piece.strip()
        if not stripped:
            continue
        found = paragraph.find(stripped, cursor)
        if found < 0:  # pysbd changed the text; keep the rest of the paragraph as one sentence
            break
        s, e = found, found + len(stripped)
        if spans and _CONTINUATION.match(stripped) and _QUOTE_END.search(paragraph[: spans[-1][1]]):
            spans[-1] = (spans[-1][0], e)
        else:
            spans.append((s, e))
        cursor = e
    rest = paragraph[cursor:]
    if rest.strip():
        lead = len(rest) - len(rest.lstrip())
        spans.append((cursor + lead, cursor + len(rest.rstrip())))
    return [(start + s, start + e) for s, e in spans]


PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each blank-line separated paragraph of text."""
    spans, pos = [], 0
    for brk in PARAGRAPH_BREAK.finditer(text):
        spans.append((pos, brk.start()))
        pos = brk.end()
    spans.append((pos, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def split_text(text: str) -> list[str]:
    """The sentences of free text, such as a model's answer."""
    return [text[s:e] for ps, pe in paragraphs(text) for s, e in _spans(text, ps, pe)]


def split_sentences(article: Article) -> list[Sentence]:
    """The citable sentences of an article, in reading order."""
    sentences: list[Sentence] = []
    for paragraph, (start, end) in enumerate(article.body):
        for s, e in _spans(article.text, start, end):
            sentences.append(
                Sentence(
                    article_id=article.id,
                    index=len(sentences),
                    start=s,
                    end=e,
                    text=article.text[s:e],
                    paragraph=paragraph,
                )
            )
    return sentences
