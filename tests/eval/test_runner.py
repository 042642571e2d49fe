import json
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant import app as app_module
from assistant.cli import app
from assistant.errors import EvalError
from assistant.eval.dataset import EvalQuestion, load_questions
from assistant.eval.metrics import TokenScores
from assistant.eval.report import check_floors, compare_runs, summary_table, write_run
from assistant.eval.runner import ALL, THRESHOLDS, Evaluation, QuestionResult, summarize
from assistant.types import Answer, Citation
from tests.conftest import REPO
from tests.eval.test_dataset import write_questions
from tests.fakes import FakeEmbedder

runner = CliRunner()

DRONES = "Baykar builds armed drones in Istanbul for several air forces."
FENCES = "Farmers ask for better fences to protect their sheep."
ARTICLES = {
    "a.txt": f"Drone makers meet in Ankara\n\n{DRONES} The company was founded by Ozdemir "
    "Bayraktar in 1984.\n\nEngineers tested a new engine at the Corlu airfield.\n",
    "b.txt": "Wolves return to Germany\n\nWolf packs now roam the forests of Saxony and "
    f"Brandenburg. {FENCES}\n",
}
QUESTIONS = [
    {
        "id": "t-1",
        "question": "Who builds armed drones in Istanbul?",
        "answer": "Baykar",
        "evidence": [DRONES],
        "article": "a.txt",
        "wrong_choices": ["Ozdemir Bayraktar", "Farmers", "Wolf packs"],
    },
    {
        "id": "t-2",
        "question": "What do farmers ask for to protect their sheep?",
        "answer": "Better fences",
        "evidence": [FENCES],
        "article": "b.txt",
    },
    {
        "id": "t-3",
        "question": "Who won the 2022 FIFA World Cup?",
        "answer": None,
        "evidence": [],
        "article": None,
    },
]


@pytest.fixture
def fake_model(monkeypatch):
    """The CLI builds its own Assistant: give it the fake embedder."""
    monkeypatch.setattr(app_module, "Embedder", lambda settings: FakeEmbedder())


@pytest.fixture
def tiny(tmp_path) -> Path:
    """A two-article corpus and its question file; returns the question file."""
    (tmp_path / "corpus").mkdir()
    for name, text in ARTICLES.items():
        (tmp_path / "corpus" / name).write_text(text, encoding="utf-8")
    return write_questions(tmp_path / "tiny.jsonl", QUESTIONS)


@pytest.fixture
def evaluated(tiny, make_assistant):
    assistant = make_assistant()
    assistant.sync()
    return Evaluation(assistant, [tiny]).run()


def test_file_names_must_differ(tiny, tmp_path, make_assistant):
    (tmp_path / "other").mkdir()
    twin = write_questions(tmp_path / "other" / "tiny.jsonl", QUESTIONS)
    with pytest.raises(EvalError, match="share a name"):
        Evaluation(make_assistant(), [tiny, twin])
    with pytest.raises(EvalError, match="no question files"):
        Evaluation(make_assistant(), [])


def test_gold_must_be_in_the_index(tiny, tmp_path, make_assistant):
    assistant = make_assistant()
    assistant.sync()
    wrong_quote = dict(QUESTIONS[0], evidence=["Baykar builds tanks."])
    path = write_questions(tmp_path / "bad.jsonl", [QUESTIONS[1], wrong_quote])
    with pytest.raises(EvalError, match="bad.jsonl:2: evidence 'Baykar builds tanks.' is not in"):
        Evaluation(assistant, [path]).run()
    path = write_questions(tmp_path / "bad.jsonl", [dict(QUESTIONS[0], article="c.txt")])
    with pytest.raises(EvalError, match="bad.jsonl:1: article 'c.txt' is not in the index"):
        Evaluation(assistant, [path]).run()


