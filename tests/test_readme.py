"""README.md and the demo corpus: what the README shows is what the commands print and what the
recorded runs in eval/results/ measured."""

import json
import re

from typer.testing import CliRunner

from assistant.cli import app
from assistant.ingest.files import load_file
from tests.conftest import REPO

runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, list(args))


def test_readmes_ingest_line_is_what_the_command_prints(corpus, fake_model):
    """Issue 29: README said 437 texts embedded where `assistant ingest` printed 318."""
    printed = invoke("ingest").stdout
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    shown = re.search(r"\$ assistant ingest .*\n(synced corpus in [\d.]+s: (.*))", readme)
    assert shown, "README shows no `assistant ingest` line"
    assert shown.group(2) in printed, (shown.group(2), printed)


def test_the_demo_corpus_is_dated_news_from_several_outlets():
    """Issue 29: 10 of the 11 shipped articles had no date and no outlet; what `make run`
    serves first (demo/) is dated sample news from several outlets."""
    demo = REPO / "demo"
    articles = [
        a
        for p in sorted(demo.glob("*.*"))
        if p.name != "README.md"
        for a in load_file(p, demo).articles
    ]
    assert len(articles) >= 12
    assert all(a.date != "unknown" and a.source for a in articles), [
        a.id for a in articles if a.date == "unknown" or not a.source
    ]
    assert len({a.source for a in articles}) >= 6
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "DEMO_ARGS := --corpus demo" in makefile


def test_readmes_first_run_figure_is_the_recorded_one():
    """Issue 29: README's figures come from result files; the first run's is in bench/history."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    record = json.loads(
        (REPO / "eval" / "results" / "bench" / "first-run-2026-12-07.json").read_text(
            encoding="utf-8"
        )
    )
    assert f"printed the URL after {record['url_after_s']} s" in readme
    assert record["cuda_packages_installed"] == 0


def test_readmes_feed_figures_are_the_recorded_ones():
    """Issue 30: publication to cited answer and the 50 x 50 poll, from bench/history."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    record = json.loads(
        (REPO / "eval" / "results" / "bench" / "follow-2026-12-07.json").read_text(encoding="utf-8")
    )
    published = record["publication_to_answer"]
    assert published["answered"] == "5 of 5"
    assert f"{published['p50_s']} s later (p50 of 5; at most {published['max_s']} s)" in readme
    poll = record["poll"]["concurrent"]
    assert f"takes {poll['first']['seconds']:.1f} s the first time" in readme
    assert f"{poll['unchanged']['seconds']:.1f} s when all answer 304" in readme
