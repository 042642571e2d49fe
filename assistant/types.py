"""Typed records passed between the stages of the pipeline.

Every offset is a character offset into `Article.text`; for `.txt` and `.md` files that text is
the file exactly as `Path.read_text(encoding="utf-8")` returns it, so a citation can be checked
against the file on disk.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, fields

from assistant.text import terms

UNKNOWN_DATE = "unknown"
"""An unknown date where dates are text (the store's records, JSON, pages); inside the program
a date is a `datetime.date`, or None when unknown."""


def iso(day: dt.date | None) -> str:
    """A date as text: "2025-08-19", or UNKNOWN_DATE."""
    return day.isoformat() if day else UNKNOWN_DATE


def parse_iso(text: str | None) -> dt.date | None:
    """The date an `iso` text gives back: None for UNKNOWN_DATE or ""."""
    return dt.date.fromisoformat(text) if text and text != UNKNOWN_DATE else None


@dataclass(frozen=True, kw_only=True)
class ArticleFacts:
    """What is known of an article besides its text: its file, headline, date, outlet and
    credits. An `Article` has them with its text; an `ArticleInfo` (what the store keeps) has
    them with its counts and copies: one list of fields, never copied by hand (`facts_of`)."""

    id: str
    """Stable id: the path relative to the corpus dir (`#n` appended for records of a JSONL
    file)."""
    path: str
    """The source file, relative to the corpus dir (shared by all records of a JSONL file)."""
    title: str
    content_hash: str
    """sha256 of the text plus the metadata, so any change re-indexes the article."""
    date: dt.date | None = None
    """From the article's metadata, header lines, dateline or file name, or None when unknown;
    never guessed, never the file's mtime."""
    date_from: str = ""
    """Where `date` came from: "metadata" (front matter, JSON field, HTML meta), "header" (a
    `Date:`/`Published`/`Updated` line), "dateline" (its month and day, with the year of the
    file's other dates), "file name" (`2022-06-12_x.txt`), or "" when the date is unknown."""
    date_note: str = ""
    """Why the date is unknown (empty when it is known), e.g. "no date in the file",
    "dateline 'Aug 1' without a year", "unreadable date 'soon' in the metadata"."""
    source: str = ""
    """The outlet (from metadata, a `Source:` or outlet line, the dateline or the byline, e.g.
    "Reuters")."""
    place: str = ""
    """Dateline place (the city), e.g. "Ankara"."""
    url: str = ""
    authors: tuple[str, ...] = ()
    editors: tuple[str, ...] = ()
    format: str = "txt"
    """The file's layout as loaded: "txt", "md", "html", "json", "jsonl", "feed"…"""


def facts_of(article: ArticleFacts) -> dict:
    """The `ArticleFacts` fields of an article or info, as keyword arguments of another."""
    return {f.name: getattr(article, f.name) for f in fields(ArticleFacts)}


@dataclass(frozen=True, kw_only=True)
class Article(ArticleFacts):
    """One news article as loaded from the corpus folder."""

    text: str
    """The text that sentence offsets index (the whole file for .txt/.md)."""
    body: tuple[tuple[int, int], ...]
    """Spans of `text` that hold citable prose: no headline, dateline, credits or boilerplate."""


PERSON, ORGANISATION, PLACE, DATE, NUMBER = "person", "organisation", "place", "date", "number"
"""The kinds of a `Mention`."""


@dataclass(frozen=True)
class Mention:
    """Something a sentence names or gives (language/mentions.py)."""

    start: int
    end: int
    """Its span in the sentence's text."""
    text: str
    """As written: "Turkish Aerospace Industries", "Mexico", "fourteen", "Tuesday"."""
    kind: str
    """PERSON, ORGANISATION, PLACE, DATE or NUMBER."""
    detail: str = ""
    """For a place: "country", "state" or "city" when the gazetteer knows it, else ""."""


@dataclass(frozen=True)
class SentenceReading:
    """What a sentence is about, read once at ingest (ingest/reading.py) and stored with it."""

    mentions: tuple[Mention, ...] = ()
    leans_on: str = ""
    """The opening words that stand for something named before ("They", "It", "The company"),
    as written, or "" when the sentence stands on its own."""
    refers_to: str = ""
    """What they stand for when the rules are sure of it ("Richard Platz" for "He", "SOHAY" for
    "The organization", "Turkey and Japan" for "They"), else ""."""
    context: int = -1
    """The sentence before it (its index in the article) that names what the opening leans on:
    the one `refers_to` comes from, or for a "they" the rules cannot resolve the nearest one
    naming a person or organisation; -1 when there is none (or it is the headline)."""
    speaker: str = ""
    """Whose words or claim it is, as the article names them ("a Turkish Defence Ministry
    official", "Yasar Guler"; "he" resolved to the name), or "" for the outlet's own statement
    (language/speakers.py)."""
    speaker_here: bool = False
    """The sentence names its speaker itself ("…, the official said."), rather than being quoted
    words whose speaker another sentence of the quote names."""
    said_at: tuple[int, int] = (0, 0)
    """Where the sentence names its speaker (`text[start:end]`: "the official", "He"), or (0, 0)
    when it does not (`speaker_here` False)."""

    def has(self, kind: str, detail: str = "") -> bool:
        """Whether it mentions something of `kind` (and `detail`, e.g. a country)."""
        return any(m.kind == kind and (not detail or m.detail == detail) for m in self.mentions)


NO_READING = SentenceReading()


@dataclass(frozen=True)
class Sentence:
    """A citable sentence: `article.text[start:end] == text`."""

    article_id: str
    index: int
    """Position of the sentence in its article, from 0."""
    start: int
    end: int
    text: str
    paragraph: int
    """Index of the paragraph (blank-line separated block) the sentence belongs to."""
    reading: SentenceReading = NO_READING
    """What it mentions and what its opening leans on (stored in the index, format 6)."""

    @property
    def id(self) -> str:
        return sentence_id(self.article_id, self.index)


def sentence_id(article_id: str, index: int) -> str:
    return f"{article_id}::s{index}"


def chunk_id(article_id: str, index: int) -> str:
    return f"{article_id}::c{index}"


def split_chunk_id(cid: str) -> tuple[str, int]:
    """(article id, chunk index) of a `chunk_id`."""
    article_id, _, index = cid.rpartition("::c")
    return article_id, int(index)


@dataclass(frozen=True)
class Chunk:
    """A run of consecutive sentences of one article, the unit of dense and lexical retrieval."""

    article_id: str
    index: int
    first: int
    """Index of the first sentence in the chunk."""
    last: int
    """Index of the last sentence in the chunk (inclusive)."""
    text: str
    """The sentences as they appear in the article (joined by single spaces)."""
    header: str
    """Headline, outlet and date, prepended to `text` for embedding and BM25."""

    @property
    def id(self) -> str:
        return chunk_id(self.article_id, self.index)

    @property
    def indexed_text(self) -> str:
        return f"{self.header}\n{self.text}"


@dataclass(frozen=True)
class Copy:
    """Another outlet's copy of an article's story (a wire copy: the same text with small
    edits, grouped by MinHash; see index/copies.py)."""

    article: str
    """Its article id."""
    source: str
    """Its outlet ("" when unknown)."""
    date: dt.date | None
    """Its date, or None when unknown."""


@dataclass(frozen=True, kw_only=True)
class ArticleInfo(ArticleFacts):
    """What the store keeps about an indexed article, for display and citation: its facts,
    counts and copies (index/schema.py reads it from an article record)."""

    sentences: int
    chunks: int
    duplicate_of: str = ""
    """For a file with the same bytes as an indexed one: that file's path (this one is not
    indexed again and has no sentences of its own)."""
    also_in: tuple[str, ...] = ()
    """Paths of other files with the same text, indexed once under this article."""
    copy_of: str = ""
    """For a wire copy: the id of its group's representative, the earliest-dated member, whose
    chunks are searched instead of this one's ("" otherwise)."""
    copies: tuple[Copy, ...] = ()
    """The other members of its wire-copy group, earliest first."""


@dataclass(frozen=True)
class ScoredSentence:
    """A retrieved sentence with the scores that ranked it."""

    sentence: Sentence
    article: ArticleInfo
    score: float
    """Final relevance in [0, 1]; the answerer's abstention threshold applies to it."""
    dense: float
    """Cosine similarity of the question and the sentence (in its chunk's context)."""
    lexical: float
    """Share of the question's content-word weight found in the sentence."""
    chunk_rank: int
    """Rank of the best chunk holding this sentence after rank fusion (0 = best)."""


@dataclass(frozen=True)
class Filters:
    """Restrict retrieval to articles by date (inclusive ISO dates), outlet and author."""

    date_from: str | None = None
    date_to: str | None = None
    sources: tuple[str, ...] = ()
    exclude_articles: tuple[str, ...] = ()
    """Article ids never returned (calibration asks a question as if its article were missing)."""
    authors: tuple[str, ...] = ()
    """Articles with any of these bylines (as the index spells them)."""
    exclude_spans: tuple[tuple[str, int, int], ...] = ()
    """(article id, start, end): sentences overlapping these character spans are never returned
    (calibration asks a question with its answer sentences removed, its article still there)."""
    speakers: tuple[str, ...] = ()
    """Only sentences said by one of these (`speaker_named`: "Guler" is "Defence Minister Yasar
    Guler")."""

    def excludes(self, sentence: Sentence) -> bool:
        """Whether `sentence` may not be returned: `hides` it, or it is no words of `speakers`
        (it may still be a returned sentence's neighbour, whose subject it often names)."""
        if self.speakers and not any(
            speaker_named(s, sentence.reading.speaker) for s in self.speakers
        ):
            return True
        return self.hides(sentence)

    def hides(self, sentence: Sentence) -> bool:
        """Whether `sentence` overlaps one of `exclude_spans`."""
        return any(
            a == sentence.article_id and sentence.start < end and start < sentence.end
            for a, start, end in self.exclude_spans
        )


def speaker_named(asked: str, speaker: str) -> bool:
    """Whether `asked` names `speaker`: its words, in any case and without an article, run in
    the speaker's ("Guler", "Yasar Guler" and "defence minister" name "Defence Minister Yasar
    Guler"; "the official" names "a Turkish Defence Ministry official"), or, for a description
    of two words or more, are all among the speaker's in any order ("the fisheries ministry
    spokeswoman" names "a spokeswoman for the Ministry of Fisheries")."""
    want, have = asked.lower().split(), speaker.lower().split()
    if want[:1] in (["a"], ["an"], ["the"]):  # "the official" names "a … official"
        want = want[1:]
    if bool(want) and any(have[i : i + len(want)] == want for i in range(len(have))):
        return True
    # a description in any order, but a name in its own: "Guler Yasar" is nobody
    wanted = set(terms(asked))
    described = any(w.islower() and w not in ("a", "an", "the") for w in asked.split())
    return described and len(wanted) >= 2 and wanted <= set(terms(speaker))


def same_speaker(read: str, names: Sequence[str]) -> bool:
    """Whether a speaker as read and one of `names` are the same speaker: either names the
    other (`speaker_named`: "Lopes" and "Maria Lopes, the ministry's spokeswoman")."""
    return bool(read) and any(speaker_named(read, n) or speaker_named(n, read) for n in names)


@dataclass(frozen=True)
class Citation:
    """Where one answer sentence came from."""

    n: int
    """The marker number shown in the answer, `[n]`."""
    article: str
    title: str
    source: str
    date: dt.date | None
    """The cited article's date, or None when unknown."""
    sentence: str
    start: int
    end: int
    place: str = ""
    url: str = ""
    score: float = 0.0
    also_in: tuple[str, ...] = ()
    """Other corpus files with the same text as the cited article."""
    copies: tuple[Copy, ...] = ()
    """Other outlets and dates that carried the cited article's story (wire copies)."""
    speaker: str | None = None
    """Whose words the cited sentence is (its reading), or None for the outlet's own statement."""

    @property
    def unnamed_speaker(self) -> str:
        """Whose words the quote is, when it does not name them itself ("" otherwise): what a
        quote shown alone must add."""
        if not self.speaker or self.speaker.lower() in self.sentence.lower():
            return ""
        return self.speaker

    @property
    def carried_by(self) -> str:
        """The copies as a source card lists them: "AP, 2025-08-03; Reuters, 2025-08-04"."""
        return "; ".join(
            f"{c.source or c.article}, {c.date or 'date unknown'}" for c in self.copies
        )

    def to_dict(self) -> dict:
        # as JSON reads it back
        return {
            **asdict(self),
            "date": iso(self.date),
            "also_in": list(self.also_in),
            "copies": [asdict(c) | {"date": iso(c.date)} for c in self.copies],
        }


@dataclass(frozen=True)
class AnswerSentence:
    """One sentence of an answer with the verifier's verdict."""

    text: str
    citations: tuple[int, ...]
    """Marker numbers of the sources it cites (after verification: the ones kept or attached)."""
    supported: bool
    score: float
    """Support by its cited sentences in [0, 1] (see answer/verify.py)."""


@dataclass(frozen=True)
class Verification:
    """ALCE-style figures for one answer."""

    citation_recall: float
    """Share of answer sentences supported by their citations."""
    citation_precision: float
    """Share of citations that support their sentence on their own."""


@dataclass(frozen=True)
class TimeReading:
    """How the time words of a question were read (language/when.py), e.g. "latest" or
    "last week", resolved against the articles' dates."""

    phrase: str
    """The time words as written in the question, e.g. "latest" or "in August"."""
    since: str | None = None
    """First ISO date the words allow (None: no lower bound)."""
    until: str | None = None
    """Last ISO date the words allow (None: no upper bound)."""
    recency: bool = False
    """The question asks for the newest news ("latest", "now"): the newest dated relevant
    sources come first."""
    latest: str | None = None
    """For a recency reading: the date of the newest dated relevant source (None when no
    relevant source has a date, or before retrieval)."""
    description: str = ""
    """For people: "latest → articles of 3 Aug 2025"."""
    searched: str = ""
    """The question as searched: without "latest" and the like (language/when.py)."""

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Reported:
    """One value of a quantity as one cited source reports it (answer/timeline.py)."""

    value: str
    """The figure as the source writes it, hedge included: "about 5,000", "$5.2 million"."""
    counted: str
    """What it counts, as written ("people"); "" for money, shares and dates."""
    date: dt.date | None
    """The source's date, or None when unknown."""
    source: str
    """The outlet ("AP"), or "" when unknown."""
    citation: int
    """The marker number of the cited sentence that reports it."""

    def to_dict(self) -> dict:
        return asdict(self) | {"date": iso(self.date)}


@dataclass(frozen=True)
class Conflict:
    """Sources of the same date giving different values for the same quantity."""

    sides: tuple[Reported, ...]
    """One per differing value, each with its citation."""


@dataclass(frozen=True)
class Timeline:
    """How the asked quantity moved across cited sources, and where same-date sources disagree."""

    entries: tuple[Reported, ...] = ()
    """One per value, dated sources only, newest first; empty unless the value changed between
    two dates."""
    conflicts: tuple[Conflict, ...] = ()


@dataclass(frozen=True)
class Answer:
    """The assistant's reply to one question."""

    question: str
    text: str
    abstained: bool
    citations: tuple[Citation, ...]
    related: tuple[Citation, ...] = ()
    """Closest sources when the assistant abstains: related, but not an answer."""
    latency_ms: float = 0.0
    retrieved: tuple[ScoredSentence, ...] = ()
    """Everything retrieved for the question, best first (for evaluation and display)."""
    sentences: tuple[AnswerSentence, ...] = ()
    verification: Verification | None = None
    mode: str = "extractive"
    """The answerer that wrote it: "extractive" or an LLM spec such as "openai:gpt-4o-mini"."""
    notice: str = ""
    """A one-line note for the user, e.g. why an LLM answer fell back to quoting the sources."""
    answerability: float | None = None
    """P(answerable) from the answerability gate (None when no gate ran, e.g. an answerer used
    on its own)."""
    reading: TimeReading | None = None
    """How the question's time words were read (None when it has none)."""
    timeline: tuple[Reported, ...] = ()
    """The asked quantity as dated sources reported it over time, newest first (empty unless
    it moved between dates)."""
    conflicts: tuple[Conflict, ...] = ()
    """Same-date sources that disagree on the asked quantity."""

    @property
    def as_of(self) -> dt.date | None:
        """The date of the newest dated source the answer cites (None when it cites none): what
        the answer is true as of."""
        return max((c.date for c in self.citations if c.date), default=None)

    def to_dict(self) -> dict:
        """The JSON shape of `assistant ask --json`."""
        return {
            "question": self.question,
            "answer": self.text,
            "abstained": self.abstained,
            "as_of": self.as_of and self.as_of.isoformat(),
            "citations": [c.to_dict() for c in self.citations],
            "related": [c.to_dict() for c in self.related],
            "sentences": [
                {
                    "text": s.text,
                    "citations": list(s.citations),
                    "supported": s.supported,
                    "score": s.score,
                }
                for s in self.sentences
            ],
            "verification": asdict(self.verification) if self.verification else None,
            "mode": self.mode,
            "notice": self.notice,
            "answerability": (None if self.answerability is None else round(self.answerability, 4)),
            "latency_ms": round(self.latency_ms, 1),
            "reading": self.reading.to_dict() if self.reading else None,
            "timeline": [r.to_dict() for r in self.timeline],
            "conflicts": [[r.to_dict() for r in c.sides] for c in self.conflicts],
        }


@dataclass(frozen=True)
class Story:
    """Articles that report one event, over days and outlets (stories/grouping.py)."""

    id: str
    """The id of its first article: stable while the story grows."""
    title: str
    """The headline of its most representative article."""
    articles: tuple[ArticleInfo, ...]
    """Oldest first (undated last)."""
    summary: tuple[Citation, ...]
    """One or two quoted sentences: the lede of its most representative article, and the
    newest article's lede when the story moved on since; each cited as answers are."""
    score: float
    """What the briefing ranks by (stories/briefing.py, README "Briefing")."""
    timeline: tuple[Reported, ...] = ()
    """Figures that moved between its articles' dates, newest first per quantity
    (stories/figures.py); each `citation` numbers one of `figure_sources`."""
    figure_sources: tuple[Citation, ...] = ()
    """The sentences that report the timeline's figures and are not in the summary, numbered
    after the summary's."""

    @property
    def outlets(self) -> tuple[str, ...]:
        """Its outlets in the order they first reported it."""
        return tuple(dict.fromkeys(a.source for a in self.articles if a.source))

    @property
    def first_date(self) -> dt.date | None:
        """Its oldest article's date (None when none is dated)."""
        return min((a.date for a in self.articles if a.date), default=None)

    @property
    def last_date(self) -> dt.date | None:
        """Its newest article's date (None when none is dated)."""
        return max((a.date for a in self.articles if a.date), default=None)

    @property
    def days(self) -> str:
        """ "2025-08-01", or "2025-08-01 to 2025-08-06" for a story over several days."""
        if self.first_date == self.last_date:
            return iso(self.first_date)
        return f"{iso(self.first_date)} to {iso(self.last_date)}"

    def to_dict(self) -> dict:
        """The JSON shape of a story in `assistant brief --json`: its articles by id, its
        quotes and figures with their citations."""
        return {
            "id": self.id,
            "title": self.title,
            "summary": [{"text": c.sentence, "citation": c.to_dict()} for c in self.summary],
            "articles": [a.id for a in self.articles],
            "outlets": list(self.outlets),
            "first_date": iso(self.first_date),
            "last_date": iso(self.last_date),
            "timeline": [
                r.to_dict() | {"citation": self.figure_source(r.citation).to_dict()}
                for r in self.timeline
            ],
            "score": round(self.score, 4),
        }

    def figure_source(self, n: int) -> Citation:
        """Citation `n` of the story (a timeline entry's sentence)."""
        return next(c for c in (*self.summary, *self.figure_sources) if c.n == n)


@dataclass(frozen=True)
class Briefing:
    """The stories of a stretch of days, ranked (`assistant brief`)."""

    stories: tuple[Story, ...]
    since: str
    until: str
    """The days covered, inclusive (ISO dates)."""
    about: str = ""
    sources: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {
            "since": self.since,
            "until": self.until,
            "about": self.about,
            "sources": list(self.sources),
            "stories": [s.to_dict() for s in self.stories],
        }


@dataclass
class SyncReport:
    """What one sync of the corpus folder did."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    """(file, reason) for files that could not be indexed."""
    warnings: list[str] = field(default_factory=list)
    """Problems in files that were still indexed (e.g. a bad JSONL line, an unreadable date)."""
    ignored: list[str] = field(default_factory=list)
    """Files with an unsupported extension or matching an ignore pattern."""
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    """(file, indexed file with the same bytes): the text is indexed once, under the latter."""
    copies: list[tuple[str, str]] = field(default_factory=list)
    """(article, its representative) for articles newly marked as a wire copy (index/copies.py):
    searched under the representative, listed on its citations."""
    embedded: int = 0
    """Texts sent to the embedding model (sentences and chunks); 0 when nothing changed."""
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)


@dataclass(frozen=True)
class StoreStatus:
    articles: int
    sentences: int
    chunks: int
    store: str
    corpus: str
    last_sync: str
    embedding_model: str
    answerability_model: str = ""
    """The answerability model in force: its file and what it was fitted on."""
    skipped: tuple[tuple[str, str], ...] = ()
    """(file, why) for the corpus files the last sync could not use."""


@dataclass(frozen=True)
class DateCoverage:
    """Which indexed articles have a date, where each date came from, and why the rest have none
    (`assistant status --dates`). Copies of an indexed file are not counted twice."""

    articles: int
    by_origin: dict[str, int]
    """Dated articles by where their date came from ("metadata", "header", …), most first."""
    undated: tuple[tuple[str, str], ...]
    """(article id, why it has no date), by id."""


@dataclass(frozen=True)
class Published:
    """What a reader may answer from: the store's published generation, less the files a sync
    is changing right now (see index/meta.py)."""

    generation: str
    """The generation the last finished sync published ("" before the first)."""
    pending: frozenset[str] = frozenset()
    """Files whose records a running (or killed) sync may have half-written."""
    copies: bool = False
    """Whether the store holds wire copies (their chunks are then left out of searches)."""
