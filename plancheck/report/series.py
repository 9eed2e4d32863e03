"""The trajectory series the HTML report draws: one `charts.Trajectory` per (plan, indicator,
region), from the plan's own facts, and its `charts.GrowthLabels` (the growth rule PC106 computes).
A split report's plan page draws its plan's series where it is rendered (a forked worker) from
the facts grouped by plan once (`facts_by_plan`): no pass over the whole corpus per page, and
none for every plan before the workers start."""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal

from plancheck import realism
from plancheck.report.charts import ROLE_ORDER, Growth, GrowthLabels, Point, Trajectory, as_float


def facts_by_plan(corpus) -> dict[str, list]:
    """Plan id -> its facts (`FactRef`s of the corpus, in the corpus's order): one pass over the
    corpus, so that each plan's series can then be drawn from its own facts alone."""
    out: dict[str, list] = defaultdict(list)
    if corpus is not None:
        for ref in corpus.facts:
            out[ref.plan.id].append(ref)
    return dict(out)


def trajectories(corpus, plans: set[str] | None = None) -> dict[str, list[Trajectory]]:
    """Plan id -> one series per (indicator, region) that has history or targets and two or more
    points; only the plans in `plans` when given. A plan's series depend on its own facts only
    (`plan_trajectories`)."""
    if corpus is None:
        return {}
    by_plan = facts_by_plan(corpus)
    out = {}
    for pid in sorted(by_plan if plans is None else by_plan.keys() & plans):
        series = plan_trajectories(corpus, pid, by_plan[pid])
        if series:
            out[pid] = series
    return out


def plan_trajectories(corpus, pid: str, refs) -> list[Trajectory]:
    """The series of plan `pid` from its facts `refs` (`facts_by_plan(corpus)[pid]`), by
    (indicator, region)."""
    groups: dict[tuple[str, str], list] = defaultdict(list)
    for ref in refs:
        f = ref.fact
        if f.value is None or getattr(f.kind, "value", f.kind) == "cumulative":
            continue
        groups[(f.indicator, ref.region)].append(ref)
    out: list[Trajectory] = []
    lp = corpus.by_id.get(pid)
    regions = getattr(corpus, "regions", None)
    for (key, region), group in sorted(groups.items(), key=lambda kv: kv[0]):
        roles = {r.fact.role.value for r in group}
        if not roles & {"history", "target", "goal"}:
            continue
        units = Counter(r.fact.unit for r in group)
        main_unit = sorted(units.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        mu = next((r.unit for r in group if r.fact.unit == main_unit), None)
        points, other, undrawn = [], set(), set()
        for r in group:
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
        reg = regions.get(region) if regions is not None else None
        out.append(Trajectory(
            plan=pid, indicator=key, region=region, region_name=reg.name if reg is not None else region,
            other_region=lp is not None and region != lp.plan.region, name=uniq[0].name,
            name_en=ind.en if ind is not None else key, unit=main_unit, ratio=ratio, points=tuple(uniq),
            other_units=tuple(sorted(other)), undrawn=tuple(sorted(undrawn))))
    return out


def growth_labels(series: Trajectory, corpus) -> GrowthLabels:
    """The growth the target requires and the historical growth, as rule PC106 computes them
    (plancheck.realism): the chart and the finding always show the same numbers (midpoints of
    the intervals the finding reports). Growth between numbers too large for the arithmetic is
    not labelled."""
    try:
        return _growth_labels(series, corpus)
    except ArithmeticError:
        return GrowthLabels()


def _growth_labels(series: Trajectory, corpus) -> GrowthLabels:
    aims = any(p.role in ("target", "goal") for p in series.points)
    missing = "not_stated" if aims else "no_target"
    lp = corpus.by_id.get(series.plan) if corpus is not None else None
    if lp is None:
        return GrowthLabels(required_missing=missing)
    req = realism.requirement(corpus, lp, series.indicator, series.region)
    if req is not None and not req.comparable:
        return GrowthLabels(required_missing="not_comparable")
    required = None
    if req is not None:
        a, b = req.years
        mid = realism.midpoint(req.required)
        required = Growth(a, b, per_year=None if req.ratio else mid, pp=mid if req.ratio else None, side=req.side)
    hist = req.history if req is not None else realism.history(corpus, lp, series.indicator, series.region)
    historical = None
    if hist is not None:
        mid = realism.midpoint(hist.rate)
        historical = Growth(hist.start, hist.end, per_year=None if hist.pp else mid, pp=mid if hist.pp else None,
                            stated=hist.claim is not None, side=realism.side_of(hist.rate))
    return GrowthLabels(required=required, historical=historical, required_missing=missing)
