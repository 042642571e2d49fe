from collections import Counter
from datetime import date

import numpy as np
import pytest

from assistant.stories.grouping import StoryArticle, StoryGrouper


def unit(*values: float) -> np.ndarray:
    v = np.array(values, dtype=np.float32)
    return v / np.linalg.norm(v)


FIRE = unit(1, 0.1, 0)
STRIKE = unit(0, 1, 0.1)
FIRE_WORDS = Counter({"wildfir": 3, "chiva": 2, "evacu": 2, "hectar": 1})
STRIKE_WORDS = Counter({"strike": 3, "hallen": 2, "dockwork": 2, "port": 1})


def article(id: str, day: str | None, lede=FIRE, terms=FIRE_WORDS, copy_of="") -> StoryArticle:
    return StoryArticle(id, date.fromisoformat(day) if day else None, lede, terms, copy_of)


def test_reports_of_one_event_over_days_are_one_story_and_another_event_is_not():
    articles = [
        article("fire-3", "2025-08-06"),
        article("strike", "2025-08-02", STRIKE, STRIKE_WORDS),
        article("fire-1", "2025-08-01"),
        article("fire-2", "2025-08-03"),
    ]
    assert StoryGrouper()(articles) == [["fire-1", "fire-2", "fire-3"], ["strike"]]


def test_the_same_kind_of_event_weeks_later_is_another_story():
    later = Counter({"wildfir": 3, "enguera": 2, "evacu": 2, "hectar": 1})
    articles = [
        article("chiva", "2025-08-01"),
        article("enguera", "2025-08-29", unit(1, 0.15, 0), later),
        article("enguera-2", "2025-08-30", unit(1, 0.15, 0), later),
    ]
    assert StoryGrouper(window_days=7)(articles) == [["chiva"], ["enguera", "enguera-2"]]
    # a chain of daily reports carries a story past the window: each links to the one before
    daily = [article(f"day-{n}", f"2025-08-{n:02d}") for n in range(1, 20, 3)]
    assert len(StoryGrouper(window_days=7)(daily)) == 1


def test_a_wire_copy_joins_its_representatives_story_whatever_its_words():
    articles = [
        article("wire", "2025-08-01"),
        article("copy", "2025-08-02", STRIKE, STRIKE_WORDS, copy_of="wire"),
    ]
    assert StoryGrouper()(articles) == [["wire", "copy"]]


def test_an_undated_article_joins_only_a_clear_match():
    similar = article("blog", None, unit(1, 0.6, 0.3), Counter({"wildfir": 1, "chiva": 1}))
    articles = [article("fire", "2025-08-01"), similar]
    assert StoryGrouper(undated_threshold=0.9)(articles) == [["fire"], ["blog"]]
    assert StoryGrouper(undated_threshold=0.5)(articles) == [["fire", "blog"]]


def test_the_grouping_does_not_depend_on_the_order_given():
    articles = [
        article("a", "2025-08-01"),
        article("b", "2025-08-02"),
        article("s", "2025-08-02", STRIKE, STRIKE_WORDS),
    ]
    grouper = StoryGrouper()
    assert grouper(articles) == grouper(articles[::-1]) == [["a", "b"], ["s"]]
    assert grouper([]) == []


def test_settings_out_of_range_name_the_setting():
    with pytest.raises(ValueError, match="threshold must be within"):
        StoryGrouper(threshold=1.5)
    with pytest.raises(ValueError, match="window_days must be 0 or more, got -1"):
        StoryGrouper(window_days=-1)
