"""assistant/answer/selection.py: the store's calibrated citation floor, and who wins."""

import json

import pytest

from assistant.answer.selection import SELECTION_FILE, Selection, selected
from assistant.config import AnswerSettings
from assistant.errors import ConfigError


def test_the_stores_floor_applies_unless_the_user_set_one(tmp_path):
    assert selected(AnswerSettings(), tmp_path).relative_floor == 0.85  # nothing calibrated
    Selection(0.6, "mine.jsonl: 40 answerable").save(tmp_path / SELECTION_FILE)
    assert selected(AnswerSettings(), tmp_path).relative_floor == 0.6
    assert selected(AnswerSettings(relative_floor=0.9), tmp_path).relative_floor == 0.9
    assert Selection.load(tmp_path / SELECTION_FILE) == Selection(0.6, "mine.jsonl: 40 answerable")


@pytest.mark.parametrize(
    "content, says",
    [
        ("{}", "field 'relative_floor' is missing"),
        (json.dumps({"relative_floor": 7}), "'relative_floor' is 7.0, not between 0 and 1"),
        ("not json", "cannot read it"),
    ],
)
def test_a_bad_selection_file_is_refused_naming_it(tmp_path, content, says):
    (tmp_path / SELECTION_FILE).write_text(content)
    with pytest.raises(ConfigError, match=rf"{SELECTION_FILE}.*{says}"):
        selected(AnswerSettings(), tmp_path)
