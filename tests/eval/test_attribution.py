"""assistant/eval/attribution.py: labelled sentences scored against the speakers read at ingest,
and `assistant eval --attribution` end to end."""

import json

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.errors import EvalError
from assistant.eval.attribution import load_labelled, said_by_precision, score_attribution
from assistant.types import Answer, Citation, same_speaker

runner = CliRunner()

STORY = (
    "Port strike ends\n\n"
    "ROTTERDAM, March 3 (Reuters) - Dock workers ended a strike on Tuesday.\n\n"
    "“We got what we asked for. Now we go back,” said union leader Anna de Vries.\n\n"
    "The port authority said ships would move again by Friday. Cargo piled up all week.\n"
)
ROWS = [
    # the dateline is no part of the indexed sentence
    ("s1", "ROTTERDAM, March 3 (Reuters) - Dock workers ended a strike on Tuesday.", None),
    # the index keeps the two-sentence quote whole
    ("s2", "“We got what we asked for.", "Anna de Vries"),
    ("s3", "Now we go back,” said union leader Anna de Vries.", "Anna de Vries"),
    ("s4", "The port authority said ships would move again by Friday.", "the port authority"),
    # read as the outlet's own narration, but labelled as a claim: a miss of recall
    ("s5", "Cargo piled up all week.", "the port authority"),
    ("s6", "A sentence the article does not have.", None),
]


def write_rows(path, rows, **extra):
    lines = [
        json.dumps(
            {
                "id": i,
                "article": "a.txt",
                "sentence": text,
                "speaker": who,
                "aliases": ["de Vries"] if who == "Anna de Vries" else [],
                "shape": "narration" if who is None else "said-inverted",
                **extra,
            }
        )
        for i, text, who in rows
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def labelled(empty_corpus, tmp_path):
    (empty_corpus / "a.txt").write_text(STORY, encoding="utf-8")
    return write_rows(tmp_path / "att.jsonl", ROWS)


def test_speakers_are_scored_sentence_by_sentence(labelled, make_assistant):
    assistant = make_assistant()
    assistant.sync()
    figures = score_attribution(
        "att.jsonl", load_labelled(labelled), assistant.store.snapshots.current()
    )
    assert figures.unmatched == ("s6",)
    # s2 and s3 are the one indexed quote, said by the union leader
    assert (figures.labelled, figures.read, figures.right) == (4, 3, 3)
    assert (figures.precision, figures.recall) == (1.0, 0.75)
    assert figures.misses == (("s5", "the port authority", "(none)"),)
    assert figures.by_shape == {"said-inverted": (3, 4), "narration": (1, 1)}


def test_a_speaker_read_names_the_labelled_one_by_any_run_of_words():
    assert same_speaker("union leader Anna de Vries", ["Anna de Vries"])
    assert same_speaker("de Vries", ["Anna de Vries"])
    assert same_speaker(
        "the fisheries ministry spokeswoman", ["a spokeswoman for the Ministry of Fisheries"]
    )
    assert not same_speaker("Anna Smit", ["Anna de Vries"])
    assert not same_speaker("", ["Anna de Vries"])


@pytest.mark.parametrize(
    "change, message",
    [
        ({"shape": "gossip"}, "field shape must be one of"),
        ({"speaker": 3}, "field speaker must be a name or null"),
        ({"aliases": "de Vries"}, "field aliases must be a list"),
        ({"sentence": ""}, "field sentence must be text"),
    ],
)
def test_a_bad_row_names_its_file_line_and_field(tmp_path, change, message):
    path = write_rows(tmp_path / "bad.jsonl", ROWS[:2], **change)
    with pytest.raises(EvalError, match=f"bad.jsonl:1: {message}"):
        load_labelled(path)


def test_an_id_used_twice_and_a_missing_file_are_refused(tmp_path):
    with pytest.raises(EvalError, match="id 's1' is used twice"):
        load_labelled(write_rows(tmp_path / "twice.jsonl", [ROWS[0], ROWS[0]]))
    with pytest.raises(EvalError, match="nowhere.jsonl does not exist"):
        load_labelled(tmp_path / "nowhere.jsonl")


def test_eval_attribution_end_to_end(labelled, tmp_path, fake_model):
    """Alone, --attribution asks no questions (no eval/qa.jsonl is looked for); its figures go
    to the report, --compare and the floors like a question set's."""
    out = tmp_path / "run"
    result = runner.invoke(app, ["eval", "--attribution", str(labelled), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "| att.jsonl | 6 | 1 | 4 | 1.000 (3 of 3) | 0.750 (3 of 4) |" in result.stdout
    report = json.loads((out / "report.json").read_text())
    assert report["sets"]["att.jsonl"]["metrics"] == {
        "speaker_precision": 1.0,
        "speaker_recall": 0.75,
    }
    assert "| s5 | the port authority | (none) |" in (out / "report.md").read_text()
    floors = tmp_path / "floors.toml"
    floors.write_text('["att.jsonl"]\nspeaker_recall = 0.8\n')
    failed = runner.invoke(
        app,
        ["eval", "--attribution", str(labelled), "--out", str(out), "--thresholds", str(floors)],
    )
    assert failed.exit_code == 1 and "att.jsonl speaker_recall = 0.750" in failed.stderr


def test_said_by_precision_is_the_share_of_citations_in_the_speakers_words():
    def cited(*speakers):
        citations = tuple(
            Citation(n, "a.txt", "T", "S", "2026-01-01", "x", 0, 1, speaker=s)
            for n, s in enumerate(speakers, 1)
        )
        return Answer(question="q", text="x", abstained=False, citations=citations)

    assert said_by_precision(cited("union leader Anna de Vries", None), "Anna de Vries") == 0.5
    assert said_by_precision(cited("de Vries"), "Anna de Vries") == 1.0
    assert said_by_precision(cited(), "Anna de Vries") is None
