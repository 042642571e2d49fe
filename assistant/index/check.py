"""Compare the index with the corpus folder and with itself: `assistant status --verify`.

A store left by a crash must be repaired, never silently trusted; this is how a user (and the
crash test) sees that it was. Differences are reported one per line, naming the file.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field

from assistant.config import Settings
from assistant.errors import ArticleError
from assistant.index.chroma import text_hash
from assistant.index.file_states import FileState
from assistant.index.packing import (
    HASH_CHARS,
    held_hashes,
    owned_starts,
    unpack_ranges,
    unpack_sentences,
)
from assistant.index.store import Store
from assistant.ingest.files import load_file, scan
from assistant.types import Sentence


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)
    articles: int = 0
    sentences: int = 0
    chunks: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def check_index(settings: Settings, store: Store) -> CheckReport:
    """Every corpus file indexed as it is now, nothing else indexed, no orphan or torn record,
    and every sentence's offsets exact."""
    report = CheckReport()
    pending = json.loads(store.meta.read().get("pending", "[]"))
    if pending:
        report.problems.append(
            f"an interrupted sync left {len(pending)} file(s) to repair: run `assistant ingest`"
        )
    meta: dict[str, dict] = {}
    sentences: dict[str, list[Sentence]] = {}
    for article_id, text, m in store.reader.records():  # every article record, in pages
        meta[article_id] = m
        sentences[article_id] = _sentences(article_id, m, text, report)
    report.articles = len(meta)
    _check_files(settings, meta, report)
    _check_duplicates(meta, report)
    _check_copies(meta, report)
    chunks = store.collections.chunks.get(include=["metadatas"])
    report.chunks = len(chunks["ids"])
    report.sentences = sum(len(found) for found in sentences.values())
    per_article = Counter(m["article_id"] for m in chunks["metadatas"])
    for article_id, n in per_article.items():
        if article_id not in meta:
            report.problems.append(f"{n} orphan chunks of {article_id} (no article record)")
        elif n != meta[article_id]["chunks"]:
            report.problems.append(
                f"{article_id}: {n} chunks indexed, {meta[article_id]['chunks']} expected"
            )
    for article_id in set(meta) - set(per_article):
        if meta[article_id]["chunks"]:
            report.problems.append(f"{article_id}: its chunks are missing")
    for cid, m in zip(chunks["ids"], chunks["metadatas"]):
        article = meta.get(m["article_id"])
        starts = owned_starts(unpack_ranges(article["chunk_ranges"])) if article else []
        if m["index"] >= len(starts):
            continue  # counted above
        own = starts[m["index"]]
        held = sentences[m["article_id"]][own : m["last"] + 1]
        if held_hashes(m) != [text_hash(s.text)[:HASH_CHARS] for s in held]:
            report.problems.append(
                f"{cid}: its sentences {own}–{m['last']} are not the ones it was "
                "written with (offsets or text changed)"
            )
    return report


def _sentences(article_id: str, meta: dict, text: str, report: CheckReport) -> list[Sentence]:
    """The article's sentences by its spans, reporting spans that cannot be sentences of it."""
    found = unpack_sentences(article_id, text, meta)
    if len(found) != meta["sentences"]:
        report.problems.append(
            f"{article_id}: {len(found)} sentences indexed, {meta['sentences']} expected"
        )
    end = 0
    for s in found:
        if not (end <= s.start < s.end <= len(text)) or s.text != s.text.strip():
            report.problems.append(
                f"{s.id}: offsets {s.start}–{s.end} do not match a sentence of the text"
            )
        elif any(not (0 <= m.start < m.end <= len(s.text)) for m in s.reading.mentions):
            report.problems.append(f"{s.id}: a mention's offsets fall outside the sentence")
        elif s.reading.speaker_here and not 0 <= s.reading.said_at[0] < s.reading.said_at[1] <= len(
            s.text
        ):
            report.problems.append(f"{s.id}: where it names its speaker falls outside it")
        end = max(end, s.end)
    return found


def _check_files(settings: Settings, meta: dict[str, dict], report: CheckReport) -> None:
    root = settings.corpus_dir
    files, _ = scan(root, settings.corpus.ignore)
    current = {p.relative_to(root).as_posix(): p for p in files}
    indexed: dict[str, dict] = {m["path"]: m for m in meta.values()}
    for rel in sorted(set(indexed) - set(current)):
        report.problems.append(f"{rel}: indexed but no longer in the corpus")
    for rel, path in sorted(current.items()):
        if rel not in indexed:
            if path.stat().st_size > settings.corpus.max_bytes:
                continue  # skipped by design
            try:  # a file no loader can use is skipped by design, not a difference
                load_file(path, root)
            except ArticleError:
                continue
            report.problems.append(f"{rel}: in the corpus but not indexed")
            continue
        state = FileState.of(path).hashed(path.read_bytes())
        if state.sha != indexed[rel]["file_sha"]:
            report.problems.append(f"{rel}: changed since it was indexed")


def _check_duplicates(meta: dict[str, dict], report: CheckReport) -> None:
    """Files with the same bytes are indexed once: the others point at an indexed original."""
    by_path = {m["path"]: m for m in meta.values()}
    originals: dict[str, str] = {}
    for path, m in sorted(by_path.items()):
        original = m.get("duplicate_of")
        if not original:
            if m["file_sha"] in originals:
                report.problems.append(
                    f"{path}: same bytes as {originals[m['file_sha']]}, but indexed twice"
                )
            originals.setdefault(m["file_sha"], path)
            continue
        target = by_path.get(original)
        if target is None or target.get("duplicate_of"):
            report.problems.append(f"{path}: indexed as a copy of {original}, which is not indexed")
        elif target["file_sha"] != m["file_sha"]:
            report.problems.append(
                f"{path}: indexed as a copy of {original}, but their bytes differ"
            )


def _check_copies(meta: dict[str, dict], report: CheckReport) -> None:
    """A wire copy is marked with its group's representative, an indexed article that is no
    copy itself (a copy keeps its sentences and chunks, counted above like any article's)."""
    for article_id, m in sorted(meta.items()):
        representative = m.get("copy_of")
        if representative and (representative not in meta or meta[representative].get("copy_of")):
            report.problems.append(
                f"{article_id}: marked as a wire copy of {representative}, which is not an "
                "indexed original: run `assistant ingest`"
            )
