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
from assistant.index.packing import HASH_CHARS, owned_starts, unpack_ranges, unpack_sentences
from assistant.index.schema import ArticleRecord, ChunkRecord
from assistant.index.store import Store
from assistant.ingest.files import load_file, scan
from assistant.types import ArticleInfo, Sentence


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
    records: dict[str, ArticleRecord] = {}
    sentences: dict[str, list[Sentence]] = {}
    for article_id, text, m in store.reader.records():  # every article record, in pages
        records[article_id] = record = ArticleRecord.from_metadata(article_id, m)
        sentences[article_id] = _sentences(
            record, unpack_sentences(article_id, text, m), text, report
        )
    report.articles = len(records)
    infos = {i: r.info for i, r in records.items()}
    _check_files(settings, records, report)
    _check_duplicates(records, report)
    _check_copies(infos, report)
    got = store.collections.chunks.get(include=["metadatas"])
    chunks = [ChunkRecord.from_metadata(cid, m) for cid, m in zip(got["ids"], got["metadatas"])]
    report.chunks = len(chunks)
    report.sentences = sum(len(found) for found in sentences.values())
    per_article = Counter(c.article_id for c in chunks)
    for article_id, n in per_article.items():
        if article_id not in infos:
            report.problems.append(f"{n} orphan chunks of {article_id} (no article record)")
        elif n != infos[article_id].chunks:
            report.problems.append(
                f"{article_id}: {n} chunks indexed, {infos[article_id].chunks} expected"
            )
    for article_id in set(infos) - set(per_article):
        if infos[article_id].chunks:
            report.problems.append(f"{article_id}: its chunks are missing")
    for c in chunks:
        article = records.get(c.article_id)
        starts = owned_starts(unpack_ranges(article.ranges)) if article else []
        if c.index >= len(starts):
            continue  # counted above
        own = starts[c.index]
        held = sentences[c.article_id][own : c.last + 1]
        if c.held_hashes() != [text_hash(s.text)[:HASH_CHARS] for s in held]:
            report.problems.append(
                f"{c.id}: its sentences {own}–{c.last} are not the ones it was "
                "written with (offsets or text changed)"
            )
    return report


def _sentences(
    record: ArticleRecord, found: list[Sentence], text: str, report: CheckReport
) -> list[Sentence]:
    """The article's sentences by its spans, reporting spans that cannot be sentences of it."""
    if len(found) != record.info.sentences:
        report.problems.append(
            f"{record.id}: {len(found)} sentences indexed, {record.info.sentences} expected"
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


def _check_files(
    settings: Settings, records: dict[str, ArticleRecord], report: CheckReport
) -> None:
    root = settings.corpus_dir
    files, _ = scan(root, settings.corpus.ignore)
    current = {p.relative_to(root).as_posix(): p for p in files}
    indexed = {r.info.path: r.file for r in records.values()}
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
        if state.sha != indexed[rel].sha:
            report.problems.append(f"{rel}: changed since it was indexed")


def _check_duplicates(records: dict[str, ArticleRecord], report: CheckReport) -> None:
    """Files with the same bytes are indexed once: the others point at an indexed original."""
    by_path = {r.info.path: r.file for r in records.values()}
    originals: dict[str, str] = {}
    for path, state in sorted(by_path.items()):
        original = state.duplicate_of
        if not original:
            if state.sha in originals:
                report.problems.append(
                    f"{path}: same bytes as {originals[state.sha]}, but indexed twice"
                )
            originals.setdefault(state.sha, path)
            continue
        target = by_path.get(original)
        if target is None or target.duplicate_of:
            report.problems.append(f"{path}: indexed as a copy of {original}, which is not indexed")
        elif target.sha != state.sha:
            report.problems.append(
                f"{path}: indexed as a copy of {original}, but their bytes differ"
            )


def _check_copies(infos: dict[str, ArticleInfo], report: CheckReport) -> None:
    """A wire copy is marked with its group's representative, an indexed article that is no
    copy itself (a copy keeps its sentences and chunks, counted above like any article's)."""
    for article_id, info in sorted(infos.items()):
        representative = info.copy_of
        if representative and (representative not in infos or infos[representative].copy_of):
            report.problems.append(
                f"{article_id}: marked as a wire copy of {representative}, which is not an "
                "indexed original: run `assistant ingest`"
            )
