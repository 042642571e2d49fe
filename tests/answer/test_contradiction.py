"""The lexical rules that read a claim against the clause it restates (answer/contradiction.py),
on sentences outside the claims set of eval/verifier, with the fake embedder."""

import pytest

from assistant.answer.contradiction import clauses, contradiction
from assistant.answer.verify import Verifier, name_found, names
from tests.fakes import FakeEmbedder

DEAL = "The minister said the two countries signed a trade deal on Tuesday."
NO_DEAL = "The minister said the two countries did not sign a trade deal on Tuesday."
PRICES_FELL = "Oil prices fell sharply in May, traders said."
MAY_CLOSE = "The factory may close next year, the company warned."
FINAL = "In the final, Germany beat France by two goals."
SONS_PAY = "Her parents can’t survive without the pay their sons bring home."
SHOULD = "New rivals entering the business should help erode the resistance of bike shops."
ENFORCED = (
    "E-bikes are banned in some states, including Ohio, although the law isn’t strictly enforced."
)


def supported(claim: str, cited: list[str]) -> bool:
    verifier = Verifier(FakeEmbedder().embed)
    return verifier.support(claim, cited) >= verifier.settings.min_support


@pytest.mark.parametrize(
    "claim, cited, rule",
    [
        # polarity, both ways, whatever the cue
        ("The two countries signed a trade deal on Tuesday.", [NO_DEAL], "polarity"),
        ("The two countries didn’t sign a trade deal on Tuesday.", [DEAL], "polarity"),
        ("The two countries never signed a trade deal.", [DEAL], "polarity"),
        ("The two countries failed to sign a trade deal on Tuesday.", [DEAL], "polarity"),
        ("Nobody signed the trade deal on Tuesday.", [DEAL], "polarity"),
        # antonyms, in any inflection
        ("Oil prices rose sharply in May.", [PRICES_FELL], "antonym"),
        ("Oil prices increased sharply in May.", [PRICES_FELL], "antonym"),
        ("The museum stayed open on Monday.", ["The museum was closed on Monday."], "antonym"),
        # certain where the source hedges
        ("The factory will close next year.", [MAY_CLOSE], "hedge"),
        ("The factory is closing next year.", [MAY_CLOSE], "hedge"),
        # "can't … without" is a double negative: it asserts a need
        ("Her parents can survive without their sons' pay.", [SONS_PAY], "polarity"),
        # a verb that denies what it governs (a negative implicative)
        (
            "He was declared a patriot.",
            ["Six forks stopped him being declared a patriot."],
            "polarity",
        ),
        # "should" and "would" hedge as "may" does
        ("New rivals will erode the resistance of bike shops.", [SHOULD], "hedge"),
        # a tie between clauses of either polarity goes to the predicate, which comes last
        ("The law banning e-bikes in Ohio is strictly enforced.", [ENFORCED], "polarity"),
        # names swapped around what they did
        ("In the final, France beat Germany by two goals.", [FINAL], "roles"),
        # a multiplier the source does not give
        ("Sales tripled in a year.", ["Sales doubled in a year."], "multiplier"),
    ],
)
def test_contradictions_are_rejected(claim, cited, rule):
    assert contradiction(claim, cited) == rule
    assert not supported(claim, cited)


@pytest.mark.parametrize(
    "claim, cited",
    [
        ("The two countries did not sign a trade deal on Tuesday.", [NO_DEAL]),
        ("No trade deal was signed by the two countries on Tuesday.", [NO_DEAL]),
        ("The two countries signed a trade deal on Tuesday.", [DEAL]),
        ("Her parents cannot survive without their sons' pay.", [SONS_PAY]),
        (
            "Six forks prevented him from being declared a patriot.",
            ["Six forks stopped him being declared a patriot."],
        ),
        ("New rivals should help erode the resistance of bike shops.", [SHOULD]),
        ("E-bikes are banned in Ohio, but the law is not strictly enforced.", [ENFORCED]),
        # a negated antonym says the same: "did not rise" / "fell"
        ("Oil prices did not rise in May; they fell sharply.", [PRICES_FELL]),
        # hedged where the source is certain: weaker, still supported
        ("The two countries may have signed a trade deal on Tuesday.", [DEAL]),
        ("The factory may close next year.", [MAY_CLOSE]),
        # "nothing more than" asserts; "rather than" negates only what follows it
        (
            "The two events were linked only by coincidence.",
            ["Experts said the two events were linked by nothing more than coincidence."],
        ),
        (
            "The wolves live alongside people rather than behind fences.",
            ["The wolves live alongside people instead of behind fences."],
        ),
        # the passive puts the same names in the other order
        ("France was beaten by Germany in the final.", [FINAL]),
        # names do not carry polarity: the claim is read in the clause with its verb
        (
            "Anna Berg's grandfather died in 1946.",
            ["Anna Berg never knew her grandfather.", "He died in 1946."],
        ),
    ],
)
def test_restatements_are_supported(claim, cited):
    assert contradiction(claim, cited) is None
    assert supported(claim, cited)


def test_negation_is_read_in_the_clause_the_claim_restates():
    source = "They will hold inspections regarding drones, but an agreement is not expected."
    assert [c.text for c in clauses(source)] == [
        "They will hold inspections regarding drones",
        "but an agreement is not expected.",
    ]
    assert contradiction("They will hold inspections regarding drones.", [source]) is None
    assert contradiction("An agreement is expected.", [source]) == "polarity"
    assert contradiction("No agreement is expected.", [source]) is None


def test_names_without_possessive_and_with_demonym_endings():
    assert names("In Berlin, Angela Erdmann's grandfather met Erdmann’s aunt.") == {
        "berlin",
        "angela",
        "erdmann",
    }
    assert name_found("japanese", "a challenge to japan's ingrained culture")
    assert name_found("russia", "the russian government")
    assert not name_found("germany", "the german government")  # not a demonym ending
    assert not name_found("japanese", "the jordanian government")
