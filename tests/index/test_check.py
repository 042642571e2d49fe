import json
import os
import random
import re
import signal
import subprocess
import sys

import pytest

from tests.conftest import SHIPPED_CORPUS

STORY = "Drone makers\n\nBaykar builds drones in Istanbul. Engineers test them at sea.\n"


def synced(empty_corpus, make_assistant):
    (empty_corpus / "a.txt").write_text(STORY, encoding="utf-8")
    (empty_corpus / "b.txt").write_text(
        "Wolves\n\nWolves roam Poland. Farmers worry.\n", encoding="utf-8"
    )
    assistant = make_assistant()
    assistant.sync()
    return assistant


def test_a_synced_index_verifies(empty_corpus, make_assistant):
    (empty_corpus / "bad.txt").write_text("", encoding="utf-8")  # unusable: skipped by design
    report = synced(empty_corpus, make_assistant).verify()
    assert report.ok, report.problems
    assert (report.articles, report.sentences) == (2, 4)


def test_differences_are_named(empty_corpus, make_assistant):
    assistant = synced(empty_corpus, make_assistant)
    (empty_corpus / "a.txt").write_text(STORY + "\nOne more.\n", encoding="utf-8")
    (empty_corpus / "b.txt").unlink()
    (empty_corpus / "c.txt").write_text("New\n\nA new story.\n", encoding="utf-8")
    assistant.store.collections.chunks.delete(ids=["b.txt::c0"])
    assistant.store.collections.articles.delete(ids=["a.txt"])
    assistant.store.meta.update(pending=json.dumps(["a.txt"]))
    problems = assistant.verify().problems
    assert "an interrupted sync left 1 file(s) to repair: run `assistant ingest`" in problems
    assert "b.txt: indexed but no longer in the corpus" in problems
    assert "c.txt: in the corpus but not indexed" in problems
    assert "a.txt: in the corpus but not indexed" in problems
    assert "1 orphan chunks of a.txt (no article record)" in problems
    assert "b.txt: its chunks are missing" in problems
    assistant.sync()
    assert assistant.verify().ok


def torn(assistant, article_id: str, spans: list) -> list[str]:
    assistant.store.collections.articles.update(
        ids=[article_id], metadatas=[{"spans": json.dumps(spans)}]
    )
    return assistant.verify().problems


def test_torn_offsets_are_found(empty_corpus, make_assistant):
    assistant = synced(empty_corpus, make_assistant)
    got = assistant.store.collections.articles.get(ids=["a.txt"], include=["metadatas"])
    (first, second) = json.loads(got["metadatas"][0]["spans"])
    # shifted inside the text: still looks like a sentence, but not the one indexed
    problems = torn(assistant, "a.txt", [first, [second[0] + 3, second[1], second[2]]])
    assert problems == [
        "a.txt::c0: its sentences 0–1 are not the ones it was written with (offsets or text "
        "changed)"
    ]
    problems = torn(assistant, "a.txt", [first, [second[0], 10**6, second[2]]])
    assert f"a.txt::s1: offsets {second[0]}–1000000 do not match a sentence of the text" in problems
    assert "a.txt: 1 sentences indexed, 2 expected" in torn(assistant, "a.txt", [first])


def make_corpus(folder, n: int, seed: int = 7) -> None:
    """n distinct articles recombined from the shipped articles' paragraphs."""
    paragraphs = []
    for path in sorted(SHIPPED_CORPUS.glob("*.txt")):
        paragraphs += [p for p in path.read_text(encoding="utf-8").split("\n\n")[1:] if len(p) > 80]
    rng = random.Random(seed)
    folder.mkdir(exist_ok=True)
    for i in range(n):
        body = "\n\n".join(rng.sample(paragraphs, 4))
        (folder / f"article-{i:03d}.txt").write_text(
            f"Story number {i}\n\n{body}\n", encoding="utf-8"
        )


def indexed_articles(cmd: list[str], env: dict[str, str]) -> int:
    """Articles `status` counts in the store; -1 when a kill left it unreadable until repaired."""
    status = subprocess.run(cmd + ["status"], env=env, capture_output=True, text=True, timeout=300)
    found = re.search(r"^articles:\s+(\d+)", status.stdout, re.M)
    return int(found.group(1)) if status.returncode == 0 and found else -1


