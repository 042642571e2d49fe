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


GLASS = "Early estimates suggested more than 100,000 windows had been broken and 3,000 homes hit."


@pytest.mark.parametrize(
    "claim, cited, rule",
    [
        # a negative prefix negates as "not" does, on either side
        ("The old map could be deciphered.", ["The old map was indecipherable."], "polarity"),
        (
            "Water levels were abnormally high.",
            ["Water levels in the river were normal."],
            "polarity",
        ),
        ("Teachers discouraged the pupils.", ["Teachers encouraged the pupils."], "polarity"),
        # the comma of "100,000" does not cut the clause off its hedge
        ("Official figures show more than 100,000 windows had been broken.", [GLASS], "hedge"),
        # a colon leads into what the clause before it hedges
        (
            "Walking more will cure back pain.",
            ["Imagine if we could cure back pain with a simple remedy: walking more."],
            "hedge",
        ),
        # trying, wanting, intending: the outcome is not asserted
        (
            "Experts have deciphered the text.",
            ["Experts will attempt to decipher the text."],
            "hedge",
        ),
        (
            "Lobbying has won the right to ride everywhere.",
            ["Lobbying is underway to win the right to ride everywhere."],
            "hedge",
        ),
        # a claim more certain or more general than its source
        (
            "Pupils always find it hard to settle.",
            ["Pupils sometimes find it hard to settle."],
            "hedge",
        ),
        # general pairs of opposites
        ("She has two younger sisters.", ["She has two older sisters."], "antonym"),
        (
            "The council is friendly to cyclists.",
            ["The council is hostile to cyclists."],
            "antonym",
        ),
        (
            "The mayor spoke out in support of the plan.",
            ["The mayor spoke out against the plan."],
            "antonym",
        ),
        ("She saw that standards had fallen.", ["She saw that standards had improved."], "antonym"),
        # a pronoun subject stands for the clause before it: "they" are the actions
        (
            "The same rules would be needed today.",
            [
                "While the same rules would be better understood today, he said that they "
                "would not be needed."
            ],
            "polarity",
        ),
        # a number given another time unit, a bound turned round
        (
            "He spent two years in jail.",
            ["He spent two months in jail before being bailed."],
            "unit",
        ),
        (
            "At least 10% of members find work.",
            ["Up to 10% of members find work."],
            "bound",
        ),
    ],
)
def test_contradictions_of_the_fresh_2_rules_are_found(claim, cited, rule):
    assert contradiction(claim, cited) == rule


@pytest.mark.parametrize(
    "claim, cited",
    [
        ("The old map could not be deciphered.", ["The old map was indecipherable."]),
        ("Water levels were not abnormal.", ["Water levels in the river were normal."]),
        # an "and" with its own subject starts a clause of its own polarity
        (
            "Bikes are allowed on paths.",
            ["Bikes are allowed on paths and they can't go faster than 20mph."],
        ),
        # a claim keeping the source's hedge word elsewhere states nothing as certain
        (
            "The minister discussed possible purchases of drones while visiting Ankara.",
            ["The minister discussed possible purchases of drones during a visit to Ankara."],
        ),
        # a hedge governs what follows it: the customers are retired teachers, certainly
        (
            "Most of the firm's customers are retired teachers.",
            [
                "Most of our customers are “retired teachers who want to travel more,” says "
                "its owner."
            ],
        ),
        ("Early estimates suggested that about 3,000 homes had been hit.", [GLASS]),
        (
            "The same rules would probably be better understood today.",
            [
                "While the same rules would probably be better understood today, he said "
                "that they would not be needed."
            ],
        ),
        ("He spent two months in jail.", ["He spent two months in jail before being bailed."]),
        ("Under 10% of members find work.", ["Up to 10% of members find work."]),
    ],
)
def test_restatements_pass_the_fresh_2_rules(claim, cited):
    assert contradiction(claim, cited) is None


def test_digit_commas_and_colons_do_not_cut_clauses():
    assert len(clauses("More than 100,000 windows were broken: a record.")) == 1
    assert len(clauses("Bikes are allowed and they are fast.")) == 2


@pytest.mark.parametrize(
    "claim, cited, rule",
    [
        # a short stem under a negative prefix ("disliked" / "liked": "dislik" / "lik")
        ("She disliked travel.", ["She also liked travel."], "polarity"),
        # a bare "she said" is the speaker, not the clause before it: the negation stands
        (
            "Erdmann said more bottles should be thrown into the sea.",
            ["“The sea is so full of bottles that more shouldn’t be thrown in there,” she said."],
            "polarity",
        ),
        # being blamed for something is not having caused it
        (
            "Overwork has caused a rise in suicide.",
            ["Overwork is being blamed for a rise in suicide."],
            "hedge",
        ),
        ("The peace in the region is secure.", ["The peace in the region is fragile."], "antonym"),
        # an exact figure where the source gives a bound
        ("Exactly three craters were found.", ["At least three craters were found."], "bound"),
    ],
)
def test_contradictions_of_the_fresh_3_corrections_are_found(claim, cited, rule):
    assert contradiction(claim, cited) == rule
