"""The trajectory series the HTML report draws: one per (plan, indicator, region), from the corpus."""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal

from plancheck import realism
from plancheck.report.charts import ROLE_ORDER, as_float


def trajectories(corpus) -> dict[str, list[dict]]:
    """Plan id -> one series per (indicator, region) that has history or targets and two or more points."""
    if corpus is None:
        return {}
    groups: dict[tuple[str, str, str], list] = defaultdict(list)
    for ref in corpus.facts:
        f = ref.fact
        if f.value is None or getattr(f.kind, "value", f.kind) == "cumulative":
            continue
        groups[(ref.plan.id, f.indicator, ref.region)].append(ref)
    out: dict[str, list[dict]] = defaultdict(list)
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
            points.append({
                "year": r.data_year, "value": v, "role": r.fact.role.value, "cmp": r.fact.comparator.value,
                "literal": str(r.fact.value), "place": r.fact.place.value, "marks": "".join(r.fact.marks),
                "id": r.fact.id, "name": r.fact.name, "classification": r.classification_changed,
            })
        # one point per (year, role, value): a table and a sentence saying the same thing draw once
        seen, uniq = set(), []
        for p in sorted(points, key=lambda p: (p["year"], ROLE_ORDER[p["role"]], p["value"], p["id"])):
            k = (p["year"], p["role"] in ("history", "baseline"), p["value"])
            if k not in seen:
                seen.add(k)
                uniq.append(p)
        if len({p["year"] for p in uniq}) < 2:
            continue
        ind = corpus.indicator(key)
        ratio = (ind is not None and ind.dimension.value == "ratio") or (mu is not None and mu.dimension == "ratio")
        lp = corpus.by_id.get(pid)
        reg = corpus.regions.get(region) if getattr(corpus, "regions", None) is not None else None
        out[pid].append({
            "plan": pid, "indicator": key, "region": region,
            "region_name": reg.name if reg is not None else region,
            "other_region": lp is not None and region != lp.plan.region,
            "name": uniq[0]["name"], "name_en": ind.en if ind is not None else key,
            "unit": main_unit, "ratio": ratio, "points": uniq, "other_units": sorted(other),
            "undrawn": sorted(undrawn),
        })
    return dict(out)


def growth_labels(series: dict, corpus) -> dict:
    """The growth the target requires and the historical growth, as rule PC106 computes them
    (plancheck.realism): the chart and the finding always show the same numbers (midpoints of
    the intervals the finding reports)."""
    aims = any(p["role"] in ("target", "goal") for p in series["points"])
    out = {"required": None, "historical": None, "required_missing": "not_stated" if aims else "no_target"}
    lp = corpus.by_id.get(series["plan"]) if corpus is not None else None
    if lp is None:
        return out
    req = realism.requirement(corpus, lp, series["indicator"], series["region"])
    if req is not None and not req.comparable:
        return {**out, "required_missing": "not_comparable"}
    if req is not None:
        a, b = req.years
        mid = realism.midpoint(req.required)
        out["required"] = {"a": a, "b": b, "per_year": None if req.ratio else mid, "pp": mid if req.ratio else None}
    hist = req.history if req is not None else realism.history(corpus, lp, series["indicator"], series["region"])
    if hist is not None:
        mid = realism.midpoint(hist.rate)
        out["historical"] = {"a": hist.start, "b": hist.end, "per_year": None if hist.pp else mid,
                             "pp": mid if hist.pp else None, "stated": hist.claim is not None}
    return out

