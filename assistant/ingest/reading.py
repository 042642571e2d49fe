"""Each sentence of an article read once, at ingest: what it mentions, what its opening leans on
and whose words it is (language/mentions.py, antecedents.py, speakers.py). The reading is stored
with the sentence (index/packing.py), so answering never reads the sentence again.

Names are read in order, so a surname the article gave in full before ("Gen Nakatani", then
"Nakatani") is known as a person. The headline's names count as said before the first sentence;
a headline in title case ("Japan Minister Visits Turkey") gives only its places, since every
word of it is capitalised. A speaker named "he" or "she" is the person that pronoun stands for,
"the official" the last speaker the article called "… official"; quoted words whose speaker
another sentence of the same quote names take that speaker.
"""

from __future__ import annotations

from dataclasses import replace

from assistant.language.antecedents import (
    GENDERED,
    PRONOUNS,
    REACH,
    Leaning,
    antecedent,
    gender,
    leaning,
)
from assistant.language.mentions import ROLES, learn, read_mentions
from assistant.language.speakers import attribution, in_quote
from assistant.types import PLACE, Article, Mention, Sentence, SentenceReading

READING_VERSION = 2
"""The version of the reading rules (this module and language/'s mentions, antecedents, places
and speakers). Bump it when they read a sentence differently: the next sync reads every article
again, reusing the stored vectors (nothing is embedded again), so that a store's readings never
lag its rules. 2: organisations ending "Directorate", "Regulator", "Watchdog"…"""


def _headline(title: str, known: dict[str, str]) -> tuple[Mention, ...]:
    words = title.split()
    title_case = sum(w[:1].isupper() for w in words) > len(words) / 2
    found = read_mentions(title, known)
    if title_case:
        found = tuple(m for m in found if m.kind == PLACE and m.detail)
    learn(known, found)
    return found


def _resolved(
    speaker: str, before, genders: dict[str, str], speakers: list[str], recent: str
) -> str:
    """A speaker as the reader should see it: "he" -> the person it stands for (`recent`, the
    speaker named earlier in the same paragraph, when a person of the pronoun's gender:
    "“…,” he said" after "Kelley said"), "the official" -> the last speaker called
    "… official"; else as written."""
    word = speaker.lower()
    if word in PRONOUNS:
        wanted = GENDERED.get(word)
        named = recent[:1].isupper() and recent.lower() not in PRONOUNS and " " in recent.strip()
        if named and (not wanted or genders.get(recent.split()[-1], wanted) == wanted):
            return recent
        name, _ = antecedent(Leaning(speaker, PRONOUNS[word]), before, genders)
        return name or speaker
    if word.startswith("the ") and len(word.split()) <= 3:
        head = word.split()[-1]
        earlier = [s for s in reversed(speakers) if s.lower().split()[-1] == head]
        if found := next((s for s in earlier if s.lower() != word), ""):
            return found
        if head in ROLES:  # "the scientist" -> the person the article introduced before
            name, _ = antecedent(Leaning(speaker, ROLES[head]), before, genders)
            return name or speaker
    return speaker


def read_sentences(article: Article, sentences: list[Sentence]) -> list[Sentence]:
    """`sentences` of `article`, each with its reading."""
    known: dict[str, str] = {}
    headline = _headline(article.title, known)
    read: list[tuple[str, tuple[Mention, ...]]] = []
    genders: dict[str, str] = {}
    speakers: list[str] = []
    recent: dict[int, str] = {}  # paragraph -> the last speaker named in it
    out = []
    for s in sentences:
        mentions = read_mentions(s.text, known)
        learn(known, mentions)
        lean = leaning(s.text)
        before = [*read[: -REACH - 1 : -1], (article.title, headline)]
        refers, context = "", -1
        if lean is not None:
            refers, place = antecedent(lean, before, genders)
            if 0 <= place < len(before) - 1:  # a sentence, not the headline
                context = s.index - 1 - place
            if refers and (said := GENDERED.get(lean.words.lower())):
                genders.setdefault(refers.split()[-1], said)  # "He [Platz]": Platz is a he
        speaker = attribution(s.text)
        if speaker:
            speaker = _resolved(speaker, before, genders, speakers, recent.get(s.paragraph, ""))
            speakers.append(speaker)
            recent[s.paragraph] = speaker
        read.append((s.text, mentions))
        if (said := gender(s.text, mentions)) and lean is None:
            genders.setdefault(*said)
        reading = SentenceReading(
            mentions, lean.words if lean else "", refers, context, speaker, bool(speaker)
        )
        out.append(replace(s, reading=reading))
    return _quoted(out)


def _quoted(sentences: list[Sentence]) -> list[Sentence]:
    """Quoted words without a speaker of their own take the speaker of their quote: a sentence
    of the same quote, in the same paragraph, that names one (the nearest before, else after)."""
    runs: list[list[int]] = []
    open_quote, paragraph = False, -1
    for i, s in enumerate(sentences):
        if s.paragraph != paragraph:
            open_quote, paragraph = False, s.paragraph
        quoted, open_quote_after = in_quote(s.text, open_quote)
        if quoted or s.reading.speaker_here:
            if runs and runs[-1][-1] == i - 1 and sentences[i - 1].paragraph == s.paragraph:
                runs[-1].append(i)
            else:
                runs.append([i])
        open_quote = open_quote_after
    out = list(sentences)
    for run in runs:
        for i in run:
            if out[i].reading.speaker:
                continue
            named = [j for j in run if sentences[j].reading.speaker]
            if named:
                nearest = min(named, key=lambda j: (j > i, abs(j - i)))
                who = sentences[nearest].reading.speaker
                out[i] = replace(out[i], reading=replace(out[i].reading, speaker=who))
    return out
