import pytest

from assistant.config import CopySettings
from assistant.index.copies import CopyGrouper, Member, body_shingles, signature, similarity
from assistant.ingest.article import build_article
from assistant.types import parse_iso
from tests.conftest import SHIPPED_CORPUS

WOLF = (SHIPPED_CORPUS / "on-the-trail-of-the-wolf.txt").read_text(encoding="utf-8")
THRESHOLD = CopySettings().threshold
BOTTLE = (SHIPPED_CORPUS / "101-year-old-bottle-message.txt").read_text(encoding="utf-8")


def body(text):
    return text.split("\n\n", 1)[1]


def parse(text, name="x.txt"):
    return build_article(name, name, "txt", text, {})[0]


def wire(text, outlet="Reuters", headline="UPDATE 1-Poland's wolves"):
    """The story republished: a new headline, a dateline, credits."""
    return f"{headline}\n\nWARSAW, Aug 2 ({outlet}) - {body(text)}\nReporting by Jane Smith\n"


def member(name, text, day="2025-08-01"):
    return Member(name, name, parse_iso(day), signature(parse(text, name)))


def test_headline_dateline_and_credits_are_not_signed():
    a, b = parse(WOLF), parse(wire(WOLF))
    assert body_shingles(a) == body_shingles(b)
    assert similarity(signature(a), signature(b)) == 1.0


def test_an_edited_copy_is_grouped_and_another_story_is_not():
    edited = wire(WOLF).replace("Droppings", "Scat").replace("1,500 wolves", "1,600 wolves")
    trimmed = wire(WOLF.rsplit("\n\n", 1)[0])  # the last paragraph cut
    groups = CopyGrouper(THRESHOLD)(
        [
            member("wolf.txt", WOLF),
            member("edited.txt", edited, "2025-08-02"),
            member("trimmed.txt", trimmed, "2025-08-03"),
            member("bottle.txt", BOTTLE),
        ]
    )
    assert groups == {"edited.txt": "wolf.txt", "trimmed.txt": "wolf.txt"}


def test_two_reports_of_one_event_are_not_copies():
    reuters = "Wildfire\n\nThe wildfire forced the evacuation of 1,200 people near Valencia.\n"
    ap = "Wildfire\n\nThe wildfire forced the evacuation of about 5,000 people near Valencia.\n"
    assert similarity(signature(parse(reuters)), signature(parse(ap))) < THRESHOLD
    assert CopyGrouper(THRESHOLD)([member("r.md", reuters), member("a.md", ap)]) == {}


def test_the_threshold_decides():
    # about a quarter of the shingles differ
    half = body(WOLF).split("\n\n")
    edited = "Head\n\n" + "\n\n".join(half[:-2]) + "\n\nA new closing paragraph of the outlet.\n"
    s = similarity(signature(parse(WOLF)), signature(parse(edited)))
    assert 0.5 < s < 0.95
    pair = [member("wolf.txt", WOLF), member("edited.txt", edited, "2025-08-02")]
    assert CopyGrouper(s - 0.05)(pair) == {"edited.txt": "wolf.txt"}
    assert CopyGrouper(min(s + 0.05, 1.0))(pair) == {}
    with pytest.raises(ValueError, match="copy threshold 0 is not in"):
        CopyGrouper(0)


def test_the_earliest_dated_member_represents_the_group():
    copies = [
        member("a-undated.txt", WOLF, "unknown"),
        member("b-late.txt", wire(WOLF), "2025-08-05"),
        member("c-early.txt", wire(WOLF, "AP"), "2025-08-01"),
        member("d-early.txt", wire(WOLF, "AFP"), "2025-08-01"),
    ]
    # an undated article never represents dated ones; a tie goes to the first path
    assert CopyGrouper(THRESHOLD)(copies) == {
        "a-undated.txt": "c-early.txt",
        "b-late.txt": "c-early.txt",
        "d-early.txt": "c-early.txt",
    }
    # the representative gone, the next one is elected
    assert CopyGrouper(THRESHOLD)(copies[:2] + copies[3:]) == {
        "a-undated.txt": "d-early.txt",
        "b-late.txt": "d-early.txt",
    }


def test_an_article_without_a_signature_is_left_alone():
    assert CopyGrouper(THRESHOLD)([member("a.txt", WOLF), Member("b.txt", "b.txt", "", "")]) == {}
