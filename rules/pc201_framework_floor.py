from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources

from plancheck import yamlsrc
from plancheck.bounds import of_value
from plancheck.findings import Severity
from plancheck.intervals import Interval
from plancheck.models.catalog import Better
from plancheck.models.plan import ACTUAL_ROLES, AIM_ROLES, Comparator, Kind
from plancheck.rules.base import Rule, Scope
from plancheck.rules.context import Corpus, FactRef

# -- helpers shared by the framework-fit rules (PC201-PC205)

ACTUAL = ACTUAL_ROLES
AIMS = AIM_ROLES


def role_kind(ref: FactRef) -> str:
    """`actual` (baseline/history) or `target` (target/goal): the two are never mixed."""
    return "actual" if ref.fact.role in ACTUAL else "target"


def kind_class(corpus: Corpus, ref: FactRef) -> str:
    """Levels (and 保持) are compared with levels; 累计 counts only with counts over the same span."""
    kind, since = corpus.span_kind(ref)
    return kind if kind == "level" else f"cumulative-{since}"


def usable(corpus: Corpus, ref: FactRef) -> bool:
    """A fact a cross-plan rule may use: from an official plan, with a value and a known unit."""
    return corpus.official(ref.lp) and ref.fact.value is not None and ref.unit is not None


def pick(refs: list[FactRef]) -> FactRef | None:
    """One fact to stand for a region's value where a plan states it several times: the region's
    own plan first, then the table, then the most precise figure, then by ids (deterministic)."""
    if not refs:
        return None

    def order(r: FactRef):
        width = r.base_interval().width if r.base_interval() is not None else Decimal("Infinity")
        return (r.lp.plan.region != r.region, r.fact.place.value != "table", width, r.lp.plan.id, r.fact.id)

    return min(refs, key=order)


def region_name(corpus: Corpus, code: str) -> str:
    r = corpus.regions.get(code)
    return r.name if r is not None else code


def stated(ref: FactRef) -> str:
    """A fact as stated, e.g. `>90 %`, `>=1350 亿元`, `6.3 万个`, `近44 万家` (FactRef.words)."""
    return ref.figure()


def uniq(refs):
    seen, out = set(), []
    for r in refs:
        k = (r.lp.plan.id, r.fact.id)
        if k not in seen:
            seen.add(k)
            out.append(r)
    return out


# -- floors


@dataclass(frozen=True)
class Floor:
    indicator: str
    name: str
    reason: str
    region: str | None = None  # the region whose plan sets the floor (a GB/T 2260 code) ...
    level: str | None = None  # ... or the level whose plans set it, each for its own regions
    binding: str | None = None  # the setter's own words that it binds each region below, if printed

    def set_by(self, corpus: Corpus, anc: str) -> bool:
        """Does the plan of region `anc` set this floor (so that it binds the regions below)?"""
        if self.region is not None:
            return anc == self.region
        reg = corpus.regions.get(anc)
        return reg is not None and self.level is not None and reg.level.value == self.level

    def scope_text(self) -> str:
        return f"region {self.region}" if self.region else f"every {self.level}"


def floor_of(entry: dict) -> Floor:
    """A floor from one `floors:` entry (rules/data/floors.yaml or a repository's own file)."""
    region, level = entry.get("region"), entry.get("level")
    if not entry.get("indicator") or not entry.get("reason"):
        raise ValueError("a floor needs `indicator` and `reason`")
    if region is not None and level is not None:
        raise ValueError(f"floor {entry.get('indicator')!r} names both `region` and `level`: give the one whose plan "
                         f"sets it")
    if region is None and level is None:
        level = "province"  # each province's plan, for its own regions only
    binding = entry.get("binding")
    return Floor(entry["indicator"], entry.get("name", entry["indicator"]), " ".join(str(entry["reason"]).split()),
                 None if region is None else str(region), None if level is None else str(level),
                 None if binding is None else str(binding))


