from __future__ import annotations

from collections import defaultdict
from decimal import Decimal, localcontext

from plancheck import figures
from plancheck.findings import Severity
from plancheck.intervals import Interval, cagr
from plancheck.models.plan import ACTUAL_ROLES
from plancheck.rules.base import Rule, Scope

ACTUAL = ACTUAL_ROLES


class ImpliedTotal(Rule):
    """A value and its share of a total imply the total: statements for one year must agree.

    **What it does.** Where a plan states a value (e.g. core industries' value added) and its
    share of a total (占GDP比重) for the same year, it derives the implied total with intervals:
    total = value / share, each at its written precision. Every combination stated for a year
    (table and text, several sentences, and different shares of the same total: the digital
    economy's and the core industries' shares of GDP) must give overlapping totals, and a total the plan
    states itself must fall in the implied interval (error otherwise). It then reports, as
    information, how the total grows between the years the plan covers — above all what GDP
    growth the plan's targets assume between the baseline year and the target year.

    Targets are read as levels for this purpose ("if the targets are met exactly"): the
    implied total is what the two targets together assume. A target is the exact number
    chosen (15% is 15, 1350 is 1350), so a total implied by two targets is one number; a total
    implied by reported values is shown as the point value from the printed numbers next to the
    interval their precision allows (`≈ 5509.8, [5479.5, 5540.4]`), in the part's own unit.

    **Readings considered.** Only reported values can contradict each other: two value/share
    pairs of stated values that imply different totals are an error. Targets carry their
    comparator (达到: at least), so targets that imply different totals only assume different
    denominators if met exactly: information.

    **Why is this bad?** A share and its value that imply two different GDPs for one year
    cannot both be right; a target pair that implies an implausible GDP path shows a target
    chosen without its denominator in mind.

    **Example (fails).** `2020年数字经济增加值达30218亿元、占GDP比重46.8%` next to a plan that
    states 2020 GDP as 60000亿元: the share implies [64498, 64637] 亿元.

    **Example (passes).** Jiaxing's `数字经济核心产业增加值达到1350亿元，占GDP比重达到15%`:
    it implies a 2025 GDP of 9000 亿元 (targets are exact), reported with the growth from 2020 it assumes.
    """

    code = "PC102"
    name = "implied-total"
    severity = Severity.error
    scope = Scope.plan

    per_plan = True
    messages = ("disagree", "vs-stated", "growth")

    def check_plan(self, corpus, lp):
        shares = corpus.catalog.shares()
        pid = lp.plan.id
        # (total indicator, region, year) -> [(implied total in base units, part, share)]:
        # every share of the same total (数字经济 and 核心产业 shares of GDP) must agree
        implied = defaultdict(list)
        for share_ind in shares:
            part_key, total_key = share_ind.share_of
            ratio_refs = [r for r in corpus.plan_facts(pid, share_ind.key)
                          if r.interval is not None and r.unit and r.unit.dimension == "ratio"]
            if not ratio_refs:
                continue
            parts = defaultdict(list)
            for r in corpus.plan_facts(pid, part_key):
                if r.interval is not None and r.unit is not None:
                    parts[(r.region, r.data_year)].append(r)
            for rr in ratio_refs:
                for pr in parts.get((rr.region, rr.data_year), []):
                    if pr.classification_changed != rr.classification_changed:
                        continue
                    if (pr.fact.role in ACTUAL) != (rr.fact.role in ACTUAL):
                        continue
                    share = _value(rr)
                    if share.lo <= 0:
                        continue
                    implied[(total_key, rr.region, rr.data_year)].append((_value(pr) / share, pr, rr))
        for (total_key, region, year), items in sorted(implied.items()):
            stated = [r for r in corpus.plan_facts(pid, total_key)
                      if r.interval is not None and r.unit is not None and r.region == region and r.data_year == year]
            yield from self._agreement(corpus, lp, total_key, year, items, stated)
        for total_key in sorted({k[0] for k in implied}):
            yield from self._growth(corpus, lp, total_key, {k[1:]: v for k, v in implied.items() if k[0] == total_key})


    def _agreement(self, corpus, lp, total_key, year, items, stated_totals):
        """Totals implied for one year must agree. Reported values can contradict each other (an
        error); a target is an aim with its comparator (达到: at least), so targets that imply
        different totals only assume different denominators if met exactly (information)."""
        pid = lp.plan.id
        for i, (iv, pr, rr) in enumerate(items):
            for iv2, pr2, rr2 in items[i + 1:]:
                if not iv.overlaps(iv2):
                    measured = all(r.fact.role in ACTUAL for r in (pr, rr, pr2, rr2))
                    a, b = _shown(iv, pr, rr), _shown(iv2, pr2, rr2)
                    unit = pr.fact.unit
                    yield self.finding(
                        "disagree", corpus,
                        plans=[pid], key=f"{pid}/{total_key}/{year}/{pr.fact.id}+{rr.fact.id}~{pr2.fact.id}+{rr2.fact.id}",
                        severity=None if measured else Severity.info,
                        values={"implied_a": a, "implied_b": b, "unit": unit, "year": str(year),
                                "basis": "stated values" if measured else "targets read as levels", "total": total_key},
                        facts=[pr, rr, pr2, rr2],
                    )
            for tr in stated_totals:
                t = _value(tr)
                if t is not None and not t.overlaps(iv):
                    measured = all(r.fact.role in ACTUAL for r in (pr, rr, tr))
                    shown = _shown(iv, pr, rr)
                    yield self.finding(
                        "vs-stated", corpus,
                        plans=[pid], key=f"{pid}/{total_key}/{year}/{pr.fact.id}+{rr.fact.id}~{tr.fact.id}",
                        severity=None if measured else Severity.info,
                        values={"implied": shown, "stated": tr.label(), "unit": pr.fact.unit, "year": str(year),
                                "basis": "stated values" if measured else "targets read as levels",
                                "name": pr.fact.name, "indicator": pr.fact.indicator, "total": total_key},
                        facts=[pr, rr, tr],
                    )

    def _growth(self, corpus, lp, total_key, implied):
        """Information: the growth of the total the plan's figures assume between its years."""
        pid = lp.plan.id
        by_year = {}
        for (region, year), items in implied.items():
            if region != lp.plan.region:
                continue
            # intersect the statements of one year (they agree, or PC102 reported them)
            lo = max(iv.lo for iv, _, _ in items)
            hi = min(iv.hi for iv, _, _ in items)
            if lo <= hi:
                by_year[year] = (Interval(lo, hi), items[0])
        years = sorted(by_year)
        for y0, y1 in zip(years, years[1:], strict=False):
            (i0, (_, p0, r0)), (i1, (_, p1, r1)) = by_year[y0], by_year[y1]
            aim = p1.fact.role not in ACTUAL or r1.fact.role not in ACTUAL
            g = cagr(i0, i1, y1 - y0)
            s0, s1, unit = _shown(i0, p0, r0), _shown(i1, p1, r1), p1.fact.unit
            values = {"total": total_key, f"implied_{y0}": s0, f"implied_{y1}": s1, "unit": unit,
                      "implied_cagr_pct": g.fmt(2), "years": f"{y0}-{y1}",
                      "basis": "targets read as levels" if aim else "stated values"}
            # the message's own fields: the two years and what the figures are (targets or data)
            values.update(start_year=str(y0), end_year=str(y1), implied_start=s0, implied_end=s1,
                          source="targets" if aim else "figures")
            yield self.finding(
                "growth", corpus, plans=[pid], key=f"{pid}/{total_key}/{y0}-{y1}/growth",
                severity=Severity.info, values=values, facts=[p0, r0, p1, r1],
            )


def _value(ref) -> Interval:
    """A fact in base units: a target exactly as chosen (15% is 15), a reported value as the
    interval of its written precision (9.2% is [9.15, 9.25])."""
    if ref.fact.role not in ACTUAL:
        return Interval.exact(ref.fact.value * ref.unit.factor)
    return ref.base_interval()


def _point(pr, rr) -> Decimal:
    """The total computed from the printed numbers themselves."""
    with localcontext() as ctx:
        ctx.prec = 34
        return (pr.fact.value * pr.unit.factor) / (rr.fact.value * rr.unit.factor)


def _shown(iv: Interval, pr, rr=None) -> str:
    """`≈ X, [lo, hi]` in the part's printed unit (the total's own unit): the point value from
    the printed numbers next to the interval their precision allows; one number when exact."""
    f = pr.unit.factor
    if iv.lo == iv.hi:
        return figures.computed(iv.lo, 1, whole=True, factor=f)
    return figures.approx(_point(pr, rr) / f if rr is not None else None, iv.scale(1 / f), 1)
