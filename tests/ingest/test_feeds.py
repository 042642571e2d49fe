"""RSS and Atom feeds: one article per entry (assistant/ingest/feeds.py, through files.py)."""

import hashlib
from pathlib import Path

import pytest
import trafilatura
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from assistant.errors import ArticleError
from assistant.ingest.feeds import entry_key
from assistant.ingest.files import load_file, scan
from assistant.ingest.sentences import split_sentences
from assistant.types import iso

LAYOUTS = Path(__file__).parent / "layouts"
FEED_FIXTURES = [
    "riverside-gazette.rss",
    "harbour-news.rss",
    "city-desk.atom",
    "regional-headlines.xml",
]

LONG_STORY = [
    "The regional water board approved a plan on Wednesday to build a desalination plant on the "
    "northern coast, ending a decade of debate over how to supply the towns of the peninsula.",
    "The plant will produce 60 million litres of drinking water a day when it opens in 2030, "
    "enough for about 300,000 people, according to the board's engineers.",
    "Environmental groups said the brine it returns to the sea could harm the seagrass meadows of "
    "the bay, and they asked for an independent study before construction begins.",
    "The board's chair said the study would be published before the first contracts are signed.",
]
# WordPress's Jetpack sharing block, which follows the story in many feeds' content:encoded.
SHARE_LINKS = (
    '<div class="sharedaddy sd-sharing-enabled"><div class="sd-block sd-social">'
    '<h3 class="sd-title">Share this:</h3><div class="sd-content"><ul>'
    '<li class="share-twitter"><a href="https://x.example/share">Share on X</a></li>'
    '<li class="share-facebook"><a href="https://fb.example/share">Share on Facebook</a></li>'
    "</ul></div></div></div>"
)


def item(body: str = "", *, guid: str = "", title: str = "Story", extra: str = "") -> str:
    """An RSS <item>; `body` goes in <description> (escaped by the caller when HTML)."""
    guid_tag = f"<guid>{guid}</guid>" if guid else ""
    return f"<item><title>{title}</title>{guid_tag}{extra}<description>{body}</description></item>"


def rss(*items: str, channel: str = "<title>Wire</title>") -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"{channel}{''.join(items)}</channel></rss>\n"
    )


def load(root: Path, name: str, content: str | bytes):
    path = root / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return load_file(path, root)


def sentences(article) -> list[str]:
    return [s.text for s in split_sentences(article)]


@pytest.mark.parametrize("name", FEED_FIXTURES)
def test_fixture_feed_entries_keep_their_file_format_and_link(name):
    """What test_layouts' walker does not check: every entry belongs to its feed file and keeps
    the entry's link (the walker checks ids, dates, outlets and sentences)."""
    root = LAYOUTS / "corpus"
    for article in load_file(root / name, root).articles:
        assert article.path == name and article.format == "feed"
        assert article.id.startswith(f"{name}#") and article.url.startswith("https://")


def test_scan_takes_feed_suffixes_as_articles(empty_corpus):
    for name in ["a.rss", "b.ATOM", "c.xml", "d.opml"]:
        (empty_corpus / name).write_text("x", encoding="utf-8")
    files, ignored = scan(empty_corpus, [])
    assert [p.name for p in files] == ["a.rss", "b.ATOM", "c.xml"]
    assert [p.name for p in ignored] == ["d.opml"]


def test_long_entry_html_goes_through_trafilatura(empty_corpus):
    html = "".join(f"<p>{s}</p>" for s in LONG_STORY) + SHARE_LINKS
    escaped = html.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    article = load(empty_corpus, "wire.rss", rss(item(escaped))).articles[0]
    # trafilatura drops the sharing links, which a paragraph-by-paragraph reading would keep
    assert sentences(article) == LONG_STORY
    assert [s.paragraph for s in split_sentences(article)] == [0, 1, 2, 3]


def test_short_entry_html_keeps_its_paragraphs(empty_corpus, caplog):
    html = "<p>Evening ferries will leave at 19:15.</p>"
    assert trafilatura.bare_extraction(html) is None  # a bare fragment is not a page to it
    caplog.clear()
    two = "<p>The pier reopened on Friday.</p><div>Anglers came at dawn.<br><br>Gulls too.</div>"
    loaded = load(
        empty_corpus,
        "wire.rss",
        rss(
            item(f"<![CDATA[{html}]]>", guid="one"),
            item(f"<![CDATA[{two}<script>track()</script>]]>", guid="two"),
        ),
    )
    one, other = loaded.articles
    assert sentences(one) == ["Evening ferries will leave at 19:15."]
    assert sentences(other) == [
        "The pier reopened on Friday.",
        "Anglers came at dawn.",
        "Gulls too.",
    ]
    assert [s.paragraph for s in split_sentences(other)] == [0, 1, 2]
    # given as a page, trafilatura reads the fragment without logging errors at every sync
    assert not [r for r in caplog.records if r.name.startswith("trafilatura")]