@cache
def floors() -> dict[str, list[Floor]]:
    """The built-in floors (rules/data/floors.yaml), by indicator key. Each names the region (or
    the level) whose plan sets it; a floor binds only the regions below its setter."""
    text = resources.files("plancheck.rules").joinpath("data/floors.yaml").read_text("utf-8")
    data, _ = yamlsrc.load(text)
    out: dict[str, list[Floor]] = defaultdict(list)
    for e in (data or {}).get("floors") or []:
        f = floor_of(e)
        out[f.indicator].append(f)
    return dict(out)


def floor_for(corpus: Corpus, indicator: str, anc: str) -> Floor | None:
    """The floor for `indicator` that the plan of region `anc` sets, if any."""
    declared = getattr(corpus, "floors", None)
    declared = floors() if declared is None else declared
    return next((f for f in declared.get(indicator, []) if f.set_by(corpus, anc)), None)


def _binding_printed(corpus: Corpus, floor: Floor, tops: list[FactRef]) -> bool:
    """Does the setter's document print the words that make the floor bind each region?"""
    if not floor.binding:
        return False
    return any(t.lp.source is not None and t.lp.source.find(floor.binding) for t in tops)


def _boundary_only(low: Interval, top: Interval) -> bool:
    """The two ranges differ only in whether an endpoint is included (90 against >90)."""
    return Interval(low.lo, low.hi).within(Interval(top.lo, top.hi))


def floor_bound(ref: FactRef, better: Better) -> Interval:
    """What a target allows, in base units, read as a floor: a plain target number (`=`, 达到) is
    "at least" (for `better: lower`, "at most"); `>`, `>=`, `<`, `<=` and `~` keep their meaning."""
    f = ref.fact
    cmp = f.comparator
    if cmp == Comparator.eq:
        cmp = Comparator.le if better == Better.lower else Comparator.ge
    return of_value(f.value, cmp).scale(ref.unit.factor)


def _in_unit(b: Interval, factor: Decimal) -> str:
    """A base-unit range shown in a printed unit."""
    return b.scale(1 / factor).text() if factor != 1 else b.text()


