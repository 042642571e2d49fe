"""Run `Verifier.support` with the bundled model over eval/verifier/claims.jsonl and report how it
errs.

    .venv/bin/python -m assistant.eval.studies.verifier [--claims FILE] [--out FILE] [--no-write]

Prints, and writes to eval/results/verifier/results.md, the confusion matrix, the false-accept
rate (unsupported claims accepted / unsupported claims) and the false-reject rate (supported
claims rejected / supported claims), overall, per batch (the original 86 claims, split by
article into half A — seed, bottle, meteorite — and half B — Japan, wolf, Robin Hood —, and the
held-out batch, `"split": "held-out"`, written over five other articles before the rules were
changed again, and the fresh batch, `"split": "fresh"`, written after; the fresh-2 batch,
`"split": "fresh-2"`, over all eleven articles, written before the next change, whose errors
then guided it; the fresh-3 batch, `"split": "fresh-3"`, written after that change, whose
errors guided a few corrections; the fresh-4 batch, `"split": "fresh-4"`, written after those),
per kind, then every case it gets wrong.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

HALF_A = {
    "000_42df4043e14da31e.txt",
    "101-year-old-bottle-message.txt",
    "hundreds-hurt-after-meteorite-falls-to-earth.txt",
}
KINDS = (
    "negation",
    "antonym",
    "roles",
    "quantity",
    "date",
    "hedge",
    "paraphrase",
    "misattributed",
    "reported-as-fact",
    "attributed",
    "plain-fact",
)


def batches(case: dict) -> list[str]:
    """The batch of a case, and for the original one its half."""
    if case.get("split") == "held-out":
        return ["held-out batch"]
    if case.get("split") == "fresh":
        return ["fresh batch"]
    if case.get("split") == "fresh-2":
        return ["fresh-2 batch"]
    if case.get("split") == "fresh-3":
        return ["fresh-3 batch"]
    if case.get("split") == "fresh-4":
        return ["fresh-4 batch"]
    if case.get("split") == "attribution":
        return ["attribution batch"]
    return ["original", "— half A" if case["article"] in HALF_A else "— half B"]


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


@dataclass
class Counts:
    tp: int = 0  # supported, accepted
    fn: int = 0  # supported, rejected (false reject)
    fp: int = 0  # unsupported, accepted (false accept)
    tn: int = 0  # unsupported, rejected

    def add(self, supported: bool, accepted: bool) -> None:
        if supported:
            self.tp += accepted
            self.fn += not accepted
        else:
            self.fp += accepted
            self.tn += not accepted

    @property
    def false_accept(self) -> float | None:
        return self.fp / (self.fp + self.tn) if self.fp + self.tn else None

    @property
    def false_reject(self) -> float | None:
        return self.fn / (self.tp + self.fn) if self.tp + self.fn else None


def rate(value: float | None) -> str:
    return "–" if value is None else f"{value:.1%}"


def score(cases: list[dict], corpus: Path | None = None) -> list[tuple[dict, float, bool]]:
    """Each case's support; with `corpus`, given its cited sentences' readings (whose words
    they are), as the answerer gives them."""
    from assistant.answer.verify import Verifier
    from assistant.config import EmbeddingSettings, VerifySettings
    from assistant.eval.attribution import cited_readings
    from assistant.models.embeddings import Embedder

    settings = VerifySettings()
    verifier = Verifier(Embedder(EmbeddingSettings()).embed, settings)
    out = []
    for case in cases:
        read = cited_readings(corpus, case["article"], case["cited"]) if corpus else ()
        value = verifier.support(case["claim"], case["cited"], readings=read)
        out.append((case, value, value >= settings.min_support))
    return out


def report(results: list[tuple[dict, float, bool]], name: str = "claims.jsonl") -> str:
    """results.md as text: the confusion matrix, the rates overall, per batch and per kind, and
    every wrong verdict; `name` is the claims file the text names."""
    groups: dict[str, Counts] = {"all": Counts()}
    for case, _, accepted in results:
        for key in ("all", *batches(case), case["kind"]):
            groups.setdefault(key, Counts()).add(case["supported"], accepted)
    total = groups["all"]
    lines = [
        "# Verifier on hand-written claims",
        "",
        f"`Verifier.support` with the bundled model, `min_support` 0.6, over {len(results)} "
        f"claims of `{name}` (produced by `python -m assistant.eval.studies.verifier`).",
        "",
        "## Confusion matrix",
        "",
        "| | accepted | rejected |",
        "|---|---:|---:|",
        f"| supported | {total.tp} | {total.fn} |",
        f"| unsupported | {total.fp} | {total.tn} |",
        "",
        "## Rates",
        "",
        "| cases | supported | unsupported | false accepts | false-accept rate "
        "| false rejects | false-reject rate |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    splits = [
        "original",
        "— half A",
        "— half B",
        "held-out batch",
        "fresh batch",
        "fresh-2 batch",
        "fresh-3 batch",
        "fresh-4 batch",
        "attribution batch",
    ]
    order = ["all", *[k for k in splits if k in groups], *[k for k in KINDS if k in groups]]
    for key in order:
        c = groups[key]
        lines.append(
            f"| {key} | {c.tp + c.fn} | {c.fp + c.tn} | {c.fp} | {rate(c.false_accept)} "
            f"| {c.fn} | {rate(c.false_reject)} |"
        )
    lines += [
        "",
        "Half A (seed, bottle, meteorite articles) is the half the first rules were checked on "
        "while being written; half B (Japan, wolf, Robin Hood) was held out from them. The "
        "held-out batch (`h-*`, five other articles) was written and committed before the role "
        "and tie rules were added, then its errors guided them; the fresh batch (`f-*`, the same "
        "five articles) was written after those rules were committed and changed nothing. The "
        "fresh-2 batch (`f2-*`, all eleven articles) was written and committed before the next "
        "change, whose rules its errors then guided; the fresh-3 batch (`f3-*`, ten articles) was "
        "written after those rules were committed, then guided a few corrections; the fresh-4 "
        "batch (`f4-*`, all eleven articles) was written after them and changed nothing.",
        "",
        "## Wrong verdicts",
        "",
        "| id | batch | kind | gold | score | claim |",
        "|---|---|---|---|---:|---|",
    ]
    for case, value, accepted in results:
        if accepted != case["supported"]:
            gold = "supported" if case["supported"] else "unsupported"
            lines.append(
                f"| {case['id']} | {batches(case)[0]} | {case['kind']} | {gold} | {value:.3f} "
                f"| {case['claim']} |"
            )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Score the claims of --claims; print the report and write it to --out (unless --no-write)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=Path, default=Path("eval/verifier/claims.jsonl"))
    parser.add_argument("--out", type=Path, default=Path("eval/results/verifier/results.md"))
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument(
        "--corpus",
        type=Path,
        help="the claims' articles: give the verifier the cited sentences' readings (whose "
        "words they are), as answers do",
    )
    args = parser.parse_args(argv)
    text = report(score(load(args.claims), args.corpus), args.claims.name)
    print(text, end="")
    if not args.no_write:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
