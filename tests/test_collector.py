"""The cyclic collector is paused while a check runs and on again in forked workers
(plancheck.collector, issue 13)."""

from __future__ import annotations

import gc

import pytest

from plancheck import collector, forkpool
from plancheck.cli import main
from tests.planfactory import ROOT


def _enabled_in_worker(_state, _item) -> bool:
    return gc.isenabled()


def test_paused_restores_the_previous_state_and_nests():
    assert gc.isenabled()
    with collector.paused():
        assert not gc.isenabled()
        with collector.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause still holds
    assert gc.isenabled()
    gc.disable()
    try:
        with collector.paused():
            pass
        assert not gc.isenabled()  # off before, off after
    finally:
        gc.enable()


def test_paused_restores_on_error():
    with pytest.raises(ZeroDivisionError), collector.paused():
        raise ZeroDivisionError
    assert gc.isenabled()


@pytest.mark.skipif(not forkpool.can_fork(), reason="forked workers need fork (POSIX)")
def test_forked_workers_collect_their_own_garbage():
    with collector.paused():
        got = list(forkpool.ordered_map(_enabled_in_worker, None, range(8), workers=2, min_items=2, chunk=1))
        assert not gc.isenabled()
    assert got == [True] * 8


def test_the_rules_workers_keep_the_collector_off_between_tasks(monkeypatch):
    """`collect=False` (the rules' pool): off in the workers, whatever the parent's state."""
    if not forkpool.can_fork():
        pytest.skip("forked workers need fork (POSIX)")
    assert gc.isenabled()  # the parent's collector on: the workers' own setting decides
    assert set(forkpool.ordered_map(_enabled_in_worker, None, range(8), workers=2, min_items=2, chunk=1,
                                    collect=False)) == {False}
    from plancheck import rulepool

    seen = {}
    real = forkpool.ordered_map

    def spy(*a, **kw):
        seen.update(kw)
        return real(*a, **kw)

    monkeypatch.setattr(forkpool, "ordered_map", spy)
    from plancheck import engine

    rules = engine.build_rules(engine.selected([], ["PC501"]), {})
    corpus, _ = engine.load_corpus([ROOT / "plans"], ROOT)
    rulepool.run(rules, corpus, None, "", workers=2)
    assert seen.get("collect") is False


def test_a_check_runs_paused_and_leaves_the_collector_on(tmp_path, monkeypatch):
    seen = []
    from plancheck import engine

    real_run = engine.run

    def spy(*a, **kw):
        seen.append(gc.isenabled())
        return real_run(*a, **kw)

    monkeypatch.setattr(engine, "run", spy)
    rc = main(["check", str(ROOT / "plans"), "--output-dir", str(tmp_path / "r"), "--no-cache", "-q", "--no-quality"])
    assert rc in (0, 1)
    assert seen == [False]
    assert gc.isenabled()
