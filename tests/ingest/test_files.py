import datetime as dt
import json
import os

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from assistant.errors import ArticleError, CorpusError
from assistant.ingest.dates import normalize_date
from assistant.ingest.files import load_file, scan
from assistant.ingest.sentences import split_sentences
from tests.conftest import SEED


def write(root, name, content):
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def load_one(root, name, content):
    loaded = load_file(write(root, name, content), root)
    assert len(loaded.articles) == 1
    return loaded.articles[0], loaded.warnings


def test_seed_article_metadata(corpus):
    article = load_file(corpus / SEED, corpus).articles[0]
    assert article.id == SEED and article.path == SEED
    assert article.title.startswith("Japan’s defence minister")
    assert (article.source, article.place) == ("Reuters", "Ankara")
    assert article.date is None  # the file carries no date: never invent one
    assert article.authors == ("Ece Toksabay", "Tuvan Gumrukcu", "Timothy Kelly")
    assert article.editors == ("Gareth Jones",)
    assert article.text == (corpus / SEED).read_text(encoding="utf-8")
    assert len(article.content_hash) == 64


def test_markdown_front_matter(empty_corpus):
    article, warnings = load_one(
        empty_corpus,
        "news/story.md",
        "---\ntitle: Big News\ndate: 2025-08-19\nsource: The Wire\nurl: https://x.test/a\n"
        "author: [Ann Lee, Bo Chan]\n---\n# Big News\n\nThe first sentence. The second one.\n",
    )
    assert article.id == "news/story.md"
    assert (article.title, article.date, article.source) == (
        "Big News",
        dt.date(2025, 8, 19),
        "The Wire",
    )
    assert article.authors == ("Ann Lee", "Bo Chan")
    assert article.url == "https://x.test/a"
    assert [article.text[s:e] for s, e in article.body] == ["The first sentence. The second one."]
    assert warnings == []


def test_unreadable_date_stays_unknown_with_warning(empty_corpus):
    article, warnings = load_one(
        empty_corpus, "a.md", "---\ndate: sometime soon\n---\nHeadline\n\nBody text here.\n"
    )
    assert article.date is None
    assert "sometime soon" in warnings[0]


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2025-08-19", "2025-08-19"),
        ("Aug 19, 2025", "2025-08-19"),
        ("2025-08-19T10:00:00Z", "2025-08-19"),
        ("", None),
        ("not a date", None),
    ],
)
def test_normalize_date(value, expected):
    assert normalize_date(value) == expected


def test_json_and_jsonl_records(empty_corpus):
    record = {
        "id": "r1",
        "title": "T1",
        "body": "Body one. More.",
        "published_at": "2024-01-02",
        "source": "AP",
        "author": "Ann Lee",
    }
    single, _ = load_one(empty_corpus, "one.json", json.dumps(record))
    assert single.id == "one.json" and single.date == dt.date(2024, 1, 2) and single.source == "AP"
    assert single.text == "T1\n\nBody one. More."
    assert single.text[slice(*single.body[0])] == "Body one. More."

    lines = [
        json.dumps(record),
        "{not json",
        json.dumps({"title": "no text"}),
        json.dumps({"title": "T3", "text": "Third body."}),
    ]
    loaded = load_file(write(empty_corpus, "many.jsonl", "\n".join(lines)), empty_corpus)
    assert [a.id for a in loaded.articles] == ["many.jsonl#r1", "many.jsonl#4"]
    assert all(a.path == "many.jsonl" for a in loaded.articles)
    assert any("many.jsonl:2" in w for w in loaded.warnings)
    assert any("line 3" in w for w in loaded.warnings)


def test_json_list(empty_corpus):
    data = [{"title": "A", "text": "Alpha text."}, {"title": "B", "text": "Beta text."}]
    loaded = load_file(write(empty_corpus, "list.json", json.dumps(data)), empty_corpus)
    assert [a.id for a in loaded.articles] == ["list.json#1", "list.json#2"]


