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


_POOLED: list[bool] = []  # per run: did the tasks run in forked workers


def _run(folder, monkeypatch, workers, cache_dir=None, extra=(), tasks=True):
    """A run's findings, tables and input errors: with the rules as tasks (in `workers`
    processes), or (`tasks=False`) each rule run whole in this process in its turn, as
    `engine.check_rule` and `rule.tables` give them: the plain serial run."""
    real = forkpool.ordered_map

    def ordered_map(fn, state, items, **kw):
        items = list(items)
        _POOLED.append(kw["workers"] > 1 and len(items) >= kw["min_items"])
        return real(fn, state, items, **kw)

    monkeypatch.setattr(forkpool, "ordered_map", ordered_map)
    monkeypatch.setattr(rulepool, "MIN_PLANS", 1)
    monkeypatch.setattr(rulepool, "MAX_SHARD", 3)  # several tasks per province: order is restored
    monkeypatch.setattr(rulepool, "MAX_PARTS", 2)  # a split rule's parts: several tasks per province
    monkeypatch.setattr(forkpool, "default_workers", lambda: workers)
    if not tasks:
        monkeypatch.setattr(rulepool, "run", lambda *a, **kw: {})
    rules = engine.build_rules(engine.selected([], ["PC501"]), {}) + list(extra)
    res = engine.run([folder], rules, root=folder.parent, cache_dir=cache_dir)
    monkeypatch.undo()
    return ([f.to_json("en") for f in res.findings], res.tables,
            [(e.file, e.message.splitlines()[0]) for e in res.input_errors])


@pytest.mark.parametrize("which", ["real", "country"])
def test_pooled_findings_are_the_serial_findings(which, request, monkeypatch, tmp_path):
    folder = ROOT / "plans" if which == "real" else request.getfixturevalue("country")
    serial = _run(folder, monkeypatch, workers=1, tasks=False)
    assert serial[0] and serial[1] and not serial[2]
    assert _run(folder, monkeypatch, workers=1) == serial
    assert _POOLED[-1] is False
    assert _run(folder, monkeypatch, workers=2) == serial
    assert _POOLED[-1] is True
    # with the findings cache: the workers fill it (cold), then the parent reads it (warm)
    assert _run(folder, monkeypatch, workers=2, cache_dir=tmp_path / "c") == serial
    assert _run(folder, monkeypatch, workers=1, cache_dir=tmp_path / "c") == serial
    # one findings entry per plan (all the per-plan rules) and one for the whole run
    entries = list((tmp_path / "c" / "findings").glob("*.json"))
    assert len(entries) == len(list(folder.glob("*.yaml"))) + 1


def test_a_split_rule_is_its_parts_in_order(country):
    from plancheck.rules.pc202_additive_sum import AdditiveSum

    corpus, _ = engine.load_corpus([country], country.parent)
    rule = AdditiveSum()
    parts = rule.parts(corpus)
    assert len({rulepool.region_province(corpus, region) for region, _ in parts}) == 2
    whole = [f.to_json("en") for f in rule.check(corpus)]
    assert whole == [f.to_json("en") for _, p in parts for f in rule.check_part(corpus, p)] and whole
    assert rule.tables(corpus) == [t for _, p in parts for t in rule.tables_part(corpus, p)]


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


class _CrashPart(Rule):
    """A split cross-plan rule that fails on its last part."""

    code = "PC299"
    name = "crash-part"

    def parts(self, corpus):
        return [(lp.plan.region, lp.plan.id) for lp in corpus.plans]

    def check_part(self, corpus, part):
        if part == corpus.plans[-1].plan.id:
            raise RuntimeError("bang")
        return []


@pytest.mark.parametrize("crash", [_Crash, _CrashPart])
def test_a_rule_that_raises_in_a_worker_is_reported_as_in_a_serial_run(country, monkeypatch, crash):
    serial = _run(country, monkeypatch, workers=1, extra=[crash()], tasks=False)
    assert serial[2] == [(f"rule {crash.code}", f"internal error: RuntimeError('{'boom' if crash is _Crash else 'bang'}')")]
    assert _run(country, monkeypatch, workers=2, extra=[crash()]) == serial
    assert _POOLED[-1] is True
    assert _run(country, monkeypatch, workers=1, extra=[crash()]) == serial
