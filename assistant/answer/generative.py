"""The LLM answerer: a chat model writes from numbered evidence sentences, cites them, and
the verifier checks every sentence before the user sees it; any failure falls back to quoting.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from assistant.answer.extractive import ExtractiveAnswerer, abstention, answered, to_citation
from assistant.answer.prompts import CANNOT_ANSWER, SYSTEM_PROMPT, UNVERIFIED, USER_TEMPLATE
from assistant.answer.standalone import said_by
from assistant.answer.timeline import timeline
from assistant.ingest.sentences import split_text
from assistant.question import Question
from assistant.types import Answer, AnswerSentence, ScoredSentence, iso

if TYPE_CHECKING:  # annotations only: the chat-model stack loads when a model is first used
    from langchain_core.language_models.chat_models import BaseChatModel

    from assistant.answer.verify import Verifier
    from assistant.config import LLMSettings
    from assistant.models.llm import LLMSpec

MARKER_GROUP = re.compile(r"\s*\[(\d+(?:\s*[,;]\s*\d+)*)\]")


def source_lines(hits: Sequence[ScoredSentence]) -> str:
    return "\n".join(
        f"[{n}] {said_by(h.sentence)} (from “{h.article.title}”, "
        f"{h.article.source or 'unknown outlet'}, "
        f"{iso(h.article.date)})"
        for n, h in enumerate(hits, 1)
    )


def parse_claims(text: str, allowed: int) -> list[AnswerSentence]:
    """Sentences of a model's answer with the source numbers they cite (unknown numbers dropped).

    Markers written after the full stop ("… said. [1]") belong to the sentence before them.
    """
    claims: list[tuple[str, list[int]]] = []
    for piece in split_text(text):
        lead = MARKER_GROUP.match(piece)
        while lead and claims:  # markers that open a piece close the previous sentence
            claims[-1][1].extend(int(n) for n in re.findall(r"\d+", lead.group(1)))
            piece = piece[lead.end() :]
            lead = MARKER_GROUP.match(piece)
        cited = [int(n) for group in MARKER_GROUP.findall(piece) for n in re.findall(r"\d+", group)]
        body = MARKER_GROUP.sub("", piece).strip()
        if re.search(r"\w", body):
            claims.append((body, cited))
    return [
        AnswerSentence(
            body, tuple(dict.fromkeys(n for n in cited if 1 <= n <= allowed)), False, 0.0
        )
        for body, cited in claims
    ]


def is_abstention(text: str) -> bool:
    norm = lambda t: re.sub(r"[^a-z ]", "", t.lower().replace("’", "'"))  # noqa: E731
    return norm(CANNOT_ANSWER) in norm(text)


class LLMAnswerer:
    """An LLM writes the answer from numbered evidence sentences; the verifier checks each
    sentence before the user sees it. Any failure falls back to the extractive answer."""

    def __init__(
        self,
        spec: LLMSpec,
        llm_settings: LLMSettings,
        verifier: Verifier,
        fallback: ExtractiveAnswerer,
        drop_unsupported: bool = False,
        chat_model: BaseChatModel | None = None,
    ) -> None:
        self.spec = spec
        self.llm_settings = llm_settings
        self.verifier = verifier
        self.fallback = fallback
        self.drop_unsupported = drop_unsupported
        self._chat_model = chat_model

    def _model(self):
        if self._chat_model is None:
            from assistant.models.llm import make_chat_model

            self._chat_model = make_chat_model(self.spec, self.llm_settings)
        return self._chat_model

    def _fall_back(self, question, hits, notice: str) -> Answer:
        return replace(self.fallback.answer(question, hits), mode=self.spec.text, notice=notice)

    def stream(self, question: Question, hits: Sequence[ScoredSentence]) -> Iterator[str | Answer]:
        """The model's text as it is written, then the verified `Answer`; the sources quoted
        instead (with a notice) when the model cannot be reached or fails."""
        from langchain_core.messages import HumanMessage, SystemMessage

        if not self.fallback.select(hits):  # retrieval found nothing good: no call to the model
            yield abstention(question, hits, mode=self.spec.text)
            return
        messages = [
            SystemMessage(SYSTEM_PROMPT),
            HumanMessage(USER_TEMPLATE.format(sources=source_lines(hits), question=question.text)),
        ]
        text = ""
        try:
            for chunk in self._model().stream(messages):
                delta = str(chunk.content)
                text += delta
                yield delta
        except Exception as exc:  # unreachable server, timeout, missing file, bad reply
            reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
            yield self._fall_back(
                question, hits, f"{self.spec.text} failed ({reason}); quoting the sources instead."
            )
            return
        yield self.finish(question, hits, text)

    def finish(self, question: Question, hits: Sequence[ScoredSentence], text: str) -> Answer:
        """The `Answer` of the model's whole `text`: each sentence checked against its
        citations; an abstention when nothing it wrote is supported."""
        claims = parse_claims(text, len(hits))
        if is_abstention(text) and len(claims) <= 1:
            return abstention(question, hits, mode=self.spec.text)
        sources = {n: h.sentence.text for n, h in enumerate(hits, 1)}
        readings = {n: h.sentence.reading for n, h in enumerate(hits, 1)}
        checked, figures = self.verifier(claims, sources, readings)
        shown = [s for s in checked if s.supported] if self.drop_unsupported else checked
        if not any(s.supported for s in shown):
            return replace(self._fall_back(question, hits, UNVERIFIED), verification=figures)
        # Renumber the cited sources 1, 2, … in order of first use.
        order = list(dict.fromkeys(n for s in shown for n in s.citations))
        new = {old: i for i, old in enumerate(order, 1)}
        sentences = tuple(replace(s, citations=tuple(new[n] for n in s.citations)) for s in shown)
        citations = tuple(to_citation(new[old], hits[old - 1]) for old in order)
        # The model's prose is not rewritten; the page and `ask --json` show how the figures it
        # cites moved or disagree.
        found = timeline(question, citations)
        return answered(
            question,
            sentences,
            citations,
            figures,
            mode=self.spec.text,
            timeline=found.entries,
            conflicts=found.conflicts,
        )

    def __call__(self, question: Question, hits: Sequence[ScoredSentence]) -> Answer:
        *_, answer = self.stream(question, hits)
        return answer