def test_html_extraction(empty_corpus):
    paragraphs = "".join(
        f"<p>Paragraph {i} reports that the council voted on the new budget for the city "
        f"schools and roads, after a long debate in the chamber.</p>"
        for i in range(4)
    )
    html = (
        "<html><head><title>Council votes budget</title>"
        '<meta property="article:published_time" content="2025-03-04">'
        '<meta property="og:site_name" content="City Times"></head>'
        f"<body><nav>Home | News</nav><article><h1>Council votes budget</h1>{paragraphs}"
        "</article><footer>Copyright</footer></body></html>"
    )
    article, _ = load_one(empty_corpus, "page.html", html)
    assert article.title == "Council votes budget"
    assert article.date == dt.date(2025, 3, 4)
    assert article.format == "html"
    body = " ".join(article.text[s:e] for s, e in article.body)
    assert "Paragraph 0 reports" in body and "Home | News" not in body


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("empty.txt", "", "empty file"),
        ("blank.txt", "   \n\n", "empty file"),
        ("binary.txt", b"\x00\x01\x02PNG\x00", "binary"),
        ("headline.txt", "Only a headline\n", "no article text"),
        ("broken.json", "{", "invalid JSON"),
        ("nohtml.html", "<html><body></body></html>", "no article text"),
        ("bad.md", "---\ntitle: [unclosed\n---\nHead\n\nBody.", "front matter"),
    ],
)
def test_bad_files_raise_a_message_naming_the_file(empty_corpus, name, content, message):
    with pytest.raises(ArticleError, match=message) as err:
        load_file(write(empty_corpus, name, content), empty_corpus)
    assert name in str(err.value)


def test_invalid_utf8_is_replaced_with_warning(empty_corpus):
    article, warnings = load_one(
        empty_corpus, "latin.txt", "Head\n\nCaf\xe9 prices rose.".encode("latin-1")
    )
    assert "invalid UTF-8" in warnings[0]
    assert "Caf\ufffd prices rose." in article.text


def test_content_hash_tracks_text_and_metadata(empty_corpus):
    a, _ = load_one(empty_corpus, "a.md", "Head\n\nSame body.")
    b, _ = load_one(empty_corpus, "a.md", "---\nsource: X\n---\nHead\n\nSame body.")
    c, _ = load_one(empty_corpus, "a.md", "Head\n\nSame body.")
    assert a.content_hash != b.content_hash and a.content_hash == c.content_hash


def test_scan_sorts_ignores_and_lists_unsupported(empty_corpus):
    for name in [
        "b.txt",
        "a.md",
        "sub/c.jsonl",
        "NOTICE.md",
        ".hidden.txt",
        "_draft/x.txt",
        "image.png",
    ]:
        write(empty_corpus, name, "x")
    files, ignored = scan(empty_corpus, ["NOTICE*", ".*", "_*"])
    assert [p.relative_to(empty_corpus).as_posix() for p in files] == [
        "a.md",
        "b.txt",
        "sub/c.jsonl",
    ]
    assert [p.name for p in ignored] == ["image.png"]


def test_scan_missing_folder(tmp_path):
    with pytest.raises(CorpusError, match="does not exist"):
        scan(tmp_path / "nope", [])


# -- property-based: no input crashes a loader, no sentence's offsets are off -------------------


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "title",
                    "text",
                    "body",
                    "date",
                    "published_at",
                    "source",
                    "url",
                    "author",
                    "id",
                    "x",
                ]
            ),
            children,
            max_size=6,
        )
    ),
    max_leaves=12,
)


def check_loaded(path, root):
    try:
        loaded = load_file(path, root)
    except ArticleError:
        return
    for article in loaded.articles:
        for s in split_sentences(article):
            assert article.text[s.start : s.end] == s.text and s.text.strip() == s.text


@hsettings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.binary(max_size=400),
    suffix=st.sampled_from([".txt", ".md", ".json", ".jsonl", ".html"]),
)
def test_random_bytes_never_crash_a_loader(empty_corpus, data, suffix):
    path = empty_corpus / f"random{suffix}"
    path.write_bytes(data)
    check_loaded(path, empty_corpus)


@hsettings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=JSON_VALUES, lines=st.booleans())
def test_random_json_never_crashes_a_loader(empty_corpus, value, lines):
    path = empty_corpus / ("random.jsonl" if lines else "random.json")
    if lines:
        records = value if isinstance(value, list) else [value]
        path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    else:
        path.write_text(json.dumps(value), encoding="utf-8")
    check_loaded(path, empty_corpus)


# -- issue 14: reproductions as a new user met them ----------------------------------------------


def sentence_texts(article):
    return [s.text for s in split_sentences(article)]


def test_front_matter_markdown_indexes_its_lede(empty_corpus):
    article, _ = load_one(
        empty_corpus,
        "fire.md",
        "---\ntitle: Fire F\ndate: 2022-06-10\nsource: Valencia Daily\n---\n"
        "A wildfire forced the evacuation of 1,200 people on Friday.\n\n"
        "Crews worked through the night.\n",
    )
    assert sentence_texts(article) == [
        "A wildfire forced the evacuation of 1,200 people on Friday.",
        "Crews worked through the night.",
    ]
    assert article.title == "Fire F"


