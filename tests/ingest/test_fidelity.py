"""The fidelity property, on articles generated from the parts real news files are made of.

Every character of body prose belongs to exactly one indexed sentence, no metadata line
(header, dateline, byline, credit, caption, boilerplate) and no headline is ever part of one,
and `article.text[start:end] == sentence.text` holds, in every format.
"""

import html
import json
import re

import yaml
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from assistant.ingest.files import load_file
from assistant.ingest.sentences import split_sentences
from tests.ingest.test_layouts import assert_faithful

WORDS = (
    "the council said water fire crews town people night river prices rose fell on in of and "
    "after before officials Valencia Fiji 1,200 3.5 percent U.S. Dr. Smith minister told "
    "reporters new homes roads schools were closed would reopen"
).split()
HEADERS = [
    "Date: 2022-06-12",
    "Published: 12 June 2022",
    "Updated 10:32 AM EDT, Sun June 12, 2022",
    "Sun 12 Jun 2022 10.32 BST",
    "Source: BBC News",
    "By Jane Doe",
    "By JANE DOE and TOM ROE Associated Press",
    "BBC News",
    "Reuters —",
    "Image source, Getty Images",
]
DATELINES = [
    "ANKARA (Reuters) - ",
    "VALENCIA, Aug 1 (Reuters) - ",
    "VALENCIA, Spain, Aug 3 (AP) — ",
    "PARIS (AFP) - ",
    "RIO DE JANEIRO (Reuters) - ",
    "SPRINGFIELD, Ill. — ",
    "(CNN) — ",
]
INSERTS = [
    "(Reporting by Ann Lee in Paris; Editing by Bo Chan)",
    "Image: Firefighters near the town / AFP",
    "Photo: Jo Roe/Reuters",
    "Image caption, People cool off in a fountain",
    "Firefighters at work. Photograph: Jo Roe/AFP/Getty Images",
    "Advertisement",
    "Read more: Other fires this year",
    "Related Topics\nHeatwaves\nClimate change",
    "https://example.com/story/123",
]


@st.composite
def sentences(draw):
    words = draw(st.lists(st.sampled_from(WORDS), min_size=3, max_size=12))
    end = draw(st.sampled_from([".", ".", "?", "!"]))
    return " ".join(words).capitalize() + end


@st.composite
def articles(draw):
    """(headline, header lines, dateline, prose paragraphs, insert blocks) of one article."""
    plain = [w for w in WORDS if "." not in w]  # headlines do not end in "Dr."
    headline = " ".join(draw(st.lists(st.sampled_from(plain), min_size=2, max_size=8))).title()
    # Distinct paragraphs: trafilatura keeps one copy of a paragraph a page repeats (a pull
    # quote), which is the reading wanted, so a repeat is no prose lost.
    paragraphs = draw(
        st.lists(
            st.lists(sentences(), min_size=1, max_size=4),
            min_size=1,
            max_size=4,
            unique_by=lambda p: " ".join(p),
        )
    )
    return (
        headline,
        draw(st.lists(st.sampled_from(HEADERS), max_size=3, unique=True)),
        draw(st.sampled_from([""] + DATELINES)),
        [" ".join(p) for p in paragraphs],
        draw(
            st.lists(st.sampled_from(INSERTS), min_size=len(paragraphs), max_size=len(paragraphs))
        ),
        draw(st.booleans()),  # front matter (text formats) or metadata fields (JSON)
    )


def plain_text(headline, headers, dateline, prose, inserts, meta) -> str:
    front = yaml.safe_dump({"title": headline, "source": "The Wire"}) if meta else ""
    head = "\n".join([headline, *headers])
    blocks = (
        [f"{dateline}{prose[0]}"]
        + [part for pair in zip(inserts, prose[1:]) for part in pair]
        + inserts[len(prose) - 1 :]
    )
    body = "\n\n".join(blocks)
    return (f"---\n{front}---\n" if meta else "") + f"{head}\n\n{body}\n"


def page(headline, headers, dateline, prose, inserts, meta) -> str:
    paras = [f"{dateline}{prose[0]}", *prose[1:]]
    tags = [f"<p>{html.escape(h)}</p>" for h in headers if h.startswith("By ")]
    for insert, para in zip(inserts, paras):
        tags.append(f"<p>{html.escape(para)}</p>")
        tags.append(f"<figure><figcaption>{html.escape(insert)}</figcaption></figure>")
    date = '<meta property="article:published_time" content="2022-06-12">' if meta else ""
    return (
        f"<html><head><title>{headline}</title>{date}</head><body><nav>Home | News</nav>"
        f"<article><h1>{headline}</h1>{''.join(tags)}</article></body></html>"
    )


def record(headline, headers, dateline, prose, inserts, meta) -> str:
    body = "\n\n".join([*headers, f"{dateline}{prose[0]}", *prose[1:], *inserts])
    fields = {"date": "2022-06-12", "source": "The Wire"} if meta else {}
    return json.dumps({"title": headline, "body": body, **fields})


def squeeze(texts) -> str:
    return "".join(re.sub(r"\s+", "", t) for t in texts)


@hsettings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(parts=articles(), fmt=st.sampled_from([".txt", ".md", ".html", ".json"]))
def test_prose_is_indexed_once_and_nothing_else_is(empty_corpus, parts, fmt):
    write = {".txt": plain_text, ".md": plain_text, ".html": page, ".json": record}[fmt]
    path = empty_corpus / f"article{fmt}"
    path.write_text(write(*parts), encoding="utf-8")
    [article] = load_file(path, empty_corpus).articles
    assert_faithful(article)
    indexed = [s.text for s in split_sentences(article)]
    # Whitespace aside, the sentences are the prose exactly: nothing lost, nothing added.
    assert squeeze(indexed) == squeeze(parts[3])
    assert article.title == parts[0]
