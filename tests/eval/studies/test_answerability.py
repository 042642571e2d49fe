"""assistant/eval/studies/answerability/: the data set's labels and the cross-validation's
bookkeeping."""

from assistant.eval.dataset import EvalQuestion
from assistant.eval.studies.answerability import features as dataset
from assistant.eval.studies.answerability import fit


def question(qid, answer, evidence=(), article="a.txt"):
    return EvalQuestion(qid, f"{qid}?", answer, tuple(evidence), article, (), "x:1")


TEXTS = {
    "a.txt": "Gen Nakatani visited Ankara on Tuesday. He met Yasar Guler.",
    "b.txt": "The wolf returned to Germany. Officials in Ankara were not asked.",
}


def test_held_out_rows_are_dropped_when_another_article_holds_the_answer():
    only_here = question("q1", "Yasar Guler", ["He met Yasar Guler."])
    answer_elsewhere = question("q2", "ankara", ["Gen Nakatani visited Ankara on Tuesday."])
    quote_elsewhere = question("q3", "wolves", ["The wolf  returned\nto Germany."])
    part_of_a_word = question("q4", "Ank", ["Gen Nakatani visited Ankara on Tuesday."])
    assert dataset.answered_elsewhere(only_here, TEXTS) is None
    assert dataset.answered_elsewhere(answer_elsewhere, TEXTS) == "b.txt"
    assert dataset.answered_elsewhere(quote_elsewhere, TEXTS) == "b.txt"
    assert dataset.answered_elsewhere(part_of_a_word, TEXTS) is None


def test_label_plan():
    sets = {
        "qa.jsonl": [
            question("q1", "Yasar Guler", ["He met Yasar Guler."]),
            question("q2", "Ankara", ["Gen Nakatani visited Ankara on Tuesday."]),
            question("none", None, article=None),
        ]
    }
    rows, dropped = dataset.label_plan(sets, TEXTS)
    assert [(q.id, held_out, label, kind) for _, q, held_out, label, kind in rows] == [
        ("q1", "", 1, "answerable"),
        ("q1", "a.txt", 0, "held-out"),
        ("q2", "", 1, "answerable"),
        ("none", "", 0, "unanswerable"),
    ]
    assert dropped == [("qa.jsonl", "q2", "b.txt")]


def test_a_question_and_its_held_out_twin_share_a_fold():
    rows = [
        {"id": "q1", "article": "a.txt"},
        {"id": "q1", "article": "a.txt"},
        {"id": "q2", "article": "b.txt"},
        {"id": "n1", "article": None},
        {"id": "n2", "article": None},
        {"id": "n3", "article": None},
    ]
    assert fit.groups_of(rows) == ["a.txt", "a.txt", "b.txt", "a.txt", "b.txt", "a.txt"]


ARTICLE = (
    "Title line\n\n"
    "Gen Nakatani visited Ankara on Tuesday. He met Yasar Guler. They talked about drones.\n\n"
    "Japan may buy drones. The talks ended on Wednesday."
)


def test_cut_evidence_cuts_the_sentences_a_quote_overlaps_and_keeps_the_rest():
    text, cut = dataset.cut_evidence(ARTICLE, ["He met  Yasar\nGuler."])
    assert cut == 1
    assert text == ARTICLE.replace("He met Yasar Guler. ", "")
    # a quote across two sentences, starting and ending mid-sentence, cuts both
    quote = "met Yasar Guler. They talked about drones and other things"
    text, cut = dataset.cut_evidence(ARTICLE, [quote])
    assert cut == 2
    assert "Guler" not in text and "talked" not in text
    assert "Gen Nakatani visited Ankara on Tuesday." in text and "\n\nJapan may buy" in text
    assert dataset.cut_evidence(ARTICLE, ["Not in the text at all."]) == (ARTICLE, 0)


def test_evidence_removed_rows_are_dropped_when_the_answer_survives():
    q = question("q1", "Yasar Guler", ["He met Yasar Guler."])
    cut_text, cut = dataset.cut_evidence(ARTICLE, q.evidence)
    texts = {"a.txt": ARTICLE, "b.txt": "The wolf returned to Germany."}
    assert dataset.evidence_removed_drop(q, cut_text, cut, ["Japan may buy drones."], texts) is None
    assert dataset.evidence_removed_drop(q, ARTICLE, 0, [], texts) == (
        "no sentence matched an evidence quote"
    )
    twice = ARTICLE + " Yasar Guler left."
    assert dataset.evidence_removed_drop(q, twice, 1, [], texts) == "answer still in the article"
    assert dataset.evidence_removed_drop(q, cut_text, cut, ["Then yasar guler spoke."], texts) == (
        "answer in a retrieved sentence"
    )
    elsewhere = {**texts, "b.txt": "Yasar Guler returned to Germany."}
    assert dataset.evidence_removed_drop(q, cut_text, cut, [], elsewhere) == (
        "answer also in b.txt"
    )


def test_evidence_batches_put_one_question_per_article_in_a_store():
    sets = {
        "qa.jsonl": [
            question("q2", "x", article="a.txt"),
            question("q1", "x", article="a.txt"),
            question("n", None, article=None),
            question("r1", "x", article="b.txt"),
        ],
        "other.jsonl": [question("s1", "x", article="a.txt")],
    }
    assert dataset.evidence_batches(sets) == {
        ("qa.jsonl", "q1"): 0,
        ("qa.jsonl", "q2"): 1,
        ("qa.jsonl", "r1"): 0,
        ("other.jsonl", "s1"): 2,
    }


def test_cut_evidence_keeps_a_short_sentence_sharing_only_a_few_words():
    text = "He said so. Nakatani bought drones from Ankara on Tuesday."
    kept, cut = dataset.cut_evidence(text, ["Nakatani bought drones from Ankara, he said."])
    assert (kept, cut) == ("He said so. ", 1)  # the first shares only "said"
    # a sentence too short to share MIN_OVERLAP characters is cut when the quote holds it
    kept, cut = dataset.cut_evidence("He agreed. Then he left.", ["Nakatani spoke. He agreed."])
    assert (kept, cut) == ("Then he left.", 1)
