from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from plancheck import figures, yamlsrc
from plancheck.findings import Severity
from plancheck.intervals import Interval
from plancheck.models.catalog import Dimension
from plancheck.rules.base import Rule, Scope
from plancheck.rules.context import Corpus, FactRef
from plancheck.rules.pc201_framework_floor import (
    floor_for,
    pick,
    region_name,
    role_kind,
    stated,
    uniq,
    usable,
)
from plancheck.safeio import read_regular
from plancheck.units import UnitError, parse

TOTALS_FILE = "reference/regional-totals.yaml"


# -- the reference file of regional totals (plans/reference/regional-totals.yaml)


class RegionalTotal(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    region: str = Field(pattern=r"^\d{6}$")
    indicator: str = Field(description="catalog key of the total, e.g. gdp")
    year: int
    value: Decimal
    unit: str = Field(description="as printed in the source, e.g. 亿元")
    source: str = Field(min_length=2, description="the publication the figure is transcribed from")
    checked: str | None = Field(default=None, description="how the transcription was checked")


class OmittedTotals(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    regions: list[str]
    indicator: str
    year: int
    reason: str


class RegionalTotals(BaseModel):
    model_config = ConfigDict(extra="forbid")

    totals: list[RegionalTotal] = Field(default_factory=list)
    omitted: list[OmittedTotals] = Field(default_factory=list)

    def model_post_init(self, _ctx: object) -> None:
        self._by = {(t.indicator, t.region, t.year): t for t in self.totals}
        self._years: dict[tuple[str, str], list[int]] = defaultdict(list)
        for t in self.totals:
            self._years[(t.indicator, t.region)].append(t.year)

    def get(self, indicator: str, region: str, year: int) -> RegionalTotal | None:
        return self._by.get((indicator, region, year))

    def weight_year(self, indicator: str, region: str, year: int) -> int | None:
        """The latest year at or before `year` with a total for the region."""
        ys = [y for y in self._years.get((indicator, region), []) if y <= year]
        return max(ys) if ys else None

    def base(self, t: RegionalTotal) -> Decimal:
        return t.value * parse(t.unit).factor


def load_totals(path: Path) -> RegionalTotals:
    data, _ = yamlsrc.load(read_regular(path).decode("utf-8"))
    return RegionalTotals.model_validate(data or {})


def find_totals(corpus: Corpus, configured: str | None) -> RegionalTotals | None:
    """The rule's configured file, else the reference data's totals (settings `reference`, or
    `reference/regional-totals*.yaml` next to the plan files)."""
    if configured:
        p = Path(configured)
        return load_totals(p) if p.is_file() else None
    if corpus.totals is not None:
        return corpus.totals
    for folder in sorted({lp.path.parent for lp in corpus.plans}):
        p = folder / TOTALS_FILE
        if p.is_file():
            return load_totals(p)
    return None


def _share(ref: FactRef) -> Interval:
    """A share as a fraction: a target exactly as stated (a number chosen), an actual value as
    its written interval (a rounded measurement)."""
    if role_kind(ref) == "target":
        return Interval.exact(ref.fact.value * ref.unit.factor)
    return ref.base_interval()


def _pct(iv: Interval) -> str:
    """A fraction in percent: `[lo, hi]%`, or one number when exact (computed from exact targets)."""
    pct = iv.scale(Decimal(100))
    if pct.point is not None:
        return figures.computed(pct.point, 2) + "%"
    return pct.fmt(2) + "%"


class RatioVsProvince(Rule):
    """A city's ratio target against the province's: information, and what the other regions must reach.

    **What it does.** For each ratio indicator (catalog `dimension: ratio`) that is not declared
    a floor in `rules/data/floors.yaml` (floors are PC201's), it groups the facts by (indicator,
    parent region, year) and:

    - reports each lower region's target next to its parent's target for the same year, with
      the difference in percentage points (info): a provincial ratio is an average over its
      regions, so a city below it is not by itself an error;
    - for a share of a total the reference file `plans/reference/regional-totals.yaml` holds
      (`share_of: [part, gdp]`, e.g. 数字经济核心产业增加值占GDP比重), computes the share the
      regions without a value must reach for the provincial figure to hold, weighting every
      region by its total (GDP) in the latest reference year at or before the fact's year:
      `rest = (s_P·G_P − Σ s_i·G_i) / (G_P − Σ G_i)`. Targets are read as the exact levels they
      name (a number chosen, not measured); actual values are intervals at their written
      precision and give the share the other regions in fact had. The arithmetic is in
      `values`; a required share outside 0–100% is a warning (the figures cannot all hold).
      Weights from an earlier year assume the regions keep their shares of the total.

    Parameter `totals_file`: the reference file to use (default: `reference/regional-totals.yaml`
    next to the plan files; none found: the weighted part is skipped).

    **Why is this bad?** A province's 15% is only reachable if its regions together reach it:
    when the covered cities plan far below, the rest must plan far above, and the report
    shows by how much.

    **Example (reported).** Zhejiang's `数字经济核心产业增加值占 GDP 比重 % 10.9 15` against
    Huzhou's `数字经济核心产业增加值占GDP比重(% 5.1 7**` (7 is 8 points below the province) and
    Jiaxing's `数字经济核心产业增加值占GDP比重 % 9.2 15`: with 2020 GDP weights (64613, 5509.52,
    3201.4 亿元) the other nine cities must reach 15.46% in 2025; in 2020 they had
    [11.33, 11.47]%.

    **Example (fails).** The same province at 15% with Huzhou's target misprinted as `0.7`
    (instead of 7) and a covered region holding most of the GDP: the others would need more
    than 100% — a warning that the figures cannot all hold.
    """

    code = "PC203"
    name = "ratio-vs-province"
    severity = Severity.warning  # the top level; comparisons are info
    scope = Scope.hierarchy
    messages = ("versus-parent", "weighted-rest")
    params = {"totals_file": None}

    def check(self, corpus):
        totals = find_totals(corpus, self.p["totals_file"])
        for (ind, parent, year), below in sorted(corpus.hierarchy_groups()):
            indicator = corpus.indicator(ind)
            if indicator is None or indicator.dimension != Dimension.ratio or floor_for(corpus, ind, parent):
                continue
            tops = defaultdict(list)
            for r in corpus.facts_at(ind, parent, year):
                if usable(corpus, r) and r.unit.dimension == "ratio":
                    tops[role_kind(r)].append(r)
            if not tops:
                continue
            kids = defaultdict(lambda: defaultdict(list))  # role kind -> region -> refs
            for region, refs in below.items():
                reg = corpus.regions.get(region)
                if reg is None or reg.parent != parent:
                    continue
                for r in uniq(refs):
                    if usable(corpus, r) and r.unit.dimension == "ratio":
                        kids[role_kind(r)][region].append(r)
            # 1. each lower region's target next to the parent's
            top_t = pick(tops.get("target", []))
            if top_t is not None:
                for region, refs in sorted(kids.get("target", {}).items()):
                    by_plan = defaultdict(list)
                    for r in refs:
                        by_plan[r.lp.plan.id].append(r)
                    for pid, rs in sorted(by_plan.items()):
                        yield self._versus(corpus, indicator, parent, region, year, pid, pick(rs), top_t)
            # 2. GDP-weighted: the share the regions without a value must reach
            if totals is not None and indicator.share_of is not None:
                for role in ("actual", "target"):
                    top = pick(tops.get(role, []))
                    if top is None or not kids.get(role):
                        continue
                    chosen = {region: pick(rs) for region, rs in kids[role].items()}
                    f = self._weighted(corpus, totals, indicator, parent, year, role, top, chosen)
                    if f is not None:
                        yield f

    def _versus(self, corpus, indicator, parent, region, year, pid, low: FactRef, top: FactRef):
        rn, pn = region_name(corpus, region), region_name(corpus, parent)
        # targets are numbers chosen, not measured: compare them as stated, in percent
        a = low.fact.value * low.unit.factor * 100
        b = top.fact.value * top.unit.factor * 100
        diff = a - b
        d = format(diff.normalize(), "f") if diff != 0 else "0"
        gap = format(abs(diff).normalize(), "f") if diff != 0 else "0"
        return self.finding(
            "versus-parent", corpus,
            plans=[pid, top.lp.plan.id],
            key=f"{pid}/{region}/{indicator.key}/{year}/vs/{parent}",
            values={"indicator": indicator.key, "year": str(year), "stated": stated(low), "parent": stated(top),
                    "difference_pp": d, "relation": "above" if diff > 0 else "below" if diff < 0 else "level",
                    "gap_pp": gap, "region_name": rn, "parent_name": pn, "name": indicator.name},
            facts=[low, top],
            severity=Severity.info,
        )

    def _weighted(self, corpus, totals, indicator, parent, year, role, top, chosen):
        total_key = indicator.share_of[1]
        wy = totals.weight_year(total_key, parent, year)
        if wy is None:
            return None
        gp = totals.get(total_key, parent, wy)
        weights = {r: totals.get(total_key, r, wy) for r in chosen}
        # a covered region without a weight cannot be subtracted: it joins the rest (its own
        # figure unused), so adding a plan never makes the finding vanish and reappear (issue 11)
        unweighted = sorted(r for r, w in weights.items() if w is None)
        chosen = {r: ref for r, ref in chosen.items() if weights[r] is not None}
        weights = {r: w for r, w in weights.items() if w is not None}
        if not chosen:
            return None
        missing = [c.code for c in corpus.regions.children(parent) if c.code not in chosen]
        if not missing:
            return None
        try:
            g_p = totals.base(gp)
            g_i = {r: totals.base(w) for r, w in weights.items()}
        except UnitError:
            return None
        g_rest = g_p - sum(g_i.values(), Decimal(0))
        if g_rest <= 0:
            return None
        num = _share(top).scale(g_p)
        for r, ref in chosen.items():
            num = num - _share(ref).scale(g_i[r])
        rest = num.scale(1 / g_rest)
        pn = region_name(corpus, parent)
        miss_names = "、".join(region_name(corpus, r) for r in missing)
        unit = gp.unit
        gf = parse(unit).factor
        covered = "、".join(f"{region_name(corpus, r)} {stated(ref)}" for r, ref in sorted(chosen.items()))
        impossible = rest.hi < 0 or rest.lo > 1
        values = {
            "indicator": indicator.key, "year": str(year), "basis": "targets read as levels" if role == "target" else "actual values",
            "formula": "rest = (s_P × G_P − Σ s_i × G_i) / (G_P − Σ G_i)",
            "weights": f"{total_key} {wy}" + ("" if wy == year else f" (assumes the regions keep their {wy} shares of {total_key})"),
            f"s_P {pn}": stated(top), f"G_P {pn}": f"{format(gp.value, 'f')} {unit}",
            **{f"s_i {region_name(corpus, r)}": stated(ref) for r, ref in sorted(chosen.items())},
            **{f"G_i {region_name(corpus, r)}": f"{format(weights[r].value, 'f')} {unit}" for r in sorted(chosen)},
            "G_rest": f"{format((g_rest / gf).normalize(), 'f')} {unit}",
            "rest_share": _pct(rest),
            "rest_regions": miss_names,
            **({"unweighted": "、".join(region_name(corpus, r) for r in unweighted)
                + f": a value but no {total_key} {wy} in the reference file, counted among the rest"}
               if unweighted else {}),
            "sources": "; ".join(sorted({gp.source, *(w.source for w in weights.values())})),
        }
        # the message's own fields
        values.update(name=indicator.name, parent_name=pn, parent_stated=stated(top), covered=covered,
                      weight_year=str(wy), total=total_key, n_missing=str(len(missing)),
                      need="must-reach" if role == "target" else "had",
                      outcome="impossible" if impossible else "possible")
        return self.finding(
            "weighted-rest", corpus,
            plans=[top.lp.plan.id, *(ref.lp.plan.id for ref in chosen.values())],
            key=f"{parent}/{indicator.key}/{year}/{role}/weighted-rest",
            values=values, facts=[top, *(ref for _, ref in sorted(chosen.items()))],
            severity=Severity.warning if impossible else Severity.info,
        )
