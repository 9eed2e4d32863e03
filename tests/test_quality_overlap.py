"""The data-quality suite validates while the other rules run (issue 13): once the rules' workers
have begun, PC501 sends its helper the fact table (`begin`), and in its turn only waits for the
answer. The findings are those of the serial run; a failure to send is PC501's own error, in its
turn, and the other rules' findings stand."""

from __future__ import annotations

import pytest

from plancheck import engine, forkpool, rulepool
from tests.planfactory import ROOT

pytestmark = pytest.mark.skipif(not forkpool.can_fork(), reason="forked workers need fork (POSIX)")


@pytest.fixture(scope="module")
def gx():
    pytest.importorskip("great_expectations")


def _run(monkeypatch, workers: int, events: list, send=None):
    from plancheck.checks import helper

    real_send, real_run = helper.SuiteProcess.send, rulepool.run

    def recorded_send(self, table, **kw):
        events.append("send aside" if kw.get("aside") else "send")
        return (send or real_send)(self, table, **kw)

    def recorded_run(*a, **kw):
        try:
            return real_run(*a, **kw)
        finally:
            events.append("pool done")

    monkeypatch.setattr(helper.SuiteProcess, "send", recorded_send)
    monkeypatch.setattr(rulepool, "run", recorded_run)
    monkeypatch.setattr(rulepool, "MIN_PLANS", 1)  # the five plans in forked workers
    monkeypatch.setattr(forkpool, "default_workers", lambda: workers)
    rules = engine.build_rules(engine.selected([], []), {})
    res = engine.run([ROOT / "plans"], rules, root=ROOT)
    monkeypatch.undo()
    return res


def _by_rule(res):
    return [f.to_json("en") for f in res.findings if f.rule == "PC501"], \
        [f.to_json("en") for f in res.findings if f.rule != "PC501"]  # in the run's order


def test_the_table_is_sent_while_the_workers_run_and_the_findings_are_the_serial_ones(monkeypatch, gx):
    serial_events: list = []
    serial = _run(monkeypatch, 1, serial_events)
    assert serial_events == ["pool done", "send"]  # tasks in this process: PC501 sends in its turn
    pooled_events: list = []
    pooled = _run(monkeypatch, 2, pooled_events)
    assert pooled_events == ["send aside", "pool done"]  # sent by a forked child once the workers had begun
    assert not serial.internal_errors and not pooled.internal_errors
    pc501, others = _by_rule(serial)
    assert pc501, "the corpus has data-quality findings (the unofficial copy's 198 %)"
    assert _by_rule(pooled) == (pc501, others)


def test_a_helper_that_fails_to_take_the_table_is_pc501s_error_in_its_turn(monkeypatch, gx):
    from plancheck.checks import helper

    def broken(self, table, **kw):
        raise helper.SuiteError("the data-quality suite's helper process failed (exit 1): no answer")

    events: list = []
    res = _run(monkeypatch, 2, events, send=broken)
    assert events == ["send aside", "pool done"]
    assert [e.split(":")[0] for e in res.internal_errors] == ["rule PC501"]
    assert "no answer" in res.internal_errors[0]
    assert not [f for f in res.findings if f.rule == "PC501"]
    assert _by_rule(res)[1] == _by_rule(_run(monkeypatch, 1, []))[1]  # the other rules' findings stand


def test_a_table_that_cannot_be_built_aside_is_pc501s_error_and_nothing_hangs(monkeypatch, gx):
    from plancheck.checks import facts

    def broken(corpus, names):
        raise ValueError("a column the child could not build")

    monkeypatch.setattr(facts, "fact_columns", broken)  # the child's copy raises before it writes
    events: list = []
    res = _run(monkeypatch, 2, events)
    assert events == ["send aside", "pool done"]
    assert [e.split(":")[0] for e in res.internal_errors] == ["rule PC501"]
    assert "building the fact table failed" in res.internal_errors[0]
    assert _by_rule(res)[1] == _by_rule(_run(monkeypatch, 1, []))[1]  # the other rules' findings stand
