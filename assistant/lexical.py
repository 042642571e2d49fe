"""BM25 over chunks (bm25s), persisted in the store and rebuilt only when the index changed.

It also keeps each term's document frequency, so that sentences can be scored by how much of a
question's content-word weight (IDF) they contain: names and numbers weigh more than "said".
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import bm25s

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not of off on once only or other our ours out
    over own same she should so some such than that the their theirs them themselves then there
    these they this those through to too under until up very was we were what when where which
    while who whom why will with would you your yours yourself yourselves said says say told
    according s t""".split()
)
TOKEN = re.compile(r"\w+", re.UNICODE)
VERSION = 2  # bump when `terms` changes: saved indexes made with other terms are rebuilt


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    """A light suffix stripper: "drones"/"drone", "visited"/"visit", "boxes"/"box" match."""
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if suffix == "es" and not word.endswith(("ses", "xes", "zes", "ches", "shes")):
            continue
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            word = word[: -len(suffix)] + keep
            break
    return word[:-1] if len(word) > 4 and word.endswith("e") else word


def lexical_dir(store_path: Path) -> Path:
    return store_path / "bm25"


def terms(text: str) -> list[str]:
    """Content terms of a text: lower-cased, stop words dropped, lightly stemmed."""
    text = text.replace("’", "'")
    return [_stem(w) for w in TOKEN.findall(text.lower()) if w not in STOPWORDS]


class LexicalIndex:
    """BM25 over chunk texts, plus document frequencies for IDF weights."""

    def __init__(self, ids: list[str], model: bm25s.BM25 | None, df: dict[str, int]) -> None:
        self.ids = ids
        self.model = model
        self.df = df

    @classmethod
    def build(cls, ids: list[str], texts: list[str]) -> "LexicalIndex":
        tokens = [terms(t) or ["_empty_"] for t in texts]
        df = Counter(t for doc in tokens for t in set(doc))
        model = None
        if ids:
            model = bm25s.BM25()
            model.index(cls._tokenized(tokens), show_progress=False)
        return cls(ids, model, dict(df))

    @staticmethod
    def _tokenized(docs: list[list[str]]) -> bm25s.tokenization.Tokenized:
        vocab: dict[str, int] = {}
        ids = [[vocab.setdefault(t, len(vocab)) for t in doc] for doc in docs]
        return bm25s.tokenization.Tokenized(ids=ids, vocab=vocab)

    def idf(self, term: str) -> float:
        n = max(len(self.ids), 1)
        df = self.df.get(term, 0)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def coverage(self, question_terms: list[str], text_terms: set[str]) -> float:
        """Share of the question's IDF weight whose terms occur in the text (0..1)."""
        weights = {t: self.idf(t) for t in set(question_terms)}
        total = sum(weights.values())
        if total == 0:
            return 0.0
        return sum(w for t, w in weights.items() if t in text_terms) / total

    def search(self, question: str, n: int) -> list[tuple[str, float]]:
        """(chunk id, BM25 score) of the best n chunks with any question term."""
        if self.model is None:
            return []
        query = [t for t in terms(question) if t in self.model.vocab_dict]
        if not query:
            return []
        docs, scores = self.model.retrieve(
            [query], k=min(n, len(self.ids)), show_progress=False, n_threads=1
        )
        return [(self.ids[d], float(s)) for d, s in zip(docs[0], scores[0]) if s > 0]

    # -- persistence ---------------------------------------------------------------------------

    def save(self, folder: Path, generation: str) -> None:
        """Write into a fresh folder, then rename it into place: readers (other threads, other
        processes) only ever see a complete index, and concurrent savers cannot clash."""
        folder.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(dir=folder, prefix=".building-"))
        try:
            if self.model is not None:
                self.model.save(str(work), show_progress=False)
            meta = {"generation": generation, "version": VERSION, "ids": self.ids, "df": self.df}
            (work / "lexical.json").write_text(json.dumps(meta), encoding="utf-8")
            try:
                os.rename(work, folder / f"v{VERSION}-{generation}")
            except OSError:  # another thread or process saved this generation first
                return
        finally:
            shutil.rmtree(work, ignore_errors=True)
        for old in folder.iterdir():  # earlier generations are of no further use
            if old.name != f"v{VERSION}-{generation}" and not old.name.startswith("."):
                shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def load(cls, folder: Path, generation: str) -> "LexicalIndex | None":
        """The saved index if it was built for this store generation, else None."""
        path = folder / f"v{VERSION}-{generation}"
        try:
            meta = json.loads((path / "lexical.json").read_text(encoding="utf-8"))
            model = bm25s.BM25.load(str(path), show_progress=False) if meta["ids"] else None
        except (OSError, ValueError, KeyError):  # missing, or removed while being read
            return None
        return cls(meta["ids"], model, meta["df"])

    @classmethod
    def load_or_build(
        cls, folder: Path, generation: str, fetch: Callable[[], tuple[list[str], list[str]]]
    ) -> "LexicalIndex":
        """The saved index of this generation, else one built from `fetch()` and saved."""
        index = cls.load(folder, generation)
        if index is None:
            index = cls.build(*fetch())
            index.save(folder, generation)
        return index
