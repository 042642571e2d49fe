"""assistant/stories/briefing.py over a real store (Chroma on disk, the fake embedder): stories
found in the index, ranked, summarised with exact citations; `assistant brief` end to end."""

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.types import Filters

STORIES = {
    "fire-reuters.md": (
        "2025-08-01",
        "Reuters",
        "Wildfire near Chiva forces evacuation of 1,200 people",
        "A wildfire near the town of Chiva forced the evacuation of 1,200 people west of "
        "Valencia on Friday, the regional emergency service said. The blaze burned 800 "
        "hectares of pine forest near Chiva.",
    ),
    "fire-ap.md": (
        "2025-08-03",
        "AP",
        "Chiva wildfire evacuations reach 5,000 as blaze spreads",
        "The wildfire near Chiva west of Valencia spread on Sunday and evacuations reached "
        "5,000 people, the regional emergency service said. The blaze has burned 3,500 hectares "
        "of pine forest around Chiva. Crews worked through the night. Roads stayed closed. More "
        "than 60,000 hectares have burned in Spain this year.",
    ),
    "strike-afp.md": (
        "2025-08-02",
        "AFP",
        "Dockworkers strike shuts the Port of Hallen",
        "Dockworkers at the Port of Hallen walked out on Saturday over pay, the dockworkers "
        "union said. The Hallen port strike left forty ships waiting at anchor.",
    ),
    "strike-gazette.md": (
        "2025-08-02",
        "Hallen Gazette",
        "Hallen shops count the cost of the port strike",
        "Shop owners near the Port of Hallen said the dockworkers strike over pay emptied "
        "their streets on Saturday. The Hallen dockworkers union said the port strike would go on.",
    ),
    "rates-bloomberg.md": (
        "2025-08-03",
        "Bloomberg",
        "Norland central bank holds its key rate at 4.5%",
        "The central bank of Norland held its key interest rate at 4.5% on Sunday, its "
        "governor said. Inflation in Norland slowed to 3.1% in July.",
    ),
    "fire-enguera.md": (
        "2025-08-29",
        "Reuters",
        "Wildfire near Enguera forces evacuation of 2,100 people",
        "A wildfire near the town of Enguera forced the evacuation of 2,100 people southwest of "
        "Valencia on Friday, the regional emergency service said. The blaze burned 1,900 "
        "hectares of pine forest near Enguera.",
    ),
}


@pytest.fixture
def news(empty_corpus) -> Path:
    for name, (day, source, title, body) in STORIES.items():
        (empty_corpus / name).write_text(
            f"---\ntitle: {title}\ndate: {day}\nsource: {source}\n---\n{body}\n", encoding="utf-8"
        )
    return empty_corpus


def test_a_week_of_stories_ranked_by_outlets_and_recency(news, make_assistant):
    assistant = make_assistant()
    assistant.sync()
    briefing = assistant.brief(Filters(date_from="2025-07-28", date_to="2025-08-03"))
    assert (briefing.since, briefing.until) == ("2025-07-28", "2025-08-03")
    got = [[a.id for a in s.articles] for s in briefing.stories]
    # two outlets on the last day, two the day before, then one outlet on the last day; the
    # Enguera fire weeks later is another story, and after the briefing's last day
    assert got == [
        ["fire-reuters.md", "fire-ap.md"],
        ["strike-afp.md", "strike-gazette.md"],
        ["rates-bloomberg.md"],
    ]
    fire = briefing.stories[0]
    assert fire.outlets == ("Reuters", "AP") and (fire.first_date, fire.last_date) == (
        dt.date(2025, 8, 1),
        dt.date(2025, 8, 3),
    )
    # the lede of the first report, then the newest development, each cited exactly
    assert [c.article for c in fire.summary] == ["fire-reuters.md", "fire-ap.md"]
    for story in briefing.stories:
        assert len(story.summary) >= 1 and sum(len(c.sentence) for c in story.summary) <= 400
        for c in story.summary:
            assert assistant.store.reader.article_text(c.article)[c.start : c.end] == c.sentence
    assert fire.summary[0].speaker == "the regional emergency service"


