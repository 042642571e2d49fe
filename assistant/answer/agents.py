"""Who did it: a claim whose doer of a shared verb is, in the source, on the receiving end.

Word order alone cannot tell "Erdmann presented the bottle to the museum" from "it was presented
to Erdmann by the museum", and embeddings place them side by side. English marks the doer
(agent) of a verb in a few regular ways, read here without a parser:

- active voice: the subject opens the verb's clause ("…, and Putin convened a meeting");
- relative clause: the noun before "that/which/who" does the verb ("banks that had lent him");
- passive voice: a participle after a form of "be", or followed by "by", takes its agent from
  the "by" phrase ("it was presented to Erdmann by the museum", "an NGO funded by the Global
  Fund") and its subject is the one acted upon;
- pronouns: "they"/"them", "he"/"him", "she"/"her" are the same person in either case, and a
  "him" on the receiving side may be anyone the sentence names ("banks that had lent him");
- possession: the head of "Alamin's father" is the father, so a claim that gives him what the
  source's "Alamin, ten, who used to work…" did gives it to someone else.

A claim swaps roles when, for a verb it shares with a source sentence, its doer is not the
source's doer and appears on the source's receiving side of that verb (the object of an active
verb, the subject of a passive one), or when its doer's possessor is the source's doer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.text import STOPWORDS, terms
from assistant.text import tokens as tokenize

SENTENCE_END = frozenset(".;!?")
# A reporting verb opens the clause it reports: in "Medvedev said the planet is vulnerable" the
# planet, not Medvedev, is vulnerable.
CLAUSE_START = (
    SENTENCE_END
    | frozenset(',:–—()“”"')
    | {"and", "but", "while", "whereas", "said", "says", "told", "added", "adds"}
)
RELATIVE = frozenset({"that", "which", "who"})
BE = frozenset("is are was were be been being get gets got getting".split())
AUXILIARY = BE | frozenset("has have had will would can could may might should must to".split())
PRONOUN = {"he": "he", "him": "he", "she": "she", "her": "she", "they": "they", "them": "they"}
PERSONS = frozenset(PRONOUN.values())
SUBJECT = frozenset("i you he she it we they".split())
DETERMINER = frozenset("the a an his her its their our my this these those".split())
IRREGULAR_PARTICIPLES = frozenset(
    "made given taken seen known held brought bought sold built paid found kept led left lent "
    "sent told won lost shown thrown written chosen driven done hit put set cut run".split()
)
# Adverbs that stand between a subject and its verb ("SOHAY also runs sessions"), besides the
# "-ly" ones.
ADVERBS = frozenset("also still now often already always never just only even then".split())
# "Laura is self-employed": she does it to herself, so no one else does it to her.
SELF_DONE = re.compile(r"\bself-(\w{4,}?)(?:ed|d|t)?\b", re.IGNORECASE)
WINDOW = 8  # words either side of a verb that its subject and object are sought in


def _name(tokens: list[str], i: int) -> bool:
    """A capitalised word inside a sentence: a name, never a verb ("the Global Fund")."""
    return tokens[i][:1].isupper() and i > 0 and tokens[i - 1] not in CLAUSE_START - {","}


def _people(text: str) -> set[str]:
    """Terms of the capitalised words of a text: who a "he" or "she" in it may be."""
    return {c for w in tokenize(text) if w[:1].isupper() and (c := _content(w))}


def _content(token: str) -> str | None:
    """The term a token is compared by, pronouns folded to one case; None for other words."""
    token = token.lower()
    if token in PRONOUN:
        return PRONOUN[token]
    if token in STOPWORDS or not token.replace("-", "").isalpha() or token.endswith("ly"):
        return None
    if len(token) == 1:  # what a contraction leaves: the "m" of "I'm"
        return None
    found = terms(token)
    return "-".join(found) if found else None


def _participle(token: str) -> bool:
    return token.endswith(("ed", "en", "wn")) or token.lower() in IRREGULAR_PARTICIPLES


def _passive(tokens: list[str], i: int) -> bool:
    if not _participle(tokens[i]):
        return False
    before = [t.lower() for t in tokens[max(0, i - 3) : i]]
    return any(t in BE for t in before) or "by" in tokens[i + 1 : i + 5]


def _verb(tokens: list[str], i: int) -> bool:
    """Whether a word reads as a verb: not a name; a past form, or a word after an auxiliary,
    a pronoun or a relative pronoun (adverbs skipped: "she regularly hand-picks"), or an "-s"
    form after a name ("Accell owns the", "SOHAY also runs")."""
    word = tokens[i]
    if _name(tokens, i):
        return False
    j = i - 1
    while j >= 0 and (tokens[j].lower().endswith("ly") or tokens[j].lower() in ADVERBS):
        j -= 1
    before = tokens[j].lower() if j >= 0 else ""
    if before in AUXILIARY | RELATIVE | SUBJECT or _passive(tokens, i):
        return True
    after = tokens[i + 1] if i + 1 < len(tokens) else ""
    third_person = (
        word.endswith("s")
        and not word.endswith("ss")
        and j >= 0
        and tokens[j][:1].isupper()
        and (after.lower() in DETERMINER or _name(tokens, i + 1) or j < i - 1)
    )
    return word.endswith("ed") or word.lower() in IRREGULAR_PARTICIPLES or third_person


def _run(
    tokens: list[str], start: int, step: int, stop: int | None = None, owners: set | None = None
) -> set[str]:
    """The content words of the noun phrase at `start`, read in direction `step` (up to `stop`);
    read forward, a possessor is not the phrase's head ("Alamin's father": father) and goes to
    `owners`."""
    found: set[str] = set()
    i = start
    end = len(tokens) if stop is None else stop
    while 0 <= i < end and tokens[i].lower() not in CLAUSE_START | AUXILIARY:
        if step == 1 and tokens[i].lower() == "'s":
            if owners is not None:
                owners |= found
            found = set()
            i += 1
            continue
        term = _content(tokens[i])
        if tokens[i].lower() == "her" and i + 1 < len(tokens) and _content(tokens[i + 1]):
            term = None  # "her grandfather": a possessive, not the person
        if term is None and found:
            break
        if term:
            found.add(term)
        i += step
    return found


def _agent(tokens: list[str], i: int, owners: set | None = None) -> set[str]:
    """The doer of the verb at `i`: the "by" phrase of a passive, else the first noun phrase of
    the verb's clause, or the noun before a relative pronoun that the verb follows directly
    ("banks that had lent him"; but "centers that SOHAY has set up": SOHAY; "banks that had lent
    him money brought charges": the banks brought them)."""
    if _passive(tokens, i):
        after = tokens[i + 1 : i + 5]
        return _run(tokens, i + 1 + after.index("by") + 1, 1) if "by" in after else set()
    return _subject(tokens, i, owners)


def _subject(tokens: list[str], i: int, owners: set | None = None) -> set[str]:
    """The first noun phrase of the clause of the verb at `i` (see `_agent`)."""
    j = i - 1
    while j >= 0 and tokens[j].lower() not in CLAUSE_START | RELATIVE:
        j -= 1
    inside = [v for v in range(j + 1, i) if tokens[v].lower() not in AUXILIARY]
    if j >= 0 and tokens[j].lower() in RELATIVE and any(_verb(tokens, v) for v in inside):
        # the verb follows a whole relative clause: "banks that had lent him money brought"
        j -= 1
        while j >= 0 and tokens[j].lower() not in CLAUSE_START:
            j -= 1
    k = j + 1
    while k < i and _content(tokens[k]) is None:
        k += 1
    if k < i:
        return _run(tokens, k, 1, i, owners)
    if j >= 0 and tokens[j].lower() in RELATIVE:
        k = j - 1 - (j > 0 and tokens[j - 1] == ",")
        found = _run(tokens, k, -1)
        while k >= 0 and _content(tokens[k]):
            k -= 1
        if found and k >= 1 and tokens[k] == ",":  # "Alamin, ten, who": the named one too
            found |= _run(tokens, k - 1, -1)
        return found
    return set()


def _receiving(tokens: list[str], i: int) -> set[str]:
    """Content words on the receiving side of the verb at `i`: after an active verb, before a
    passive one (and between it and its "by")."""
    words = [k for k, t in enumerate(tokens) if t[0].isalnum()]
    if _passive(tokens, i):
        after = tokens[i + 1 : i + 5]
        before = [k for k in words if k < i][-WINDOW:]
        side = [tokens[k] for k in before] + after[: after.index("by") if "by" in after else 0]
    else:
        side = [tokens[k] for k in words if k > i][:WINDOW]
    return {c for c in map(_content, side) if c}


def swapped_agent(claim: str, cited: Sequence[str]) -> bool:
    """Whether the claim makes the receiver of a verb it shares with a cited sentence its doer,
    or gives a doer ("employed by ABa") to what the source says is done by oneself."""
    for done in SELF_DONE.finditer(" ".join(cited)):
        if re.search(rf"\b{done.group(1)}\w*\s+by\b", claim, re.IGNORECASE):
            return True
    claim_tokens = tokenize(claim)
    for source in cited:
        tokens = tokenize(source)
        at = {}
        for k, token in enumerate(tokens):
            at.setdefault(_content(token), []).append(k)
        for i, token in enumerate(claim_tokens):
            verb = _content(token)
            if verb is None or verb in PERSONS or verb not in at:
                continue
            owners: set[str] = set()
            claim_agent = _agent(claim_tokens, i, owners)
            for k in at[verb]:
                # a verb on one side only counts in the same form: "bottled" is no "bottles"
                same = token.lower() == tokens[k].lower()
                claim_verb, verb_there = _verb(claim_tokens, i), _verb(tokens, k)
                if not (claim_verb and verb_there or same and (claim_verb or verb_there)):
                    continue
                agent = _agent(tokens, k)
                if _passive(claim_tokens, i) and not claim_agent and not _passive(tokens, k):
                    # "Pizzi was asked" of "he asked": the claim's subject receives what the
                    # source has a person do ("3,000 buildings hit" is a passive cut short)
                    people = _people(source)
                    doers = agent & people | (people if agent & {"he", "she"} else set())
                    patient = _subject(claim_tokens, i)
                    if patient & doers and not patient & _receiving(tokens, k):
                        return True
                if owners & agent and not claim_agent & agent:
                    return True  # "Alamin's father used to work" of "Alamin, who used to work"
                if claim_agent and agent and not claim_agent & agent:
                    receiving = _receiving(tokens, k)
                    if receiving & {"he", "she"}:  # "lent him money": him is a person named
                        receiving |= _people(source)
                    if claim_agent & receiving:
                        return True
    return False