def test_entry_html_trafilatura_finds_no_text_in_is_read_by_paragraphs(empty_corpus):
    html = '<div class="comments"><p>The pier reopened on Friday.</p><p>Gulls came back.</p></div>'
    page = f"<html><body>{html}</body></html>"
    assert trafilatura.bare_extraction(page, include_comments=False) is None  # boilerplate to it
    article = load(empty_corpus, "w.rss", rss(item(f"<![CDATA[{html}]]>"))).articles[0]
    assert sentences(article) == ["The pier reopened on Friday.", "Gulls came back."]
    assert [s.paragraph for s in split_sentences(article)] == [0, 1]


def test_plain_text_summary_loads_as_text(empty_corpus):
    atom = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Desk</title><id>urn:x</id>
<entry><title>Blink</title><id>urn:e1</id>
<summary type="text">Browsers dropped the &lt;blink&gt; tag long ago.

Nobody missed it.</summary></entry></feed>"""
    article = load(empty_corpus, "desk.atom", atom).articles[0]
    # as text, "<blink>" is a word of the story, not markup to drop
    assert sentences(article) == ["Browsers dropped the <blink> tag long ago.", "Nobody missed it."]
    assert [s.paragraph for s in split_sentences(article)] == [0, 1]


def test_content_wins_over_summary(empty_corpus):
    extra = "<content:encoded><![CDATA[<p>The full story is here.</p>]]></content:encoded>"
    feed = rss(item("Just a teaser.", extra=extra)).replace(
        "<rss ", '<rss xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    )
    assert sentences(load(empty_corpus, "w.rss", feed).articles[0]) == ["The full story is here."]


def test_entry_key_keeps_a_short_safe_id():
    assert [entry_key(k) for k in ("4812", "post-17_a.b")] == ["4812", "post-17_a.b"]


@pytest.mark.parametrize(
    "raw, slug",
    [
        ("https://news.example/2026/03/05/fleet-storm", "news-example-2026-03-05-fleet-storm"),
        ("tag:desk.example,2026:/budget", "desk-example-2026-budget"),
        # long: the last whole words that fit in 40 characters (a URL's end names the story)
        (
            "https://news.example/section/2026/03/05/the-fishing-fleet-stays-in-port",
            "03-05-the-fishing-fleet-stays-in-port",
        ),
        ("x" * 70, "x" * 40),
    ],
)
def test_entry_key_of_a_url_or_uri_is_a_slug_and_a_hash(raw, slug):
    assert entry_key(raw) == f"{slug}-{hashlib.sha256(raw.encode()).hexdigest()[:8]}"


def test_entry_keys_that_slug_alike_stay_apart():
    assert entry_key("https://a.example/?p=1") != entry_key("https://a.example/p/1")


def test_entry_id_falls_back_to_link_then_position(empty_corpus):
    loaded = load(
        empty_corpus,
        "w.rss",
        rss(
            item("Has a guid.", guid="g1"),
            item("Has a link.", extra="<link>https://w.example/b</link>"),
            item("Has neither."),
        ),
    )
    ids = [a.id for a in loaded.articles]
    assert ids[0] == "w.rss#g1" and ids[2] == "w.rss#3"
    assert ids[1] == f"w.rss#{entry_key('https://w.example/b')}"


def test_duplicate_entry_id_keeps_the_first_and_warns(empty_corpus):
    loaded = load(empty_corpus, "w.rss", rss(item("First.", guid="x"), item("Again.", guid="x")))
    assert [sentences(a) for a in loaded.articles] == [["First."]]
    assert any("w.rss#x" in w and "same id" in w for w in loaded.warnings)


# feedparser answers a missing `updated` with `published` and a DeprecationWarning
@pytest.mark.filterwarnings("error::DeprecationWarning:feedparser")
def test_dates_come_from_the_entry_never_the_channel(empty_corpus):
    channel = (
        "<title>Wire</title><pubDate>Fri, 06 Mar 2026 07:00:00 GMT</pubDate>"
        "<lastBuildDate>Fri, 06 Mar 2026 07:00:00 GMT</lastBuildDate>"
    )
    dc = '<rss xmlns:dc="http://purl.org/dc/elements/1.1/" '
    feed = rss(
        item("A.", guid="a", extra="<pubDate>Tue, 03 Mar 2026 21:30:00 -0500</pubDate>"),
        item("B.", guid="b", extra="<dc:date>2026-02-01T10:00:00Z</dc:date>"),
        item(
            "E.",
            guid="e",
            extra="<pubDate>Mon, 02 Mar 2026 09:00:00 GMT</pubDate>"
            "<dc:date>2026-03-05T10:00:00Z</dc:date>",
        ),
        item("C.", guid="c"),
        item("D.", guid="d", extra="<pubDate>sometime soon</pubDate>"),
        item("F.", guid="f", extra="<pubDate></pubDate>"),
        channel=channel,
    ).replace("<rss ", dc)
    loaded = load(empty_corpus, "w.rss", feed)
    # the publisher's own calendar date (March 4 in UTC); `updated` only when nothing is
    # `published`; never the channel's dates
    dates = [iso(a.date) for a in loaded.articles]
    assert dates == ["2026-03-03", "2026-02-01", "2026-03-02", "unknown", "unknown", "unknown"]
    assert any("w.rss#d" in w and "sometime soon" in w for w in loaded.warnings)


def test_outlet_authors_and_title(empty_corpus):
    dc = '<rss xmlns:dc="http://purl.org/dc/elements/1.1/" '
    feed = rss(
        item(
            "A.",
            guid="a",
            title="Dam opens - Valley Courier",
            extra='<source url="https://v.example">Valley Courier</source>'
            "<author>desk@wire.example (Mara Lind)</author>",
        ),
        item("B.", guid="b", title="Dam - a history", extra="<dc:creator>Ana Ruiz</dc:creator>"),
        item("C.", guid="c", extra="<author>desk@wire.example</author>"),
    ).replace("<rss ", dc)
    a, b, c = load(empty_corpus, "w.rss", feed).articles
    assert (a.title, a.source, a.authors) == ("Dam opens", "Valley Courier", ("Mara Lind",))
    assert (b.title, b.source, b.authors) == ("Dam - a history", "Wire", ("Ana Ruiz",))
    assert c.authors == ()  # an address is not a name


def test_entry_without_title_gets_one_from_its_text(empty_corpus):
    feed = rss("<item><guid>t</guid><description>Toots have no titles. Text.</description></item>")
    article = load(empty_corpus, "w.rss", feed).articles[0]
    assert article.title == "Toots have no titles. Text."
    assert sentences(article) == ["Toots have no titles.", "Text."]


def test_bad_entries_are_skipped_with_warnings_and_the_good_ones_load(empty_corpus):
    google = "&lt;a href=&quot;https://n.example/x&quot;&gt;Dam opens&lt;/a&gt;&amp;nbsp;Courier"
    loaded = load(
        empty_corpus,
        "w.rss",
        rss(
            item("The dam opened.", guid="good"),
            item("", guid="empty"),
            item(
                google,
                guid="headline",
                title="Dam opens - Courier",
                extra="<source>Courier</source>",
            ),
            item("https://only.example/a-link", guid="link"),
        ),
    )
    assert [a.id for a in loaded.articles] == ["w.rss#good"]
    for bad in ("w.rss#empty", "w.rss#headline", "w.rss#link"):
        assert sum(bad in w for w in loaded.warnings) == 1, loaded.warnings


@pytest.mark.parametrize(
    "content",
    [
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>https://a.example/</loc></url></urlset>",
        '<?xml version="1.0"?><config><item>not a news item</item></config>',
        "<html><body><p>A web page saved as .xml</p></body></html>",
        "just text",
    ],
)
def test_xml_that_is_not_a_feed_is_a_per_file_error(empty_corpus, content):
    with pytest.raises(ArticleError, match=r"^sitemap\.xml: not an RSS or Atom feed"):
        load(empty_corpus, "sitemap.xml", content)


def test_broken_feed_names_the_file_and_the_parsers_complaint(empty_corpus):
    with pytest.raises(ArticleError, match=r"^w\.rss: broken feed \(.*mismatched tag.*\)"):
        load(empty_corpus, "w.rss", '<rss version="2.0"><channel><title>x</tilte></channel></rss>')


def test_feed_with_no_entries(empty_corpus):
    with pytest.raises(ArticleError, match="no entries"):
        load(empty_corpus, "w.rss", rss())


def test_malformed_feed_loads_what_the_parser_recovered_with_a_warning(empty_corpus):
    feed = rss(item("The dam opened & closed.", guid="a"), item("Rain fell.", guid="b"))
    loaded = load(empty_corpus, "w.rss", feed)  # a bare "&" is not well-formed XML
    assert [sentences(a) for a in loaded.articles] == [["The dam opened & closed."], ["Rain fell."]]
    assert any("w.rss: the feed is not well-formed" in w for w in loaded.warnings)


def test_feed_in_another_encoding_is_read_as_declared(empty_corpus):
    feed = rss(item("Café owners in Málaga protested.", guid="a"), channel="<title>Sur</title>")
    data = feed.replace('encoding="utf-8"', 'encoding="iso-8859-1"').encode("iso-8859-1")
    loaded = load(empty_corpus, "w.rss", data)
    assert sentences(loaded.articles[0]) == ["Café owners in Málaga protested."]
    assert loaded.warnings == []  # not taken for broken UTF-8


def test_nothing_is_fetched_or_read_besides_the_file(empty_corpus, tmp_path, monkeypatch):
    import feedparser.http

    def no_network(*args, **kwargs):
        raise AssertionError("feedparser tried to fetch a URL")

    monkeypatch.setattr(feedparser.http, "get", no_network)
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    xxe = rss(item("Before &xxe; after.", guid="a")).replace(
        "<rss ", f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>\n<rss '
    )
    for name, content in [("xxe.rss", xxe), ("url.rss", "https://feeds.example/news.rss")]:
        try:
            loaded = load(empty_corpus, name, content)
        except ArticleError:
            continue
        assert not any("TOP SECRET" in a.text for a in loaded.articles)
    # A file whose bytes name another feed file: the other file must not be read.
    other = tmp_path / "other.rss"
    other.write_text(rss(item("Read from elsewhere.", guid="z")), encoding="utf-8")
    with pytest.raises(ArticleError, match="not an RSS or Atom feed"):
        load(empty_corpus, "pointer.xml", str(other))


ENTRY_PARTS = st.lists(
    st.tuples(
        st.sampled_from(["title", "guid", "link", "pubDate", "description", "author", "source"]),
        st.text(max_size=40),
    ),
    max_size=5,
)


def random_feed(items: list[list[tuple[str, str]]]) -> bytes:
    def element(tag: str, value: str) -> str:
        value = value.replace("&", "&amp;").replace("<", "&lt;")
        return f"<{tag}>{value}</{tag}>"

    bodies = ["".join(element(t, v) for t, v in parts) for parts in items]
    return rss(*(f"<item>{b}</item>" for b in bodies)).encode("utf-8", "replace")


@hsettings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.binary(max_size=400) | st.lists(ENTRY_PARTS, max_size=3).map(random_feed),
    suffix=st.sampled_from([".rss", ".atom", ".xml"]),
)
def test_random_bytes_never_crash_the_feed_loader(empty_corpus, data, suffix):
    path = empty_corpus / f"random{suffix}"
    path.write_bytes(data)
    try:
        loaded = load_file(path, empty_corpus)
    except ArticleError:
        return
    for article in loaded.articles:
        for s in split_sentences(article):
            assert article.text[s.start : s.end] == s.text and s.text.strip() == s.text


def test_entry_dropped_from_the_feed_leaves_the_index(empty_corpus, make_assistant):
    path = empty_corpus / "wire.rss"
    harbour = item("The harbour closed on Monday. Ships waited offshore.", guid="harbour")
    wolves = item("Wolves were seen near the farms. Shepherds kept sheep indoors.", guid="wolves")
    fire = item("Drones mapped the forest fire. Crews followed the maps.", guid="drones")
    path.write_text(rss(harbour, wolves, fire), encoding="utf-8")
    assistant = make_assistant()
    assistant.sync()
    assert set(assistant.store.snapshots.current().infos) == {
        "wire.rss#harbour",
        "wire.rss#wolves",
        "wire.rss#drones",
    }
    assert "Wolves were seen near the farms." in {
        c.sentence for c in assistant.ask("Where were wolves seen?", k=10).citations
    }

    flood = item("Drones mapped the flood. Crews followed the maps.", guid="drones")
    path.write_text(rss(harbour, flood), encoding="utf-8")
    report = assistant.sync()
    assert report.updated == ["wire.rss"] and report.skipped == []
    assert set(assistant.store.snapshots.current().infos) == {"wire.rss#harbour", "wire.rss#drones"}
    snapshot = assistant.store.snapshots.current()
    stored = [s.text for i in snapshot.infos for s in snapshot.sentences(i)]
    assert sorted(stored) == sorted(
        [
            "The harbour closed on Monday.",
            "Ships waited offshore.",
            "Drones mapped the flood.",
            "Crews followed the maps.",
        ]
    )
    assert "Drones mapped the flood." in assistant.store.reader.article_text("wire.rss#drones")
    _, chunk_texts, _ = assistant.store.reader.all_chunks()
    assert not any("Wolves" in t or "forest fire" in t for t in chunk_texts)
    for question in ["Where were wolves seen?", "What did drones map in the forest fire?"]:
        cited = {c.sentence for c in assistant.ask(question, k=10).citations}
        assert not any("Wolves" in c or "Shepherds" in c or "forest fire" in c for c in cited)
