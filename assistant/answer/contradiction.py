"""Lexical signs that a claim says the opposite of the source it is close to.

An embedding model puts "an agreement is expected" next to "an agreement is not expected", and
term overlap cannot tell them apart either. Without an NLI model the verifier reads the words
that flip a statement, clause by clause:

- polarity: the claim negates what the source clause it restates asserts, or the other way
  round ("not", "no", "never", "n't", "without", "nobody", "failed to", "rather than", "stopped
  him being"…; a negated "without" asserts: "can't survive without"; a negative prefix on a word
  the other side has bare, "indecipherable" / "deciphered", "discouraging" / "encouraging");
  when as many of its words are read in clauses of either polarity, the clause with its last
  word (the predicate) decides; a clause whose subject is "he", "she" or "they" also holds the
  words of the clause before it, which the pronoun stands for;
- antonyms: the claim uses one word of a general pair (rose/fell, more/fewer, open/closed…) where
  the source uses the other; negating one side flips it back ("did not rise" / "fell");
- hedging: the claim states as certain what the source only hedges ("may", "could", "should",
  "would", "is considering", "is expected to", "hopes", "will attempt to", "wants to", "is
  underway"…), read on the words the hedge governs (those after it), or adds a certainty the
  source lacks ("always" where it says "sometimes");
- roles: the claim swaps who did what to whom, read as two words on either side of a shared
  word appearing in the opposite order in the source (a passive "by" phrase is read as the
  subject);
- multipliers: "tripled" where the source says "doubled";
- who did it (`agents.py`): the claim's doer of a verb is, in the source, on its receiving end
  (active/passive, relative clauses, pronouns, possessives);
- what a number, name or comparison is tied to (`anchors.py`): "€1,430 a month" where the
  source ties "a month" to €1,800, "spokesman for ABa" where it has "spokesman for
  Marketforce", a year given to the words of another stretch or sentence, "more accidents"
  where the source has "fewer accidents" next to "more alert", "two years" where the source
  has "two months", "more than 10%" where it has "10% or less".

The word lists (negations, hedges, opposites) are in `lexicon.py`.

Each claim clause is compared with the source clause that shares most content words with it
(`clauses`, `best_match`), so that "an agreement is not expected" in "They will hold inspections
regarding drones, but an agreement is not expected" negates the agreement, not the inspections.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from assistant.answer.agents import swapped_agent
from assistant.answer.anchors import bound_turned, misdated, misplaced, misunit, opposite_tied
from assistant.answer.lexicon import (
    ANTONYMS,
    CERTAIN,
    FORMS,
    HEDGES,
    MULTIPLIERS,
    NEGATION_PHRASES,
    NEGATIONS,
    NOT_NEGATIONS,
    prefix_negates,
)
from assistant.text import NAME, terms
from assistant.text import tokens as tokenize

# Clause breaks: punctuation inside a sentence (not the comma of "100,000") and sentence ends,
# the contrastive joints before which a new statement starts ("…, but an agreement is not
# expected"), and an "and" that opens a clause with its own subject ("… permitted on bike paths
# and they can't travel faster than 20mph").
CLAUSE_BREAK = re.compile(
    r"[;()\[\]“”\"–—]|(?<!\d),|,(?!\d)|(?<=[.!?])\s+|\s+-\s+|"
    r"\s(?=(?:but|while|whereas|though|although|yet|rather than|instead of)\s)|"
    r"\s(?=and\s+(?:i|he|she|it|we|they|there)\s)",
    re.IGNORECASE,
)
# "it" is left out: it is often a dummy subject ("It is too early for an agreement").
SUBJECT_PRONOUNS = frozenset("he she they".split())
# A participle a few words before "by": "was presented to Erdmann by", "charges brought
# against him by".
PASSIVE_BY = re.compile(r"\b\w+(?:ed|en|wn|t)\s+(?:\w+\s+){0,3}?by\s", re.IGNORECASE)


def words(text: str) -> list[str]:
    """Lower-cased words and numbers of a text, contractions kept whole ("didn't")."""
    return [t.lower() for t in tokenize(text) if t[0].isalnum()]


@dataclass
class Clause:
    text: str
    borrowed: frozenset[str] = frozenset()
    """Terms of the clause before, which a pronoun subject of this one stands for."""
    words: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self.words = words(self.text)

    @cached_property
    def terms(self) -> set[str]:
        """Content terms compared between clauses (negation words left out)."""
        kept = [w for w in self.words if w not in NEGATIONS and not w.endswith("n't")]
        return set(terms(" ".join(kept))) | self.borrowed

    @cached_property
    def negated(self) -> bool:
        text = NOT_NEGATIONS.sub(" ", " ".join(self.words))
        markers = [w for w in text.split() if w in NEGATIONS or w.endswith("n't")]
        other = bool(NEGATION_PHRASES.search(text)) or any(w != "without" for w in markers)
        # a negated "without" is a double negative that asserts a need: "can't survive without"
        return other != ("without" in markers)

    @cached_property
    def hedges(self) -> set[str]:
        """Its hedging words ("may" in lower case only: "in May" is a month)."""
        found = {w for w in self.words if w in HEDGES and w != "may"}
        return found | ({"may"} if re.search(r"\bmay\b", self.text) else set())

    @property
    def hedged(self) -> bool:
        return bool(self.hedges)

    @cached_property
    def hedged_terms(self) -> set[str]:
        """The terms a hedge governs: those after it ("aging baby boomers who want to rekindle
        the experience": the rekindling, not the boomers), or all when it comes last ("an
        agreement is not expected")."""
        at = next((i for i, w in enumerate(self.words) if w in self.hedges), None)
        after = set(terms(" ".join(self.words[at + 1 :]))) if at is not None else set()
        return after or self.terms

    @cached_property
    def bases(self) -> set[str]:
        return {b for w in self.words for b in FORMS.get(w, ())}

    @cached_property
    def order(self) -> list[str]:
        """Content terms in reading order, the agent of a passive ("by …") read first."""
        text = self.text
        passive = PASSIVE_BY.search(text)
        if passive:
            text = text[passive.end() :] + " " + text[: passive.end() - 3]
        seen: list[str] = []
        for t in terms(text):
            if t not in seen:
                seen.append(t)
        return seen


def clauses(text: str) -> list[Clause]:
    """The clauses of a text; one whose subject is a pronoun ("…, he said that they would not
    be needed") also holds the terms of the clause before it, which the pronoun stands for —
    unless it says nothing of its own ("…,” she said": the pronoun is the speaker)."""
    found: list[Clause] = []
    for part in (p.strip() for p in CLAUSE_BREAK.split(text) if p and p.strip()):
        clause = Clause(part)
        if found and clause.terms and SUBJECT_PRONOUNS & set(clause.words[:3]):
            clause = Clause(part, frozenset(found[-1].terms))
        found.append(clause)
    return found


def matched(claim: Clause, source: Clause) -> set[str]:
    """The claim's terms found in the source clause, as they are or under a negative prefix on
    either side ("deciphered" in "indecipherable")."""
    return claim.terms & source.terms | {
        t
        for t in claim.terms - source.terms
        if any(prefix_negates(t, u) or prefix_negates(u, t) for u in source.terms)
    }


def polarity(clause: Clause, other: Clause) -> bool:
    """Whether a clause is negative, read against another: a negative prefix on a word the
    other has bare counts as a negation ("was indecipherable" against "could be deciphered")."""
    prefixed = sum(any(prefix_negates(t, u) for u in other.terms) for t in clause.terms)
    return clause.negated != (prefixed % 2 == 1)


def best_match(claim: Clause, sources: Sequence[Clause]) -> tuple[Clause | None, list[Clause]]:
    """The source clause sharing most content terms with the claim clause (ties: the tighter
    one), and every source clause sharing at least two terms (or all of a one-term claim)."""
    if not claim.terms:
        return None, []
    need = min(2, len(claim.terms))
    scored = [
        (len(m), len(m) / max(1, len(s.terms)), s) for s in sources for m in [matched(claim, s)]
    ]
    related = [s for n, _, s in scored if n >= need]
    top = max(scored, key=lambda x: (x[0], x[1]), default=None)
    return (top[2] if top and top[0] >= need else None), related


def polarity_flipped(claim: Clause, related: Sequence[Clause], name_terms: set[str]) -> bool:
    """More of the claim's words (names aside) are read in source clauses of the opposite
    polarity than in clauses of its own: "Angela Erdmann's grandfather died in 1946" is read in
    "He died in 1946" more than in "Angela Erdmann never knew her grandfather"."""
    same: set[str] = set()
    opposite: set[str] = set()
    for source in related:
        agree = polarity(source, claim) == polarity(claim, source)
        (same if agree else opposite).update(matched(claim, source))
    same, opposite = same - name_terms, opposite - name_terms
    if len(opposite) != len(same):
        return len(opposite) > len(same)
    # a tie goes to the predicate: English puts what it asserts last ("the law banning e-bikes
    # in New York is strictly enforced" asserts the enforcement)
    last = next((t for t in reversed(terms(claim.text)) if t in same | opposite), None)
    return last is not None and last in opposite - same


def antonym_clash(claim: Clause, related: Sequence[Clause]) -> bool:
    source = set().union(*(c.bases for c in related)) if related else set()
    return any(
        (claim.bases & a and source & b and not claim.bases & b and not source & a)
        for pair in ANTONYMS
        for a, b in (pair, pair[::-1])
    )


def swapped(claim_order: list[str], source_order: list[str], only: set[str]) -> bool:
    """Two names on either side of a shared term appear in the opposite order in the source."""
    pos = {t: i for i, t in enumerate(source_order)}
    shared = [t for t in claim_order if t in pos]
    for i, x in enumerate(shared):
        for k in range(i + 2, len(shared)):
            y = shared[k]
            if x not in only or y not in only:
                continue
            if pos[y] < pos[x] and any(pos[y] < pos[v] < pos[x] for v in shared[i + 1 : k]):
                return True
    return False


def multipliers(text: str) -> set[str]:
    return {MULTIPLIERS[w] for w in words(text) if w in MULTIPLIERS}


def contradiction(claim: str, cited: Sequence[str]) -> str | None:
    """Why the claim contradicts or overstates the cited sentences, or None when nothing does."""
    if not multipliers(claim) <= multipliers(" ".join(cited)):
        return "multiplier"
    if CERTAIN & set(words(claim)) - set(words(" ".join(cited))):
        return "hedge"  # "always" where the source says "sometimes"
    source_clauses = [c for s in cited for c in clauses(s)]
    # Names say who or where, not whether: polarity is read on the other words.
    found = NAME.findall(claim.strip()) + [n for s in cited for n in NAME.findall(s.strip())]
    name_terms = set(terms(" ".join(found)))
    for clause in clauses(claim):
        best, related = best_match(clause, source_clauses)
        if best is None:
            continue
        flipped = polarity_flipped(clause, related, name_terms)
        if flipped != antonym_clash(clause, related):
            return "polarity" if flipped else "antonym"
        # a claim that keeps the source's hedge word elsewhere ("discussed possible purchases
        # … while visiting Ankara") states nothing as certain
        overstated = best.hedged and not clause.hedged and not best.hedges & set(words(claim))
        if overstated and matched(clause, best) & best.hedged_terms:
            return "hedge"
    # Only names are read as roles (a sentence-initial word too when the source capitalises it
    # inside a sentence): "US workers … compared with Japanese" swaps the two countries, but
    # "the company that Nakatani will tour" only puts the object first.
    claim_terms = Clause(claim).order
    if any(swapped(claim_terms, Clause(s).order, name_terms) for s in cited):
        return "roles"
    if swapped_agent(claim, cited):
        return "agent"
    if misplaced(claim, cited):
        return "tied"
    if misunit(claim, cited):
        return "unit"
    if bound_turned(claim, cited):
        return "bound"
    if misdated(claim, cited):
        return "date"
    if opposite_tied(claim, cited, lambda w: FORMS.get(w, set()), ANTONYMS):
        return "antonym"
    return None
