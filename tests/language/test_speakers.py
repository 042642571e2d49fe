"""assistant/language/speakers.py: whose words a sentence names, by the patterns of wire copy."""

import pytest

from assistant.language.speakers import (
    asked_speaker,
    asks_who_said,
    attributed,
    attribution,
    in_quote,
)


@pytest.mark.parametrize(
    "sentence, speaker",
    [
        ("Nakatani will tour Baykar, a Turkish Defence Ministry official said.",
         "a Turkish Defence Ministry official"),
        # a role, then the name between commas
        ("“We can give them this,” the museum's director, Ewa Sikorska, said at a ceremony.",
         "Ewa Sikorska"),
        ("Its chair, Imran Qureshi, told the Ledger that shops were struggling.", "Imran Qureshi"),
        ("“We eat rice,” one of the crew, a sailor from the Philippines, told AFP by telephone.",
         "a sailor from the Philippines"),
        ("The International Transport Workers' Federation (ITF), a global union, said it was "
         "the fourth ship.", "The International Transport Workers' Federation"),
        # a role before a name
        ("“The Baltic works for us,” chief executive Tomasz Zieliński said at a ceremony.",
         "chief executive Tomasz Zieliński"),
        # claims that need their clause: "found that", "estimate that"
        ("Judge Nomvula Dlamini found that the company had known for six years.",
         "Judge Nomvula Dlamini"),
        ("Government scientists estimate that 30 million litres rise every day.",
         "Government scientists"),
        ("Police found the body on Tuesday.", ""),
        ("According to Ferraro, the bubbles will show the carbon dioxide.", "Ferraro"),
        ("“Cooperation will be on the agenda…” the official said.", "the official"),
        ("“We will not accept this deal,” said Maria Okafor, the union’s leader.", "Maria Okafor"),
        ("The blaze burned 7,400 hectares, according to the regional emergency service.",
         "the regional emergency service"),
        ("Ahead of the visit, a diplomatic source in Ankara said the ministers would meet.",
         "a diplomatic source"),
        ("“It was surprising,” Angela Erdmann, 62, said, recalling the day.", "Angela Erdmann"),
        ("Holger von Neuhoff, curator at the museum, said the message was the oldest.",
         "Holger von Neuhoff"),
        ("But experts said the two events were linked by nothing more than chance.", "experts"),
        ("Defence Minister Yasar Guler said after the meeting that ties would grow.",
         "Defence Minister Yasar Guler"),
        ("“It is a full-time job just finding the stuff,” he said.", "he"),
        # no speaker: the outlet's own statement, quoted words alone, "told" inside a quote
        ("Turkey and Japan are both U.S. allies.", ""),
        ("“They will hold inspections regarding drones.”", ""),
        ("“A man stood at my door and told me he had post from my grandfather.", ""),
        ("There are now an estimated 1,500 wolves in Poland.", ""),
    ],
)  # fmt: skip
def test_attribution(sentence, speaker):
    assert attribution(sentence) == speaker


def test_a_quote_is_followed_across_the_sentences_of_a_paragraph():
    assert in_quote("“A man stood at my door.", False) == (True, True)
    assert in_quote("He had post from my grandfather.”", True) == (True, False)
    assert in_quote("Turkey and Japan are both allies.", False) == (False, False)


@pytest.mark.parametrize(
    "question, speaker",
    [
        ("What did Guler say about cooperation?", "Guler"),
        ("What did the analyst Ifeoma Okafor say about the licence?", "Ifeoma Okafor"),
        ("What did opposition lawmaker Mart Rebane say about the audit?", "Mart Rebane"),
        ("What did the ministry spokeswoman say about the vaccine?", "the ministry spokeswoman"),
        (
            "How does the Zenlake Securities analyst see the licence?",
            "the Zenlake Securities analyst",
        ),
        ("According to Guler, what will Turkey do?", "Guler"),
        ("What did they say about the drones?", ""),  # whose words, it does not say
        ("What did it say?", ""),
        ("How many drones did Japan buy?", ""),
        ("Who said it is too early for an agreement?", ""),
    ],
)
def test_the_speaker_a_question_asks_about(question, speaker):
    assert asked_speaker(question) == speaker


@pytest.mark.parametrize(
    "question, asks",
    [
        ("Who said it is too early for an agreement?", True),
        ("Which broker said buyers were chasing quality?", True),
        ("Who warned of delays at the port?", True),
        ("Who is the president of France?", False),
        ("What did Guler say about cooperation?", False),
    ],
)
def test_a_question_asking_who_said_something(question, asks):
    assert asks_who_said(question) is asks


@pytest.mark.parametrize(
    "sentence, quoted_before, speaker",
    [
        (
            "“We can give them this,” the museum's director, Ewa Sikorska, said.",
            False,
            "Ewa Sikorska",
        ),
        ("Traffic resumed at 6 pm, the port authority said.", False, "the port authority"),
        # opening inside a quote: the span is counted in the sentence as written
        ("We will be back,” said manager Gordon Baird.", True, "manager Gordon Baird"),
    ],
)
def test_the_span_that_names_the_speaker(sentence, quoted_before, speaker):
    said = attributed(sentence, quoted_before)
    assert said.speaker == speaker and sentence[said.start : said.end] == speaker
