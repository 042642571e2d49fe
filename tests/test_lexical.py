import math

from assistant.lexical import LexicalIndex, terms


def test_terms_drop_stopwords_and_stem():
    assert terms("The drones were visited by Japan’s minister") == terms("drone visit Japan minister")
    assert len(terms("The drones were visited by Japan’s minister")) == 4
    for a, b in [("increased", "increase"), ("boxes", "box"), ("countries", "country"),
                 ("touring", "tour"), ("glass", "glass")]:
        assert terms(a) == terms(b), (a, b)


def test_search_ranks_by_bm25_and_skips_unknown_terms():
    index = LexicalIndex.build(
        ["a", "b", "c"],
        ["Baykar makes drones in Istanbul", "Wolves return to Germany", "Drones and wolves"],
    )
    hits = index.search("Which drones are made by Baykar?", 3)
    assert [h[0] for h in hits][:2] == ["a", "c"]
    assert index.search("zebra quantum", 3) == []


def test_idf_and_coverage():
    index = LexicalIndex.build(["a", "b"], ["drone japan", "japan wolf"])
    assert index.idf("drone") > index.idf("japan")
    assert math.isclose(index.idf("japan"), math.log(1 + (2 - 2 + 0.5) / (2 + 0.5)))
    q = ["drone", "japan"]
    full = index.coverage(q, {"drone", "japan"})
    part = index.coverage(q, {"japan"})
    assert full == 1.0
    assert math.isclose(part, index.idf("japan") / (index.idf("japan") + index.idf("drone")))
    assert index.coverage([], {"x"}) == 0.0


def test_save_load_checks_generation(tmp_path):
    index = LexicalIndex.build(["a", "b"], ["alpha beta", "gamma"])
    index.save(tmp_path / "bm25", "gen1")
    loaded = LexicalIndex.load(tmp_path / "bm25", "gen1")
    assert loaded.ids == ["a", "b"] and loaded.search("gamma", 2)[0][0] == "b"
    assert LexicalIndex.load(tmp_path / "bm25", "gen2") is None
    assert LexicalIndex.load(tmp_path / "missing", "gen1") is None


def test_load_or_build_builds_once(tmp_path):
    calls = []

    def fetch():
        calls.append(1)
        return ["x"], ["some text"]

    LexicalIndex.load_or_build(tmp_path, "g", fetch)
    LexicalIndex.load_or_build(tmp_path, "g", fetch)
    assert len(calls) == 1


def test_empty_index():
    index = LexicalIndex.build([], [])
    assert index.search("anything", 5) == []


def test_concurrent_saves_of_one_generation_leave_one_complete_index(tmp_path):
    import threading

    index = LexicalIndex.build(["a", "b"], ["alpha beta", "gamma"])
    threads = [threading.Thread(target=index.save, args=(tmp_path, "g")) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [p.name for p in tmp_path.iterdir()] == ["v2-g"]
    assert LexicalIndex.load(tmp_path, "g").search("gamma", 1)[0][0] == "b"
    LexicalIndex.build(["c"], ["delta"]).save(tmp_path, "h")
    assert [p.name for p in tmp_path.iterdir()] == ["v2-h"]  # the old generation is cleaned up
