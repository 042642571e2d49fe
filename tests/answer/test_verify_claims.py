"""The verifier over the hand-written claims of eval/verifier/claims.jsonl, with the real model:
issue 15's targets (false accepts <= 5%, false rejects <= 15%), as `measure.py` reports them."""

import json
from pathlib import Path

import pytest

from assistant.answer.verify import Verifier
from assistant.config import VerifySettings
from assistant.eval.attribution import cited_readings

CLAIMS = Path(__file__).resolve().parents[2] / "eval" / "verifier" / "claims.jsonl"
CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def load() -> list[dict]:
    return [json.loads(line) for line in CLAIMS.read_text(encoding="utf-8").splitlines() if line]


def test_claims_cite_exact_sentences_of_their_article():
    from assistant.ingest.sentences import split_text

    cases = load()
    assert len(cases) >= 60 and len({c["id"] for c in cases}) == len(cases)
    kinds = {"negation", "antonym", "roles", "quantity", "date", "hedge", "paraphrase"}
    for case in cases:
        assert case["kind"] in kinds and isinstance(case["supported"], bool), case["id"]
        assert case.get("split", "original") in (
            "original",
            "held-out",
            "fresh",
            "fresh-2",
            "fresh-3",
            "fresh-4",
        ), case["id"]
        sentences = split_text((CORPUS / case["article"]).read_text(encoding="utf-8"))
        assert case["cited"] and all(s in sentences for s in case["cited"]), case["id"]
    share = sum(c["supported"] for c in cases) / len(cases)
    assert 0.4 <= share <= 0.6


@pytest.fixture(scope="module")
def rates(real_embedder):
    verifier = Verifier(real_embedder.embed, VerifySettings())
    accepted = {"supported": [], "unsupported": []}
    for case in load():
        score = verifier.support(case["claim"], case["cited"])
        key = "supported" if case["supported"] else "unsupported"
        accepted[key].append(score >= verifier.settings.min_support)
    false_accept = sum(accepted["unsupported"]) / len(accepted["unsupported"])
    false_reject = 1 - sum(accepted["supported"]) / len(accepted["supported"])
    return false_accept, false_reject


def test_false_rejects_meet_the_target(rates):
    assert rates[1] <= 0.15, f"false rejects {rates[1]:.1%}"


def test_false_accepts_stay_where_they_are(rates):
    # 16 of 197 (8.1%) with the rules of 37c316a: none of the original 45, 3 of the held-out
    # batch's 41, 1 of the fresh batch's 14, 3 of the fresh-2 batch's 49 and 4 of the fresh-3
    # batch's 21 (both of which guided rules: optimistic), 5 of the fresh-4 batch's 27 (written
    # after the rules: the honest figure)
    assert rates[0] <= 0.09, f"false accepts {rates[0]:.1%}"


@pytest.mark.xfail(
    strict=True,
    reason="issue 15's 5% target is not met: 8.1% over all 197 unsupported claims, and 18.5% "
    "(5 of 27) on the fresh-4 batch, written after the rules it is measured with",
)
def test_false_accepts_meet_the_target(rates):
    assert rates[0] <= 0.05, f"false accepts {rates[0]:.1%}"


ATTRIBUTION = CLAIMS.with_name("claims-attribution.jsonl")
ATTRIBUTION_CORPUS = CLAIMS.parents[1] / "attribution" / "corpus"


def attribution_cases() -> list[dict]:
    return [json.loads(line) for line in ATTRIBUTION.read_text(encoding="utf-8").splitlines()]


def test_attribution_claims_cite_sentences_of_their_article():
    cases = attribution_cases()
    kinds = {"misattributed", "reported-as-fact", "attributed", "plain-fact"}
    assert len(cases) == 60 and {c["kind"] for c in cases} == kinds
    for case in cases:
        assert case["split"] == "attribution"
        read = cited_readings(ATTRIBUTION_CORPUS, case["article"], case["cited"])
        assert all(r.speaker or r.mentions for r in read), case["id"]  # each sentence found


def test_whose_words_are_kept_on_the_blind_attribution_batch(real_embedder):
    """Issue 28: claims giving a quote to the wrong speaker or stating it as fact, written
    blind before the rule: none accepted with the cited sentences' readings (10 of 30 without
    them); the supported ones rejected stay at the 8 of 30 the older rules reject (names the
    cited sentences lack)."""
    verifier = Verifier(real_embedder.embed, VerifySettings())
    wrong = {"with": [], "without": []}
    for case in attribution_cases():
        read = cited_readings(ATTRIBUTION_CORPUS, case["article"], case["cited"])
        for given, readings in (("with", read), ("without", ())):
            score = verifier.support(case["claim"], case["cited"], readings=readings)
            accepted = score >= verifier.settings.min_support
            if accepted != case["supported"]:
                wrong[given].append((case["kind"], accepted))
    false_accepts = [k for k, accepted in wrong["with"] if accepted]
    assert false_accepts == [], false_accepts
    assert sum(accepted for _, accepted in wrong["without"]) == 10
    assert len(wrong["with"]) <= 8
