"""The page's Briefing tab, served for real: stories as cards through the page and its API, and
a file dropped in the folder joining its story while the tab is open (headless chromium)."""

from __future__ import annotations

import os
import shutil

import pytest

from tests.stories.test_briefing import news  # noqa: F401 (a fixture)
from tests.web.test_app import (
    DEMO_CORPUS,
    REPO,
    browser_page,
    client,
    copy_and_sync,
    serving,
    take_screenshot,
)

BRIEFING_SCREENSHOT = REPO / "docs" / "briefing.png"
FOLLOW_UP = """---
title: Garonne flood victims in Marmande and Tonneins begin to claim insurance
date: 2026-10-28
source: Sud Ouest Dimanche
---
MARMANDE, France - Residents of Marmande and Tonneins began filing insurance claims on
Wednesday for homes damaged by last week's Garonne flood, after the government declared a
natural disaster in 42 communes of Lot-et-Garonne, the prefecture said.

The river peaked at Marmande a week ago, forcing the evacuation of thousands of people along
the Garonne between Agen and Tonneins.

Volunteers were still clearing mud from streets near the river in Marmande, where schools
reopened on Wednesday.
"""


def test_the_briefing_api_gives_the_commands_json(news, make_assistant):  # noqa: F811
    assistant = make_assistant()
    assistant.sync()
    with serving(assistant) as url:
        api = client(url)
        got = api.predict("2025-07-28", "2025-08-03", "", "", api_name="/brief")
        assert [s["id"] for s in got["stories"]] == [
            "fire-reuters.md",
            "strike-afp.md",
            "rates-bloomberg.md",
        ]
        assert got["stories"][0]["outlets"] == ["Reuters", "AP"]
        about = api.predict("", "", "", "Enguera", api_name="/brief")
        assert [s["id"] for s in about["stories"]] == ["fire-enguera.md"]
        with pytest.raises(Exception, match="--since"):
            api.predict("last week", "", "", "", api_name="/brief")


@pytest.mark.integration
@pytest.mark.slow
def test_browser_briefing_cards_and_a_new_article_joining_its_story(tmp_path, real_embedder):
    """Issue 32: the demo corpus briefed in the page (bundled model); a follow-up dropped into
    the folder joins the Garonne story on the open tab within the watcher's few seconds."""
    from playwright.sync_api import expect

    assistant, _ = copy_and_sync(DEMO_CORPUS, tmp_path, real_embedder)
    corpus = assistant.settings.corpus_dir
    with serving(assistant) as url, browser_page() as page:
        page.goto(url)
        page.get_by_role("tab", name="Briefing").click()
        page.locator("#brief-from input, #brief-from textarea").first.fill("2026-10-10")
        page.locator("#brief-go").click()
        cards = page.locator("#briefing .story-card")
        expect(cards.first).to_be_visible(timeout=60_000)
        garonne = page.locator('#briefing .story-card[data-story="2026-10-19_garonne-flood.txt"]')
        expect(garonne).to_contain_text("Reuters, AFP, Garonne Matin, AP")
        expect(garonne.locator("summary")).to_have_text("5 articles")
        garonne.locator("summary").click()
        expect(garonne.locator("details li")).to_have_count(5)
        expect(garonne.locator(".moved li").first).to_contain_text("27 Oct 2026 · AFP: 2,900 homes")
        expect(page.locator("#briefing .briefing-head")).to_contain_text("stories, 2026-10-10 to")
        take_screenshot(page, tmp_path / "briefing.png")
        if os.environ.get("UPDATE_README_SCREENSHOT"):
            take_screenshot(page, BRIEFING_SCREENSHOT)
        (corpus / "2026-10-28_garonne-claims.md").write_text(FOLLOW_UP, encoding="utf-8")
        # the watcher indexes it, the tab sees a new generation and briefs again
        expect(garonne.locator("summary")).to_have_text("6 articles", timeout=30_000)
        expect(garonne).to_contain_text("Sud Ouest Dimanche")
    assert (tmp_path / "briefing.png").stat().st_size > 10_000
    shutil.rmtree(corpus, ignore_errors=True)
