"""The per-plan rules in forked workers by province give exactly the serial run's findings
(issue 13), on the real corpus and on a synthetic country, with and without the findings cache."""

from __future__ import annotations

import pytest

from plancheck import engine, forkpool, rulepool
from plancheck.rules.base import Rule
from tests.planfactory import ROOT

pytestmark = pytest.mark.skipif(not forkpool.can_fork(), reason="forked workers need fork (POSIX)")


@pytest.fixture(scope="module")
def country(tmp_path_factory):
    from bench.corpus import build

    folder = tmp_path_factory.mktemp("country") / "plans"
    assert build(folder, 24, counties=0)["provinces"] == 2
    return folder


_POOLED: list[bool] = []  # per run: did the workers run the per-plan rules


def _run(folder, monkeypatch, workers, cache_dir=None, extra=()):
    real = rulepool.per_plan

    def per_plan(*a, **kw):
        out = real(*a, **kw)
        _POOLED.append(out is not None)
        return out

    monkeypatch.setattr(rulepool, "per_plan", per_plan)
    monkeypatch.setattr(rulepool, "MIN_PLANS", 1)
    monkeypatch.setattr(rulepool, "MAX_SHARD", 3)  # several tasks per province: order is restored
    monkeypatch.setattr(forkpool, "default_workers", lambda: workers)
    rules = engine.build_rules(engine.selected([], ["PC501"]), {}) + list(extra)
    res = engine.run([folder], rules, root=folder.parent, cache_dir=cache_dir)
    return [f.to_json("en") for f in res.findings], [(e.file, e.message.splitlines()[0]) for e in res.input_errors]


@pytest.mark.parametrize("which", ["real", "country"])
def test_pooled_findings_are_the_serial_findings(which, request, monkeypatch, tmp_path):
    folder = ROOT / "plans" if which == "real" else request.getfixturevalue("country")
    serial = _run(folder, monkeypatch, workers=1)
    assert serial[0] and not serial[1]
    assert _POOLED[-1] is False
    assert _run(folder, monkeypatch, workers=2) == serial
    assert _POOLED[-1] is True
    # with the findings cache: the workers fill it (cold), then the parent reads it (warm)
    assert _run(folder, monkeypatch, workers=2, cache_dir=tmp_path / "c") == serial
    assert _run(folder, monkeypatch, workers=1, cache_dir=tmp_path / "c") == serial


def test_shards_are_provinces_cut_into_pieces(country):
    corpus, _ = engine.load_corpus([country], country.parent)
    parts = rulepool.shards(corpus, size=5)
    assert sorted(i for p in parts for i in p) == list(range(len(corpus.plans)))
    assert all(len(p) <= 5 for p in parts)
    for p in parts:  # one province per task
        assert len({rulepool.province(corpus, corpus.plans[i]) for i in p}) == 1
    assert {rulepool.province(corpus, lp) for lp in corpus.plans} == {"500000", "510000"}


class _Crash(Rule):
    """A per-plan rule that fails on one plan (a bug in a rule): reported, the others still run."""

    code = "PC199"
    name = "crash"
    per_plan = True

    def check_plan(self, corpus, lp):
        if lp.plan.id == corpus.plans[-1].plan.id:
            raise RuntimeError("boom")
        return []


def test_a_rule_that_raises_in_a_worker_is_reported_as_in_a_serial_run(country, monkeypatch):
    serial = _run(country, monkeypatch, workers=1, extra=[_Crash()])
    assert serial[1] == [("rule PC199", "internal error: RuntimeError('boom')")]
    assert _run(country, monkeypatch, workers=2, extra=[_Crash()]) == serial
    assert _POOLED[-1] is True