class FrameworkFloor(Rule):
    """A provincial target that binds every region: each lower region's target must meet it.

    **What it does.** For each indicator declared a floor in `rules/data/floors.yaml` (each with
    its reason: 依申请政务服务办件“一网通办”率, 网络安全等级保护落实率, 公共数据开放率), it groups the
    facts by (indicator, ancestor region, year) and checks every target (table target or text
    goal) of a lower region — a city, or a county under it — against each target of the
    ancestor for the same year, in base units (`%` as a fraction, `万` resolved). A target meets
    the floor when every value it allows is allowed by the floor (`plancheck.bounds`,
    `Interval.within`): a plain target number (达到) means "at least", `>90` excludes 90 itself,
    `左右` (~) allows its written interval. Only official plans are used (an unofficial copy is
    left to the edition rules). An error names both statements, their comparators and ranges;
    a lower target stated only as `左右` is a warning (an approximate aim, not a clash).

    **Scope and certainty.** Each floor names the region (or the level) whose plan sets it; it
    binds only the regions below that region, so a floor of one province never applies to
    another province's cities. A miss is an **error** only when the documents establish the
    premise — the setter's own text, quoted as `binding:` in floors.yaml and found in its
    source, says the figure binds each region — and the clash is more than an inclusive /
    exclusive boundary. A floor that only floors.yaml declares, or a difference only at the
    boundary (90 against >90), is a **warning**, with `premise` and `boundary_only` in its values.

    **Why is this bad?** A city that writes a lower bar than the provincial standard either has
    not aligned its plan with the province, or the province's figure cannot be met across the
    province: either way one of the two documents has to change.

    **Example (fails).** Zhejiang's target table: `依申请政务服务办件“一网通办”率 % 81.6 >90`;
    Huzhou's: `依申请政务服务办件一网通办率(% 85 90` and `到2025年,依申请政务服务办件“一网通办”率
    达到90%`. Huzhou's 90 (达到: at least 90) allows exactly 90, which the province's `>90`
    excludes.

    **Example (passes).** Jiaxing's `依申请政务服务办件“一网通办”率 % / 92`: every value ≥ 92 is
    above 90. Huzhou's `网络安全等级保护落实率达到90%` against Zhejiang's `网络安全等级保护落实率
    % / 90`: both "at least 90".
    """

    code = "PC201"
    name = "framework-floor"
    severity = Severity.error
    scope = Scope.hierarchy
    messages = ("below-floor",)

    def check(self, corpus):
        for (ind, anc, year), below in sorted(corpus.hierarchy_groups()):
            floor = floor_for(corpus, ind, anc)
            if floor is None:
                continue  # no floor, or one that another region's plan sets
            indicator = corpus.indicator(ind)
            better = indicator.better if indicator is not None else Better.higher
            tops = uniq(r for r in corpus.facts_at(ind, anc, year)
                        if usable(corpus, r) and r.fact.role in AIMS and r.fact.kind != Kind.cumulative)
            if not tops:
                continue
            for region, refs in sorted(below.items()):
                by_plan: dict[str, list[FactRef]] = defaultdict(list)
                for r in uniq(refs):
                    if usable(corpus, r) and r.fact.role in AIMS and r.fact.kind != Kind.cumulative:
                        by_plan[r.lp.plan.id].append(r)
                for pid, lows in sorted(by_plan.items()):
                    yield from self._compare(corpus, floor, better, anc, region, year, pid, lows, tops)

    def _compare(self, corpus, floor, better, anc, region, year, pid, lows, tops):
        fails = []
        for lo in lows:
            for top in tops:
                if not lo.unit.compatible(top.unit):
                    continue  # PC105 reports incompatible units
                if not floor_bound(lo, better).within(floor_bound(top, better)):
                    fails.append((lo, top))
        if not fails:
            return
        lows_f = uniq(lo for lo, _ in fails)
        tops_f = uniq(t for _, t in fails)
        approx = all(lo.fact.comparator == Comparator.about for lo in lows_f)
        boundary = all(_boundary_only(floor_bound(lo, better), floor_bound(top, better)) for lo, top in fails)
        printed = _binding_printed(corpus, floor, tops)
        # an error needs the documents to establish the premise (the setter says its figure binds
        # each region) and a clash beyond an inclusive/exclusive boundary; else a warning
        certain = printed and not boundary and not approx
        top = tops_f[0]
        rn, an = region_name(corpus, region), region_name(corpus, anc)
        low_s = "、".join(sorted({stated(r) for r in lows_f}))
        top_s = "、".join(sorted({stated(r) for r in tops_f}))
        yield self.finding(
            "below-floor", corpus,
            plans=[pid, *(t.lp.plan.id for t in tops_f)],
            key=f"{pid}/{region}/{floor.indicator}/{year}/floor-of/{anc}",
            severity=None if certain else Severity.warning,
            values={
                "indicator": floor.indicator,
                "year": str(year),
                "stated": low_s,
                "stated_comparators": ", ".join(sorted({r.fact.comparator.value for r in lows_f})),
                "stated_range": "; ".join(_in_unit(floor_bound(r, better), top.unit.factor) for r in lows_f),
                "floor": top_s,
                "floor_comparators": ", ".join(sorted({t.fact.comparator.value for t in tops_f})),
                "floor_range": "; ".join(_in_unit(floor_bound(t, better), top.unit.factor) for t in tops_f),
                "unit": top.fact.unit,
                "reason": floor.reason,
                "floor_set_by": floor.scope_text(),
                "premise": "printed by the setter: " + floor.binding if printed else
                           "declared in rules/data/floors.yaml only (the documents do not say the figure binds each region)",
                "boundary_only": str(boundary).lower(),
                "binding": "printed" if printed else "declared",
                "region_name": rn, "parent_name": an, "name": floor.name,
            },
            facts=[*lows_f, *tops_f],
        )
