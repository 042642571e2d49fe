"""The words that flip, weaken or overstate a statement, for the verifier's lexical rules
(`contradiction.py`, `anchors.py`): negations, hedges, general pairs of opposites, multipliers,
and negative prefixes ("indecipherable" says "not decipherable")."""

from __future__ import annotations

import re

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
    suggest suggests suggested suggesting should would blame blames blamed blaming accuse
    accuses accused accusing attempt attempts attempted attempting try
    tries tried trying seek seeks sought seeking intend intends intended intending want wants
    wanted wanting wish wishes wished propose proposes proposed proposing underway""".split()
)
# Words that make a claim more certain or more general than a source that lacks them:
# "always" where the source says "sometimes", "will certainly" where it says "can".
CERTAIN = frozenset("always certainly definitely surely undoubtedly inevitably invariably".split())

# General pairs of opposites, by base word; `FORMS` maps inflected forms to their base.
ANTONYMS: list[tuple[set[str], set[str]]] = [
    (
        {"rise", "increase", "grow", "gain", "climb", "raise", "improve"},
        {"fall", "decrease", "decline", "drop", "shrink", "reduce", "cut", "lower", "worsen"},
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
    ({"support", "favour", "favor"}, {"oppose", "against"}),
    ({"buy", "import", "borrow"}, {"sell", "export", "lend"}),
    ({"before", "earlier", "early"}, {"after", "later", "late"}),
    ({"start", "begin", "first"}, {"end", "finish", "last"}),
    ({"include"}, {"exclude"}),
    ({"strong", "stronger"}, {"weak", "weaker"}),
    ({"large", "big", "bigger", "larger"}, {"small", "smaller"}),
    ({"cheap", "cheaper"}, {"expensive", "pricey", "costly"}),
    ({"easy", "easier"}, {"difficult", "hard", "harder", "challenging", "tough"}),
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
    ({"young", "younger", "youngest"}, {"old", "older", "oldest", "elder", "elderly"}),
    ({"quick", "quickly", "fast", "faster", "rapid", "rapidly"}, {"slow", "slower", "slowly"}),
    ({"friendly"}, {"hostile"}),
    ({"safe", "safer"}, {"dangerous", "hazardous"}),
    ({"long", "longer"}, {"short", "shorter"}),
    ({"heavy", "heavier"}, {"lighter"}),
    ({"praise"}, {"criticise", "criticize", "condemn"}),
    ({"happy", "happier"}, {"sad"}),
    ({"common"}, {"rare"}),
    ({"full"}, {"empty"}),
    ({"public"}, {"private"}),
    ({"north"}, {"south"}),
    ({"east"}, {"west"}),
    ({"secure", "stable"}, {"fragile", "precarious", "insecure"}),
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


def _forms(base: str) -> set[str]:
    stem = base[:-1] if base.endswith("e") else base
    forms = {base, base + "s", base + "es", stem + "ed", stem + "ing", base + "d"}
    if base.endswith("y"):
        forms |= {base[:-1] + "ies", base[:-1] + "ied"}
    if re.search(r"[^aeiou][aeiou][bdgklmnprt]$", base):
        forms |= {base + base[-1] + "ed", base + base[-1] + "ing"}
    return forms


FORMS: dict[str, set[str]] = {}
"""Each inflected form of an opposite to its base words ("fell" -> {"fall"})."""
for _pair in ANTONYMS:
    for _side in _pair:
        for _base in _side:
            for _form in _forms(_base):
                FORMS.setdefault(_form, set()).add(_base)
for _form, _base in IRREGULAR.items():
    FORMS.setdefault(_form, set()).add(_base)

# A negative prefix, and the shortest stem it is read on: "in-" and "ab-" open many words that
# negate nothing ("invest", "abroad"), so they need a longer stem; a short stem must be the
# other word whole ("disliked" / "liked" are "dislik" / "lik").
NEGATIVE_PREFIXES = {"un": 3, "dis": 3, "non": 3, "il": 4, "ir": 4, "in": 5, "im": 5, "ab": 6}
# Prefixes the positive side may carry: "encourage" / "discourage", "enable" / "disable".
POSITIVE_PREFIXES = ("en", "em", "")


def _same_root(a: str, b: str) -> bool:
    short, long = sorted((a, b), key=len)
    return len(short) >= 4 and long.startswith(short)


def prefix_negates(term: str, other: str) -> bool:
    """Whether `term` is `other` with a negative prefix: "indecipherable" of "decipher",
    "abnormally" of "normal", "discouraging" of "encouraging"."""
    for prefix, shortest in NEGATIVE_PREFIXES.items():
        stem = term[len(prefix) :]
        if term.startswith(prefix) and len(stem) >= shortest:
            for positive in POSITIVE_PREFIXES:
                rest = other[len(positive) :]
                if other.startswith(positive) and (stem == rest or _same_root(stem, rest)):
                    return True
    return False
