from assistant.text import NAME, NAME_PHRASE, names, terms


def test_terms_drop_stopwords_and_stem():
    assert terms("The drones were visited by Japan’s minister") == terms(
        "drone visit Japan minister"
    )
    assert len(terms("The drones were visited by Japan’s minister")) == 4
    for a, b in [
        ("increased", "increase"),
        ("boxes", "box"),
        ("countries", "country"),
        ("touring", "tour"),
        ("glass", "glass"),
    ]:
        assert terms(a) == terms(b), (a, b)


def test_a_name_is_a_capitalised_word_that_does_not_open_the_sentence():
    text = "Officials said Nakatani will visit Istanbul. Then Erdoğan met F-16 pilots."
    assert NAME.findall(text) == ["Nakatani", "Istanbul", "Erdoğan", "F-16"]
    assert NAME.findall("“Baykar makes drones,” said Selçuk Bayraktar's brother.") == [
        "Selçuk",
        "Bayraktar's",
    ]


def test_a_name_phrase_keeps_a_name_of_several_words_together():
    text = "He toured Turkish Aerospace Industries and Baykar."
    assert NAME_PHRASE.findall(text) == ["Turkish Aerospace Industries", "Baykar"]
    assert NAME_PHRASE.findall("Where did Nakatani go?") == ["Nakatani"]


def test_a_name_is_read_without_its_possessive_ending():
    # "Caledon Seafarms'" kept its apostrophe, so a window saying "Caledon Seafarms" held none
    # of the question's names and the gate refused an answerable question
    text = "Who will review Caledon Seafarms' report on Japan's and Kenya’s fish?"
    assert names(text) == ("Caledon Seafarms", "Japan", "Kenya")
