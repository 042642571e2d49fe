"""Group an article's sentences into overlapping, token-bounded chunks.

Chunks never split a sentence, so every chunk knows exactly which sentences it holds and a hit on
a chunk can be resolved to the sentences that answer. Each chunk's indexed text starts with a
short header (headline, outlet, date): questions often name what the article is about rather
than words of the sentence that answers them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.config import ChunkSettings
from assistant.types import Article, ArticleInfo, Chunk, Sentence

TokenCounter = Callable[[str], int]


def approx_tokens(text: str) -> int:
    """A tokenizer-free estimate of word pieces (words and punctuation, long words split)."""
    return sum(1 + len(tok) // 8 for tok in re.findall(r"\w+|[^\w\s]", text))


def chunk_header(article: Article | ArticleInfo) -> str:
    parts = [article.title]
    date = article.date and article.date.isoformat()
    meta = ", ".join(p for p in (article.source, date) if p)
    return f"{parts[0]} ({meta})" if meta else parts[0]


class Chunker:
    """Sentence-aligned chunking: `Chunker(settings, count_tokens)(article, sentences)`."""

    def __init__(
        self, settings: ChunkSettings | None = None, count_tokens: TokenCounter | None = None
    ) -> None:
        self.settings = settings or ChunkSettings()
        self.count_tokens = count_tokens or approx_tokens

    def __call__(self, article: Article, sentences: list[Sentence]) -> list[Chunk]:
        if not sentences:
            return []
        header = chunk_header(article)
        budget = self.settings.max_tokens - self.count_tokens(header)
        sizes = [self.count_tokens(s.text) for s in sentences]
        chunks: list[Chunk] = []
        first = 0
        while True:
            last, used = first, sizes[first]  # one sentence always fits, however long
            while (
                last + 1 < len(sentences)
                and last + 1 - first < self.settings.max_sentences
                and used + sizes[last + 1] <= budget
            ):
                last += 1
                used += sizes[last]
            chunks.append(
                Chunk(
                    article_id=article.id,
                    index=len(chunks),
                    first=first,
                    last=last,
                    text=" ".join(s.text for s in sentences[first : last + 1]),
                    header=header,
                )
            )
            if last == len(sentences) - 1:
                return chunks
            first = max(first + 1, last + 1 - self.settings.overlap)
