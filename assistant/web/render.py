"""HTML for the chat page: answers with linked markers, source cards, highlighted articles, and
the page's own CSS and script.

Everything taken from an article is HTML-escaped before any markup is added around it, so an
article containing `<script>` or `<img onerror=…>` is shown as text. Ids carry the turn number,
so the markers of an earlier answer keep pointing at that answer's sources.
"""

from __future__ import annotations

import html
import re

from assistant.answer.prompts import CANNOT_ANSWER
from assistant.answer.timeline import day
from assistant.ingest.files import FRONT_MATTER
from assistant.ingest.sentences import paragraphs
from assistant.types import Answer, Citation

MARKER = re.compile(r"\[(\d+)\]")
# Characters that markdown would turn into formatting; the chat renders answers as markdown.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-!|~])")


UNSUPPORTED = "Not supported by the cited sources"


# Clicks on a marker in the chat or on a source card open the article at the cited sentence.
# One delegated listener (capture phase, so the chat's own link handling never opens a tab).
CITATION_JS = """
if (!window.__newsCitations) {
  window.__newsCitations = true;
  const openCard = (id) => {
    const card = document.getElementById(id);
    if (!card) return;
    document.querySelectorAll('.card.active').forEach((c) => c.classList.remove('active'));
    card.classList.add('active');
    const article = card.querySelector('.article');
    article.hidden = false;
    const mark = article.querySelector('mark.hl') || card;
    mark.scrollIntoView({block: 'center'});
  };
  // A closed accordion has no boxes on the page: open it, and fill them once they are there.
  const fillBoxes = (ids, value, tries) => {
    const boxes = ids.map((id) => document.querySelector(`#${id} textarea, #${id} input`));
    if (boxes.some((box) => !box)) {
      const settings = document.querySelector('#settings > button, #settings .label-wrap');
      if (tries === 40 && settings) settings.click();
      if (tries > 0) setTimeout(() => fillBoxes(ids, value, tries - 1), 50);
      return;
    }
    for (const box of boxes) {
      box.value = value;
      box.dispatchEvent(new Event('input', {bubbles: true}));
    }
  };
  document.addEventListener('click', (event) => {
    const cite = event.target.closest('a.cite, a[href^="#src-"]');
    if (cite) {
      event.preventDefault();
      event.stopPropagation();
      openCard(cite.getAttribute('href').slice(1));
      return;
    }
    const chip = event.target.closest('.card button.chip');
    if (chip) {  // fill the settings box it names; the next question is asked with it
      event.stopPropagation();
      const ids = chip.dataset.fill === 'date' ? ['filter-from', 'filter-to']
        : [chip.dataset.fill === 'speaker' ? 'filter-speaker' : 'filter-outlet'];
      fillBoxes(ids, chip.dataset.value, 40);
      return;
    }
    const head = event.target.closest('.card .open-article, .card .card-head');
    if (head) {
      const card = head.closest('.card');
      const article = card.querySelector('.article');
      if (article.hidden) { openCard(card.id); }
      else { article.hidden = true; card.classList.remove('active'); }
    }
  }, true);
}
"""

CSS = """
.sources { max-height: 620px; overflow-y: auto; padding-right: 4px; }
.sources .turn { border-bottom: 1px solid #ddd; padding: 6px 0 10px; }
.sources .turn-q { font-weight: 600; margin-bottom: 4px; }
.sources .searched, .sources .meta, .sources .also-in, .sources .article-file {
  color: #666; font-size: 0.85em;
}
.sources .abstain { color: #8a5a00; margin: 4px 0; }
.sources .card { border: 1px solid #ccc; border-radius: 8px; padding: 8px 10px; margin: 6px 0; }
.sources .card.related { border-style: dashed; }
.sources .card.active { border-color: #2563eb; box-shadow: 0 0 0 2px #bfdbfe; }
.sources .card-head { cursor: pointer; }
.sources .n { font-weight: 700; color: #2563eb; }
.sources .title { font-weight: 600; }
.sources .para { margin: 6px 0; font-size: 0.92em; }
.sources .article { max-height: 360px; overflow-y: auto; background: #fafafa; padding: 6px 10px;
  border-radius: 6px; font-size: 0.92em; }
.sources mark.hl { background: #fde68a; padding: 0 1px; }
.sources button.open-article { font-size: 0.8em; font-weight: 500; padding: 1px 10px;
  border: 1px solid #bbb; border-radius: 999px; background: #fff; cursor: pointer; }
.unsupported { background: #fee2e2; text-decoration: underline wavy #dc2626; }
.disagree { color: #9a3412; background: #ffedd5; padding: 1px 4px; border-radius: 4px; }
.timeline { font-weight: 600; }
a.cite { font-weight: 700; text-decoration: none; cursor: pointer; }
#chat a.cite { color: #2563eb !important; }  /* link blue: the theme drew them black */
/* tables in the page font, not the monospace default */
#articles, #articles *, #feeds, #feeds * { font-family: var(--font) !important; }
#articles td, #articles td *, #feeds td, #feeds td * {
  overflow-wrap: anywhere; white-space: normal !important; }
#chat a.cite:hover { text-decoration: underline; }
.sources button.chip { font-size: 1em; color: inherit; padding: 0 6px; border: 1px solid #cbd5e1;
  border-radius: 999px; background: #f1f5f9; cursor: pointer; }
"""


