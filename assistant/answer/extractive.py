"""The extractive answerer: evidence sentences quoted verbatim, each with its citation.

It needs no LLM. It answers with the best 1–3 retrieved sentences (skipping near-repeats, such as
the same wire story under two outlets), each followed by its marker `[n]`, and abstains with
`CANNOT_ANSWER` when even the best sentence scores below the calibrated threshold. The LLM
answerer (generative.py) falls back to it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from assistant.answer.prompts import CANNOT_ANSWER
from assistant.answer.standalone import Sentences, lead_with_wanted, texts, with_context
from assistant.answer.timeline import summary, timeline
from assistant.answer.verify import is_instruction
from assistant.config import AnswerSettings
from assistant.question import Question
from assistant.text import terms
from assistant.types import (
    Answer,
    AnswerSentence,
    ArticleInfo,
    Citation,
    ScoredSentence,
    Sentence,
    Verification,
)

RELATED_SOURCES = 3
# A sentence reporting the asked figure is quoted for the timeline down to this share of the
# best score, below the answer's relative floor: a follow-up worded differently ("about 5,000
# people had been evacuated by Sunday" against "forced the evacuation of 1,200 people") scores
# 0.59 of it with the bundled model. The quantity match (what is counted, the question's verb)
# is the precision guard: with no floor at all (30 hits a question) and every article of the
# shipped corpus dated alike, the detector raised nothing on its 246 eval questions.
FIGURE_FLOOR = 0.5


def to_citation(n: int, hit: ScoredSentence) -> Citation:
    return cite(n, hit.sentence, hit.article, hit.score)


def cite(n: int, s: Sentence, a: ArticleInfo, score: float = 0.0) -> Citation:
    """Citation number `n` of sentence `s` of article `a` (with whose words it is)."""
    return Citation(
        n=n,
        article=a.id,
        title=a.title,
        source=a.source,
        date=a.date,
        sentence=s.text,
        start=s.start,
        end=s.end,
        place=a.place,
        url=a.url,
        score=round(score, 4),
        also_in=a.also_in,
        copies=a.copies,
        speaker=s.reading.speaker or None,
    )


def overlap(a: str, b: str) -> float:
    """Jaccard similarity of the content terms of two sentences."""
    ta, tb = set(terms(a)), set(terms(b))
    if not ta or not tb:
        return float(a.strip() == b.strip())
    return len(ta & tb) / len(ta | tb)


class ExtractiveAnswerer:
    """`ExtractiveAnswerer(settings, sentences)(question, hits)` -> Answer, quoting the evidence.

    `sentences` (an article id -> its indexed sentences, e.g. `Searcher.sentences`) lets a
    quote that leans on the sentences before it, or lacks what was asked, bring the one that
    supplies it (answer/standalone.py); without it quotes are given as retrieved."""

    def __init__(
        self, settings: AnswerSettings | None = None, sentences: Sentences | None = None
    ) -> None:
        self.settings = settings or AnswerSettings()
        self.sentences = sentences

    def select(self, hits: Sequence[ScoredSentence]) -> list[ScoredSentence]:
        """The evidence to quote: the best hit, then close runners-up that add something. A
        sentence that addresses the reader's model ("Ignore previous instructions…") reports no
        news, so it is never quoted, however well it matches the question."""
        hits = [h for h in hits if not is_instruction(h.sentence.text)]
        if not hits or hits[0].score < self.settings.min_score:
            return []
        floor = max(self.settings.min_score, hits[0].score * self.settings.relative_floor)
        chosen = [hits[0]]
        for hit in hits[1:]:
            if len(chosen) == self.settings.max_sentences or hit.score < floor:
                break
            if all(
                overlap(hit.sentence.text, c.sentence.text) < self.settings.duplicate_similarity
                for c in chosen
            ):
                chosen.append(hit)
        return chosen

    def with_figures(
        self, question: Question, hits: Sequence[ScoredSentence], chosen: list[ScoredSentence]
    ) -> list[ScoredSentence]:
        """`chosen` led by the relevant hits (within `FIGURE_FLOOR` of the best) that report
        the asked quantity with a value that moved or is disputed, newest first
        (answer/timeline.py). They are quoted even when the near-repeat filter dropped them: a
        wire story restated with a new figure is news, not a repeat."""
        share = min(self.settings.relative_floor, FIGURE_FLOOR)
        floor = max(self.settings.min_score, chosen[0].score * share)
        relevant = [h for h in hits if h.score >= floor and not is_instruction(h.sentence.text)]
        found = timeline(question, [to_citation(n, h) for n, h in enumerate(relevant, 1)])
        numbers = [r.citation for r in found.entries]
        numbers += [r.citation for c in found.conflicts for r in c.sides]
        figures = [relevant[n - 1] for n in dict.fromkeys(numbers)]
        rest = [h for h in chosen if h not in figures]
        return figures + rest[: max(0, self.settings.max_sentences - len(figures))]

    def answer(self, question: Question, hits: Sequence[ScoredSentence]) -> Answer:
        """The best 1-3 sentences quoted, each cited, made to stand on their own; the one
        "cannot answer" sentence with the closest sources when none is good enough."""
        chosen = self.select(hits)
        if not chosen:
            return abstention(question, hits)
        floor = max(self.settings.min_score, chosen[0].score * self.settings.relative_floor)
        chosen = lead_with_wanted(question, hits, chosen, floor)
        ordered = with_context(question, self.with_figures(question, hits, chosen), self.sentences)
        citations = tuple(to_citation(n, h) for n, h in enumerate(ordered, 1))
        found = timeline(question, citations)
        # The claims are the sources' own sentences, so each is fully supported by its citation
        # (a bracket names what its opening stands for, from the article); a moved or disputed
        # figure is summed up first from those sentences' own figures.
        quoted = [
            AnswerSentence(text, (c.n,), True, 1.0)
            for text, c in zip(texts(question, ordered, self.sentences), citations)
        ]
        full = Verification(citation_recall=1.0, citation_precision=1.0)
        return answered(
            question,
            summary(found) + quoted,
            citations,
            full,
            timeline=found.entries,
            conflicts=found.conflicts,
        )

    def stream(self, question: Question, hits: Sequence[ScoredSentence]) -> Iterator[str | Answer]:
        answer = self.answer(question, hits)
        for sentence in answer.sentences:
            yield f"{sentence.text} {markers(sentence.citations)} "
        yield answer

    def __call__(self, question: Question, hits: Sequence[ScoredSentence]) -> Answer:
        return self.answer(question, hits)


def abstention(question: Question, hits: Sequence[ScoredSentence], **fields) -> Answer:
    related = tuple(to_citation(n, h) for n, h in enumerate(hits[:RELATED_SOURCES], 1))
    return Answer(
        question=question.text,
        text=CANNOT_ANSWER,
        abstained=True,
        citations=(),
        related=related,
        **fields,
    )


def markers(numbers: Sequence[int]) -> str:
    return "".join(f"[{n}]" for n in numbers)


def answered(
    question: Question,
    sentences: Sequence[AnswerSentence],
    citations: Sequence[Citation],
    verification: Verification,
    **fields,
) -> Answer:
    """An answer (not an abstention) whose text is each sentence followed by its markers."""
    text = " ".join(f"{s.text} {markers(s.citations)}".strip() for s in sentences)
    return Answer(
        question=question.text,
        text=text,
        abstained=False,
        citations=tuple(citations),
        sentences=tuple(sentences),
        verification=verification,
        **fields,
    )
