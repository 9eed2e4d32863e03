from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from plancheck import figures
from plancheck.findings import Severity
from plancheck.intervals import Interval, cagr
from plancheck.models.catalog import Dimension
from plancheck.rules.base import Rule, Scope
from plancheck.rules.context import Corpus, FactRef
from plancheck.rules.links import parts_of, words_of
from plancheck.rules.pc201_framework_floor import kind_class, pick, region_name, role_kind, stated, usable

ADDITIVE_DIMS = {Dimension.money, Dimension.count}


def level_range(ref: FactRef, exact_targets: bool = False) -> Interval:
    """A fact's value in base units. A target is read as the level it names ("if met exactly"),
    whatever its comparator: as its written interval for the error tests (a sum must pass the
    target's rounding to count), as the exact number for the information (a target is a number
    chosen, not measured). An actual value keeps its comparator's range, with 0 as the floor of
    a count or amount stated only as an upper bound. Ends are read closed (`超过X` as [X, ∞)):
    a difference only at an inclusive/exclusive end is never an error here."""
    if role_kind(ref) == "target":
        if exact_targets:
            return Interval.exact(ref.fact.value * ref.unit.factor)
        return ref.base_interval()
    b = ref.allowed
    return Interval(b.lo if b.lo is not None else Decimal(0), b.hi)


@dataclass
class Group:
    """The facts of one (indicator, parent region, year, role kind, kind class)."""

    indicator: str
    parent: str
    year: int
    role: str  # actual | target
    kclass: str
    top: FactRef
    kids: dict[str, FactRef] = field(default_factory=dict)  # child region -> its fact
    missing: list[str] = field(default_factory=list)  # registry children without a comparable value
    apart: dict[str, FactRef] = field(default_factory=dict)  # child region -> its differently qualified fact
    unsure: dict[str, tuple] = field(default_factory=dict)  # child -> axes one label says and the other not

    @property
    def factor(self) -> Decimal:
        return self.top.unit.factor

    @property
    def places(self) -> int:
        """Decimals to show sums in the parent's unit: enough for the finest child figure."""
        return figures.places_of(((k.fact.value, k.unit.factor) for k in self.kids.values()), self.factor, least=2)

    def total(self, exact: bool = False) -> Interval:
        return level_range(self.top, exact)

    def kids_sum(self, regions=None, exact: bool = False) -> Interval:
        out = Interval.exact(Decimal(0))
        for r, ref in sorted(self.kids.items()):
            if regions is None or r in regions:
                out = out + level_range(ref, exact)
        return out


def _rng(r: Interval, factor: Decimal, places: int = 2) -> str:
    """`[lo, hi]` in a printed unit, a whole number without decimals (30 家, not 30.00); a single
    number when exact (targets read as stated)."""
    def num(x: Decimal) -> str:
        return figures.computed(x, places, whole=True, factor=factor)

    if r.hi is not None and r.lo == r.hi:
        return num(r.lo)
    return figures.interval(r, num)


def _pct(part: Interval, whole: Interval) -> str:
    """part / whole in percent, as an interval (open above when part has no upper bound); one
    number when both are exact (targets read as stated)."""
    share = part.percent_of(whole) if whole.hi is not None and whole.lo > 0 else None
    if share is None:
        return "?"
    def num(x: Decimal) -> str:
        return figures.computed(x, 2, whole=True) + "%"

    return num(share.point) if share.point is not None else figures.interval(share, num)


def _apart(corpus: Corpus, g: Group) -> dict:
    """The children kept out of the sum: another quantity than the total's (开通 against 建成:
    `other`), or, where the total's label does not say, quantities the children name differently
    from each other (`mixed`)."""
    said = words_of(g.top)
    return {"apart": ("other" if said != "—" else "mixed") if g.apart else "none", "parent_words": said,
            "apart_regions": [{"region_name": region_name(corpus, r), "region_stated": stated(k),
                               "region_words": words_of(k)} for r, k in g.apart.items()]}