def test_markdown_without_front_matter_or_heading_indexes_its_first_paragraph(empty_corpus):
    article, _ = load_one(
        empty_corpus,
        "wildfire-note.md",
        "A wildfire forced the evacuation of 1,200 people on Friday.\n\nCrews worked on.\n",
    )
    assert sentence_texts(article)[0] == (
        "A wildfire forced the evacuation of 1,200 people on Friday."
    )
    assert article.title == "Wildfire note"  # from the file name: the file has no headline


def test_html_headline_is_not_glued_to_the_lede(empty_corpus):
    article, _ = load_one(
        empty_corpus,
        "fire.html",
        "<html><head><title>Fire F</title></head><body><article><h1>Fire F</h1>"
        "<p>A wildfire forced the evacuation of 1,200 people on Friday.</p>"
        "<p>Crews worked through the night to contain the blaze.</p></article></body></html>",
    )
    assert sentence_texts(article) == [
        "A wildfire forced the evacuation of 1,200 people on Friday.",
        "Crews worked through the night to contain the blaze.",
    ]


@pytest.mark.parametrize(
    "header",
    [
        "Date: 2022-06-12",
        "Published: 12 June 2022",
        "Published on: 12 June 2022",
        "Last updated: 2022-06-12",
        "Updated 10:32 AM EDT, Sun June 12, 2022",
        "First published on Sun 12 Jun 2022 10.32 BST",
    ],
)
def test_header_line_gives_the_date_and_is_not_a_sentence(empty_corpus, header):
    article, _ = load_one(
        empty_corpus, "a.txt", f"Fiji floods\n{header}\n\nReuters —\nRain cut roads on Saturday.\n"
    )
    assert article.date == dt.date(2022, 6, 12)
    assert sentence_texts(article) == ["Rain cut roads on Saturday."]


@pytest.mark.parametrize("name", ["2022-06-12_fiji-climate.txt", "20220612-fiji-climate.txt"])
def test_file_name_gives_the_date(empty_corpus, name):
    article, _ = load_one(empty_corpus, name, "Fiji climate\n\nLeaders met on Sunday.\n")
    assert article.date == dt.date(2022, 6, 12)


def saved_on(path, day: str):
    """Set a file's modification time to noon UTC of `day`."""
    stamp = dt.datetime.fromisoformat(f"{day}T12:00:00+00:00").timestamp()
    os.utime(path, (stamp, stamp))
    return path


def test_dateline_date_takes_its_year_from_the_file_name_only(empty_corpus):
    text = "Fire near Valencia\n\nVALENCIA, Aug 1 (Reuters) - A wildfire spread on Monday.\n"
    dated, _ = load_one(empty_corpus, "2022-08-02_fire.txt", text)
    assert dated.date == dt.date(2022, 8, 1)  # the dateline's day, the file name's year
    assert dated.date_from == "dateline"
    path = saved_on(write(empty_corpus, "fire.txt", text), "2022-12-15")
    (undated,) = load_file(path, empty_corpus).articles
    assert undated.date is None  # no year anywhere, saved months later: never guessed
    assert sentence_texts(undated) == ["A wildfire spread on Monday."]


@pytest.mark.parametrize(
    "dateline, saved, date",
    [
        ("VALENCIA, Spain, Aug 3 (AP) —", "2022-08-04", dt.date(2022, 8, 3)),  # saved a day later
        ("PARIS, Dec 30 (AFP) -", "2023-01-02", dt.date(2022, 12, 30)),  # across the new year
        ("VALENCIA, Aug 3 (AP) —", "2022-10-20", None),  # saved too long after
        ("VALENCIA, Aug 3 (AP) —", "2022-07-20", None),  # before the story was filed
    ],
)
def test_a_dateline_without_a_year_takes_the_file_times_within_a_month(
    empty_corpus, dateline, saved, date
):
    """Issue 29: a wire story saved a day after it was filed was listed as undated; newsroom
    tools take the year of the file's time, and say so."""
    text = f"Fire near Valencia\n\n{dateline} A wildfire spread on Monday.\n"
    path = saved_on(write(empty_corpus, "fire.txt", text), saved)
    (article,) = load_file(path, empty_corpus).articles
    assert article.date == date
    assert article.date_from == ("dateline + file time" if date else "")


def test_dateline_with_a_country_is_recognised(empty_corpus):
    article, _ = load_one(
        empty_corpus,
        "fire.txt",
        "Spain fires\n\nVALENCIA, Spain, Aug 3 (AP) - Firefighters battled two wildfires.\n",
    )
    assert (article.place, article.source) == (
        "Valencia, Spain",
        "AP",
    )  # the country, for "which country"
    assert sentence_texts(article) == ["Firefighters battled two wildfires."]
