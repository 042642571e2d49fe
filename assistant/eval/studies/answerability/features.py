"""Build the answerability data set: one row of features per (question, corpus) pair.

    python -m assistant.eval.studies.answerability.features [--corpus corpus]
        [--work /tmp/answerability]
        [--out eval/results/answerability/features.jsonl] QA_FILE...

Rows (see eval/README.md, Answerability):

- every answerable question against the full corpus: label 1 ("answerable");
- every answerable question of article X against the corpus *without* X: label 0 ("held-out"),
  unless another article holds its gold answer or an evidence quote (then it is dropped);
- every unanswerable question against the full corpus: label 0 ("unanswerable");
- every answerable question against the corpus whose copy of its article has the sentences of
  its evidence quotes cut: label 0 ("evidence-removed"), unless the gold answer is still in the
  cut article or in a retrieved sentence, another article holds it or a quote, or no sentence
  matched a quote (then it is dropped).

Leaving X out means a store built from the other files, not X's sentences filtered out of the
full store's results: filtering is not the same retrieval (X's chunks would still take the
dense and BM25 candidate slots before fusion, and X's terms would still weigh in the IDF), so
each held-out article gets its own corpus copy and store under `--work` (kept, so a second run
embeds nothing). Evidence-removed rows likewise come from cut copies, not from dropping the
evidence ids from the hits: a chunk's dense score is computed with the evidence in its context,
so the neighbours of a filtered-out sentence would still score by it. One store per question
would be 232 stores; instead store i cuts the evidence of the i-th question of every article at
once (questions of different articles, so a question meets its own cut and, elsewhere, one
missing sentence per other article): 25 stores.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from dataclasses import asdict
from difflib import SequenceMatcher
from pathlib import Path

from assistant.answer.answerability import features
from assistant.app import Assistant
from assistant.config import load_settings
from assistant.eval.calibration.rows import answered_elsewhere
from assistant.eval.dataset import EvalQuestion, load_questions
from assistant.ingest.sentences import split_text
from assistant.models.embeddings import Embedder
from assistant.question import Question

K = 10
"""Sentences retrieved per question for the features (the answerer sees the first 5)."""
FULL = ""
"""`held_out` of the full corpus."""


MIN_OVERLAP = 12
"""Characters a quote must share with a sentence it does not contain to cut it (a short
sentence that merely shares "said." with a quote stays)."""


def _flat(text: str) -> str:
    return " ".join(text.split())


def answer_in(answer: str | None, text: str) -> bool:
    """The gold answer as a phrase in text (case-insensitive, at word boundaries)."""
    words = " ".join((answer or "").split())
    if not words:
        return False
    return re.search(rf"(?<!\w){re.escape(words)}(?!\w)", _flat(text), re.I) is not None


def cut_evidence(text: str, evidence: tuple[str, ...] | list[str]) -> tuple[str, int]:
    """`text` without the sentences (as the ingester splits them) that overlap an evidence quote
    (the sentence inside the quote, the quote inside the sentence, or a common stretch of at
    least half the sentence, `MIN_OVERLAP` to twice that characters: quotes that start or end
    mid-sentence), and how many were cut. The rest of the text, paragraph breaks included, is
    kept as it was."""
    quotes = [_flat(e) for e in evidence if e.strip()]

    def overlaps(sentence: str) -> bool:
        s = _flat(sentence)
        for q in quotes:
            if s in q or q in s:
                return True
            m = SequenceMatcher(None, s, q, autojunk=False).find_longest_match()
            if m.size >= max(MIN_OVERLAP, min(2 * MIN_OVERLAP, len(s) / 2)):
                return True
        return False

    out, pos, cut = [], 0, 0
    for sentence in split_text(text):
        start = text.find(sentence, pos)
        if start < 0:
            continue
        end = start + len(sentence)
        if overlaps(sentence):
            out.append(text[pos:start])
            pos = end
            while pos < len(text) and text[pos] == " ":
                pos += 1
            cut += 1
    out.append(text[pos:])
    return "".join(out), cut


def evidence_removed_drop(
    q: EvalQuestion, cut_text: str, cut: int, retrieved: list[str], texts: dict[str, str]
) -> str | None:
    """Why q's evidence-removed row cannot be labelled unanswerable, or None (keep it, label 0).
    `cut_text` is q's article with q's evidence cut (`cut` sentences), `retrieved` the texts of
    the sentences retrieved for q from that corpus, `texts` the original articles."""
    if cut == 0:
        return "no sentence matched an evidence quote"
    if answer_in(q.answer, cut_text):
        return "answer still in the article"
    if any(answer_in(q.answer, t) for t in retrieved):
        return "answer in a retrieved sentence"
    other = answered_elsewhere(q, texts)
    if other is not None:
        return f"answer also in {other}"
    return None


def evidence_batches(sets: dict[str, list[EvalQuestion]]) -> dict[tuple[str, str], int]:
    """(set, question id) -> the evidence-removed store it is asked against: the i-th answerable
    question of each article (in set and id order) goes to store i."""
    seen: dict[str, int] = {}
    batch = {}
    for set_name, questions in sets.items():
        for q in sorted(questions, key=lambda q: q.id):
            if q.answerable and q.article:
                batch[(set_name, q.id)] = seen.get(q.article, 0)
                seen[q.article] = batch[(set_name, q.id)] + 1
    return batch


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


def corpus_cut(corpus: Path, cuts: dict[str, str], key: str, work: Path) -> Path:
    """A copy of the corpus folder with the files in `cuts` replaced by their cut texts."""
    folder = work / f"corpus-{key}"
    if folder.is_dir():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for f in corpus.iterdir():
        if f.is_file():
            if f.name in cuts:
                (folder / f.name).write_text(cuts[f.name], encoding="utf-8")
            else:
                shutil.copy2(f, folder / f.name)
    return folder


def main(argv: list[str] | None = None) -> int:
    """Build a store per corpus variant under --work (kept for the next run), write every row to
    --out and print the rows per store and in all; dropped rows are listed on stderr."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("qa", nargs="+", type=Path)
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    parser.add_argument("--work", type=Path, default=Path("/tmp/answerability"))
    parser.add_argument(
        "--out", type=Path, default=Path("eval/results/answerability/features.jsonl")
    )
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
    batch = evidence_batches(sets)
    cuts: dict[str, tuple[str, int]] = {}  # "set/id" -> (cut article text, sentences cut)
    for set_name, questions in sets.items():
        for q in questions:
            if (set_name, q.id) in batch:
                key = f"evidence-{batch[(set_name, q.id)]:02d}"
                plan.append((set_name, q, key, 0, "evidence-removed"))
                cuts[f"{set_name}/{q.id}"] = cut_evidence(texts[q.article], q.evidence)
    removed_dropped = []
    embedder = None
    out = []
    for held_out in sorted({h for _, _, h, _, _ in plan}):
        if held_out.startswith("evidence-"):
            corpus = corpus_cut(
                args.corpus,
                {q.article: cuts[f"{sn}/{q.id}"][0] for sn, q, h, _, _ in plan if h == held_out},
                held_out,
                args.work,
            )
        else:
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
            asked = Question.read(q.question)
            hits = retriever.search(asked, K)
            near = retriever.neighbours(hits[0]) if hits else []
            extra = {}
            if kind == "evidence-removed":
                cut_text, cut = cuts[f"{set_name}/{q.id}"]
                why = evidence_removed_drop(
                    q, cut_text, cut, [h.sentence.text for h in hits], texts
                )
                if why is not None:
                    removed_dropped.append((set_name, q.id, why))
                    continue
                extra = {"sentences_cut": cut}
            f = features(asked, hits, idf, near)
            out.append(
                {
                    "id": q.id,
                    "set": set_name,
                    "question": q.question,
                    "article": q.article,
                    "held_out": held_out if kind == "held-out" else "",
                    "store": held_out,
                    **extra,
                    "label": label,
                    "kind": kind,
                    "top_article": hits[0].article.id if hits else None,
                    # rounded: the last digits vary with the order sets iterate in (hash seed)
                    "features": {n: round(v, 9) for n, v in asdict(f).items()},
                }
            )
        print(f"{held_out or 'full corpus'}: {sum(r['store'] == held_out for r in out)} rows")
    for set_name, qid, why in removed_dropped:
        print(f"dropped evidence-removed row {set_name} {qid}: {why}", file=sys.stderr)
    out.sort(key=lambda r: (r["set"], r["id"], r["kind"]))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as f:
        for row in out:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(
        f"{len(out)} rows -> {args.out}; {len(dropped)} held-out rows dropped, "
        f"{len(removed_dropped)} evidence-removed rows dropped"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
