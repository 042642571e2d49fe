import datetime as dt
from dataclasses import replace

from assistant.answer.prompts import CANNOT_ANSWER
from assistant.ingest.sentences import paragraphs
from assistant.types import (
    Answer,
    AnswerSentence,
    Citation,
    Conflict,
    Copy,
    Reported,
    TimeReading,
)
from assistant.web.render import (
    answer_markdown,
    article_html,
    card_html,
    escape_markdown,
    highlight,
    sources_html,
    turn_html,
)

TEXT = "Head\n\nFirst <b>para</b>. Second sentence here.\n\n<script>alert(1)</script> ends."


def cite(n, start, end, article="a.txt", date=dt.date(2025, 1, 2)):
    return Citation(
        n=n,
        article=article,
        title="Head <i>",
        source="AP",
        date=date,
        sentence=TEXT[start:end],
        start=start,
        end=end,
        place="Paris",
    )


FIRST = cite(1, 6, 24)  # "First <b>para</b>."
SCRIPT = cite(2, TEXT.index("<script>"), len(TEXT))


def test_paragraph_spans():
    assert [TEXT[s:e] for s, e in paragraphs(TEXT)] == [
        "Head",
        "First <b>para</b>. Second sentence here.",
        "<script>alert(1)</script> ends.",
    ]


def test_highlight_escapes_everything_and_marks_the_sentence():
    html = highlight(TEXT, 6, 24, *paragraphs(TEXT)[1], "m1")
    assert html == (
        '<mark class="hl" id="m1">First &lt;b&gt;para&lt;/b&gt;.</mark> Second sentence here.'
    )


def test_article_html_never_contains_raw_markup():
    html = article_html(TEXT, SCRIPT.start, SCRIPT.end, "m2")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.count("<p>") == 3 and 'id="m2"' in html


def test_card_shows_meta_paragraph_and_article():
    html = card_html(FIRST, TEXT, "src-1-1")
    assert 'id="src-1-1"' in html and "Head &lt;i&gt;" in html
    assert (
        '<button type="button" class="chip" data-fill="outlet" data-value="AP" '
        'title="Put AP in the Outlet box, then ask again">AP</button> · Paris · '
        '<button type="button" class="chip" data-fill="date" data-value="2025-01-02"' in html
    )
    assert '<p class="para"><mark class="hl">First &lt;b&gt;para&lt;/b&gt;.</mark> Second' in html
    assert 'id="src-1-1-mark"' in html and "<b>" not in html
    assert "date unknown" in card_html(cite(1, 6, 24, date=None), TEXT, "x")
    copied = card_html(replace(FIRST, also_in=("wire/<x>.txt", "b.txt")), TEXT, "x")
    assert "Same text also in: wire/&lt;x&gt;.txt, b.txt" in copied
    carried = card_html(
        replace(
            FIRST, copies=(Copy("r.md", "Reuters", dt.date(2025, 8, 1)), Copy("u.md", "", None))
        ),
        TEXT,
        "x",
    )
    assert "Also carried by: Reuters, 2025-08-01; u.md, date unknown" in carried
    assert "Also carried by" not in card_html(FIRST, TEXT, "x")
    quoted = card_html(replace(FIRST, speaker="a <b>Turkish</b> official"), TEXT, "x")
    # a chip that puts the speaker in the Speaker box
    assert (
        '<div class="speaker">Speaker: <button type="button" class="chip" data-fill="speaker"'
        in (quoted)
    )
    assert 'data-value="a &lt;b&gt;Turkish&lt;/b&gt; official"' in quoted
    assert "in the Speaker box, then ask again" in quoted
    assert 'class="speaker"' not in card_html(FIRST, TEXT, "x")  # the outlet's own words


def test_answer_markers_link_to_their_turn():
    sentences = (
        AnswerSentence(FIRST.sentence, (1,), True, 1.0),
        AnswerSentence(SCRIPT.sentence, (2,), True, 1.0),
    )
    answer = Answer(
        question="q", text="…", abstained=False, citations=(FIRST, SCRIPT), sentences=sentences
    )
    md = answer_markdown(answer, turn=3)
    assert '<a class="cite" href="#src-3-1" data-turn="3" data-n="1">[1]</a>' in md
    assert 'href="#src-3-2"' in md
    assert "<script>" not in md and "<b>" not in md


def test_markdown_specials_are_escaped():
    assert escape_markdown("a *b* _c_ [d](e) <x>") == r"a \*b\* \_c\_ \[d\]\(e\) &lt;x&gt;"
    # Entities are not escaped again: the page showed "don&#x27;t" for the abstention sentence.
    assert escape_markdown('don\'t say "no" & > #1') == 'don\'t say "no" &amp; &gt; \\#1'


def test_abstention_turn_lists_related_sources():
    answer = Answer(
        question="q", text=CANNOT_ANSWER, abstained=True, citations=(), related=(FIRST,)
    )
    html = turn_html(2, "Who won?", "Who won?", answer, {"a.txt": TEXT})
    assert "Related, but not an answer" in html and 'id="src-2-r1"' in html
    assert "searched as" not in html
    assert answer_markdown(answer, 2) == escape_markdown(CANNOT_ANSWER)


