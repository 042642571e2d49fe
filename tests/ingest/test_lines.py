import pytest

from assistant.ingest.lines import classify, parse_byline


@pytest.mark.parametrize(
    "line, kind",
    [
        ("Date: 2022-06-12", "header"),
        ("Source: BBC News", "header"),
        ("Image caption, People cooled off in fountains", "header"),
        ("Updated 10:32 AM EDT, Sun June 12, 2022", "stamp"),
        ("Sun 12 Jun 2022 10.32 BST", "stamp"),
        ("Reuters —", "outlet"),
        ("BBC News", "outlet"),
        ("(AP)", "outlet"),
        ("Firefighters at work. Photograph: Jo Roe/AFP/Getty Images", "caption"),
        ("Crowds in Paris (Photo: EPA)", "caption"),
        ("*Commuters in Tokyo. Photo: Kim Kyung-Hoon / Reuters*", "caption"),
        ("(Reporting by Ann Lee; Editing by Bo Chan)", "credit"),
        ("Read more:", "box"),
        ("Related Topics", "box"),
        ("#climate #fiji", "boilerplate"),
        ("![Fire](fire.jpg)", "boilerplate"),
        ("## A subhead", "heading"),
        ("By Jane Doe, CNN", "byline"),
    ],
)
def test_metadata_lines(line, kind):
    assert classify(line, head=True).kind == kind


@pytest.mark.parametrize(
    "line",
    [
        "By then, the fire had spread to the next valley.",
        "By Friday crews had contained the blaze",
        "Reuters reported the fire on Friday.",
        "Officials said 1,200 people were evacuated.",
    ],
)
def test_prose_lines(line):
    assert classify(line, head=True) is None


def test_stamps_and_bylines_only_in_the_head():
    assert classify("Updated 10:32 AM EDT, Sun June 12, 2022", head=False) is None
    assert classify("By Jane Doe", head=False) is None


def test_byline_authors_and_outlet():
    meta = parse_byline("By JANE DOE and TOM ROE Associated Press")
    assert (meta.authors, meta.outlet) == (("Jane Doe", "Tom Roe"), "Associated Press")
    meta = parse_byline("By Jane Doe, CNN")
    assert (meta.authors, meta.outlet) == (("Jane Doe",), "CNN")
    assert parse_byline("By Jane Doe, Climate correspondent").authors == ("Jane Doe",)
