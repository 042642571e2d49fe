"""Fit the sentence scorer and measure it against today's blend, leaving one article out.

    python -m assistant.eval.studies.ranking.fit [--corpus corpus] [--work /tmp/ranking]
        [--out eval/results/ranking/results.md] [--weights assistant/retrieval/scorer_weights.json]

Builds (or reuses) a store of the corpus under --work, computes every question's candidates
once (eval/qa.jsonl, eval/onestopqa-dev.jsonl), then compares, out of fold:

- blend@0.85: today's blend and answer settings (min_score 0.31, relative_floor 0.85);
- blend+floor: the blend, relative_floor chosen on the training articles;
- fitted: the logistic scorer fitted on the training articles, min_score set to abstain on the
  same share of the training questions as the blend at 0.31 does, and relative_floor chosen on
  the training questions' inner out-of-fold rankings (a nested leave-one-article-out).

The weights fitted on all questions (with min_score and relative_floor chosen the same way on
all out-of-fold rankings) are written to --weights with the figures in their `meta`.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from assistant.app import Assistant
from assistant.config import AnswerSettings, RetrievalSettings, load_settings
from assistant.eval.calibration.scorer_cv import (
    FLOORS,
    Policy,
    choose_answer_settings,
    choose_floor,
    cross_validate,
    figures,
    judge,
    out_of_fold_rankings,
    ranked,
)
from assistant.eval.calibration.scorer_rows import (
    QuestionRows,
    build_rows,
    design,
    fit_scorer,
    logistic_irls,
)
from assistant.eval.dataset import load_questions
from assistant.eval.studies.ranking.tables import paired, position_table, row, span, sweep
from assistant.retrieval.candidates import FEATURES
from assistant.retrieval.scorer import LOGISTIC, ScorerWeights, SentenceScorer

SETS = ("eval/qa.jsonl", "eval/onestopqa-dev.jsonl")
TODAY = AnswerSettings()  # min_score 0.31, relative_floor 0.85
BLEND = SentenceScorer(ScorerWeights.blend())


CHOSEN: dict[str, list[AnswerSettings]] = {}
"""Answer settings each policy chose, fold by fold (for the report)."""


def recorded(name: str, train_policy):
    def train(rows: list[QuestionRows]) -> Policy:
        policy = train_policy(rows)
        CHOSEN.setdefault(name, []).append(policy.answer)
        return policy

    return train


def blend_today(_: list[QuestionRows]) -> Policy:
    return Policy(BLEND, TODAY)


def blend_floor(train: list[QuestionRows]) -> Policy:
    rankings = {r.id: ranked(r, BLEND) for r in train}
    return Policy(
        BLEND,
        TODAY.model_copy(update={"relative_floor": choose_floor(train, rankings, TODAY, FLOORS)}),
    )


def fitted_scorer(train: list[QuestionRows]) -> SentenceScorer:
    return SentenceScorer(fit_scorer(train))


def pointwise_scorer(train: list[QuestionRows]) -> SentenceScorer:
    """The plain alternative: one logistic regression over all candidates of all questions."""
    x, y = design(train)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    coef, intercept = logistic_irls((x - mean) / scale, y.astype(float))
    raw = coef / scale
    values = {"intercept": intercept - float(raw @ mean)} | dict(zip(FEATURES, raw.tolist()))
    return SentenceScorer(ScorerWeights(LOGISTIC, values))


def answer_settings(train: list[QuestionRows], rankings) -> AnswerSettings:
    return choose_answer_settings(train, rankings, TODAY, FLOORS)


def fitted(train: list[QuestionRows]) -> Policy:
    inner = out_of_fold_rankings(train, fitted_scorer)
    return Policy(fitted_scorer(train), answer_settings(train, inner))


def pointwise(train: list[QuestionRows]) -> Policy:
    inner = out_of_fold_rankings(train, pointwise_scorer)
    return Policy(pointwise_scorer(train), answer_settings(train, inner))


def ablation(rows: list[QuestionRows], table) -> list[str]:
    """Ranking figures (out of fold) of the fitted scorer without each feature in turn."""
    lines = [
        "| features | recall@1 pooled | recall@5 pooled | recall@1 qa | recall@1 onestopqa |",
        "|---|---|---|---|---|",
    ]
    for dropped in (None, *FEATURES):
        kept = [f for f in FEATURES if f != dropped]
        rankings = out_of_fold_rankings(
            rows, lambda t, k=kept: SentenceScorer(fit_scorer(t, features=k))
        )
        outs = [judge(r, rankings[r.id], TODAY) for r in rows]
        by = {
            n: figures([o for o in outs if n in (None, o.set_name)], table)
            for n in (None, *map(lambda s: Path(s).name, SETS))
        }
        name = "all" if dropped is None else f"without {dropped}"
        lines.append(
            f"| {name} | {by[None].recall_at_1:.3f} | {by[None].recall_at_5:.3f} | "
            f"{by['qa.jsonl'].recall_at_1:.3f} | {by['onestopqa-dev.jsonl'].recall_at_1:.3f} |"
        )
    return lines


def main() -> int:
    """Compare the policies out of fold on the questions of `SETS`; write the tables to --out and
    the weights fitted on all questions to --weights, and print the tables (timings on stderr)."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--corpus", type=Path, default=Path("corpus"))
    p.add_argument("--work", type=Path, default=Path("/tmp/ranking"))
    p.add_argument("--out", type=Path, default=Path("eval/results/ranking/results.md"))
    p.add_argument("--weights", type=Path, default=Path("assistant/retrieval/scorer_weights.json"))
    args = p.parse_args()

    started = time.perf_counter()
    assistant = Assistant(load_settings(corpus_dir=args.corpus, store_dir=args.work / "store"))
    assistant.retriever.scorer = BLEND  # candidates do not depend on the scorer; be explicit
    assistant.sync()
    rows: list[QuestionRows] = []
    for path in SETS:
        rows += build_rows(assistant, load_questions(Path(path)), Path(path).name)
    table = {r.id: r for r in rows}
    print(
        f"{len(rows)} questions' candidates in {time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )

    policies = {
        "blend@0.85 (today)": blend_today,
        "blend+floor": blend_floor,
        "pointwise logistic": pointwise,
        "fitted (conditional logit)": fitted,
    }
    results = {
        name: cross_validate(rows, recorded(name, train)) for name, train in policies.items()
    }

    weights = fit_scorer(rows)
    oof = out_of_fold_rankings(rows, fitted_scorer)
    shipped = answer_settings(rows, oof)
    print(f"done in {time.perf_counter() - started:.0f} s", file=sys.stderr)

    x, y = design(rows)
    lines = [
        "# Sentence scorer: out-of-fold figures (leave one article out)",
        "",
        "Written by `python -m assistant.eval.studies.ranking.fit`. "
        f"{sum(r.answerable for r in rows)} answerable questions "
        f"({', '.join(Path(s).name for s in SETS)}), {len(x)} candidate rows, {int(y.sum())} "
        "overlapping gold evidence.",
        "",
    ]
    sets = [("pooled", None), *[(Path(s).name, Path(s).name) for s in SETS]]
    for set_label, set_name in sets:
        lines += [
            f"## {set_label}",
            "",
            "| policy | questions | recall@1 | recall@5 | citation recall | citation precision | "
            "median cited chars | answerable abstained | unanswerable abstained |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for name, outs in results.items():
            chosen = [o for o in outs if set_name is None or o.set_name == set_name]
            lines.append(row(name, figures(chosen, table)))
        lines.append("")
    lines += ["## Issue 15's targets, out of fold", ""]
    for name in (next(iter(results)), list(results)[-1]):
        for set_label, set_name in sets:
            f = figures([o for o in results[name] if set_name in (None, o.set_name)], table)
            checks = [
                ("recall@1", f.recall_at_1, ">=", 0.70),
                ("citation recall", f.citation_recall, ">=", 0.85),
                ("citation precision", f.citation_precision, ">=", 0.70),
                ("median cited chars", f.median_chars, "<=", 400),
            ]
            lines.append(
                f"- {name}, {set_label}: "
                + "; ".join(
                    f"{m} {v:.3f} {'met' if (v >= t if op == '>=' else v <= t) else 'NOT met'} "
                    f"({op} {t:g})"
                    for m, v, op, t in checks
                )
            )
    lines += ["", "## Answer settings chosen per fold", ""]
    lines += [
        f"- {name}: min_score {span([a.min_score for a in chosen])}, "
        f"relative_floor {span([a.relative_floor for a in chosen])} ({len(chosen)} folds)"
        for name, chosen in CHOSEN.items()
    ]
    lines += ["", *paired(results, table), ""]
    blend_oof = {r.id: ranked(r, BLEND) for r in rows}
    lines += ["## Relative floor sweep (min_score fixed, out-of-fold rankings, pooled)", ""]
    lines += sweep(
        rows,
        table,
        {
            "blend (min_score 0.31)": (blend_oof, TODAY),
            f"fitted (min_score {shipped.min_score})": (oof, shipped),
        },
    )
    lines += ["", "## Position prior (all candidates)", "", *position_table(rows), ""]
    lines += ["## Drop-one ablation (ranking only)", "", *ablation(rows, table), ""]
    default = RetrievalSettings().scorer
    lines += [
        "## Default",
        "",
        f"`retrieval.scorer` defaults to `{default}`; docs/evaluation.md gives the reasons and the "
        "settings that use the fitted weights.",
        "",
    ]
    lines += [
        "## Weights fitted on all questions",
        "",
        "| feature | raw coefficient | standardised |",
        "|---|---|---|",
        f"| intercept | {weights.values['intercept']:+.4f} | |",
    ]
    std = weights.meta["standardised_direction"]
    lines += [f"| {f} | {weights.values[f]:+.4f} | {std[f]:+.4f} |" for f in FEATURES]
    lines += [
        "",
        f"Answer settings chosen on all out-of-fold rankings: min_score {shipped.min_score}, "
        f"relative_floor {shipped.relative_floor}.",
        "",
    ]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines), encoding="utf-8")
    weights = ScorerWeights(
        weights.kind,
        # 6 decimals: the same data gives the same file (BLAS sums differ in the last bits)
        {name: round(value, 6) for name, value in weights.values.items()},
        weights.meta
        | {
            "fitted_by": "assistant/eval/studies/ranking/fit.py",
            "data": [Path(s).name for s in SETS],
            "min_score": shipped.min_score,
            "relative_floor": shipped.relative_floor,
        },
    )
    weights.save(args.weights)
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
