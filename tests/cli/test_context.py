"""assistant/cli/context.py: the shared options given once before the command, errors as one
line and exit 1 (a traceback with --debug), a global option after the command says where it
goes."""

import pytest
from typer.testing import CliRunner

from assistant.cli import app

runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, list(args))


@pytest.mark.parametrize(
    "args, env, message",
    [
        (["--corpus", "nowhere", "ingest"], {}, "corpus folder nowhere does not exist"),
        (["status"], {"ASSISTANT_ANSWER__MIN_SCORE": "7"}, "answer.min_score"),
        (["ask", "  "], {}, "the question is empty"),
    ],
)
def test_errors_are_one_line_and_exit_1(corpus, fake_model, monkeypatch, args, env, message):
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    result = invoke(*args)
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [f"error: {result.stderr.strip()[7:]}"]
    assert message in result.stderr and "Traceback" not in result.output


def test_debug_shows_the_exception(fake_model):
    result = invoke("--corpus", "nowhere", "--debug", "ingest")
    assert result.exit_code == 1 and result.exception is not None
    assert "does not exist" in str(result.exception)


def test_unusable_store_exits_1(corpus, fake_model, tmp_path):
    (tmp_path / "blocker").write_text("a file, not a folder")
    result = invoke("--store", str(tmp_path / "blocker"), "ingest")
    assert result.exit_code == 1 and "cannot open the index store" in result.stderr


def test_bad_option_exits_2():
    result = invoke("ask", "q", "-k", "0")
    assert result.exit_code == 2


def test_global_options_given_once_reach_the_command(corpus, fake_model, tmp_path):
    """The callback's --corpus and --store are what `status` opens, not the defaults."""
    other = tmp_path / "other"
    other.mkdir()
    (other / "one.txt").write_text("One\n\nA single fine sentence.", encoding="utf-8")
    store = tmp_path / "other-store"
    assert invoke("--corpus", str(other), "--store", str(store), "ingest").exit_code == 0
    result = invoke("--corpus", str(other), "--store", str(store), "status")
    assert result.exit_code == 0, result.output
    assert f"corpus:     {other}\nstore:      {store}\narticles:   1\n" in result.stdout
    default = invoke("status")  # the corpus and store the environment names (conftest)
    assert f"corpus:     {corpus}\n" in default.stdout and "articles:   0" in default.stdout


@pytest.mark.parametrize(
    "args, option, usage",
    [
        (["ask", "q", "--corpus", "x"], "--corpus", "--corpus DIR ask …"),
        (["status", "--verify", "--llm=extractive"], "--llm", "--llm SPEC status …"),
        (["ingest", "--debug"], "--debug", "--debug ingest …"),
    ],
)
def test_a_global_option_after_the_command_says_where_it_goes(args, option, usage):
    result = invoke(*args)
    message = " ".join(result.stderr.replace("│", " ").split())  # unwrapped from typer's box
    assert result.exit_code == 2
    assert f"{option} is a global option: give it before the command" in message
    assert usage in message


def test_read_only_after_the_command_says_where_it_goes():
    result = invoke("serve", "--read-only")
    assert result.exit_code == 2
    assert "--read-only is a global option: give it before the command" in result.output