def _labels(corpus: Corpus, g: Group, regions) -> dict:
    """Whether every label among `regions` says what it counts as the total's does (`labels`:
    same | unsure: one says 累计建成, the other nothing), with the children kept apart."""
    unsure = [r for r in sorted(regions) if r in g.unsure]
    return {"labels": "unsure" if unsure else "same", **_apart(corpus, g),
            "unsure_regions": [{"region_name": region_name(corpus, r), "region_words": words_of(g.kids[r])}
                               for r in unsure]}


def _by_parent(corpus: Corpus) -> dict[tuple[str, str], list[int]]:
    """(parent region, indicator) -> the years with facts below the parent, sorted, for the
    additive indicators: the parts of the rule (memoised on the corpus)."""
    memo = corpus.derived.get("pc202-parts")
    if memo is None:
        memo = defaultdict(list)
        for ind, parent, year in sorted(k for k, _ in corpus.hierarchy_groups()):
            indicator = corpus.indicator(ind)
            if indicator is not None and indicator.additive and indicator.dimension in ADDITIVE_DIMS:
                memo[(parent, ind)].append(year)
        memo = corpus.derived["pc202-parts"] = dict(sorted(memo.items()))
    return memo


def part_groups(corpus: Corpus, parent: str, ind: str) -> list[Group]:
    """The groups of one parent region and indicator, by year (memoised on the corpus: the
    findings and the table of a part read the same groups)."""
    memo = corpus.derived.setdefault("pc202-groups", {})
    if (parent, ind) not in memo:
        memo[(parent, ind)] = [g for year in _by_parent(corpus).get((parent, ind), [])
                               for g in _year_groups(corpus, ind, parent, year)]
    return memo[(parent, ind)]


def groups(corpus: Corpus) -> list[Group]:
    """Every (indicator, parent, year, role kind, kind class) with a parent value and a child
    value, by parent region and indicator."""
    return [g for parent, ind in _by_parent(corpus) for g in part_groups(corpus, parent, ind)]


def _year_groups(corpus: Corpus, ind: str, parent: str, year: int) -> list[Group]:
    """The groups of one (indicator, parent, year), by role kind and kind class. Built from the
    hierarchy index: each fact is looked at once per ancestor, never plan against plan."""
    out = []
    below = corpus.below(ind, parent, year)
    kids_by = defaultdict(lambda: defaultdict(list))
    for region, refs in below.items():
        reg = corpus.regions.get(region)
        if reg is None or reg.parent != parent:
            continue  # direct children only: counties are summed into their city, not the province
        for r in refs:
            if usable(corpus, r):
                kids_by[(role_kind(r), kind_class(corpus, r))][region].append(r)
    if not kids_by:
        return out
    tops_by = defaultdict(list)
    for r in corpus.facts_at(ind, parent, year):
        if usable(corpus, r):
            tops_by[(role_kind(r), kind_class(corpus, r))].append(r)
    children = [c.code for c in corpus.regions.children(parent)]
    for (role, kc), kid_refs in sorted(kids_by.items()):
        top = pick(tops_by.get((role, kc), []))
        if top is None:
            continue
        parts = parts_of(top, {region: [r for r in refs if r.unit.compatible(top.unit)]
                               for region, refs in kid_refs.items()}, pick)
        if parts.kept:
            out.append(Group(ind, parent, year, role, kc, top, parts.kept,
                             [c for c in children if c not in parts.kept], parts.apart, parts.unsure))
    return out


def _pairs(gs: list[Group]) -> dict[int, tuple[Group, Group]]:
    """For each target group: the actual group of the same indicator/parent, latest year before it."""
    actual = defaultdict(list)
    for g in gs:
        if g.role == "actual" and g.kclass == "level":
            actual[(g.indicator, g.parent)].append(g)
    out = {}
    for g in gs:
        if g.role == "target" and g.kclass == "level":
            before = [a for a in actual.get((g.indicator, g.parent), []) if a.year < g.year]
            if before:
                out[id(g)] = (max(before, key=lambda a: a.year), g)
    return out


