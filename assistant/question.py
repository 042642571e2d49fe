"""`Question`: one reading of a question, made once where it comes in and shared by every stage.

Retrieval, the answerability gate, the answerers and the timeline each used to parse the raw
string again (22 parses by 9 functions along one answer), and they read different strings (the
searched text without "latest", or the text as asked). Now `Assistant.stream` (or any other way
in: the LangChain retriever, the calibration) calls `Question.read` once, and everything below
takes the typed reading: nothing under `retrieval/` or `answer/` parses a question's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.errors import AssistantError
from assistant.language.asked import (
    AskedQuantity,
    Focus,
    Wanted,
    answer_kinds,
    read_focus,
    read_quantity,
    subjects,
    wanted,
)
from assistant.language.briefing import asks_for_briefing, briefing_topic
from assistant.language.speakers import asked_speaker
from assistant.language.when import Phrase, phrases, resolve_time
from assistant.text import WORD, names, terms
from assistant.types import TimeReading


@dataclass(frozen=True)
class Question:
    """A question as every stage reads it. Everything but `text` is read from `searched`."""

    text: str
    """As asked, stripped: what the answer repeats and an LLM is shown."""
    searched: str
    """What is searched: `text` without recency words that no article says ("latest news"),
    which only lowered every match (language/when.py)."""
    terms: tuple[str, ...]
    """Its content terms (text.py): what BM25, lexical coverage and the gate weigh."""
    words: frozenset[str]
    """Its words, lower-cased: a filler next to the focus noun must be none of them."""
    names: tuple[str, ...]
    """The names it holds ("Turkish Aerospace Industries"), question words left out."""
    subjects: tuple[str, ...]
    """Of those, the ones a figure must be about (the places it is set in left out)."""
    kinds: frozenset[str]
    """The answer kinds it asks for (language/asked.py: NUMBER, TIME), empty for any."""
    focus: Focus | None
    """The thing it asks about ("how many *drones*", "which *country*"), or None."""
    wants: Wanted | None
    """The kind of thing that answers it: a country for "which country", a person or an
    organisation for "who" (language/asked.py), or None."""
    quantity: AskedQuantity
    """The quantity it asks for: what is counted and what happened to it."""
    phrases: tuple[Phrase, ...]
    """Its time words ("latest", "last week", "in August"), not yet counted from a day."""
    speaker: str = ""
    """Whose words it asks about, as it names them ("What did *Guler* say about…?"), or ""
    (language/speakers.py): their sentences are searched first."""
    briefing: str | None = None
    """For a question asking for the news of some days rather than a fact ("What happened in
    Valencia this week?"): what it is about, in its words ("Valencia"; "" for everything),
    answered with the briefing (language/briefing.py); None for any other question."""

    @classmethod
    def read(cls, text: str) -> Question:
        """Read a question; an empty one is refused before any work is done."""
        text = text.strip()
        if not text:
            raise AssistantError("the question is empty: ask something about the articles")
        found = tuple(phrases(text))
        searched = text
        for p in reversed([p for p in found if p.cut]):
            searched = searched[: p.start] + searched[p.end :]
        if found:
            searched = re.sub(r"\s+(?=[?!.,;:])", "", " ".join(searched.split()))
        found_names = names(searched)
        kinds = answer_kinds(searched)
        focus = read_focus(searched)
        return cls(
            text=text,
            searched=searched,
            terms=tuple(terms(searched)),
            words=frozenset(w.lower() for w in WORD.findall(searched)),
            names=found_names,
            subjects=subjects(searched, found_names),
            kinds=kinds,
            focus=focus,
            wants=wanted(searched, focus),
            quantity=read_quantity(searched, kinds),
            phrases=found,
            speaker=asked_speaker(searched),
            briefing=briefing_topic(text, found) if asks_for_briefing(text, found) else None,
        )

    @property
    def mentions_time(self) -> bool:
        """It has time words to count from a day (cheap: no dates are looked up)."""
        return bool(self.phrases)

    @property
    def role(self) -> str | None:
        """The role it asks who holds ("who is the *president* of France"), stemmed, or None."""
        return self.focus.noun if self.focus and self.focus.role else None

    @property
    def looks_for_something(self) -> bool:
        """False for emoji, punctuation or only stop words: nothing in an article can match."""
        return bool(self.terms or self.names)

    def time(self, now: str | None) -> TimeReading | None:
        """How its time words narrow the search, counted from `now` (an ISO date, or None when
        no article the search may reach has a date); None when it has none."""
        return resolve_time(self.phrases, self.searched, now)
