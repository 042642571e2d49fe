"""assistant/cli/commands.py: each command end to end through the CLI (ingest, ask, status,
speakers), its output as a user reads it and as JSON."""

import datetime as dt
import json
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from assistant.answer.prompts import CANNOT_ANSWER
from assistant.cli import app
from tests.conftest import SEED, WILDFIRE, write_wildfire

runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, list(args))


def test_ingest_then_unchanged(corpus, fake_model):
    first = invoke("--corpus", str(corpus), "ingest")
    assert first.exit_code == 0, first.output
    assert "11 added" in first.output and "texts embedded" in first.output
    second = invoke("--corpus", str(corpus), "ingest")
    assert "11 unchanged" in second.output and "0 texts embedded" in second.output


def test_ask_json_shape(corpus, fake_model, tmp_path):
    result = invoke(
        "--corpus",
        str(corpus),
        "--store",
        str(tmp_path / "s2"),
        "ask",
        "--json",
        "Which companies will Nakatani tour in Istanbul?",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) >= {"question", "answer", "abstained", "citations", "latency_ms"}
    c = data["citations"][0]
    assert {"n", "article", "title", "source", "date", "sentence", "start", "end"} <= set(c)
    assert c["article"] == SEED and "Baykar" in c["sentence"]
    assert (corpus / SEED).read_text(encoding="utf-8")[c["start"] : c["end"]] == c["sentence"]


@pytest.mark.parametrize(
    "question, needed",
    [
        ("Is an agreement expected during the visit?", "Nakatani"),  # who "they" are
        ("Hurricane Roslyn made landfall in which country?", "Mexico"),
        ("Which food chain launched a redesigned menu?", "Burgerly"),
    ],
)
def test_ask_json_answers_name_who_and_where(standalone_corpus, fake_model, question, needed):
    """Issue 26: a quote that leans on the sentence before it, or lacks the country asked
    for, carries the missing piece; every citation is still an exact sentence."""
    data = json.loads(invoke("ask", "--json", question).stdout)
    assert not data["abstained"] and needed in data["answer"], data["answer"]
    for c in data["citations"]:
        text = (standalone_corpus / c["article"]).read_text(encoding="utf-8")
        assert text[c["start"] : c["end"]] == c["sentence"]


def test_ask_json_says_whose_words_a_citation_is(standalone_corpus, fake_model):
    """Issue 28: every citation carries its speaker (null for the outlet's own statement), and
    a quote whose speaker another sentence names is led by them."""
    data = json.loads(invoke("ask", "--json", "Is an agreement expected during the visit?").stdout)
    official = "a Turkish Defence Ministry official"
    assert f"{official[0].upper()}{official[1:]} said: “They will hold" in data["answer"]
    assert {c["speaker"] for c in data["citations"]} == {official}
    roslyn = json.loads(invoke("ask", "--json", "Where did Roslyn make landfall?").stdout)
    assert all(c["speaker"] is None for c in roslyn["citations"])


def test_ask_json_answers_questions_about_whose_words(standalone_corpus, fake_model):
    """Issue 28: "What did X say about Y?" cites only X's sentences and says it searched only
    them; "Who said Z?" answers with the speaker; a speaker nobody quotes searches everything."""
    guler = json.loads(invoke("ask", "--json", "What did Guler say about cooperation?").stdout)
    assert not guler["abstained"] and "cooperation" in guler["answer"]
    assert {c["speaker"] for c in guler["citations"]} == {"Defence Minister Yasar Guler"}
    assert "Only sentences in the words of Guler were searched." in guler["notice"]
    who = json.loads(invoke("ask", "--json", "Who said it is too early for an agreement?").stdout)
    assert "A Turkish Defence Ministry official said: “They will hold" in who["answer"]
    nobody = json.loads(invoke("ask", "--json", "What did Erdogan say about drones?").stdout)
    assert "in the words of" not in nobody["notice"]


def test_speakers_lists_who_is_quoted_and_ask_filters_by_one(corpus, fake_model):
    """Issue 28: `assistant speakers` and `ask --speaker`, end to end on the shipped corpus."""
    listed = json.loads(invoke("speakers", "--json").stdout)
    official = {"name": "a Turkish Defence Ministry official", "sentences": 3, "articles": 1}
    assert official in listed
    assert [s["sentences"] for s in listed] == sorted(
        (s["sentences"] for s in listed), reverse=True
    )
    text = invoke("speakers").stdout
    assert "    3 sentences    1 articles  a Turkish Defence Ministry official" in text
    answer = json.loads(
        invoke("ask", "--json", "--speaker", "Guler", "What does Turkey want with Japan?").stdout
    )
    assert answer["citations"] and {c["speaker"] for c in answer["citations"]} == {
        "Defence Minister Yasar Guler"
    }
    wrong = invoke("ask", "--speaker", "Gulen", "What does Turkey want?")
    assert wrong.exit_code == 1
    assert "--speaker 'Gulen' is not a speaker in the index (closest: Defence Minister" in (
        wrong.output
    )


