"""assistant/index/speakers.py: who the index quotes, and the check of a --speaker."""

import pytest

from assistant.errors import AssistantError
from assistant.index.speakers import check_speakers
from assistant.types import Filters, Sentence, SentenceReading, speaker_named

GULER = "Defence Minister Yasar Guler"
OFFICIAL = "a Turkish Defence Ministry official"


@pytest.mark.parametrize(
    "asked, named",
    [("Guler", True), ("yasar guler", True), ("Defence Minister", True), ("Yasar", True),
     ("Guler Yasar", False), ("Gul", False), ("", False)],
)  # fmt: skip
def test_a_speaker_is_named_by_any_run_of_their_words(asked, named):
    assert speaker_named(asked, GULER) is named
    assert speaker_named("the official", OFFICIAL) and speaker_named("Defence Ministry", OFFICIAL)


def test_a_speaker_filter_excludes_other_words_but_hides_no_neighbour():
    said = Sentence("a.txt", 0, 0, 5, "x", 0, SentenceReading(speaker=GULER))
    other = Sentence("a.txt", 1, 6, 9, "y", 0, SentenceReading(speaker=OFFICIAL))
    plain = Sentence("a.txt", 2, 10, 12, "z", 0)
    only = Filters(speakers=("Guler",))
    assert [only.excludes(s) for s in (said, other, plain)] == [False, True, True]
    assert not any(only.hides(s) for s in (said, other, plain))  # still neighbours
    assert not Filters().excludes(plain)


def test_an_unknown_speaker_is_refused_with_the_closest_ones():
    check_speakers(["Guler", "the official"], [GULER, OFFICIAL])
    with pytest.raises(AssistantError, match=r"--speaker 'Gulen' is not a speaker .*Yasar Guler"):
        check_speakers(["Gulen"], [GULER, OFFICIAL])
