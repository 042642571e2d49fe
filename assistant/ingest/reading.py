"""Each sentence of an article read once, at ingest: what it mentions and what its opening leans
on (language/mentions.py, language/antecedents.py). The reading is stored with the sentence
(index/packing.py), so answering never reads the sentence again.

Names are read in order, so a surname the article gave in full before ("Gen Nakatani", then
"Nakatani") is known as a person. The headline's names count as said before the first sentence;
a headline in title case ("Japan Minister Visits Turkey") gives only its places, since every
word of it is capitalised.
"""

from __future__ import annotations

from dataclasses import replace

from assistant.language.antecedents import GENDERED, REACH, antecedent, gender, leaning
from assistant.language.mentions import learn, read_mentions
from assistant.types import PLACE, Article, Mention, Sentence, SentenceReading


def _headline(title: str, known: dict[str, str]) -> tuple[Mention, ...]:
    words = title.split()
    title_case = sum(w[:1].isupper() for w in words) > len(words) / 2
    found = read_mentions(title, known)
    if title_case:
        found = tuple(m for m in found if m.kind == PLACE and m.detail)
    learn(known, found)
    return found


def read_sentences(article: Article, sentences: list[Sentence]) -> list[Sentence]:
    """`sentences` of `article`, each with its reading."""
    known: dict[str, str] = {}
    headline = _headline(article.title, known)
    read: list[tuple[str, tuple[Mention, ...]]] = []
    genders: dict[str, str] = {}
    out = []
    for s in sentences:
        mentions = read_mentions(s.text, known)
        learn(known, mentions)
        lean = leaning(s.text)
        refers, context = "", -1
        if lean is not None:
            before = [*read[: -REACH - 1 : -1], (article.title, headline)]
            refers, place = antecedent(lean, before, genders)
            if refers and (said := GENDERED.get(lean.words.lower())):
                genders.setdefault(refers.split()[-1], said)  # "He [Platz]": Platz is a he
            if 0 <= place < len(before) - 1:  # a sentence, not the headline
                context = s.index - 1 - place
        read.append((s.text, mentions))
        if (said := gender(s.text, mentions)) and lean is None:
            genders.setdefault(*said)
        reading = SentenceReading(mentions, lean.words if lean else "", refers, context)
        out.append(replace(s, reading=reading))
    return out
