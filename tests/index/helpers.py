"""Articles written straight into a store, for the tests of its parts, and a wire story's
copies written into a corpus."""

from assistant.index.chroma import text_hash
from assistant.index.file_states import FileState
from assistant.ingest.article import build_article
from assistant.ingest.chunking import Chunker
from assistant.ingest.sentences import split_sentences
from tests.conftest import SHIPPED_CORPUS
from tests.fakes import FakeEmbedder


def indexed_article(
    store,
    article_id="a.md",
    body="Alpha drones fly. Beta wolves run. Gamma ends.",
    meta=None,
    state=None,
):
    article = build_article(
        article_id, article_id, "md", f"Head {article_id}\n\n{body}", meta or {}
    )[0]
    sentences = split_sentences(article)
    chunks = Chunker()(article, sentences)
    texts = [article.title] + [s.text for s in sentences] + [c.indexed_text for c in chunks]
    vectors = {text_hash(t): v for t, v in zip(texts, FakeEmbedder().embed(texts))}
    records = (article, sentences, chunks, state or FileState(1, 2, "x"))
    store.writer.add_articles([records], vectors)
    return article, sentences, chunks


def shipped_body(name):
    return (SHIPPED_CORPUS / name).read_text(encoding="utf-8").split("\n\n", 1)[1]


BODY = shipped_body("on-the-trail-of-the-wolf.txt")
OTHER = shipped_body("spain-s-robin-hood.txt")


def write(corpus, name, outlet, day, body):
    """An article of `outlet` in the corpus, with its date and a dateline."""
    (corpus / name).write_text(
        f"---\ntitle: Wolves, by {outlet}\ndate: {day}\nsource: {outlet}\n---\n"
        f"WARSAW ({outlet}) - {body}",
        encoding="utf-8",
    )


def wire_story(corpus):
    """AP's story, then Reuters' and UPI's edited copies of it, and an unrelated article."""
    write(corpus, "ap.md", "AP", "2025-08-01", BODY)
    write(corpus, "reuters.md", "Reuters", "2025-08-02", BODY.replace("Droppings", "Scat"))
    write(corpus, "upi.md", "UPI", "2025-08-03", BODY.replace("stops dead", "halts"))
    write(corpus, "other.md", "AP", "2025-08-01", OTHER)