def escape(text: str) -> str:
    return html.escape(text, quote=True)


def escape_markdown(text: str) -> str:
    """Text shown as itself in the chat's markdown. Backslashes go in first: escaping HTML first
    would turn an apostrophe into `&#x27;`, whose `#` then got a backslash, so the page showed
    `&#x27;` itself.
    `<`, `>` and `&` become entities (so `>` opens no quote and no tag renders); quotes need none
    outside attributes."""
    return html.escape(MARKDOWN_SPECIAL.sub(r"\\\1", text), quote=False)


def source_id(turn: int, n: int, related: bool = False) -> str:
    return f"src-{turn}-{'r' if related else ''}{n}"


def read_as(answer: Answer) -> str:
    """How the question's time words were read, as a line above the answer ("" if it had none)."""
    if not answer.reading:
        return ""
    return f"*{escape_markdown(f'Read as: {answer.reading.description}')}*\n\n"


def cite_links(numbers: tuple[int, ...], turn: int) -> str:
    return "".join(
        f'<a class="cite" href="#{source_id(turn, n)}" data-turn="{turn}" data-n="{n}">[{n}]</a>'
        for n in numbers
    )


def figures_markdown(answer: Answer, turn: int) -> str:
    """Below the answer: a note where same-day sources disagree on the asked figure, and a
    small list of how it moved, newest first (answer/timeline.py)."""
    parts = []
    for conflict in answer.conflicts:
        sides = "; ".join(
            f"{escape_markdown(f'{r.source} ({day(r.date)}) says {r.value}')} "
            f"{cite_links((r.citation,), turn)}"
            for r in conflict.sides
        )
        parts.append(f'<span class="disagree">⚠ Sources disagree: {sides}</span>')
    if answer.timeline:
        items = "\n".join(
            "- "
            + escape_markdown(f"{day(r.date)} · {r.source or 'unknown outlet'}: {r.value}")
            + escape_markdown(f" {r.counted}".rstrip())
            + f" {cite_links((r.citation,), turn)}"
            for r in answer.timeline
        )
        parts.append(f'<span class="timeline">Timeline, newest first:</span>\n\n{items}')
    return "\n\n".join(parts)


def answer_markdown(answer: Answer, turn: int) -> str:
    """The answer for the chat: text escaped, each `[n]` a link to its source card, and
    sentences the verifier could not support visibly marked."""
    if answer.abstained:  # the one sentence first, then why (the gate's reason), as the CLI does
        note = f"\n\n*{escape_markdown(answer.notice)}*" if answer.notice else ""
        return read_as(answer) + escape_markdown(answer.text) + note
    parts = []
    for sentence in answer.sentences:
        links = cite_links(sentence.citations, turn)
        text = escape_markdown(sentence.text)
        if not sentence.supported:
            text = f'<span class="unsupported" title="{escape(UNSUPPORTED)}">⚠ {text}</span>'
        parts.append(f"{text} {links}".strip())
    body = " ".join(parts)
    figures = figures_markdown(answer, turn)
    if figures:
        body += f"\n\n{figures}"
    if answer.as_of:
        body += f"\n\n*{escape_markdown(f'As of {answer.as_of} (the newest cited source).')}*"
    body = read_as(answer) + body
    return f"*{escape_markdown(answer.notice)}*\n\n{body}" if answer.notice else body