def test_run_judges_each_question(evaluated):
    drones, fences, fifa = evaluated.results
    # The drones question: its evidence sentence is retrieved first and cited first.
    assert drones.quote_ranks == (0,) and drones.article_rank == 0
    assert drones.answer.citations[0].sentence == DRONES and drones.citation_hits[0]
    assert drones.quotes_cited == 1 and drones.tokens.recall == 1.0  # "baykar" is in the answer
    assert drones.mc_choice == 0  # the answer shares words with "Baykar" only
    assert fences.quote_ranks == (0,) and fences.mc_choice is None  # no choices
    assert fifa.answer.abstained and fifa.tokens is None and fifa.quote_ranks == ()
    assert all(r.broken_citations == () and r.citations_checked for r in evaluated.results)
    m = evaluated.sets[0].metrics
    assert (m.sentence_recall[1], m.article_mrr, m.citation_integrity) == (1, 1, 1)
    assert m.mc_accuracy == 1
    assert (m.abstention.precision, m.abstention.recall) == (1.0, 1.0)
    assert [s.name for s in evaluated.sets] == ["tiny.jsonl"]  # one file: no pooled set
    # The sweep at the current threshold replays what the answerer did.
    at_current = evaluated.sets[0].sweep[THRESHOLDS.index(evaluated.min_score)]
    assert at_current.abstention == m.abstention and at_current.answerable_lost == 0


def test_multiple_choice_picks_the_closest_choice(tiny, make_assistant):
    evaluation = Evaluation(make_assistant(), [tiny])
    question = load_questions(tiny)[0]
    said = Answer(
        question="q",
        text=f"{FENCES} [1]",
        abstained=False,
        citations=(
            Citation(
                n=1, article="b.txt", title="", source="", date="", sentence=FENCES, start=0, end=0
            ),
        ),
    )
    # Choices: Baykar (gold), Ozdemir Bayraktar, Farmers, Wolf packs: only "Farmers" shares a word.
    assert evaluation.choose(question, said) == 2
    assert (
        evaluation.choose(question, Answer(question="q", text="", abstained=True, citations=()))
        is None
    )


def result(
    q: EvalQuestion,
    *,
    abstained=False,
    hits=(),
    quotes_cited=0,
    tokens=None,
    mc=None,
    latency=0.0,
    quote_ranks=(),
    article_rank=None,
    checked=0,
    broken=(),
):
    citations = tuple(
        Citation(n=n, article="a.txt", title="", source="", date="", sentence="s", start=0, end=1)
        for n, _ in enumerate(hits, 1)
    )
    answer = Answer(
        question=q.question, text="x", abstained=abstained, citations=citations, latency_ms=latency
    )
    return QuestionResult(
        question=q,
        set_name="s",
        answer=answer,
        ranking=(),
        quote_ranks=quote_ranks,
        article_rank=article_rank,
        citation_hits=tuple(hits),
        quotes_cited=quotes_cited,
        citations_checked=checked,
        broken_citations=broken,
        tokens=tokens,
        mc_choice=mc,
    )


def question(id_, answer="y", evidence=("e",), choices=()):
    return EvalQuestion(
        id=id_,
        question="q?",
        answer=answer,
        evidence=evidence,
        article="a.txt" if answer else None,
        wrong_choices=choices,
        where="f:1",
    )


