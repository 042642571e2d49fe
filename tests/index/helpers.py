"""Articles written straight into a store, for the tests of its parts."""

from assistant.index.chroma import text_hash
from assistant.index.file_states import FileState
from assistant.ingest.article import build_article
from assistant.ingest.chunking import Chunker
from assistant.ingest.sentences import split_sentences
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
