import math
import random

import numpy as np

from assistant.index.bm25 import VERSION, Change, LexicalIndex
from assistant.text import terms


def build(texts: list[str]) -> LexicalIndex:
    """Chunks "a", "b", … each from its own file "a.txt", "b.txt", …"""
    ids = [chr(ord("a") + n) for n in range(len(texts))]
    return LexicalIndex.build(ids, [f"{i}.txt" for i in ids], texts)


def test_search_ranks_by_bm25_and_skips_unknown_terms():
    index = build(
        ["Baykar makes drones in Istanbul", "Wolves return to Germany", "Drones and wolves"]
    )
    hits = index.search(terms("Which drones are made by Baykar?"), 3)
    assert [h[0] for h in hits][:2] == ["a", "c"]
    assert index.search(terms("zebra quantum"), 3) == []


def test_idf_and_coverage():
    index = build(["drone japan", "japan wolf"])
    assert index.idf("drone") > index.idf("japan")
    assert math.isclose(index.idf("japan"), math.log(1 + (2 - 2 + 0.5) / (2 + 0.5)))
    q = ["drone", "japan"]
    full = index.coverage(q, {"drone", "japan"})
    part = index.coverage(q, {"japan"})
    assert full == 1.0
    assert math.isclose(part, index.idf("japan") / (index.idf("japan") + index.idf("drone")))
    assert index.coverage([], {"x"}) == 0.0


def test_save_load_checks_generation(tmp_path):
    index = build(["alpha beta", "gamma"])
    index.save(tmp_path / "bm25", "gen1")
    loaded = LexicalIndex.load(tmp_path / "bm25", "gen1")
    assert loaded.ids == ["a", "b"] and loaded.search(terms("gamma"), 2)[0][0] == "b"
    assert LexicalIndex.load(tmp_path / "bm25", "gen2") is None
    assert LexicalIndex.load(tmp_path / "missing", "gen1") is None


def test_load_or_build_builds_once(tmp_path):
    calls = []

    def fetch():
        calls.append(1)
        return ["x"], ["x.txt"], ["some text"]

    LexicalIndex.load_or_build(tmp_path, "g", fetch)
    LexicalIndex.load_or_build(tmp_path, "g", fetch)
    assert len(calls) == 1


def test_empty_index():
    index = LexicalIndex.build([], [], [])
    assert index.search(terms("anything"), 5) == []


