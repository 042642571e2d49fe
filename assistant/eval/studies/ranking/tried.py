"""Sentence-scorer ideas measured and not kept: more embedding features, a non-linear model.

    python -m assistant.eval.studies.ranking.tried [--corpus corpus] [--work /tmp/ranking]
        [--out eval/results/ranking/tried.md]

Same rows and protocol as fit.py (leave one article out, a question only ever ranked by a
model fitted without its article), ranking figures only. Added to the fitted scorer's eight
features, one at a time and together:

- `maxsim`: late interaction (as ColBERT scores, with the bundled model's own token vectors):
  the mean over the question's content word pieces of their best cosine with a piece of the
  sentence, so a synonym the sentence embedding blurs can still match;
- `maxsim_prev`: the same against the sentence and the one before it;
- `window_prev`, `window_next`: cosine with the mean of the sentence's vector and its
  neighbour's (answers that span two sentences);
- a gradient-boosted tree model (scikit-learn, pointwise) on all of them plus each feature's
  distance to the question's best value.

Each row's paired sign test on recall@1 is against the fitted scorer on the eight features.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

import numpy as np
from scipy.stats import binomtest

from assistant.app import Assistant
from assistant.config import BUNDLED_MODEL, load_settings
from assistant.eval.calibration.scorer_rows import QuestionRows, build_rows, conditional_logit
from assistant.eval.dataset import load_questions
from assistant.models.embeddings import resolve_model
from assistant.retrieval.candidates import FEATURES
from assistant.text import STOPWORDS

SETS = ("eval/qa.jsonl", "eval/onestopqa-dev.jsonl")
EXTRA = ("maxsim", "maxsim_prev", "window_prev", "window_next")


class Pieces:
    """Normalised token vectors of texts, the bundled model run by sentence-transformers."""

    def __init__(self) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        self.model = SentenceTransformer(resolve_model(BUNDLED_MODEL), device="cpu")

    def __call__(self, texts: list[str]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """text -> (every piece's vector, the vectors of its content pieces)."""
        out = {}
        tokens = self.model.encode(texts, output_value="token_embeddings", batch_size=32)
        for text, vectors in zip(texts, tokens, strict=True):
            ids = self.model.tokenizer(text, truncation=True, max_length=256)["input_ids"]
            words = self.model.tokenizer.convert_ids_to_tokens(ids)
            v = vectors.numpy()[: len(ids)]
            v = v / np.linalg.norm(v, axis=1, keepdims=True)
            inner = [i for i, w in enumerate(words) if w not in ("[CLS]", "[SEP]")]
            content = [i for i in inner if re.search(r"\w", words[i]) and words[i] not in STOPWORDS]
            out[text] = (v[inner], v[content])
        return out


def extra_features(assistant: Assistant, rows: list[QuestionRows]) -> dict[str, np.ndarray]:
    """Question id -> the EXTRA columns of its candidates."""
    snapshot = assistant.store.snapshots.current()
    articles = {s.article_id for r in rows for s in r.candidates.sentences}
    sentences = {a: {s.index: s for s in snapshot.sentences(a)} for a in articles}
    texts = sorted({s.text for by in sentences.values() for s in by.values()})
    questions = [r.candidates.question for r in rows]
    pieces = Pieces()(texts + questions)
    vec = dict(zip(texts, assistant.embedder.embed(texts), strict=True))
    qvec = dict(zip(questions, assistant.embedder.embed(questions), strict=True))

    def maxsim(question: str, parts: list[str]) -> float:
        q = pieces[question][1]
        s = np.vstack([pieces[t][0] for t in parts])
        return float((q @ s.T).max(axis=1).mean()) if len(q) else 0.0

    def window(q: np.ndarray, a: str, b: str | None) -> float:
        w = vec[a] + (vec[b] if b else vec[a])
        return float(q @ w / np.linalg.norm(w))

    out = {}
    for r in rows:
        q = r.candidates.question
        cols = []
        for s in r.candidates.sentences:
            prev = sentences[s.article_id].get(s.index - 1)
            after = sentences[s.article_id].get(s.index + 1)
            cols.append(
                (
                    maxsim(q, [s.text]),
                    maxsim(q, [prev.text, s.text] if prev else [s.text]),
                    window(qvec[q], s.text, prev.text if prev else None),
                    window(qvec[q], s.text, after.text if after else None),
                )
            )
        out[r.id] = np.array(cols).reshape(-1, len(EXTRA))
    return out


def out_of_fold(rows: list[QuestionRows], x: dict[str, np.ndarray], fit) -> dict[str, int]:
    """Question id -> index of the candidate ranked first by a model fitted without its article."""
    top = {}
    for article in sorted({r.article for r in rows}):
        score = fit([r for r in rows if r.article != article])
        top |= {r.id: int(np.argmax(score(x[r.id]))) for r in rows if r.article == article}
    return top


def conditional(x: dict[str, np.ndarray]):
    """A fit for `out_of_fold`: a conditional logit on the standardised candidate rows in `x` (by
    question id); questions whose candidates are all or none evidence are left out."""

    def fit(train: list[QuestionRows]):
        used = [r for r in train if r.labels.any() and not r.labels.all()]
        stacked = np.vstack([x[r.id] for r in used])
        mean, scale = stacked.mean(0), stacked.std(0)
        scale[scale == 0] = 1.0
        w = conditional_logit(
            [(x[r.id] - mean) / scale for r in used], [r.labels.astype(float) for r in used]
        )
        return lambda m: ((m - mean) / scale) @ w

    return fit


def boosted(x: dict[str, np.ndarray]):
    """A fit for `out_of_fold`: gradient-boosted trees, pointwise, on the candidate rows in `x` (by
    question id)."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    def fit(train: list[QuestionRows]):
        model = HistGradientBoostingClassifier(
            max_depth=3, learning_rate=0.05, max_iter=200, min_samples_leaf=40, random_state=0
        )
        model.fit(np.vstack([x[r.id] for r in train]), np.concatenate([r.labels for r in train]))
        return lambda m: model.predict_proba(m)[:, 1]

    return fit


def main() -> int:
    """Rank the answerable questions of `SETS` out of fold with each model; write the table to --out
    and print it."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--corpus", type=Path, default=Path("corpus"))
    p.add_argument("--work", type=Path, default=Path("/tmp/ranking"))
    p.add_argument("--out", type=Path, default=Path("eval/results/ranking/tried.md"))
    args = p.parse_args()
    assistant = Assistant(load_settings(corpus_dir=args.corpus, store_dir=args.work / "store"))
    assistant.sync()
    rows = [
        r
        for path in SETS
        for r in build_rows(assistant, load_questions(Path(path)), Path(path).name)
        if r.answerable and len(r.candidates)
    ]
    extra = extra_features(assistant, rows)
    names = (*FEATURES, *EXTRA)
    full = {r.id: np.hstack([r.candidates.features, extra[r.id]]) for r in rows}
    relative = {i: np.hstack([m, m - m.max(axis=0)]) for i, m in full.items()}

    def columns(kept: tuple[str, ...]) -> dict[str, np.ndarray]:
        idx = [names.index(n) for n in kept]
        return {i: m[:, idx] for i, m in full.items()}

    models = {"fitted scorer, eight features (shipped option)": (conditional, columns(FEATURES))}
    for name in EXTRA:
        models[f"+ {name}"] = (conditional, columns((*FEATURES, name)))
    models["+ maxsim, maxsim_prev"] = (conditional, columns((*FEATURES, "maxsim", "maxsim_prev")))
    models["+ all four"] = (conditional, full)
    models["boosted trees, all twelve and their distance to the best"] = (boosted, relative)
    tops = {name: out_of_fold(rows, x, model(x)) for name, (model, x) in models.items()}
    base = next(iter(tops.values()))

    def hit(r: QuestionRows, top: dict[str, int]) -> bool:
        return bool(r.labels[top[r.id]])

    lines = [
        "# Sentence scorer: ideas measured, not kept (`assistant/eval/studies/ranking/tried.py`)",
        "",
        "Share of answerable questions whose first-ranked candidate overlaps a gold quote (per "
        "question; results.md's recall@1 averages over quotes), out of fold (leave one article "
        "out); better / worse and the sign test pair each row with the first.",
        "",
        "| model | qa.jsonl | onestopqa-dev | pooled | better / worse | sign test p |",
        "|---|---|---|---|---|---|",
    ]
    for name, top in tops.items():
        by = [
            np.mean([hit(r, top) for r in rows if s in (None, r.set_name)])
            for s in ("qa.jsonl", "onestopqa-dev.jsonl", None)
        ]
        better = sum(hit(r, top) and not hit(r, base) for r in rows)
        worse = sum(hit(r, base) and not hit(r, top) for r in rows)
        p_value = binomtest(better, better + worse).pvalue if better + worse else 1.0
        lines.append(
            f"| {name} | {by[0]:.3f} | {by[1]:.3f} | {by[2]:.3f} | {better} / {worse} | "
            f"{p_value:.2f} |"
        )
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
