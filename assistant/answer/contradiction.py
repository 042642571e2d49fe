"""Lexical signs that a claim says the opposite of the source it is close to.

An embedding model puts "an agreement is expected" next to "an agreement is not expected", and
term overlap cannot tell them apart either. Without an NLI model the verifier reads the words
that flip a statement, clause by clause:

- polarity: the claim negates what the source clause it restates asserts, or the other way
  round ("not", "no", "never", "n't", "without", "nobody", "failed to", "rather than", "stopped
  him being"…; a negated "without" asserts: "can't survive without"); when as many of its words
  are read in clauses of either polarity, the clause with its last word (the predicate) decides;
- antonyms: the claim uses one word of a general pair (rose/fell, more/fewer, open/closed…) where
  the source uses the other; negating one side flips it back ("did not rise" / "fell");
- hedging: the claim states as certain what the source only hedges ("may", "could", "should",
  "would", "is considering", "is expected to", "hopes"…);
- roles: the claim swaps who did what to whom, read as two words on either side of a shared
  word appearing in the opposite order in the source (a passive "by" phrase is read as the
  subject);
- multipliers: "tripled" where the source says "doubled";
- who did it (`agents.py`): the claim's doer of a verb is, in the source, on its receiving end
  (active/passive, relative clauses, pronouns, possessives);
- what a number, name or comparison is tied to (`anchors.py`): "€1,430 a month" where the
  source ties "a month" to €1,800, "spokesman for ABa" where it has "spokesman for
  Marketforce", a year given to the words of another stretch or sentence, "more accidents"
  where the source has "fewer accidents" next to "more alert".

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
from assistant.answer.anchors import misdated, misplaced, opposite_tied
from assistant.text import NAME, terms

WORD = re.compile(r"[a-z]+n't|[a-z]+|\d[\d,.]*\d|\d")
# Clause breaks: punctuation inside a sentence and sentence ends, and the contrastive joints
# before which a new statement starts ("…, but an agreement is not expected").
CLAUSE_BREAK = re.compile(
    r"[;:,()\[\]“”\"–—]|(?<=[.!?])\s+|\s+-\s+|"
    r"\s(?=(?:but|while|whereas|though|although|yet|rather than|instead of)\s)",
    re.IGNORECASE,
)

NEGATIONS = frozenset(
    "not no never none nobody nothing nowhere neither nor without cannot lack lacks lacked "
    "lacking".split()
)
# Verbs that deny what they govern (negative implicatives): "six Ikea forks stopped him being
# declared a patriot", "the rules prevented them from leaving".
NEGATION_PHRASES = re.compile(
    r"\b(?:fail(?:s|ed|ing)? to|refus(?:e|es|ed|ing) to|unable to|rather than|instead of|"
    r"stop(?:s|ped|ping)? \w+(?: \w+)? (?:from )?\w+ing|"
    r"(?:prevent(?:s|ed|ing)?|bar(?:s|red|ring)?|keep(?:s|ing)?|kept) (?:\w+ ){1,3}?from \w+ing)\b"
)
# Phrases with a negation word that do not negate: "nothing more than coincidence" asserts.
NOT_NEGATIONS = re.compile(
    r"\b(?:not only|not just|nothing (?:more|less|short) than|nothing but|no (?:more|less|fewer) "
    r"than|no doubt|not least|none other than)\b"
)
HEDGES = frozenset(
    """may might could possibly possible perhaps probably likely unlikely potential potentially
    reportedly allegedly apparently consider considers considered considering expect expects
    expected expecting hope hopes hoped hoping plan plans planned planning aim aims aimed aiming
    suggest suggests suggested suggesting should would""".split()
)

# General pairs of opposites, by base word; `_FORMS` maps inflected forms to their base.
ANTONYMS: list[tuple[set[str], set[str]]] = [
    (
        {"rise", "increase", "grow", "gain", "climb", "raise"},
        {"fall", "decrease", "decline", "drop", "shrink", "reduce", "cut", "lower"},
    ),
    ({"more", "most"}, {"fewer", "less", "least"}),
    ({"higher", "high", "highest"}, {"lower", "low", "lowest"}),
    ({"win", "won"}, {"lose", "loss", "defeat"}),
    ({"gain"}, {"loss", "lose"}),
    ({"up"}, {"down"}),
    ({"open", "reopen"}, {"close", "shut"}),
    ({"accept", "approve", "admit"}, {"reject", "refuse", "deny"}),
    ({"allow", "permit", "legalise", "legalize"}, {"ban", "forbid", "prohibit", "outlaw"}),
    ({"good", "better", "best"}, {"bad", "poor", "worse", "worst"}),
    ({"support", "favour", "favor"}, {"oppose"}),
    ({"buy", "import", "borrow"}, {"sell", "export", "lend"}),
    ({"before", "earlier", "early"}, {"after", "later", "late"}),
    ({"start", "begin", "first"}, {"end", "finish", "last"}),
    ({"include"}, {"exclude"}),
    ({"strong", "stronger"}, {"weak", "weaker"}),
    ({"large", "big", "bigger", "larger"}, {"small", "smaller"}),
    ({"cheap", "cheaper"}, {"expensive"}),
    ({"easy", "easier"}, {"difficult", "hard", "harder"}),
    ({"success", "succeed"}, {"failure", "fail"}),
    ({"arrive", "enter"}, {"leave", "depart", "exit"}),
    ({"maximum"}, {"minimum"}),
    ({"true"}, {"false"}),
    ({"legal"}, {"illegal"}),
    ({"possible"}, {"impossible"}),
    ({"agree"}, {"disagree"}),
    ({"love"}, {"hate"}),
    ({"remember"}, {"forget"}),
    ({"rich", "wealthy"}, {"poor"}),
    ({"above"}, {"below"}),
]
IRREGULAR = {
    "rose": "rise", "risen": "rise", "fell": "fall", "fallen": "fall", "grew": "grow",
    "grown": "grow", "shrank": "shrink", "shrunk": "shrink", "lost": "lose", "won": "win",
    "sold": "sell", "bought": "buy", "lent": "lend", "began": "begin", "begun": "begin",
    "forgot": "forget", "forgotten": "forget",
}  # fmt: skip
MULTIPLIERS = {
    "double": "2x", "doubled": "2x", "doubles": "2x", "doubling": "2x", "twice": "2x",
    "triple": "3x", "tripled": "3x", "triples": "3x", "tripling": "3x", "treble": "3x",
    "trebled": "3x", "thrice": "3x", "quadruple": "4x", "quadrupled": "4x", "half": "0.5x",
    "halved": "0.5x", "halve": "0.5x", "halving": "0.5x",
}  # fmt: skip
# A participle a few words before "by": "was presented to Erdmann by", "charges brought
# against him by".
PASSIVE_BY = re.compile(r"\b\w+(?:ed|en|wn|t)\s+(?:\w+\s+){0,3}?by\s", re.IGNORECASE)


def _forms(base: str) -> set[str]:
    stem = base[:-1] if base.endswith("e") else base
    forms = {base, base + "s", base + "es", stem + "ed", stem + "ing", base + "d"}
    if base.endswith("y"):
        forms |= {base[:-1] + "ies", base[:-1] + "ied"}
    if re.search(r"[^aeiou][aeiou][bdgklmnprt]$", base):
        forms |= {base + base[-1] + "ed", base + base[-1] + "ing"}
    return forms


_FORMS: dict[str, set[str]] = {}
for _pair in ANTONYMS:
    for _side in _pair:
        for _base in _side:
            for _form in _forms(_base):
                _FORMS.setdefault(_form, set()).add(_base)
for _form, _base in IRREGULAR.items():
    _FORMS.setdefault(_form, set()).add(_base)


def words(text: str) -> list[str]:
    """Lower-cased words of a text, contractions kept whole ("didn't"), curly quotes folded."""
    return WORD.findall(text.lower().replace("’", "'"))


@dataclass
class Clause:
    text: str
    words: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self.words = words(self.text)

    @cached_property
    def terms(self) -> set[str]:
        """Content terms compared between clauses (negation words left out)."""
        kept = [w for w in self.words if w not in NEGATIONS and not w.endswith("n't")]
        return set(terms(" ".join(kept)))

    @cached_property
    def negated(self) -> bool:
        text = NOT_NEGATIONS.sub(" ", " ".join(self.words))
        markers = [w for w in text.split() if w in NEGATIONS or w.endswith("n't")]
        other = bool(NEGATION_PHRASES.search(text)) or any(w != "without" for w in markers)
        # a negated "without" is a double negative that asserts a need: "can't survive without"
        return other != ("without" in markers)

    @cached_property
    def hedged(self) -> bool:
        # "may" in lower case: "in May" is a month
        return any(w in HEDGES for w in self.words if w != "may") or bool(
            re.search(r"\bmay\b", self.text)
        )

    @cached_property
    def bases(self) -> set[str]:
        return {b for w in self.words for b in _FORMS.get(w, ())}

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
    return [Clause(p.strip()) for p in CLAUSE_BREAK.split(text) if p and p.strip()]


def best_match(claim: Clause, sources: Sequence[Clause]) -> tuple[Clause | None, list[Clause]]:
    """The source clause sharing most content terms with the claim clause (ties: the tighter
    one), and every source clause sharing at least two terms (or all of a one-term claim)."""
    if not claim.terms:
        return None, []
    need = min(2, len(claim.terms))
    scored = [
        (len(claim.terms & s.terms), len(claim.terms & s.terms) / max(1, len(s.terms)), s)
        for s in sources
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
        (same if source.negated == claim.negated else opposite).update(claim.terms & source.terms)
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
        if best.hedged and not clause.hedged:
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
    if misdated(claim, cited):
        return "date"
    if opposite_tied(claim, cited, lambda w: _FORMS.get(w, set()), ANTONYMS):
        return "antonym"
    return None