def test_concurrent_saves_of_one_generation_leave_one_complete_index(tmp_path):
    import threading

    index = build(["alpha beta", "gamma"])
    threads = [threading.Thread(target=index.save, args=(tmp_path, "g")) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [p.name for p in tmp_path.iterdir()] == [f"v{VERSION}-g"]
    assert LexicalIndex.load(tmp_path, "g").search(terms("gamma"), 1)[0][0] == "b"
    LexicalIndex.build(["c"], ["c.txt"], ["delta"]).save(tmp_path, "h")
    # the old generation is cleaned up
    assert [p.name for p in tmp_path.iterdir()] == [f"v{VERSION}-h"]


WORDS = (
    "drone wolf japan minister istanbul baykar navy ship bottle baltic farmer poland "
    "election court price oil bank rate storm river"
).split()


def random_chunks(rng: random.Random, prefix: str, n: int) -> list[tuple[str, str, str]]:
    """(id, file, text) of n chunks over a few files; some texts empty or all stop words."""
    out = []
    for i in range(n):
        words = rng.choices(WORDS + ["the", "said"], k=rng.randint(0, 12))
        out.append((f"{prefix}{i}", f"{prefix}-{i % 5}.txt", " ".join(words)))
    return out


def same_index(a: LexicalIndex, b: LexicalIndex) -> None:
    assert sorted(a.ids) == sorted(b.ids) and all(
        a.df(w) == b.df(w) for w in terms(" ".join(WORDS))
    )
    for words in (["drone", "japan"], ["wolf"], ["oil", "rate", "storm"], ["baltic", "bottle"]):
        question = " ".join(words)
        got, want = dict(a.search(question, 100)), dict(b.search(question, 100))
        assert got.keys() == want.keys()
        assert np.allclose([got[k] for k in want], list(want.values()))


def test_an_updated_index_equals_one_built_from_scratch(tmp_path):
    rng = random.Random(3)
    chunks = random_chunks(rng, "old", 60)
    index = LexicalIndex.build(*map(list, zip(*chunks)))
    for step in range(4):  # drop two files' chunks, add a new file's, several times over
        touched = set(rng.sample(sorted({p for _, p, _ in chunks}), 2))
        added = random_chunks(rng, f"new{step}-", 12)
        chunks = [c for c in chunks if c[1] not in touched] + added
        index.save(tmp_path, f"g{step}")
        base = LexicalIndex.load(tmp_path, f"g{step}", tokens=True)
        index = base.updated(touched, added)
        same_index(index, LexicalIndex.build(*map(list, zip(*chunks))))


def test_load_or_build_updates_the_previous_generation(tmp_path):
    old = [("a0", "a.txt", "drone japan"), ("b0", "b.txt", "wolf poland")]
    LexicalIndex.build(*map(list, zip(*old))).save(tmp_path, "g1")
    fetched = []

    def fetch():
        fetched.append(1)
        return ["b0", "c0"], ["b.txt", "c.txt"], ["wolf poland", "oil price"]

    added = [("c0", "c.txt", "oil price")]
    change = Change("g1", {"a.txt"}, added, lambda: ["b0", "c0"])
    index = LexicalIndex.load_or_build(tmp_path, "g2", fetch, change)
    assert fetched == [] and sorted(index.ids) == ["b0", "c0"]
    assert index.search(terms("oil"), 5)[0][0] == "c0" and index.search(terms("drone"), 5) == []
    # the store holds other chunks than base + change (another client wrote): built from it
    change = Change("g2", set(), [], lambda: ["b0", "c0", "d0"])
    LexicalIndex.load_or_build(tmp_path, "g3", fetch, change)
    assert fetched == [1]


def test_the_score_matrix_is_the_one_bm25s_would_build():
    """bm25s's own index() scores one chunk at a time in Python; `_scored` computes the same
    matrix with numpy, in blocks of chunks."""
    import bm25s
    import numpy as np

    from assistant.index import bm25 as module
    from assistant.index.bm25 import Tokens, _scored
    from assistant.text import terms

    words = "drone strike harbour ferry minister visit wolves crews repairs bridge".split()
    rng = np.random.default_rng(0)
    docs = [" ".join(rng.choice(words, size=rng.integers(1, 30))) for _ in range(300)]
    tokens = Tokens.empty().extended([terms(d) for d in docs])
    module.BLOCK, block = 7, module.BLOCK  # several blocks, one split mid-way
    try:
        mine = _scored(tokens)
    finally:
        module.BLOCK = block
    ref = bm25s.BM25()
    split = np.split(tokens.flat, tokens.offsets[1:-1])
    vocab = {t: i for i, t in enumerate(tokens.vocab)}
    ref.index(bm25s.tokenization.Tokenized([d.tolist() for d in split], vocab), show_progress=False)
    assert np.array_equal(mine.scores["indices"], ref.scores["indices"])
    assert np.array_equal(mine.scores["indptr"], ref.scores["indptr"])
    assert np.allclose(mine.scores["data"], ref.scores["data"], atol=1e-6)
    assert mine.vocab_dict == ref.vocab_dict


def test_document_frequency_is_read_from_the_score_matrix():
    """No table of the vocabulary besides bm25s's: a term's chunks are its matrix column."""
    index = LexicalIndex.build(
        ["a", "b", "c"],
        ["1.txt", "1.txt", "2.txt"],
        ["wolves cross the bridge", "wolves and wolves", "the ferry"],
    )
    assert [index.df(t) for t in terms("wolves bridge ferry drone")] == [2, 1, 1, 0]
    assert LexicalIndex.build([], [], []).df("wolf") == 0
    assert index.idf(terms("ferry")[0]) > index.idf(terms("wolves")[0])