def test_summary_of_hand_made_results():
    results = [
        # answered; quotes found at ranks 0 and never; article first; 1 of 2 citations on gold
        result(
            question("q1", evidence=("e1", "e2"), choices=("w",) * 3),
            hits=(True, False),
            quotes_cited=1,
            tokens=TokenScores(1.0, 0.5),
            mc=0,
            latency=10,
            quote_ranks=(0, None),
            article_rank=0,
            checked=2,
        ),
        # abstained on an answerable question; its article at rank 2; one broken related source
        result(
            question("q2", choices=("w",) * 3),
            abstained=True,
            tokens=TokenScores(0, 0),
            latency=30,
            quote_ranks=(None,),
            article_rank=2,
            checked=3,
            broken=("a.txt[0:5]",),
        ),
        # answered an unanswerable question
        result(question("q3", answer=None, evidence=()), hits=(False,), latency=20, checked=1),
    ]
    m = summarize(results)
    assert (m.questions, m.answerable) == (3, 2)
    assert m.sentence_recall[1] == 0.25 and m.sentence_recall[10] == 0.25  # mean(1/2, 0)
    assert m.sentence_mrr == 0.5  # mean(1/1, 0)
    assert (m.article_recall[1], m.article_recall[3]) == (0.5, 1.0)  # ranks 0 and 2
    assert m.article_mrr == pytest.approx(2 / 3)  # mean(1, 1/3)
    assert (m.answer_token_recall, m.answer_f1) == (0.5, 0.25)  # abstention scores 0
    assert (m.mc_accuracy, m.mc_questions) == (0.5, 2)  # q1 right, q2 abstained: wrong
    assert m.citation_precision == 0.5  # only q1 answered an answerable question: 1 of 2
    assert m.citation_recall == 0.25  # mean(1/2, 0/1)
    assert m.citation_integrity == pytest.approx(5 / 6) and m.citations_checked == 6
    # abstained [F, T, F] vs unanswerable [F, F, T]: TP 0, P 0/1, R 0/1, F1 0
    assert (m.abstention.true_positives, m.abstention.precision, m.abstention.f1) == (0, 0, 0)
    assert m.answerable_abstained == 1
    # latencies 10, 30, 20: p50 20; p95 at position 1.9 of [10, 20, 30] = 20 + 0.9 * 10
    assert (m.latency_p50_ms, m.latency_p95_ms) == (20, pytest.approx(29))
    flat = m.flat()
    assert "mc_accuracy" in flat and "abstention_f1" in flat
    no_choices = summarize(results[2:])
    assert no_choices.mc_accuracy is None and "mc_accuracy" not in no_choices.flat()
    assert no_choices.citation_integrity == 1.0
    assert summarize(results[:1]).citation_integrity == 1.0  # nothing broken
    assert "abstention_f1" not in summarize(results[:2]).flat()  # no unanswerable question


def test_report_files(evaluated, tmp_path):
    report_md = write_run(evaluated, tmp_path / "run")
    out = report_md.parent
    rows = [json.loads(line) for line in (out / "answers.jsonl").read_text().splitlines()]
    assert [r["id"] for r in rows] == ["t-1", "t-2", "t-3"]
    first = rows[0]
    assert first["citations"] == evaluated.results[0].answer.to_dict()["citations"]
    assert first["retrieved"][0] == "a.txt::s0" and first["gold_answer"] == "Baykar"
    report = json.loads((out / "report.json").read_text())
    assert report["sets"]["tiny.jsonl"]["metrics"]["citation_integrity"] == 1.0
    assert len(report["sets"]["tiny.jsonl"]["sweep"]) == len(THRESHOLDS) == 31
    text = report_md.read_text()
    images = [
        line.split("](")[1].rstrip(")") for line in text.splitlines() if line.startswith("![")
    ]
    assert len(images) == 4 and all((out / name).stat().st_size > 5000 for name in images)
    assert "## Worst 10 questions" in text and "threshold sweep" in text.lower()
    assert summary_table(evaluated).splitlines()[0].startswith("| metric")


def test_compare_prints_signed_deltas(tmp_path):
    for name, recall, latency in (("old", 0.5, 40.0), ("new", 0.75, 35.0)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "report.json").write_text(
            json.dumps(
                {
                    "sets": {
                        "qa.jsonl": {
                            "metrics": {"sentence_recall@1": recall, "latency_p50_ms": latency}
                        }
                    }
                }
            )
        )
    lines = compare_runs(tmp_path / "old", tmp_path / "new").splitlines()
    assert lines[0] == "| set      | metric            | old (old) | new (new) |  delta |"
    assert "| qa.jsonl | sentence recall@1 |     0.500 |     0.750 | +0.250 |" in lines
    assert "| qa.jsonl | latency p50 (ms)  |        40 |        35 |     -5 |" in lines
    with pytest.raises(EvalError, match="report.json does not exist"):
        compare_runs(tmp_path / "old", tmp_path / "nowhere")