def test_turns_newest_first_and_rewrites_shown():
    answer = Answer(question="q", text="x", abstained=False, citations=(FIRST,))
    one = turn_html(1, "First?", "First?", answer, {"a.txt": TEXT})
    two = turn_html(2, "What about X?", "First X?", answer, {"a.txt": TEXT})
    assert "searched as: First X?" in two
    html = sources_html([one, two])
    assert html.index('data-turn="2"') < html.index('data-turn="1"')
    assert "appear here" in sources_html([])


def test_unsupported_sentences_and_notices_are_visible():
    sentences = (
        AnswerSentence("Made up <claim>.", (), False, 0.1),
        AnswerSentence("Backed claim.", (1,), True, 0.9),
    )
    answer = Answer(
        question="q",
        text="…",
        abstained=False,
        citations=(FIRST,),
        sentences=sentences,
        notice="openai:x failed (timeout); quoting the sources instead.",
    )
    md = answer_markdown(answer, 1)
    assert md.startswith("*openai:x failed \\(timeout\\); quoting the sources instead.*")
    assert (
        '<span class="unsupported" title="Not supported by the cited sources">'
        "⚠ Made up &lt;claim&gt;.</span>" in md
    )
    assert 'Backed claim. <a class="cite" href="#src-1-1"' in md


def test_an_abstention_shows_the_gates_reason_after_the_one_sentence():
    answer = Answer(
        question="q",
        text=CANNOT_ANSWER,
        abstained=True,
        citations=(),
        notice="Not answered: the best sentences never mention the role "
        "(6% likely they answer it).",
    )
    md = answer_markdown(answer, 1)
    assert md.startswith(escape_markdown(CANNOT_ANSWER) + "\n\n*Not answered: the best")
    assert md.endswith("\\(6% likely they answer it\\).*")


def test_an_answer_says_as_of_when():
    dated = replace(FIRST, date=dt.date(2025, 8, 3))
    sentences = (AnswerSentence("Backed claim.", (1,), True, 0.9),)
    answer = Answer(
        question="q", text="…", abstained=False, citations=(dated,), sentences=sentences
    )
    assert answer_markdown(answer, 1).endswith(r"*As of 2025\-08\-03 \(the newest cited source\).*")
    undated = replace(answer, citations=(replace(FIRST, date=None),))
    assert "As of" not in answer_markdown(undated, 1)


def test_the_reading_of_the_questions_time_words_leads_the_answer():
    reading = TimeReading("latest", recency=True, description="latest → articles of 3 Aug 2025")
    sentences = (AnswerSentence("Backed claim.", (1,), True, 0.9),)
    answer = Answer(
        question="q", text="…", abstained=False, citations=(FIRST,), sentences=sentences
    )
    read = r"*Read as: latest → articles of 3 Aug 2025*" + "\n\n"
    assert answer_markdown(replace(answer, reading=reading), 1).startswith(read + "Backed claim.")
    abstained = replace(answer, abstained=True, text=CANNOT_ANSWER, reading=reading)
    assert answer_markdown(abstained, 1) == read + escape_markdown(CANNOT_ANSWER)
    assert "Read as" not in answer_markdown(answer, 1)


def test_an_undated_card_has_no_date_chip_and_an_outlet_chip_is_escaped():
    html = card_html(replace(cite(1, 6, 24, date=None), source='A"P'), TEXT, "x")
    assert 'data-fill="date"' not in html and 'data-value="A&quot;P"' in html


def test_a_moved_figure_and_a_disagreement_are_shown_below_the_answer():
    ap = Reported("about 5,000", "people", dt.date(2025, 8, 3), "AP", 1)
    bbc = Reported("3,000", "people", dt.date(2025, 8, 3), "BBC <b>", 2)
    reuters = Reported("1,200", "people", dt.date(2025, 8, 1), "Reuters", 3)
    answer = Answer(
        question="q",
        text="…",
        abstained=False,
        citations=(replace(FIRST, date=dt.date(2025, 8, 3)),),
        sentences=(AnswerSentence("Backed claim.", (1,), True, 0.9),),
        timeline=(ap, reuters),
        conflicts=(Conflict((ap, bbc)),),
    )
    md = answer_markdown(answer, 4)
    assert (
        '<span class="disagree">⚠ Sources disagree: AP \\(3 Aug 2025\\) says about 5,000 '
        '<a class="cite" href="#src-4-1" data-turn="4" data-n="1">[1]</a>; BBC &lt;b&gt; '
    ) in md
    assert (
        "- 1 Aug 2025 · Reuters: 1,200 people "
        '<a class="cite" href="#src-4-3" data-turn="4" data-n="3">[3]</a>'
    ) in md
    assert md.index("Timeline, newest first") < md.index("- 3 Aug 2025 · AP") < md.index("1 Aug")
    assert "<b>" not in md and md.endswith("(the newest cited source\\).*")
    plain = replace(answer, timeline=(), conflicts=())
    assert "disagree" not in answer_markdown(plain, 4) and "Timeline" not in answer_markdown(
        plain, 4
    )


def test_a_markdown_front_matter_is_not_shown_as_the_ledes_paragraph():
    text = "---\ntitle: Wildfire\ndate: 2025-08-01\n---\nThe fire spread. Crews came.\n\nMore.\n"
    start = text.index("The fire")
    cited = replace(FIRST, sentence="The fire spread.", start=start, end=start + 16)
    card = card_html(cited, text, "x")
    para = card[card.index('<p class="para">') : card.index("</p>")]
    assert "title:" not in para and "Crews came." in para
    assert "title:" not in article_html(text, start, start + 16, "m")
