"""assistant/ingest/reading.py with language/antecedents.py: each sentence read once at ingest."""

from assistant.ingest.article import build_article
from assistant.ingest.reading import read_sentences
from assistant.ingest.sentences import split_sentences
from assistant.types import ORGANISATION, PERSON


def read(text: str, title: str = "Head"):
    article = build_article("a.md", "a.md", "md", f"---\ntitle: {title}\n---\n{text}", {})[0]
    return {s.text: s.reading for s in read_sentences(article, split_sentences(article))}


def test_a_pronoun_stands_for_the_fitting_name_before_it():
    readings = read(
        "Angela Erdmann never knew her grandfather. He died in 1946.\n\n"
        "Researchers believe Erdmann’s grandfather, Richard Platz, threw the bottle. "
        "He was 20 years old at the time. She said she was moved."
    )
    # Erdmann was called "her": no "he"; a possessive is no subject
    assert readings["He died in 1946."].refers_to == ""
    assert readings["He was 20 years old at the time."].refers_to == "Richard Platz"
    # Platz was a "he" above: "she" goes back to the granddaughter
    assert readings["She said she was moved."].refers_to == "Angela Erdmann"
    assert readings["He was 20 years old at the time."].context == 2


def test_a_bare_role_stands_for_a_name_of_its_kind():
    readings = read(
        "Burgerly, the burger chain, said on Tuesday it would close two plants. "
        "The company blamed energy costs. The chain launched a redesigned menu."
    )
    assert readings["The company blamed energy costs."].refers_to == "Burgerly"
    assert readings["The chain launched a redesigned menu."].leans_on == "The chain"
    assert readings["The chain launched a redesigned menu."].refers_to == "Burgerly"
    opening = readings["Burgerly, the burger chain, said on Tuesday it would close two plants."]
    assert opening.leans_on == "" and opening.has(ORGANISATION)


def test_an_empty_it_leans_on_nothing():
    readings = read(
        "Nordwind Shipping said it would sell the unit. It is too early for an agreement. "
        "It weakened to a tropical storm. It said talks would go on."
    )
    assert readings["It is too early for an agreement."].leans_on == ""
    assert readings["It weakened to a tropical storm."].leans_on == ""
    assert readings["It said talks would go on."].refers_to == "Nordwind Shipping"


def test_they_is_named_only_for_two_names_joined_by_and():
    readings = read(
        "Turkey and Japan are both U.S. allies. They also aim to increase contacts.\n\n"
        "Nakatani will tour Baykar, a Turkish Defence Ministry official said. "
        "“They will hold inspections regarding drones.”"
    )
    assert readings["They also aim to increase contacts."].refers_to == "Turkey and Japan"
    they = readings["“They will hold inspections regarding drones.”"]
    assert (they.leans_on, they.refers_to, they.context) == ("They", "", 2)


def test_the_headline_counts_as_said_before_the_first_sentence():
    readings = read("She resigned on Monday.", title="Finance Minister Anna Lund steps down")
    assert readings["She resigned on Monday."].refers_to == ""  # a title-case headline: places only
    readings = read("She resigned on Monday.", title="Finance minister Anna Lund steps down")
    assert readings["She resigned on Monday."].refers_to == "Anna Lund"
    assert readings["She resigned on Monday."].context == -1  # the headline is no sentence
    assert not readings["She resigned on Monday."].has(PERSON)


def test_quoted_words_take_the_speaker_their_quote_names():
    readings = read(
        "Nakatani will tour Baykar, a Turkish Defence Ministry official said.\n\n"
        "“Cooperation will be on the agenda…” the official said. “They will hold inspections. "
        "It is too early for an agreement.”\n\n"
        "Turkey and Japan are both allies."
    )
    tour = readings["Nakatani will tour Baykar, a Turkish Defence Ministry official said."]
    assert (tour.speaker, tour.speaker_here) == ("a Turkish Defence Ministry official", True)
    # "the official" is the official named before
    agenda = readings["“Cooperation will be on the agenda…” the official said."]
    assert agenda.speaker == "a Turkish Defence Ministry official" and agenda.speaker_here
    quoted = readings["“They will hold inspections. It is too early for an agreement.”"]
    assert quoted.speaker == "a Turkish Defence Ministry official" and not quoted.speaker_here
    assert readings["Turkey and Japan are both allies."].speaker == ""


def test_he_said_is_the_last_speaker_named_or_the_person_before():
    readings = read(
        "Professor Paul Kelley said schools should start later.\n\nWhat is sleep for? "
        "“The body clock moves in the teens,” he said.\n\n"
        "Sara Olsen runs the offshore division. She said sales would grow."
    )
    clock = readings["“The body clock moves in the teens,” he said."]
    assert clock.speaker == "Paul Kelley"  # the person "he" stands for
    assert readings["She said sales would grow."].speaker == "Sara Olsen"


def test_a_quote_of_several_paragraphs_is_its_speakers_throughout():
    # news copy names the speaker once; the next quote paragraph, and a quote left open at a
    # paragraph's end and opened again in the next, go on in their words
    readings = read(
        '"Daniel is our heartbeat," said manager Gordon Baird.\n\n'
        '"He was in tears on Sunday. I told him the club will look after him.\n\n'
        '"He will be back."\n\n'
        "Okafor joined the club in 2021."
    )
    for text in (
        '"He was in tears on Sunday.',
        "I told him the club will look after him.",  # no "I" as a speaker inside a quote
        '"He will be back."',
    ):
        assert readings[text].speaker == "manager Gordon Baird", text
    assert readings["Okafor joined the club in 2021."].speaker == ""


def test_it_said_is_the_organisation_it_stands_for():
    readings = read(
        "Inspectors found faulty pumps, the Hellenic Coast Guard said in a statement. "
        "It said the ship would not leave.\n\nIt rained all week."
    )
    it_said = readings["It said the ship would not leave."]
    assert it_said.speaker == "Hellenic Coast Guard" and it_said.said_at == (0, 2)  # "It"
    assert readings["It rained all week."].speaker == ""


def test_a_speaker_named_by_surname_is_given_their_full_name():
    readings = read(
        "Angela Erdmann found the bottle on a beach.\n\n"
        "“It was a surprise,” Erdmann said.\n\nOfficials said Smith would speak."
    )
    assert readings["“It was a surprise,” Erdmann said."].speaker == "Angela Erdmann"
    # no full name before: as written
    assert readings["Officials said Smith would speak."].speaker == "Officials"
