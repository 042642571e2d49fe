import pytest

from assistant.ingest.html import read_page


@pytest.mark.parametrize(
    "block, paragraphs",
    [
        ("<p>Anglers came<br>at dawn.</p>", ["Anglers came at dawn."]),
        (
            "<div>Anglers came at dawn.<br><br>Gulls too.</div>",
            ["Anglers came at dawn.", "Gulls too."],
        ),
    ],
)
def test_a_line_break_parts_words_and_two_in_a_row_part_paragraphs(block, paragraphs):
    page = read_page(
        "brief.html", f"<html><body><p>The pier reopened on Friday.</p>{block}</body></html>"
    )
    assert page.text.split("\n\n") == ["The pier reopened on Friday.", *paragraphs]