@pytest.mark.integration
@pytest.mark.slow
def test_ingest_survives_sigkill_at_random_moments(tmp_path):
    """20 SIGKILLs during `assistant ingest` of 200 articles; then one full ingest must leave an
    index equal to the corpus: no duplicate, no missing article, no orphan sentence."""
    corpus = tmp_path / "corpus"
    make_corpus(corpus, 200)
    cmd = [sys.executable, "-m", "assistant.cli"]
    env = {
        **os.environ,
        "ASSISTANT_CORPUS_DIR": str(corpus),
        "ASSISTANT_STORE_DIR": str(tmp_path / "store"),
    }
    rng = random.Random(2026)
    torn = False  # has a kill been seen to stop an ingest half way through the corpus?
    window, indexed = (4.0, 12.0), 0  # model loading takes a few seconds
    for _ in range(20):
        proc = subprocess.Popen(
            cmd + ["ingest"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            proc.wait(timeout=rng.uniform(*window))
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            now = indexed_articles(cmd, env)
            torn = torn or 0 < now < 200
            if now <= indexed:  # killed before it wrote anything: a busy machine, wait longer
                window = (min(window[0] * 1.5, 60.0), min(window[1] * 1.5, 90.0))
            indexed = max(indexed, now)
        if proc.returncode == 0:
            break  # the whole corpus got indexed before a kill: the check below still applies
    # Not a count of kills, which depends on the machine's speed: proof that one landed mid-work.
    assert torn, "no kill interrupted an ingest between its first and its last article"
    final = subprocess.run(cmd + ["ingest"], env=env, capture_output=True, text=True, timeout=900)
    assert final.returncode == 0, final.stderr
    status = subprocess.run(
        cmd + ["status", "--verify"], env=env, capture_output=True, text=True, timeout=300
    )
    assert status.returncode == 0, status.stdout + status.stderr
    assert "articles:   200" in status.stdout and "matches the corpus exactly" in status.stdout
    again = subprocess.run(cmd + ["ingest"], env=env, capture_output=True, text=True, timeout=300)
    assert "200 unchanged" in again.stdout and "0 texts embedded" in again.stdout


def test_a_copy_without_its_original_is_found(empty_corpus, make_assistant):
    assistant = synced(empty_corpus, make_assistant)
    (empty_corpus / "c.txt").write_text(STORY, encoding="utf-8")
    assistant.sync()
    assert assistant.verify().ok
    assistant.store.collections.articles.delete(ids=["a.txt"])
    problems = assistant.verify().problems
    assert "c.txt: indexed as a copy of a.txt, which is not indexed" in problems
    assistant.store.collections.articles.update(
        ids=["c.txt"], metadatas=[{"duplicate_of": "b.txt"}]
    )
    assert (
        "c.txt: indexed as a copy of b.txt, but their bytes differ" in assistant.verify().problems
    )


def test_wire_copies_verify_and_a_stray_mark_is_found(empty_corpus, make_assistant):
    from tests.index.helpers import wire_story

    wire_story(empty_corpus)
    assistant = make_assistant()
    assert assistant.sync().copies and assistant.verify().ok
    assistant.store.collections.articles.update(ids=["upi.md"], metadatas=[{"copy_of": "x.md"}])
    assert assistant.verify().problems == [
        "upi.md: marked as a wire copy of x.md, which is not an indexed original: "
        "run `assistant ingest`"
    ]


def test_a_mention_outside_its_sentence_is_found(empty_corpus, make_assistant):
    """status --verify checks each stored reading like the offsets (index format 6)."""
    assistant = synced(empty_corpus, make_assistant)
    got = assistant.store.collections.articles.get(ids=["b.txt"], include=["metadatas"])
    rows = json.loads(got["metadatas"][0]["r0"])
    assert rows[0][3], "Wolves roam Poland: Poland is a mention"
    rows[0][3][0][1] = 10**4  # its end beyond the sentence
    assistant.store.collections.articles.update(
        ids=["b.txt"], metadatas=[{"r0": json.dumps(rows), "r_pieces": 1}]
    )
    assert assistant.verify().problems == [
        "b.txt::s0: a mention's offsets fall outside the sentence"
    ]


def test_a_speaker_named_outside_its_sentence_is_found(empty_corpus, make_assistant):
    """status --verify checks where a sentence names its speaker like a mention (issue 28)."""
    (empty_corpus / "q.txt").write_text(
        "Port news\n\nShips move again, the port authority said. Cargo piled up.\n",
        encoding="utf-8",
    )
    assistant = make_assistant()
    assistant.sync()
    got = assistant.store.collections.articles.get(ids=["q.txt"], include=["metadatas"])
    rows = json.loads(got["metadatas"][0]["r0"])
    start, end = rows[0][6]
    assert "Ships move again, the port authority said."[start:end] == "the port authority"
    assert rows[1][6] == [0, 0]  # the outlet's own words
    assert assistant.verify().ok
    rows[0][6] = [start, 10**4]
    assistant.store.collections.articles.update(
        ids=["q.txt"], metadatas=[{"r0": json.dumps(rows), "r_pieces": 1}]
    )
    assert assistant.verify().problems == ["q.txt::s0: where it names its speaker falls outside it"]