def test_ask_text_output_lists_sources(corpus, fake_model):
    result = invoke("ask", "Which companies will Nakatani tour in Istanbul?", "-k", "3")
    assert result.exit_code == 0
    assert "[1]" in result.stdout and "Sources:" in result.stdout and "Reuters" in result.stdout


def test_ask_abstains_with_related(corpus, fake_model):
    result = invoke("ask", "Who won the 2022 FIFA World Cup?")
    assert result.stdout.startswith(CANNOT_ANSWER)
    assert "Related, but not an answer:" in result.stdout


def test_status(corpus, fake_model):
    invoke("ingest")
    result = invoke("status")
    assert result.exit_code == 0 and "articles:   11" in result.stdout


def test_status_dates_says_where_each_date_came_from_and_why_others_have_none(
    empty_corpus, fake_model
):
    story = "Fire crews worked through the night. The blaze was contained by morning.\n"
    files = {
        "front.md": f"---\ntitle: Fire\ndate: 2022-06-12\n---\n\n{story}",
        "header.txt": f"Fire\nPublished: 12 June 2022\n\n{story}",
        "2022-06-13_named.txt": f"Fire\n\n{story}",
        "no-year.txt": f"Fire\n\nVALENCIA, Aug 1 (Reuters) - {story}",
        "nothing.txt": f"Blaze\n\n{story}",
        "z-copy.txt": f"Blaze\n\n{story}",  # the bytes of nothing.txt: counted once
    }
    for name, text in files.items():
        (empty_corpus / name).write_text(text, encoding="utf-8")
    december = dt.datetime(2022, 12, 15, tzinfo=dt.UTC).timestamp()
    os.utime(empty_corpus / "no-year.txt", (december, december))  # "Aug 1" is months before
    invoke("ingest")
    result = invoke("status", "--dates")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    dated = (
        "dated:      3 of 5 articles (1 from the file name, 1 from a header line, 1 from metadata)"
    )
    assert dated in lines
    start = lines.index("no date:    2 (never guessed; see docs/articles.md)")
    assert lines[start + 1 :] == [
        "  no-year.txt: dateline 'Aug 1' without a year",
        "  nothing.txt: no date in the file",
    ]