def rest_growth(a: Group, t: Group) -> dict | None:
    """The growth the regions without a value must achieve from a.year to t.year, if the parent's
    and the covered children's values hold: ((P1 - ΣC1) / (P0 - ΣC0))^(1/n) - 1, over the children
    with a value in both years."""
    both = sorted(set(a.kids) & set(t.kids))
    if not both:
        return None
    p0, p1 = a.total(True).interval(), t.total(True).interval()
    c0, c1 = a.kids_sum(both, True).interval(), t.kids_sum(both, True).interval()
    if None in (p0, p1, c0, c1):
        return None
    if not a.top.unit.compatible(t.top.unit):
        return None
    r0, r1 = p0 - c0, p1 - c1
    n = t.year - a.year
    out = {"regions": both, "rest_start": r0, "rest_end": r1, "years": n}
    if r0.lo > 0 and r1.lo > 0:
        out["rest_cagr"] = cagr(r0, r1, n)
    out["parent_cagr"] = cagr(p0, p1, n) if p0.lo > 0 and p1.lo > 0 else None
    return out


class AdditiveSum(Rule):
    """The cities' values of an additive indicator add up to no more than the province's.

    **What it does.** For each catalog indicator with `additive: true` (counts and money: 5G
    base stations, patents, enterprises, online retail, software revenue, racks, factories...)
    it groups the facts by (indicator, parent region, year, role kind) — actual values
    (baseline/history) and targets (target/goal) kept apart, 累计 counts apart from levels — and
    compares the parent's value with its direct children's, from official plans only (a plan
    with `edition_of` is skipped), in base units (6.3 万个 = 63000 个) with interval arithmetic
    on the written precision. Targets are read as the levels they name ("if met exactly"): the
    error tests allow for their written precision (a sum must pass `20 万` by more than its
    rounding), the information uses them as the exact numbers they are (a target is chosen, not
    measured); actual values are always intervals (`超过` as history: a lower bound only).

    Qualifiers are part of a quantity (`rules/links.py`, words in `plancheck/data/vocab.yaml`):
    each figure's qualifiers — what state the things are in (建成 built, 开通 opened, 在建...),
    a stock or an addition (累计, 新增), which money measure (产值, 增加值, 营收) — are read from
    its `qualifier`, its printed name and the clause of its quote that leads to the figure. Only
    the children whose qualifiers agree with the parent's are summed: a child whose figure is
    another quantity (a county's 累计建成 under a city's 累计开通) is kept apart, and the finding
    names it; where the parent's label does not say (a table's bare `5G基站数量`) and the
    children say different things (建成 and 开通), those children are kept apart too, so a sum
    never adds opened counts to built counts.

    - A single child's value above the parent's is an error: most likely a 万/亿 slip.
    - The children's sum above the parent's is an error.
    - Otherwise it reports (info) each child's share of the parent, the remainder left for the
      children without a value in the corpus, named from the region registry (partial
      coverage, as VTL's `check_hierarchy`), and — where the parent and the covered children
      have both an actual value and a later target — the average annual growth the remaining
      regions must then achieve, next to the parent's own.

    - Where one label says what it counts and the other does not (a county's 累计开通 under the
      table's `5G基站数量`), either error above is a warning: the numbers disagree only if both
      count the same thing, and the labels do not show that they do.

    **Readings considered.** Targets as the levels they name (and, for the errors, within their
    written precision); actual values as what their statements allow (超X only from below);
    built and opened (and the other qualifier classes) as different quantities, never added;
    an unqualified label as possibly either (a warning at most).

    `tables()` gives one table per parent region and indicator (rows: year and role kind;
    columns: parent, each child, sum, share, remainder) for the report's cross-plan section.

    **Why is this bad?** A city cannot hold more of something than its province; a provincial
    target below the sum of its cities' targets means the province under-plans or a city
    over-plans; and a remainder that demands implausible growth from the other cities shows a
    provincial target not backed by its regions.

    **Example (fails).** A city plan that prints 5G基站 `4500 万个` instead of `4500 个`:
    45 000 000 stations against the province's `5G 基站数量 万个 6.3` (63 000).

    **Example (passes).** Jiaxing's `5G基站数量 个 4500` and Huzhou's `5G基站数量(个) 4028`
    against Zhejiang's 6.3 万个 in 2020: 7.1% and 6.4% of the province, 9 cities (杭州市,
    宁波市...) with about 54 000 stations between them.
    """

    code = "PC202"
    name = "additive-sum"
    severity = Severity.error
    scope = Scope.hierarchy
    messages = ("over-parent", "sum-over-parent", "shares")

    def parts(self, corpus):
        """One part per parent region and indicator (all its years): the sums of a province's
        cities are the province's work, those of a city's counties the city's."""
        return [(parent, (parent, ind)) for parent, ind in _by_parent(corpus)]

    def check_part(self, corpus, part):
        gs = part_groups(corpus, *part)
        pairs = _pairs(gs)
        for g in gs:
            yield from self._group(corpus, g, pairs.get(id(g)))

    def _group(self, corpus, g: Group, pair):
        ind = corpus.indicator(g.indicator)
        pn = region_name(corpus, g.parent)
        total = g.total()
        base = f"{g.parent}/{g.indicator}/{g.year}/{g.role}/{g.kclass}"
        what = "目标" if g.role == "target" else "实际值"
        what_en = "targets (read as levels)" if g.role == "target" else "actual values"
        plans = [g.top.lp.plan.id, *(k.lp.plan.id for k in g.kids.values())]
        f = g.factor
        unit = g.top.fact.unit
        over = []
        for region, k in sorted(g.kids.items()):
            kr = level_range(k)
            if total.hi is not None and kr.lo > total.hi:
                over.append(region)
                kn = region_name(corpus, region)
                yield self.finding(
                    "over-parent", corpus,
                    plans=[g.top.lp.plan.id, k.lp.plan.id],
                    key=f"{base}/{region}/over-parent",
                    values={"indicator": g.indicator, "year": str(g.year), "basis": what_en,
                            "stated": stated(k), "parent": stated(g.top),
                            "stated_base": _rng(kr, Decimal(1), 0), "parent_base": _rng(total, Decimal(1), 0),
                            "ratio": _pct(kr, total), "region_name": kn, "parent_name": pn, "name": ind.name,
                            **_labels(corpus, g, [region])},
                    facts=[k, g.top], severity=Severity.warning if region in g.unsure else Severity.error,
                )
        s = g.kids_sum()
        if not over and len(g.kids) > 1 and total.hi is not None and s.lo > total.hi:
            yield self.finding(
                "sum-over-parent", corpus,
                plans=plans, key=f"{base}/sum",
                values={"indicator": g.indicator, "year": str(g.year), "basis": what_en, "parent": stated(g.top),
                        "sum": f"{_rng(s, f, g.places)} {unit}", "unit": unit, "parent_name": pn, "name": ind.name,
                        **{f"{region_name(corpus, r)} ({r})": stated(k) for r, k in sorted(g.kids.items())},
                        **_labels(corpus, g, g.kids)},
                facts=[g.top, *(k for _, k in sorted(g.kids.items()))],
                severity=Severity.warning if g.unsure else Severity.error,
            )
            return
        if over:
            return
        yield self._info(corpus, g, pair, base, plans, what, what_en)

    def _info(self, corpus, g: Group, pair, base, plans, what, what_en):
        ind = corpus.indicator(g.indicator)
        pn = region_name(corpus, g.parent)
        total, s, f, unit = g.total(True), g.kids_sum(exact=True), g.factor, g.top.fact.unit
        rem = total - s if s.hi is not None else None
        shares = {f"share {region_name(corpus, r)} ({r})": f"{stated(k)} = {_pct(level_range(k, True), total)}"
                  for r, k in sorted(g.kids.items())}
        missing = [region_name(corpus, r) for r in g.missing]
        values = {"indicator": g.indicator, "year": str(g.year), "basis": what_en, "parent": f"{pn} {stated(g.top)}",
                  **shares, **_apart(corpus, g), "sum": f"{_rng(s, f, g.places)} {unit}", "sum_share": _pct(s, total),
                  "remainder": f"{_rng(rem, f, g.places)} {unit}" if rem is not None else "?",
                  "coverage": f"{len(g.kids)}/{len(g.kids) + len(g.missing)}",
                  "missing": "、".join(missing) or "—"}
        # the message's own fields: each child with its share, the regions without a value
        values.update(
            name=ind.name, parent_name=pn, parent_stated=stated(g.top), cover="partial" if missing else "complete",
            n_missing=str(len(missing)), missing_regions=[{"region_name": m} for m in missing], rest="none",
            regions=[{"region_name": region_name(corpus, r), "region_stated": stated(k),
                      "region_share": _pct(level_range(k, True), total)} for r, k in sorted(g.kids.items())])
        facts = [g.top, *(k for _, k in sorted(g.kids.items()))]
        if pair is not None and missing:
            a, t = pair
            rg = rest_growth(a, t)
            if rg is not None:
                values["rest_years"] = f"{a.year}-{t.year}"
                values["rest_start"] = f"{rg['rest_start'].scale(1 / a.factor).fmt(a.places)} {a.top.fact.unit}"
                values["rest_end"] = f"{rg['rest_end'].scale(1 / f).fmt(g.places)} {unit}"
                values["rest_over"] = "、".join(region_name(corpus, r) for r in rg["regions"])
                if rg.get("parent_cagr") is not None:
                    values["parent_cagr_pct"] = rg["parent_cagr"].fmt(2)
                if rg.get("rest_cagr") is not None:
                    values["rest_cagr_pct"] = rg["rest_cagr"].fmt(2)
                    values.update(rest="cagr-parent" if rg.get("parent_cagr") is not None else "cagr",
                                  rest_from=str(a.year), rest_to=str(t.year))
                else:
                    values["rest_cagr_pct"] = "n/a (the remainder is not positive in both years)"
                facts += [a.top, *(a.kids[r] for r in rg["regions"])]
        return self.finding("shares", corpus, plans=plans, key=f"{base}/shares", values=values, facts=facts,
                            severity=Severity.info)

    def tables_part(self, corpus, part):
        items = part_groups(corpus, *part)
        pairs = _pairs(items)
        out = []
        if items:
            parent, ind_key = part
            ind = corpus.indicator(ind_key)
            pn = region_name(corpus, parent)
            kid_codes = sorted({r for g in items for r in g.kids})
            kid_cols = [f"{region_name(corpus, r)}" for r in kid_codes]
            cols = ["指标 / indicator", "年份 / year", "口径 / basis", pn, *kid_cols,
                    "合计 / sum", "占比 / share", "其余 / remainder"]
            rows, notes = [], []
            for g in sorted(items, key=lambda g: (g.year, g.role, g.kclass)):
                total, s, unit = g.total(True), g.kids_sum(exact=True), g.top.fact.unit
                rem = total - s if s.hi is not None else None
                row = {"指标 / indicator": f"{ind.name} ({ind_key})", "年份 / year": str(g.year),
                       "口径 / basis": ("目标 / target" if g.role == "target" else "实际 / actual")
                       + ("" if g.kclass == "level" else f" ({g.kclass})"),
                       pn: stated(g.top), "合计 / sum": f"{_rng(s, g.factor, g.places)} {unit}",
                       "占比 / share": _pct(s, total), "其余 / remainder": f"{_rng(rem, g.factor, g.places)} {unit}" if rem else "?"}
                for r, col in zip(kid_codes, kid_cols, strict=True):
                    row[col] = stated(g.kids[r]) if r in g.kids else "—"
                rows.append(row)
                if g.apart:
                    notes.append(f"{g.year} {g.role}: 口径不同、未计入 / kept apart (another quantity): " + "、".join(
                        f"{region_name(corpus, r)} {stated(k)} ({words_of(k)})" for r, k in g.apart.items()))
                if g.missing:
                    notes.append(f"{g.year} {g.role}: 无数值的下级地区 / regions without a value: "
                                 + "、".join(region_name(corpus, r) for r in g.missing))
                pair = pairs.get(id(g))
                if pair is not None and g.missing:
                    rg = rest_growth(*pair)
                    if rg is not None and rg.get("rest_cagr") is not None:
                        notes.append(f"{pair[0].year}—{g.year}: 其余地区须年均增长 / the other regions must grow "
                                     f"{rg['rest_cagr'].fmt(2)}% a year"
                                     + (f"（{pn} {rg['parent_cagr'].fmt(2)}%）" if rg.get("parent_cagr") else ""))
            out.append({"title": f"{ind.name} ({ind_key}): {pn} / 下级地区", "columns": cols, "rows": rows,
                        "notes": notes})
        return out
