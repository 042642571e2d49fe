"""Who did what to whom (answer/agents.py), on sentences outside the claims set of
eval/verifier: each case fails when the reading it names is taken out."""

import pytest

from assistant.answer.agents import swapped_agent

PRESENTED = "It was presented to Erdmann by the museum that is now exhibiting it."
LENT = "Duran was arrested on charges brought against him by six banks that had lent him money."
PREDATORS = "Predators balance the ecosystem. They keep herbivores in check."
OWNS = "Accell owns the Raleigh brand, as well as Haibike, an award-winning bike."
FUNDED = "For 14 years, SOHAY, an NGO funded by the Global Fund for Children, has been working."
ALAMIN = "Alamin, ten, who used to work in a plastic factory, attends one of the centers."


@pytest.mark.parametrize(
    "claim, cited",
    [
        # a passive's doer is its "by" phrase; the active claim makes the receiver the doer
        ("Erdmann presented the bottle to the museum.", [PRESENTED]),
        # a relative clause's doer is the noun before "that"; "him" is the person named
        ("Duran lent money to six banks.", [LENT]),
        # a pronoun doer is the noun of the sentence before
        ("Herbivores keep predators in check.", [PREDATORS]),
        # an "-s" form after a name is a verb
        ("Haibike owns the Raleigh brand.", [OWNS]),
        # a reduced passive ("an NGO funded by"), and a name is never the verb ("Global Fund")
        ("The Global Fund for Children is funded by SOHAY.", [FUNDED]),
        # the possessor did it, not what they possess
        ("Alamin's father used to work in a plastic factory.", [ALAMIN]),
    ],
)
def test_swapped_doers_are_found(claim, cited):
    assert swapped_agent(claim, cited)


@pytest.mark.parametrize(
    "claim, cited",
    [
        ("The museum presented the bottle to Erdmann.", [PRESENTED]),
        ("Erdmann was given the bottle by the museum.", [PRESENTED]),
        # the verb after a whole relative clause is done by the noun before "that"
        ("Six banks that had lent Duran money brought charges against him.", [LENT]),
        ("Predators keep herbivores in check.", [PREDATORS]),
        ("Accell owns the Raleigh brand.", [OWNS]),
        ("SOHAY is funded by the Global Fund for Children.", [FUNDED]),
        ("Alamin used to work in a plastic factory.", [ALAMIN]),
        # the passive claim names the same doer
        (
            "Drones have been supplied to Ukraine by Turkey-backed firms.",
            ["Turkey-backed firms have supplied drones to several countries, including Ukraine."],
        ),
        # "her grandfather" is the grandfather, not "she"
        (
            "Her grandfather died in 1946, six years before she was born.",
            ["He died in 1946, six years before she was born."],
        ),
        # a verb on one side only counts in the same form: the noun "bottles" is no "bottled"
        (
            "She hoped others would not throw bottles into the sea.",
            ["Despite her joy at the bottled message, she hoped others would not throw bottles."],
        ),
    ],
)
def test_same_doers_pass(claim, cited):
    assert not swapped_agent(claim, cited)


@pytest.mark.parametrize(
    "claim, cited, swapped",
    [
        # an "-s" verb after an adverb ("also runs") has the name before it as its doer
        (
            "Parents run sessions for Sohay.",
            ["Sohay also runs sessions for parents."],
            True,
        ),
        (
            "Sohay runs sessions for parents.",
            ["Sohay also runs sessions for parents."],
            False,
        ),
        # what one does oneself is done by no one else
        (
            "Laura is employed by a bank.",
            ["Laura is self-employed, taking jobs from a bank."],
            True,
        ),
        # a passive claim whose subject is, in the source, the person doing it
        (
            "Smith was asked why anyone would do it.",
            ["When Smith first heard of it, he asked: “Why would anyone do it?”"],
            True,
        ),
        (
            "Smith asked why anyone would do it.",
            ["When Smith first heard of it, he asked: “Why would anyone do it?”"],
            False,
        ),
        # a passive cut short ("3,000 homes hit") names no doer
        (
            "About 3,000 homes had been hit.",
            ["Estimates say 100,000 windows were broken and 3,000 homes hit."],
            False,
        ),
    ],
)
def test_doers_of_the_fresh_2_rules(claim, cited, swapped):
    assert swapped_agent(claim, cited) is swapped


@pytest.mark.parametrize(
    "claim, cited",
    [
        # a reporting verb opens the clause it reports: the planet is vulnerable, not Medvedev
        ("Medvedev said the planet is vulnerable.", ["“The planet is vulnerable,” Medvedev said."]),
        # the "m" of "I’m" is no doer
        (
            "Duran said in an interview that he was proud of what he did.",
            ["“I’m proud of what I did,” he said in an interview."],
        ),
    ],
)
def test_reported_speech_keeps_its_doers(claim, cited):
    assert not swapped_agent(claim, cited)
