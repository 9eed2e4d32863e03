"""A plan's chart series drawn from its own facts (`series.plan_trajectories`, what a split
report's plan page computes in its worker) are the series the whole-corpus pass drew before
(issue 13): the same `Trajectory`s, value for value and digit for digit, on the repository's
plans and on a synthetic country."""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal

import pytest

from plancheck.engine import load_corpus
from plancheck.report.charts import ROLE_ORDER, Point, Trajectory, as_float
from plancheck.report.series import facts_by_plan, plan_trajectories, trajectories
from tests.planfactory import ROOT


@pytest.fixture(scope="module")
def real():
    corpus, _errors = load_corpus([ROOT / "plans"], ROOT)
    return corpus


@pytest.fixture(scope="module")
def country(tmp_path_factory):
    from bench.corpus import build as build_country

    folder = tmp_path_factory.mktemp("country") / "plans"
    build_country(folder, 24, counties=0)
    corpus, _errors = load_corpus([folder], folder.parent)
    return corpus


@pytest.mark.parametrize("which", ["real", "country"])
def test_each_plans_series_from_its_own_facts_are_the_whole_corpus_passes(which, request):
    corpus = request.getfixturevalue(which)
    old = _whole_corpus(corpus)
    assert sum(len(s) for s in old.values()) >= len(old) >= 3  # the corpus draws charts: the test compares something
    by_plan = facts_by_plan(corpus)
    assert sum(len(v) for v in by_plan.values()) == len(corpus.facts)
    for lp in corpus.plans:
        pid = lp.plan.id
        mine = plan_trajectories(corpus, pid, by_plan.get(pid, []))
        assert repr(mine) == repr(old.get(pid, [])), pid  # repr: Decimal digits too (1.0 == 1.00)
    assert repr(trajectories(corpus)) == repr(old)
    some = {lp.plan.id for lp in corpus.plans[::2]} | {"not-a-plan"}
    assert repr(trajectories(corpus, some)) == repr(_whole_corpus(corpus, some))


# the whole-corpus pass the HTML report drew its series with before (main 8247448), kept as the reference
def _whole_corpus(corpus, plans: set[str] | None = None) -> dict[str, list[Trajectory]]:
    """Plan id -> one series per (indicator, region) that has history or targets and two or more
    points; only the plans in `plans` when given."""
    if corpus is None:
        return {}
    groups: dict[tuple[str, str, str], list] = defaultdict(list)
    for ref in corpus.facts:
        if plans is not None and ref.plan.id not in plans:
            continue
        f = ref.fact
        if f.value is None or getattr(f.kind, "value", f.kind) == "cumulative":
            continue
        groups[(ref.plan.id, f.indicator, ref.region)].append(ref)
    out: dict[str, list[Trajectory]] = defaultdict(list)
    for (pid, key, region), refs in sorted(groups.items()):
        roles = {r.fact.role.value for r in refs}
        if not roles & {"history", "target", "goal"}:
            continue
        units = Counter(r.fact.unit for r in refs)
        main_unit = sorted(units.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        mu = next((r.unit for r in refs if r.fact.unit == main_unit), None)
        points, other, undrawn = [], set(), set()
        for r in refs:
            v = Decimal(r.fact.value)
            if r.fact.unit != main_unit:
                if mu is not None and r.unit is not None and mu.compatible(r.unit) and mu.factor:
                    v = v * r.unit.factor / mu.factor
                else:
                    other.add(r.fact.unit)
                    continue
            if as_float(v) is None:  # 1e999, a 400-digit integer: printed in findings, not drawn
                lit = str(r.fact.value)
                undrawn.add(f"{lit if len(lit) <= 24 else lit[:20] + '…'} {r.fact.unit}")
                continue
            points.append(Point(year=r.data_year, value=v, role=r.fact.role.value, cmp=r.fact.comparator.value,
                                literal=str(r.fact.value), place=r.fact.place.value, marks="".join(r.fact.marks),
                                id=r.fact.id, name=r.fact.name))
        # one point per (year, role, value): a table and a sentence saying the same thing draw once
        seen, uniq = set(), []
        for p in sorted(points, key=lambda p: (p.year, ROLE_ORDER[p.role], p.value, p.id)):
            k = (p.year, p.role in ("history", "baseline"), p.value)
            if k not in seen:
                seen.add(k)
                uniq.append(p)
        if len({p.year for p in uniq}) < 2:
            continue
        ind = corpus.indicator(key)
        ratio = (ind is not None and ind.dimension.value == "ratio") or (mu is not None and mu.dimension == "ratio")
        lp = corpus.by_id.get(pid)
        reg = corpus.regions.get(region) if getattr(corpus, "regions", None) is not None else None
        out[pid].append(Trajectory(
            plan=pid, indicator=key, region=region, region_name=reg.name if reg is not None else region,
            other_region=lp is not None and region != lp.plan.region, name=uniq[0].name,
            name_en=ind.en if ind is not None else key, unit=main_unit, ratio=ratio, points=tuple(uniq),
            other_units=tuple(sorted(other)), undrawn=tuple(sorted(undrawn))))
    return dict(out)