def test_briefing_filters_by_words_outlet_and_days(news, make_assistant):
    assistant = make_assistant()
    assistant.sync()
    whole = Filters(date_from="2025-07-01", date_to="2025-09-30")
    about = assistant.brief(whole, about="wildfire evacuation")
    assert [s.id for s in about.stories] == ["fire-enguera.md", "fire-reuters.md"]
    by_outlet = assistant.brief(Filters(date_from="2025-07-01", sources=("hallen gazette",)))
    assert [s.id for s in by_outlet.stories] == ["strike-afp.md"]
    # as of a day, later reports are not known yet: not listed, not quoted
    before = assistant.brief(Filters(date_from="2025-08-01", date_to="2025-08-02"))
    fire = next(s for s in before.stories if s.id == "fire-reuters.md")
    assert [a.id for a in fire.articles] == ["fire-reuters.md"]
    assert {c.article for c in fire.summary} == {"fire-reuters.md"}
    # without --since: the week up to the newest article
    latest = assistant.brief()
    assert (latest.since, latest.until) == ("2025-08-23", "2025-08-29")
    assert [s.id for s in latest.stories] == ["fire-enguera.md"]


def test_brief_command_prints_stories_and_json(news, fake_model):
    runner = CliRunner()
    shown = runner.invoke(app, ["--corpus", str(news), "brief", "--since", "2025-08-01"])
    assert shown.exit_code == 0, shown.output
    assert "4 stories, 2025-08-01 to 2025-08-29:" in shown.stdout
    assert "1. Wildfire near Enguera forces evacuation of 2,100 people" in shown.stdout
    assert "   Reuters; 2025-08-29; 1 article" in shown.stdout
    as_json = runner.invoke(
        app,
        ["--corpus", str(news), "brief", "--about", "strike", "--json", "--since", "2025-08-01"],
    )
    data = json.loads(as_json.stdout)
    [story] = data["stories"]
    assert story["articles"] == ["strike-afp.md", "strike-gazette.md"]
    assert story["outlets"] == ["AFP", "Hallen Gazette"]
    assert story["summary"][0]["citation"]["article"] == "strike-afp.md"
    bad = runner.invoke(app, ["--corpus", str(news), "brief", "--since", "last tuesday"])
    assert bad.exit_code == 1 and "--since" in bad.stderr


def test_a_briefing_question_in_the_chat_is_answered_with_the_stories(news, make_assistant):
    assistant = make_assistant()
    assistant.sync()
    answer = assistant.ask("What happened this week?", as_of="2025-08-03")
    assert answer.reading.since == "2025-07-28" and not answer.abstained
    assert answer.text.startswith("3 stories from 2025-07-28 to 2025-08-03:")
    assert "Dockworkers strike shuts the Port of Hallen (AFP, Hallen Gazette; 2025-08-02):" in (
        answer.text
    )
    assert len(answer.citations) == 4  # the fire told twice (it moved on), the others once
    for c in answer.citations:
        assert f"[{c.n}]" in answer.text
        assert assistant.store.reader.article_text(c.article)[c.start : c.end] == c.sentence
    nothing = assistant.ask("Any news about volcanoes?")
    assert nothing.abstained and nothing.text.startswith("No stories about volcanoes")


def test_a_quote_shown_alone_names_whose_words_it_is_unless_it_says_so():
    from assistant.types import Citation

    quoted = Citation(1, "a.md", "T", "AFP", dt.date(2025, 8, 2), "We will not go back.", 0, 20)
    assert replace(quoted, speaker="the union").unnamed_speaker == "the union"
    said = "Pay must rise, the union said."
    assert replace(quoted, sentence=said, speaker="the union").unnamed_speaker == ""
    assert quoted.unnamed_speaker == ""  # the outlet's own words


def test_a_storys_figures_that_moved_are_told_newest_first_with_their_sources(news, make_assistant):
    assistant = make_assistant()
    assistant.sync()
    briefing = assistant.brief(Filters(date_from="2025-07-28", date_to="2025-08-03"))
    fire, strike = briefing.stories[:2]
    told = [(r.value, r.counted, r.date, r.source) for r in fire.timeline]
    assert told == [
        ("5,000", "people", dt.date(2025, 8, 3), "AP"),
        ("1,200", "people", dt.date(2025, 8, 1), "Reuters"),
        ("3,500", "hectares", dt.date(2025, 8, 3), "AP"),
        ("800", "hectares", dt.date(2025, 8, 1), "Reuters"),
    ]  # the year's national total, further down the AP report, is no figure of this fire
    for r in fire.timeline:
        c = fire.figure_source(r.citation)
        assert r.value in c.sentence
        assert assistant.store.reader.article_text(c.article)[c.start : c.end] == c.sentence
    numbers = [c.n for c in (*fire.summary, *fire.figure_sources)]
    assert numbers == list(range(1, len(numbers) + 1))  # quotes the summary holds are reused
    assert strike.timeline == ()  # one day: nothing moved
    as_json = fire.to_dict()["timeline"][0]
    assert as_json["value"] == "5,000" and as_json["citation"]["article"] == "fire-ap.md"