def test_floors(evaluated, tmp_path):
    floors = tmp_path / "floors.toml"
    floors.write_text('["tiny.jsonl"]\n"sentence_recall@1" = 0.9\nanswer_f1 = 0.99\n')
    failures = check_floors(evaluated, floors)
    assert len(failures) == 1 and failures[0].startswith("tiny.jsonl answer_f1 = ")
    for text, message in (
        ('["qa.jsonl"]\nanswer_f1 = 0.1\n', r"\[qa.jsonl\] is not an evaluated"),
        ('["tiny.jsonl"]\nrecall = 0.1\n', "recall = 0.1: not a metric"),
        ('["tiny.jsonl"]\nanswer_f1 = "high"\n', "not a metric"),
        ("[oops", "not valid TOML"),
    ):
        floors.write_text(text)
        with pytest.raises(EvalError, match=message):
            check_floors(evaluated, floors)
    with pytest.raises(EvalError, match="does not exist"):
        check_floors(evaluated, tmp_path / "none.toml")


def test_eval_command_end_to_end(tiny, tmp_path, fake_model):
    out = tmp_path / "runs" / "one"
    other = write_questions(tmp_path / "more.jsonl", QUESTIONS[:2])
    result = runner.invoke(app, ["eval", "--qa", str(tiny), "--qa", str(other), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "| sentence recall@1" in result.stdout
    assert f"report: {out / 'report.md'}" in result.stdout
    header = [cell.strip() for cell in result.stdout.splitlines()[0].split("|")]
    assert header[1:-1] == ["metric", "tiny.jsonl", "more.jsonl", ALL]
    text = (out / "report.md").read_text()
    for line in text.splitlines():
        if line.startswith("!["):
            assert (out / line.split("](")[1].rstrip(")")).is_file()
    report = json.loads((out / "report.json").read_text())
    assert list(report["sets"]) == ["tiny.jsonl", "more.jsonl", ALL]
    assert report["sets"][ALL]["questions"] == 5
    floors = tmp_path / "floors.toml"
    floors.write_text('["tiny.jsonl"]\nanswer_f1 = 0.99\n')
    failed = runner.invoke(
        app,
        ["eval", "--qa", str(tiny), "--out", str(tmp_path / "two"), "--thresholds", str(floors)],
    )
    assert failed.exit_code == 1
    assert "error: below the floors of" in failed.stderr and "answer_f1" in failed.stderr
    compared = runner.invoke(app, ["eval", "--compare", str(out), str(tmp_path / "two")])
    assert compared.exit_code == 0 and "| tiny.jsonl" in compared.stdout
    assert "| more.jsonl" in compared.stdout and "–" in compared.stdout  # only in the old run


def test_eval_command_errors_exit_1(tiny, tmp_path, fake_model):
    missing = runner.invoke(app, ["eval", "--qa", str(tmp_path / "nowhere.jsonl")])
    assert missing.exit_code == 1 and "nowhere.jsonl does not exist" in missing.stderr
    bad = write_questions(tmp_path / "bad.jsonl", [QUESTIONS[0], "{oops"])
    malformed = runner.invoke(app, ["eval", "--qa", str(bad)])
    assert malformed.exit_code == 1 and "bad.jsonl:2: not valid JSON" in malformed.stderr
    default = runner.invoke(app, ["eval"])  # eval/qa.jsonl relative to the working dir
    assert default.exit_code == 1 and "eval/qa.jsonl does not exist" in default.stderr


def test_the_shipped_floors_name_real_sets_and_metrics(evaluated):
    """make eval checks the floors (once, in CI); here only that the file can be checked."""
    path = REPO / "eval" / "thresholds.toml"
    wanted = tomllib.loads(path.read_text(encoding="utf-8"))
    assert set(wanted) == {"qa.jsonl", "onestopqa-dev.jsonl"}
    tiny = evaluated.sets[0]
    run = replace(evaluated, sets=tuple(replace(tiny, name=name) for name in wanted))
    check_floors(run, path)  # raises on a set or metric the report does not have
    for floors in wanted.values():
        assert floors["citation_integrity"] == 1.0
        assert all(0 <= floor <= 1 for floor in floors.values())
