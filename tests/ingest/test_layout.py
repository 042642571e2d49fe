from assistant.ingest.layout import parse_layout
from assistant.ingest.lines import is_boilerplate, parse_credits, split_names
from tests.conftest import SEED, SHIPPED_CORPUS


def test_seed_layout_drops_headline_dateline_credits_and_image_tags():
    text = (SHIPPED_CORPUS / SEED).read_text(encoding="utf-8")
    layout = parse_layout(text)
    assert layout.headline.startswith("Japan’s defence minister discusses military cooperation")
    assert (layout.place, layout.outlet) == ("Ankara", "Reuters")
    assert layout.authors == ["Ece Toksabay", "Tuvan Gumrukcu", "Timothy Kelly"]
    assert layout.editors == ["Gareth Jones"]
    body = [text[s:e] for s, e in layout.body]
    assert body[0].startswith("Japan’s defence minister discussed")  # dateline cut off
    assert body[-1].endswith("stops in Djibouti and Jordan.")
    assert not any("VIEWIMAGE" in p or "Reporting by" in p for p in body)
    assert len(body) == 10


def test_credits_with_separators_and_roles():
    authors, editors = parse_credits(
        "(Reporting by Jane Doe in Paris; Additional reporting by Max Roe; Writing by Ann Lee; "
        "Editing by Bob Ray and Sue Kim)"
    )
    assert authors == ["Jane Doe", "Max Roe", "Ann Lee"]
    assert editors == ["Bob Ray", "Sue Kim"]


def test_split_names_strips_places():
    assert split_names("Ece Toksabay and Tuvan Gumrukcu in Ankara, Timothy Kelly in Tokyo") == [
        "Ece Toksabay",
        "Tuvan Gumrukcu",
        "Timothy Kelly",
    ]


def test_dateline_variants():
    for line, place, outlet in [
        ("WASHINGTON (Reuters) - The U.S. said.", "Washington", "Reuters"),
        ("NEW YORK, March 3 (AP) — Stocks fell.", "New York", "AP"),
        ("PARIS (AFP) -- Le gouvernement a dit.", "Paris", "AFP"),
    ]:
        layout = parse_layout(f"Headline\n\n{line}")
        assert (layout.place, layout.outlet) == (place, outlet)
        s, e = layout.body[0]
        assert f"Headline\n\n{line}"[s:e] == line.split(" ", 1)[1].split(") ", 1)[1].lstrip("-—– ")


def test_no_dateline_keeps_whole_first_paragraph():
    text = "A headline\n\nThe council met (briefly) on Monday - and left."
    layout = parse_layout(text)
    assert layout.place == layout.outlet == ""
    assert text[slice(*layout.body[0])] == "The council met (briefly) on Monday - and left."


def test_boilerplate_lines():
    for line in [
        "tagreuters.com2025binary_LYNXMPEL7I0A8-VIEWIMAGE",
        "https://example.com/story/123",
        "Advertisement",
        "Read more: what happened next",
        "© 2025 Reuters",
        "***",
    ]:
        assert is_boilerplate(line), line
    for line in ["The U.S. said so.", "Prices rose 5%.", "Yes."]:
        assert not is_boilerplate(line), line


def test_byline_and_markdown_headings_are_not_prose():
    text = "# Title\n\nBy Jane Doe and John Roe\n\n## A subhead\n\nFirst sentence here.\n"
    layout = parse_layout(text)
    assert layout.headline == "Title"
    assert layout.authors == ["Jane Doe", "John Roe"]
    assert [text[s:e] for s, e in layout.body] == ["First sentence here."]


def test_headline_only_has_no_body():
    assert parse_layout("Just a headline\n\n").body == []
