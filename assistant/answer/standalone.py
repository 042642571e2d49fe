"""Quotes that stand on their own: an answer names who "they" are and the country it was asked.

A sentence quoted alone can lean on the sentences before it ("They will hold inspections…") or
lack the kind of thing the question asks for ("Roslyn made landfall around 7:20 a.m." for "in
which country?"). Its reading (stored at ingest, ingest/reading.py) says which, so the answer
carries the missing piece:

- the name its opening stands for, in brackets, when the rules are sure of it ("He [Richard
  Platz] was 20 years old at the time.");
- else the sentence before it that names it, quoted and cited too ("They will hold…" after the
  sentence that names Nakatani and the Turkish official);
- for a question that asks for a person, an organisation or a place (a country) that no quoted
  sentence gives: a hit above the answer's floor that gives it is quoted first, else the nearest
  sentence before the quote in its article (the lede at the latest) that does, also cited;
  for a place that only the article's dateline gives ("MANZANILLO, Mexico, Oct 8 (Reuters) -",
  which is no sentence), the quote opens with it: "Datelined Manzanillo, Mexico: …".

All of it within `BUDGET` characters of quoted text: runners-up are dropped before the context.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from assistant.language.asked import Wanted
from assistant.language.places import place
from assistant.question import Question
from assistant.types import PLACE, ScoredSentence, Sentence

BUDGET = 400
"""Characters of quoted text an answer keeps to (issue 15: cited text a reader checks at a
glance)."""
LOOK_BACK = 3
"""Sentences before a quote searched for what the question asks for (then the lede)."""

Sentences = Callable[[str], Sequence[Sentence]]
"""An article id -> its sentences as indexed, with their readings."""


def bracketed(sentence: Sentence) -> str:
    """The sentence's text with the name its opening stands for in brackets after it."""
    text, r = sentence.text, sentence.reading
    where = text.find(r.leans_on) if r.refers_to else -1
    if where < 0 or r.refers_to in text:
        return text
    end = where + len(r.leans_on)
    return f"{text[:end]} [{r.refers_to}]{text[end:]}"


def said_by(sentence: Sentence) -> str:
    """`bracketed(sentence)`, led by its speaker when the sentence does not name them itself."""
    text, r = bracketed(sentence), sentence.reading
    if not r.speaker or r.speaker_here or r.speaker in text:
        return text
    return f"{r.speaker[:1].upper()}{r.speaker[1:]} said: {text}"


def gives(sentence: Sentence, wants: Wanted, article: Sequence[Sentence] = ()) -> bool:
    """Whether the sentence names something of the kind asked for, itself or by the name its
    opening stands for (found in its `article`'s sentence that names it); for "who said…",
    whether its speaker is known."""
    r = sentence.reading
    if wants.given_by(r):
        return True
    return bool(r.refers_to) and any(
        wants.fits(m) and m.text in r.refers_to
        for a in article
        if a.index == r.context
        for m in a.reading.mentions
    )


def lead_with_wanted(
    question: Question, hits: Sequence[ScoredSentence], chosen: list[ScoredSentence], floor: float
) -> list[ScoredSentence]:
    """`chosen`, led by the best hit above `floor` that gives what the question asks for when
    the best does not (a "which country" question prefers a sentence naming a country)."""
    wants = question.wants
    if not wants or not chosen or gives(chosen[0].sentence, wants):
        return chosen
    better = next((h for h in hits if h.score >= floor and gives(h.sentence, wants)), None)
    if better is None:
        return chosen
    return [better, *(h for h in chosen if h is not better)][: len(chosen)]


def _context(hit: ScoredSentence, sentence: Sentence) -> ScoredSentence:
    """A sentence quoted for context: not retrieved, so it has no score of its own."""
    return replace(hit, sentence=sentence, score=0.0, dense=0.0, lexical=0.0)


def _supplying(
    question: Question, hit: ScoredSentence, article: Sequence[Sentence], answered: bool
) -> Sentence | None:
    """The sentence of `article` that supplies what `hit` leans on or lacks, or None."""
    s = hit.sentence
    r = s.reading
    by_index = {a.index: a for a in article}
    if r.leans_on and not r.refers_to and r.context in by_index:
        return by_index[r.context]
    wants = question.wants
    if wants is None or answered or gives(s, wants, article):
        return None
    earlier = [*range(s.index - 1, max(-1, s.index - 1 - LOOK_BACK), -1), 0]
    found = (by_index[i] for i in earlier if i in by_index and i < s.index)
    return next((c for c in found if gives(c, wants)), None)


def _place_of(info_place: str, wants: Wanted) -> bool:
    """Whether an article's dateline place ("Manzanillo, Mexico") gives the place asked for."""
    if PLACE not in wants.kinds or not info_place:
        return False
    if not wants.detail:
        return True
    found = [place(part.strip()) for part in info_place.split(",")]
    return any(p is not None and p.kind == wants.detail for p in found)


def texts(
    question: Question, quoted: Sequence[ScoredSentence], sentences: Sentences | None
) -> list[str]:
    """What the answer says for each quote: its text with what its opening stands for in
    brackets, led by whose words they are when another sentence names the speaker ("A Turkish
    Defence Ministry official said: “They will hold…”"), the first opening with its dateline
    when only that gives the place asked for."""
    out = [said_by(h.sentence) for h in quoted]
    wants = question.wants
    if not quoted or wants is None or sentences is None:
        return out
    if any(gives(h.sentence, wants, sentences(h.sentence.article_id)) for h in quoted):
        return out
    if _place_of(quoted[0].article.place, wants):
        out[0] = f"Datelined {quoted[0].article.place}: {out[0]}"
    return out


def with_context(
    question: Question, quoted: list[ScoredSentence], sentences: Sentences | None
) -> list[ScoredSentence]:
    """`quoted` with the sentences that supply what they lean on or lack put before them, then
    cut to `BUDGET` characters: the best quote and its context are always kept, a runner-up
    only with its context and within the budget."""
    if sentences is None or not quoted:
        return quoted
    wants = question.wants
    answered = wants is not None and any(
        gives(h.sentence, wants, sentences(h.sentence.article_id)) for h in quoted
    )
    groups: list[list[ScoredSentence]] = []
    seen = {h.sentence.id for h in quoted}
    for hit in quoted:
        supply = _supplying(question, hit, sentences(hit.sentence.article_id), answered)
        answered = answered or supply is not None
        if supply is not None and supply.id not in seen:
            seen.add(supply.id)
            groups.append([_context(hit, supply), hit])
        else:
            groups.append([hit])
    if all(len(g) == 1 for g in groups):
        return quoted  # nothing added: the answer is what it was
    kept, used = groups[0], sum(len(bracketed(h.sentence)) for h in groups[0])
    for group in groups[1:]:
        used += sum(len(bracketed(h.sentence)) for h in group)
        if used > BUDGET:
            break
        kept = kept + group
    return kept
