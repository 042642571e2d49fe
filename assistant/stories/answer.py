"""A briefing question answered in the chat: the briefing as an Answer, each story its title,
outlets and days, then its quoted summary, every quote cited like any answer's."""

from __future__ import annotations

from dataclasses import replace

from assistant.question import Question
from assistant.types import Answer, Briefing

MOST_STORIES = 5
"""The chat answers with the top stories; `assistant brief` and the Briefing tab list all."""


def briefing_answer(question: Question, briefing: Briefing) -> Answer:
    """The top stories, each as "Title (outlets, days):" and its quotes, numbered across the
    answer; no stories: a one-line answer naming the days looked at."""
    about = f" about {briefing.about}" if briefing.about else ""
    if not briefing.stories:
        days = f"from {briefing.since} to {briefing.until}" if briefing.until else "(no dates)"
        return Answer(question.text, f"No stories{about} were reported {days}.", True, ())
    citations, paragraphs = [], []
    for story in briefing.stories[:MOST_STORIES]:
        quotes = []
        for c in story.summary:
            cited = replace(c, n=len(citations) + 1)
            citations.append(cited)
            quotes.append(f"{c.sentence} [{cited.n}]")
        head = f"{story.title} ({', '.join(story.outlets)}; {story.days}):"
        paragraphs.append(" ".join([head, *quotes]))
    count = len(briefing.stories)
    top = f", the {MOST_STORIES} most widely and recently reported" if count > MOST_STORIES else ""
    stories = "story" if count == 1 else "stories"
    intro = f"{count} {stories}{about} from {briefing.since} to {briefing.until}{top}:"
    return Answer(
        question=question.text,
        text="\n\n".join([intro, *paragraphs]),
        abstained=False,
        citations=tuple(citations),
    )