def highlight(text: str, start: int, end: int, s: int, e: int, mark_id: str = "") -> str:
    """text[s:e] escaped, with the part inside [start, end) wrapped in <mark>."""
    a, b = max(s, start), min(e, end)
    if a >= b:
        return escape(text[s:e])
    ident = f' id="{mark_id}"' if mark_id else ""
    return (
        f'{escape(text[s:a])}<mark class="hl"{ident}>{escape(text[a:b])}</mark>{escape(text[b:e])}'
    )


def article_html(text: str, start: int, end: int, mark_id: str) -> str:
    """The whole article as paragraphs, the cited sentence highlighted."""
    return "".join(
        f"<p>{highlight(text, start, end, s, e, mark_id if s <= start < e else '')}</p>"
        for s, e in shown_paragraphs(text)
    )


def shown_paragraphs(text: str) -> list[tuple[int, int]]:
    """The article's paragraphs as the page shows them: a Markdown file's front matter (its
    title, date and outlet, already on the card) is left out rather than run into the lede."""
    head = FRONT_MATTER.match(text)
    skip = head.end() if head else 0
    return [(s + skip, e + skip) for s, e in paragraphs(text[skip:])]


CHIP_BOXES = {"date": "From and To date boxes", "outlet": "Outlet box", "speaker": "Speaker box"}
"""The settings boxes a chip of each kind fills."""


def chip(fill: str, value: str) -> str:
    """An outlet, date or speaker that fills the page's filter box of that name when clicked."""
    boxes = CHIP_BOXES[fill]
    return (
        f'<button type="button" class="chip" data-fill="{fill}" data-value="{escape(value)}" '
        f'title="Put {escape(value)} in the {boxes}, then ask again">{escape(value)}</button>'
    )


def card_html(c: Citation, text: str, ident: str, related: bool = False) -> str:
    """A source card: the cited sentence marked in its paragraph of the article `text`, with
    its outlet, place and date (outlet and date as chips that fill the filters), its copies
    and whose words it is; `related` for a source shown beside an abstention."""
    para = next(((s, e) for s, e in shown_paragraphs(text) if s <= c.start < e), (c.start, c.end))
    date = chip("date", c.date.isoformat()) if c.date else "date unknown"
    source = chip("outlet", c.source) if c.source else ""
    meta = " · ".join(p for p in (source, escape(c.place), date) if p)
    label = "related" if related else f"[{c.n}]"
    copies = (
        f'<div class="also-in">Same text also in: {escape(", ".join(c.also_in))}</div>'
        if c.also_in
        else ""
    )
    if c.copies:
        copies += f'<div class="carried-by">Also carried by: {escape(c.carried_by)}</div>'
    if c.speaker:
        copies += f'<div class="speaker">Speaker: {chip("speaker", c.speaker)}</div>'
    return (
        f'<div class="card{" related" if related else ""}" id="{ident}">'
        f'<div class="card-head"><span class="n">{label}</span> '
        f'<span class="title">{escape(c.title)}</span><div class="meta">{meta}</div>{copies}</div>'
        f'<p class="para">{highlight(text, c.start, c.end, *para)}</p>'
        f'<button class="open-article" type="button">Open article</button>'
        f'<div class="article" hidden><div class="article-file">{escape(c.article)}</div>'
        f"{article_html(text, c.start, c.end, ident + '-mark')}</div></div>"
    )


def turn_html(
    turn: int, question: str, searched: str, answer: Answer, texts: dict[str, str]
) -> str:
    """The Sources section of one chat turn; `texts` maps article id to its stored text."""
    head = f'<div class="turn-q">{escape(question)}</div>'
    if searched != question:
        head += f'<div class="searched">searched as: {escape(searched)}</div>'
    if answer.abstained:
        note = f'<div class="abstain">{escape(CANNOT_ANSWER)} Related, but not an answer:</div>'
        cards = "".join(
            card_html(c, texts[c.article], source_id(turn, c.n, True), True) for c in answer.related
        )
        return f'<section class="turn" data-turn="{turn}">{head}{note}{cards}</section>'
    cards = "".join(card_html(c, texts[c.article], source_id(turn, c.n)) for c in answer.citations)
    return f'<section class="turn" data-turn="{turn}">{head}{cards}</section>'


def sources_html(sections: list[str]) -> str:
    """All turns' sources, newest first."""
    if not sections:
        return '<div class="sources empty">Sources of each answer appear here.</div>'
    return '<div class="sources">' + "".join(reversed(sections)) + "</div>"
