"""summarize: a set's metrics from hand-made question results."""

from dataclasses import replace

import pytest

from assistant.eval.dataset import EvalQuestion
from assistant.eval.judge import QuestionResult
from assistant.eval.metrics import TokenScores
from assistant.eval.summary import summarize
from assistant.types import Answer, Citation


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
        Citation(n=n, article="a.txt", title="", source="", date=None, sentence="s", start=0, end=1)
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


def test_llm_fallbacks_are_not_gate_refusals():
    q = question("q1")
    refused = replace(
        result(q, abstained=True).answer, notice="Not answered: nothing was retrieved"
    )
    quoted = replace(result(q).answer, mode="llamacpp:m.gguf", notice="The model is unreachable")
    results = [replace(result(q), answer=a) for a in (refused, quoted)]
    assert summarize(results).fallbacks == 1
