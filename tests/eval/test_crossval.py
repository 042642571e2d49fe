"""`assistant eval --cv`: every question judged by a gate fitted without its article, the
gate's figures in the summary, report.md and report.json, and the in-sample warning without."""

import json
import re
from dataclasses import replace

import numpy as np
import pytest
from typer.testing import CliRunner

from assistant.answer.gate import AnswerabilityGate
from assistant.cli import app
from assistant.config import AnswerSettings
from assistant.errors import EvalError
from assistant.eval.calibration import calibrate
from assistant.eval.calibration.calibrate import design
from assistant.eval.calibration.fit import MODEL_FEATURES, fit_model
from assistant.eval.calibration.rows import EVIDENCE_OUT
from assistant.eval.compare import compare_runs
from assistant.eval.crossval import cross_validate_gate, fitted_files, key
from assistant.eval.gate import check_floors
from assistant.eval.report import write_run
from assistant.eval.runner import Evaluation
from assistant.eval.summary import GATE_METRICS


def test_each_question_is_judged_by_a_model_fitted_without_its_fold(
    tiny3, make_assistant, monkeypatch
):
    fit_model = calibrate.fit_model

    def labelled(x, y, groups, *args, **kwargs):
        # every fold model says which folds it was fitted on
        model = fit_model(x, y, groups, *args, **kwargs)
        return replace(model, fitted_on=",".join(sorted(set(groups))))

    monkeypatch.setattr(calibrate, "fit_model", labelled)
    assistant = make_assistant()
    assistant.sync()
    cv = cross_validate_gate(assistant, [tiny3])
    judged: dict[str, AnswerabilityGate | None] = {}
    stream = assistant.stream

    def spy(question, *args, gate=None, **kwargs):
        judged[question.text] = gate
        return stream(question, *args, gate=gate, **kwargs)

    monkeypatch.setattr(assistant, "stream", spy)
    run = Evaluation(assistant, [tiny3], cv=cv).run()
    assert len(judged) == len(run.results) == 4
    assert len(set(cv.folds.values())) == 3  # a, b, c; the unanswerable question dealt to one
    for r in run.results:
        fold = cv.folds[key("tiny3.jsonl", r.question.id)]
        gate = judged[r.question.question]
        assert gate is not None, f"{r.question.id} was judged by the model in force"
        fitted_on = gate.model.fitted_on.split(",")
        assert fold not in fitted_on and len(fitted_on) == 2, (r.question.id, fitted_on)


def test_fold_models_are_the_cross_validations_own(cross_validated):
    """So the answers the eval scores and the gate figures it reports come from one model."""
    _, cv = cross_validated
    report = cv.calibration
    folds = sorted(cv.models)
    for n, row in enumerate(report.rows):
        model = cv.models[row.group]
        assert model.probability(row.features) == pytest.approx(report.probability[n], abs=1e-6)
        assert model.threshold == pytest.approx(report.thresholds[folds.index(row.group)])


def test_gate_metrics_are_the_out_of_fold_rule(cross_validated):
    run, cv = cross_validated
    gate = run.sets[0].metrics.gate
    new = cv.calibration.rules[-1]  # "new model, out-of-fold"
    assert new.name.startswith("new model") and gate.rows == 7  # the kinds fitted on
    assert gate.f1 == pytest.approx(new.slices["all"].f1)
    assert gate.auc == pytest.approx(new.auc)
    assert set(GATE_METRICS) <= set(run.sets[0].metrics.flat())
    removed = new.slices["answer sentences removed"]
    assert gate.on_topic_rows == removed.should == 3
    assert gate.on_topic_recall == pytest.approx(removed.recall)


def test_cv_report_section_and_charts(cross_validated, tmp_path):
    run, cv = cross_validated
    out = tmp_path / "run"
    text = write_run(run, out).read_text()
    section = text.split("## Answerability", 1)[1].split("\n## ", 1)[0]
    assert "article-level cross-validation" in section and "3 folds" in section
    assert "| new model, out-of-fold | all |" in section and "Reliability" in section
    for name in ("answerability-reliability.png", "answerability-pr.png"):
        assert f"]({name})" in section and (out / name).stat().st_size > 5000
    report = json.loads((out / "report.json").read_text())
    assert report["answerability"]["cross_validated"] and report["answerability"]["folds"] == 3
    metrics = report["sets"]["tiny3.jsonl"]["metrics"]
    assert 0 <= metrics["answerability_auc"] <= 1 and "gate_abstention_f1" in metrics
    rows = [json.loads(line) for line in (out / "answers.jsonl").read_text().splitlines()]
    assert [r["gate_fold"] for r in rows] == [cv.folds[key("tiny3.jsonl", r["id"])] for r in rows]
    assert all(isinstance(r["answerability"], float) for r in rows)


