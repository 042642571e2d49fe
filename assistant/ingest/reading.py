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

import re
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
from assistant.language.speakers import OPENS_QUOTE, SAY, attributed, in_quote
from assistant.types import PERSON, PLACE, Article, Mention, Sentence, SentenceReading

SAYS = re.compile(
    rf"^[\s“\"]*(?P<who>It|They|He|She)\s+(?:also\s+|now\s+)?"
    rf"(?:{SAY}|blamed|expects|expected|estimated|predicted|promised|believes)\b"
)
"""A pronoun opening a claim ("It said…", "He blamed the delay on…", "It now expects…"): the
speaker is what the pronoun stands for."""
READING_VERSION = 5
"""The version of the reading rules (this module and language/'s mentions, antecedents, places
and speakers). Bump it when they read a sentence differently: the next sync reads every article
again, reusing the stored vectors (nothing is embedded again), so that a store's readings never
lag its rules. 2: organisations ending "Directorate", "Regulator", "Watchdog"…; 3: speakers
of "role, Name, said", "found/estimated that…", "It said…", quotes over several paragraphs; 4:
a speaker named by surname is given the full name the article used before; 5: where the
sentence names its speaker (`said_at`)."""


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


def _fullest(speaker: str, speakers: list[str], known: dict[str, str]) -> str:
    """A speaker named by surname alone ("Erdmann") as the article named them in full before
    ("Angela Erdmann"): a person it mentioned, else an earlier speaker; else as written."""
    if " " in speaker or not speaker[:1].isupper():
        return speaker
    fuller = [n for n, kind in known.items() if kind == PERSON and n.split()[-1] == speaker]
    fuller += [s for s in reversed(speakers) if s.split()[-1] == speaker and s[:1].isupper()]
    return next((f for f in fuller if f != speaker), speaker)


def read_sentences(article: Article, sentences: list[Sentence]) -> list[Sentence]:
    """`sentences` of `article`, each with its reading."""
    known: dict[str, str] = {}
    headline = _headline(article.title, known)
    read: list[tuple[str, tuple[Mention, ...]]] = []
    genders: dict[str, str] = {}
    speakers: list[str] = []
    recent: dict[int, str] = {}  # paragraph -> the last speaker named in it
    out = []
    quotes = _quotes(sentences)
    for s, (_, open_before) in zip(sentences, quotes, strict=True):
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
        said = attributed(s.text, open_before)
        speaker, said_at = (said.speaker, (said.start, said.end)) if said else ("", (0, 0))
        if not speaker and lean is not None and (says := SAYS.match(s.text)):
            # "It said…", "He blamed…": what the pronoun stands for, else the last speaker
            speaker = refers or (speakers[-1] if out and out[-1].reading.speaker else "")
            said_at = says.span("who") if speaker else (0, 0)
        elif speaker:
            speaker = _resolved(speaker, before, genders, speakers, recent.get(s.paragraph, ""))
            speaker = _fullest(speaker, speakers, known)
            speakers.append(speaker)
            recent[s.paragraph] = speaker
        read.append((s.text, mentions))
        if (said := gender(s.text, mentions)) and lean is None:
            genders.setdefault(*said)
        reading = SentenceReading(
            mentions, lean.words if lean else "", refers, context, speaker, bool(speaker), said_at
        )
        out.append(replace(s, reading=reading))
    return _quoted(out, quotes)


def _quotes(sentences: list[Sentence]) -> list[tuple[bool, bool]]:
    """(the sentence is quoted words, a quote was open before it) for each sentence. A quote
    left open at a paragraph's end goes on in the next paragraph when that one opens with a
    quote mark, as news copy writes a quote of several paragraphs."""
    out = []
    open_quote, paragraph = False, -1
    for s in sentences:
        if s.paragraph != paragraph:
            open_quote = open_quote and bool(OPENS_QUOTE.match(s.text))
            paragraph = s.paragraph
        quoted, after = in_quote(s.text, open_quote)
        out.append((quoted, open_quote))
        open_quote = after
    return out


def _quoted(sentences: list[Sentence], quotes: list[tuple[bool, bool]]) -> list[Sentence]:
    """Quoted words without a speaker of their own take the speaker of their quote: a sentence
    of the same quote that names one (the nearest before, else after); a quote naming no one
    that opens a paragraph, the speaker of the sentence just before it (news copy names a
    speaker once and lets the next quote paragraph go on in their words)."""
    runs: list[list[int]] = []
    for i, (s, (quoted, open_before)) in enumerate(zip(sentences, quotes, strict=True)):
        if quoted or s.reading.speaker_here:
            same_quote = sentences[i - 1].paragraph == s.paragraph or open_before
            if runs and runs[-1][-1] == i - 1 and same_quote:
                runs[-1].append(i)
            else:
                runs.append([i])
    out = list(sentences)
    for run in runs:
        for i in run:
            if out[i].reading.speaker:
                continue
            named = [j for j in run if sentences[j].reading.speaker]
            first = run[0]
            if named:
                who = sentences[min(named, key=lambda j: (j > i, abs(j - i)))].reading.speaker
            elif first and sentences[first - 1].paragraph != sentences[first].paragraph:
                who = out[first - 1].reading.speaker
            else:
                continue
            out[i] = replace(out[i], reading=replace(out[i].reading, speaker=who))
    return out