@pytest.mark.integration
@pytest.mark.slow
def test_real_command_answers_and_abstains(corpus, tmp_path):
    """The installed console script, real model, real store, as a user runs it."""
    env = {k: v for k, v in os.environ.items()}
    cmd = [sys.executable, "-m", "assistant.cli"]
    ask = subprocess.run(
        cmd + ["ask", "--json", "Which companies will Nakatani tour in Istanbul?"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert ask.returncode == 0, ask.stderr
    data = json.loads(ask.stdout)
    assert "Baykar" in data["citations"][0]["sentence"] and not data["abstained"]
    assert "11 added" in ask.stderr  # ask synced the new corpus first
    fifa = subprocess.run(
        cmd + ["ask", "--json", "Who won the 2022 FIFA World Cup?"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert json.loads(fifa.stdout)["abstained"] is True
    assert fifa.stderr == ""  # nothing changed, nothing to report


def test_ingest_with_bad_files_warns_and_exits_0(empty_corpus, fake_model):
    (empty_corpus / "good.txt").write_text("Good\n\nA fine sentence.", encoding="utf-8")
    (empty_corpus / "empty.txt").write_text("", encoding="utf-8")
    (empty_corpus / "photo.png").write_bytes(b"png")
    (empty_corpus / "feed.jsonl").write_text(
        '{"title": "T", "text": "Ok text."}\n{bad\n', encoding="utf-8"
    )
    (empty_corpus / "same.txt").write_text("Good\n\nA fine sentence.", encoding="utf-8")
    result = invoke("ingest")
    assert result.exit_code == 0, result.output
    assert "skipped empty.txt: empty.txt: empty file" in result.stdout
    assert "warning: feed.jsonl:2: invalid JSON" in result.stdout
    assert "ignored (unsupported type): photo.png" in result.stdout
    assert "duplicate same.txt: same bytes as good.txt; indexed once" in result.stdout


def test_ask_json_lists_every_outlet_of_a_wire_story(empty_corpus, fake_model, monkeypatch):
    from tests.index.helpers import BODY, write

    monkeypatch.setenv("ASSISTANT_ANSWER__MIN_SCORE", "0")
    monkeypatch.setenv("ASSISTANT_ANSWER__ANSWERABILITY_THRESHOLD", "0")
    write(empty_corpus, "ap.md", "AP", "2025-08-01", BODY)
    write(empty_corpus, "reuters.md", "Reuters", "2025-08-02", BODY.replace("Droppings", "Scat"))
    ingest = invoke("ingest")
    assert "wire copy reuters.md: the story of ap.md (dated first)" in ingest.stdout
    question = "How many wolves are there in Poland?"
    result = invoke("ask", "--json", question)
    assert result.exit_code == 0, result.output
    citations = json.loads(result.stdout)["citations"]
    assert citations and {c["article"] for c in citations} == {"ap.md"}
    reuters = {"article": "reuters.md", "source": "Reuters", "date": "2025-08-02"}
    assert all(c["copies"] == [reuters] for c in citations)
    # the other outlet asked for: its copy is cited, listing the original
    only = json.loads(invoke("ask", "--json", question, "--source", "reuters").stdout)
    assert {c["article"] for c in only["citations"]} == {"reuters.md"}
    assert only["citations"][0]["copies"] == [
        {"article": "ap.md", "source": "AP", "date": "2025-08-01"}
    ]
    terminal = invoke("ask", question).stdout
    assert "Also carried by: Reuters, 2025-08-02" in terminal


def test_ingest_with_nothing_usable_exits_1(empty_corpus, fake_model):
    (empty_corpus / "empty.txt").write_text("", encoding="utf-8")
    result = invoke("ingest")
    assert result.exit_code == 1 and "no usable articles" in result.stderr
    assert "skipped empty.txt" in result.stdout  # the per-file reason is still printed


def test_ask_filters_by_outlet_and_dates_and_says_as_of_when(wildfire_corpus, fake_model):
    question = WILDFIRE

    def ask(*options):
        result = invoke("ask", "--json", question, *options)
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    only_ap = ask("--source", "ap")
    assert {c["source"] for c in only_ap["citations"] + only_ap["related"]} == {"AP"}
    assert not only_ap["abstained"] and only_ap["as_of"] == "2025-08-03"
    early = ask("--until", "Aug 2, 2025")
    assert {c["date"] for c in early["citations"] + early["related"]} == {"2025-08-01"}
    assert early["as_of"] == "2025-08-01"
    both = ask()
    assert both["as_of"] == "2025-08-03" and len({c["source"] for c in both["citations"]}) == 2
    bad = invoke("ask", question, "--since", "soon")
    assert bad.exit_code == 1 and "--since date 'soon' is not a date" in bad.output
    unknown = invoke("ask", question, "--source", "BBC")
    assert "'BBC' is not an indexed outlet (indexed: AP, Reuters)" in unknown.output


def test_ask_reads_latest_against_the_articles_dates_or_as_of(wildfire_corpus, fake_model):
    def ask(*options):
        result = invoke("ask", "--json", "What is the latest on the wildfire?", *options)
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    latest = ask()
    assert latest["citations"][0]["source"] == "AP"
    assert latest["reading"]["description"] == "latest → articles of 3 Aug 2025"
    assert latest["reading"]["recency"] and latest["reading"]["since"] is None
    assert latest["reading"]["searched"] == "What is the on the wildfire?"
    back_then = ask("--as-of", "Aug 2, 2025")
    assert [c["source"] for c in back_then["citations"]] == ["Reuters"]
    assert back_then["reading"]["description"] == "latest → articles of 1 Aug 2025"
    text = invoke("ask", "What is the latest on the wildfire?")
    assert text.stdout.startswith("Read as: latest → articles of 3 Aug 2025\n")
    plain = json.loads(invoke("ask", "--json", WILDFIRE).stdout)
    assert plain["reading"] is None
    bad = invoke("ask", WILDFIRE, "--as-of", "yesterday")
    assert bad.exit_code == 1 and "--as-of date 'yesterday' is not a date" in bad.stderr


def test_read_only_ask_and_status_need_no_corpus_and_never_sync(corpus, fake_model, tmp_path):
    store = ["--store", str(tmp_path / "store")]
    assert invoke("--corpus", str(corpus), *store, "ingest").exit_code == 0
    (corpus / SEED).write_text("Nakatani stayed home.\n", encoding="utf-8")  # not synced
    elsewhere = ["--corpus", str(tmp_path / "none"), *store, "--read-only"]
    result = invoke(*elsewhere, "ask", "--json", "Which companies will Nakatani tour in Istanbul?")
    assert result.exit_code == 0, result.output
    assert "Baykar" in json.loads(result.stdout)["citations"][0]["sentence"]  # the indexed text
    status = invoke(*elsewhere, "status")
    assert "corpus:     none (read-only)" in status.stdout and "articles:   11" in status.stdout


def test_read_only_ingest_is_refused_in_one_line(tmp_path):
    result = invoke("--chroma-url", "http://127.0.0.1:8000", "--read-only", "ingest")
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "error: this assistant is read-only (--read-only, setting store.read_only): it answers "
        "from the index at http://127.0.0.1:8000 and never syncs; run `assistant ingest` where "
        "the corpus is"
    ]


@pytest.mark.integration
@pytest.mark.parametrize("command", [["serve"], ["ask", "Who makes drones?"]])
def test_read_only_over_a_missing_or_unreachable_index_fails_in_one_line(
    command, fake_model, tmp_path
):
    missing = invoke("--store", str(tmp_path / "empty"), "--read-only", *command)
    assert missing.exit_code == 1
    assert missing.output.strip().splitlines() == [
        f"error: no index at {tmp_path / 'empty'} to serve read-only: run `assistant ingest` "
        "with the corpus (the writer) against it first"
    ]
    assert not (tmp_path / "empty").exists()
    down = invoke("--chroma-url", "http://127.0.0.1:9", "--read-only", *command)
    assert down.exit_code == 1 and len(down.output.strip().splitlines()) == 1
    assert down.output.startswith("error: cannot open the index store at http://127.0.0.1:9")


def test_ask_gives_a_moved_figure_in_date_order_and_flags_a_same_day_disagreement(
    wildfire_corpus, fake_model
):
    empty_corpus = wildfire_corpus
    question = "How many people were evacuated?"
    result = invoke("ask", "--json", question)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["answer"].startswith(
        "About 5,000 people as of 3 Aug 2025 (AP). [1] 1,200 people on 1 Aug 2025 (Reuters). [2]"
    )
    assert data["as_of"] == "2025-08-03" and data["conflicts"] == []
    assert [(c["n"], c["source"]) for c in data["citations"]] == [(1, "AP"), (2, "Reuters")]
    assert data["timeline"] == [
        {"value": "about 5,000", "counted": "people", "date": "2025-08-03", "source": "AP",
         "citation": 1},
        {"value": "1,200", "counted": "people", "date": "2025-08-01", "source": "Reuters",
         "citation": 2},
    ]  # fmt: skip
    shown = invoke("ask", question)
    assert "Sources disagree" not in shown.output and "Timeline (newest first):" in shown.output

    write_wildfire(empty_corpus, "bbc.md", "BBC", "2025-08-03", "3,000")
    assert invoke("ingest").exit_code == 0
    data = json.loads(invoke("ask", "--json", question).stdout)
    (conflict,) = data["conflicts"]
    assert {(side["source"], side["value"]) for side in conflict} == {
        ("AP", "about 5,000"),
        ("BBC", "3,000"),
    }
    cited = {c["n"]: c["source"] for c in data["citations"]}
    assert {cited[side["citation"]] for side in conflict} == {"AP", "BBC"}
    assert "Sources disagree on 3 Aug 2025" in data["answer"]
    assert "Sources disagree on 3 Aug 2025" in invoke("ask", question).output


def test_ask_by_author_takes_the_bylines_in_any_case(empty_corpus, fake_model, monkeypatch):
    monkeypatch.setenv("ASSISTANT_ANSWER__MIN_SCORE", "0")
    monkeypatch.setenv("ASSISTANT_ANSWER__ANSWERABILITY_THRESHOLD", "0")
    for name, author, count in (("a.md", "Elena Ruiz", "1,200"), ("b.md", "Joseph Wilson", "500")):
        (empty_corpus / name).write_text(
            f"---\ntitle: Fire\nauthor: {author}\n---\nThe fire forced {count} people out.\n",
            encoding="utf-8",
        )
    result = invoke("ask", "--json", "How many people had to leave?", "--author", "elena RUIZ")
    assert result.exit_code == 0, result.output
    assert {c["article"] for c in json.loads(result.stdout)["citations"]} == {"a.md"}
    unknown = invoke("ask", "How many people had to leave?", "--author", "Ann")
    assert unknown.exit_code == 1
    assert "--author 'Ann' is not an indexed author (indexed: Elena Ruiz, Joseph Wilson)" in (
        unknown.output
    )