@pytest.fixture
def fitted_on_tiny(evaluated_assistant):
    """The tiny assistant, its gate's model claiming to have been fitted on tiny.jsonl."""
    model = evaluated_assistant.gate.model
    fitted = replace(model, fitted_on="tiny.jsonl, other.jsonl over corpus/: 2 answerable")
    evaluated_assistant.gate = AnswerabilityGate(fitted, evaluated_assistant.retriever)
    return evaluated_assistant


@pytest.fixture
def evaluated_assistant(tiny, make_assistant):
    assistant = make_assistant()
    assistant.sync()
    return assistant


def test_in_sample_warning_without_cv(tiny, fitted_on_tiny, tmp_path):
    run = Evaluation(fitted_on_tiny, [tiny]).run()
    assert run.gate.in_sample == ("tiny.jsonl",) and run.gate.cv is None
    text = write_run(run, tmp_path / "in").read_text()
    section = text.split("## Answerability", 1)[1]
    assert "**In-sample:** the model in force was fitted on tiny.jsonl" in section
    assert "--cv" in section and "tiny.jsonl, other.jsonl over corpus/" in section
    # the AUC of the answers' own P(answerable): 3 questions, 1 unanswerable
    assert re.search(r"\| tiny.jsonl +\| +3 \| +1 \| +[01]\.\d{3} \|", section)
    assert not (tmp_path / "in" / "answerability-pr.png").exists()


def test_no_warning_for_a_model_fitted_elsewhere(tiny, evaluated_assistant, tmp_path):
    model = replace(evaluated_assistant.gate.model, fitted_on="mine.jsonl over news/: 9 rows")
    evaluated_assistant.gate = AnswerabilityGate(model, evaluated_assistant.retriever)
    run = Evaluation(evaluated_assistant, [tiny]).run()
    text = write_run(run, tmp_path / "out").read_text()
    assert run.gate.in_sample == () and "In-sample" not in text
    assert "fitted on: mine.jsonl over news/" in text


def test_fitted_files():
    assert fitted_files("qa.jsonl, onestopqa-dev.jsonl over corpus/: 232 answerable") == {
        "qa.jsonl",
        "onestopqa-dev.jsonl",
    }
    assert fitted_files("") == set() and fitted_files("by hand") == set()


def test_gate_floors_need_cv(cross_validated, evaluated, tmp_path):
    run, _ = cross_validated
    floors = tmp_path / "floors.toml"
    floors.write_text('["tiny3.jsonl"]\nanswerability_auc = 0.5\ngate_abstention_f1 = 0.99\n')
    failures = check_floors(run, floors)
    assert len(failures) == 1 and failures[0].startswith("tiny3.jsonl gate_abstention_f1 = ")
    floors.write_text('["tiny.jsonl"]\nanswerability_auc = 0.5\n')
    with pytest.raises(EvalError, match="answerability_auc is measured only with --cv"):
        check_floors(evaluated, floors)


def test_compare_with_a_run_before_the_gate_metrics(cross_validated, tmp_path):
    run, _ = cross_validated
    write_run(run, tmp_path / "new")
    old = replace(
        run,
        gate=None,
        sets=tuple(replace(s, metrics=replace(s.metrics, gate=None)) for s in run.sets),
    )
    write_run(old, tmp_path / "old")
    report = json.loads((tmp_path / "old" / "report.json").read_text())
    assert "answerability_auc" not in report["sets"]["tiny3.jsonl"]["metrics"]
    table = compare_runs(tmp_path / "old", tmp_path / "new")
    line = next(row for row in table.splitlines() if "answerability ROC AUC" in row)
    assert line.split("|")[3].strip() == "–" and line.split("|")[5].strip() == "–"
    assert np.isfinite(float(line.split("|")[4]))


def test_eval_command_cv(tiny3, tmp_path, fake_model):
    out = tmp_path / "cv"
    result = CliRunner().invoke(app, ["eval", "--cv", "--qa", str(tiny3), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "| answerability ROC AUC (CV)" in result.stdout
    assert (out / "answerability-pr.png").is_file()
    plain = CliRunner().invoke(app, ["eval", "--qa", str(tiny3), "--out", str(tmp_path / "no")])
    assert plain.exit_code == 0 and "answerability ROC AUC" not in plain.stdout


def test_evidence_out_rows_are_measured_but_never_fitted_on(cross_validated):
    _, cv = cross_validated
    report = cv.calibration
    assert report.counts[EVIDENCE_OUT] == 3 == sum(not f for f in report.fitted)
    fitted = [r for r in report.rows if r.kind != EVIDENCE_OUT]
    d = design(fitted, AnswerSettings().min_score)
    again = fit_model(d.x, d.y, d.groups, MODEL_FEATURES, d.floored)
    assert report.model.coef == pytest.approx(again.coef)
    assert report.model.threshold == pytest.approx(again.threshold)
    assert EVIDENCE_OUT not in report.model.fitted_on
    for fold, model in cv.models.items():
        outside = sum(r.group != fold for r in fitted)
        assert model.fitted_on.endswith(f"({outside} of {len(fitted)})")
