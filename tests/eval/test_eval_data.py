"""Checks for the evaluation data in eval/ against the demo corpus in corpus/."""

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
EVAL = ROOT / "eval"
CORPUS = ROOT / "corpus"
SEED = "000_42df4043e14da31e.txt"
FIELDS = ["id", "question", "answer", "evidence", "article"]
OPTIONAL = ["wrong_choices"]


def load(name):
    path = EVAL / name
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as e:
            pytest.fail(f"{name}:{n} does not parse: {e}")
    return rows


def article_text(name):
    path = CORPUS / name
    assert path.is_file(), f"corpus file missing: {path}"
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module", params=["qa.jsonl", "onestopqa-dev.jsonl"])
def dataset(request):
    return request.param, load(request.param)


@pytest.fixture(scope="module")
def qa():
    return load("qa.jsonl")


@pytest.fixture(scope="module")
def onestopqa():
    return load("onestopqa-dev.jsonl")


def test_fields_and_types(dataset):
    name, rows = dataset
    assert rows, f"{name} is empty"
    for r in rows:
        keys = list(r)
        assert keys[: len(FIELDS)] == FIELDS, (name, r.get("id"), keys)
        assert set(keys) <= set(FIELDS + OPTIONAL), (name, r["id"], keys)
        assert isinstance(r["id"], str) and r["id"]
        assert isinstance(r["question"], str) and r["question"].strip()
        assert r["answer"] is None or (isinstance(r["answer"], str) and r["answer"].strip())
        assert isinstance(r["evidence"], list)
        assert all(isinstance(e, str) and e for e in r["evidence"])
        assert r["article"] is None or isinstance(r["article"], str)
        if "wrong_choices" in r:
            wc = r["wrong_choices"]
            assert isinstance(wc, list) and len(wc) == 3, (name, r["id"])
            assert all(isinstance(w, str) and w for w in wc)
            assert r["answer"] is not None and r["answer"] not in wc, (name, r["id"])


def test_ids_unique(dataset):
    name, rows = dataset
    ids = [r["id"] for r in rows]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    assert not dupes, (name, dupes)


def test_evidence_verbatim(dataset):
    name, rows = dataset
    missing = []
    for r in rows:
        if r["answer"] is None:
            continue
        assert r["article"], (name, r["id"])
        assert r["evidence"], (name, r["id"])
        text = article_text(r["article"])
        missing += [(r["id"], e) for e in r["evidence"] if e not in text]
    assert not missing, (name, missing)


def test_unanswerable_have_no_answer_or_evidence(dataset):
    name, rows = dataset
    for r in rows:
        if r["answer"] is None or r["article"] is None:
            assert r["answer"] is None and r["evidence"] == [] and r["article"] is None, (
                name,
                r["id"],
            )
            assert "wrong_choices" not in r, (name, r["id"])


def test_qa_counts(qa):
    answerable = [r for r in qa if r["answer"] is not None]
    assert len(qa) >= 40
    assert sum(r["article"] == SEED for r in qa) >= 15
    assert sum(r["answer"] is None for r in qa) >= 10
    covered = {r["article"] for r in answerable}
    corpus = {p.name for p in CORPUS.glob("*.txt")}
    assert corpus, "no corpus articles found"
    assert corpus <= covered, sorted(corpus - covered)
    assert covered <= corpus, sorted(covered - corpus)


def test_qa_required_questions(qa):
    by_q = {r["question"]: r for r in qa}
    tour = by_q["Which companies will Nakatani tour in Istanbul?"]
    assert tour["article"] == SEED
    assert any("TUSAS" in e and "Baykar" in e for e in tour["evidence"])
    assert any(
        r["article"] == SEED and any("Djibouti and Jordan" in e for e in r["evidence"]) for r in qa
    )
    assert by_q["Who won the 2022 FIFA World Cup?"]["answer"] is None


def test_onestopqa_count(onestopqa):
    assert len(onestopqa) == 174
    assert all(r["answer"] is not None and "wrong_choices" in r for r in onestopqa)
