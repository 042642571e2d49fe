"""Build the answerability data set: one row of features per (question, corpus) pair.

    python eval/answerability/dataset.py [--corpus corpus] [--work /tmp/answerability]
        [--out eval/answerability/features.jsonl] QA_FILE...

Rows (see eval/README.md, Answerability):

- every answerable question against the full corpus: label 1 ("answerable");
- every answerable question of article X against the corpus *without* X: label 0 ("held-out"),
  unless another article holds its gold answer or an evidence quote (then it is dropped);
- every unanswerable question against the full corpus: label 0 ("unanswerable").

Leaving X out means a store built from the other files, not X's sentences filtered out of the
full store's results: filtering is not the same retrieval (X's chunks would still take the
dense and BM25 candidate slots before fusion, and X's terms would still weigh in the IDF), so
each held-out article gets its own corpus copy and store under `--work` (kept, so a second run
embeds nothing).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from dataclasses import asdict
from pathlib import Path

from assistant.app import Assistant
from assistant.config import load_settings
from assistant.eval.dataset import EvalQuestion, load_questions
from assistant.models.embeddings import Embedder
from assistant.retrieval.answerability import features, neighbour_ids

K = 10
"""Sentences retrieved per question for the features (the answerer sees the first 5)."""
FULL = ""
"""`held_out` of the full corpus."""


def answered_elsewhere(q: EvalQuestion, texts: dict[str, str]) -> str | None:
    """The other article (file name) holding one of q's evidence quotes or its gold answer as a
    phrase (case-insensitive, at word boundaries), or None."""
    answer = re.escape(" ".join((q.answer or "").split()))
    phrase = re.compile(rf"(?<!\w){answer}(?!\w)", re.I) if answer else None
    for name, text in texts.items():
        if name == q.article:
            continue
        flat = " ".join(text.split())
        if any(" ".join(e.split()) in flat for e in q.evidence):
            return name
        if phrase is not None and phrase.search(flat):
            return name
    return None


def label_plan(
    sets: dict[str, list[EvalQuestion]], texts: dict[str, str]
) -> tuple[list[tuple[str, EvalQuestion, str, int, str]], list[tuple[str, str, str]]]:
    """(set, question, held-out article or FULL, label, kind) of every row to compute, and
    (set, question id, other article) of every held-out row dropped."""
    rows, dropped = [], []
    for set_name, questions in sets.items():
        for q in questions:
            if not q.answerable:
                rows.append((set_name, q, FULL, 0, "unanswerable"))
                continue
            rows.append((set_name, q, FULL, 1, "answerable"))
            other = answered_elsewhere(q, texts)
            if other is None:
                rows.append((set_name, q, q.article, 0, "held-out"))
            else:
                dropped.append((set_name, q.id, other))
    return rows, dropped


def corpus_without(corpus: Path, held_out: str, work: Path) -> Path:
    """A copy of the corpus folder without `held_out` (the same files otherwise)."""
    folder = work / f"corpus-{held_out or 'full'}"
    if folder.is_dir():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for f in corpus.iterdir():
        if f.is_file() and f.name != held_out:
            shutil.copy2(f, folder / f.name)
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("qa", nargs="+", type=Path)
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    parser.add_argument("--work", type=Path, default=Path("/tmp/answerability"))
    parser.add_argument("--out", type=Path, default=Path("eval/answerability/features.jsonl"))
    args = parser.parse_args(argv)
    sets = {f.name: load_questions(f) for f in args.qa}
    texts = {
        f.name: f.read_text(encoding="utf-8")
        for f in sorted(args.corpus.iterdir())
        if f.suffix == ".txt"
    }
    plan, dropped = label_plan(sets, texts)
    for set_name, qid, other in dropped:
        print(f"dropped held-out row {set_name} {qid}: answer also in {other}", file=sys.stderr)
    embedder = None
    out = []
    for held_out in sorted({h for _, _, h, _, _ in plan}):
        corpus = corpus_without(args.corpus, held_out, args.work)
        settings = load_settings(
            corpus_dir=corpus, store_dir=args.work / f"store-{held_out or 'full'}"
        )
        embedder = embedder or Embedder(settings.embedding)
        assistant = Assistant(settings, embedder=embedder)
        assistant.sync()
        retriever = assistant.retriever
        idf = retriever.lexical().idf
        for set_name, q, h, label, kind in plan:
            if h != held_out:
                continue
            hits = retriever.search(q.question, K)
            near = []
            if hits:
                found, _ = assistant.store.reader.get_sentences(neighbour_ids(hits[0]))
                near = [s.text for s in found]
            f = features(q.question, hits, idf, near)
            out.append(
                {
                    "id": q.id,
                    "set": set_name,
                    "question": q.question,
                    "article": q.article,
                    "held_out": held_out,
                    "label": label,
                    "kind": kind,
                    "top_article": hits[0].article.id if hits else None,
                    # rounded: the last digits vary with the order sets iterate in (hash seed)
                    "features": {n: round(v, 9) for n, v in asdict(f).items()},
                }
            )
        print(f"{held_out or 'full corpus'}: {sum(r['held_out'] == held_out for r in out)} rows")
    out.sort(key=lambda r: (r["set"], r["id"], r["held_out"]))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as f:
        for row in out:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(out)} rows -> {args.out}; {len(dropped)} held-out rows dropped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
