from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from plancheck.bounds import of_fact, of_value
from plancheck.findings import Severity
from plancheck.growth import check_growth
from plancheck.intervals import Interval
from plancheck.models.catalog import Better
from plancheck.models.plan import ACTUAL_ROLES, AIM_ROLES, Comparator, Kind
from plancheck.rules.base import Rule, Scope
from plancheck.rules.multiples import comparisons

ACTUAL = ACTUAL_ROLES
AIM = AIM_ROLES
MET, MISSED, UNKNOWN = "met", "missed", "not demonstrated"
VERDICT_ZH = {MET: "已实现", MISSED: "未实现", UNKNOWN: "无法证明已实现"}


@dataclass
class Outcome:
    """One earlier target (a fact or a growth claim) against what later documents report."""

    target_plan: str
    item_id: str
    indicator: str
    region: str
    year: int
    verdict: str
    target_text: str
    target_range: Interval
    reported_text: str
    reported_short: str  # the same without plan ids, for the message
    reported_range: str  # the reported value's (or computed growth's) range, as text
    unit: str
    scope_notes: list[str]
    target_ev: list
    outcome_refs: list  # FactRefs the verdict rests on (the deciding ones first)
    growth: bool = False
    approx: bool = False


class TargetOutcome(Rule):
    """An earlier plan's target for a year against the value a later plan reports for that year.

    **What it does.** For one region, takes each target of an official plan (table target
    column, text goal) for year Y and looks for the value of the same indicator for Y that a
    later official document reports (table base column, text history; a `*` cell counts for the
    year its footnote names). Indicators renamed between plan generations are followed through
    the catalog's `successor_of` (the newer key lists the older keys it continues); keys of a
    different measure or dimension (产值 against 增加值, a count against a rate) are never
    matched. Facts are grouped by (indicator lineage, region, year), so plans are compared only
    where they speak about the same quantity.

    Each statement is a range (`plancheck.bounds`): a target `突破400` is (400, ∞), a plain
    table target `1350` is "reach 1350" (from 1349.5 up, or down for a lower-is-better
    indicator); a report `超350` is (350, ∞), `1857.4` is [1857.35, 1857.45]. The target is
    **met** when every value the report allows lies in the target's range, **missed** when none
    does, and **not demonstrated** otherwise. A growth target whose start value some official
    document reports (`比2015年翻一番` with a 2015 value) is judged the same way on the growth
    the reported end value gives.

    Severity: missed is a warning (a fact about the world, not an error in a document); not
    demonstrated is a warning too — a reviewer must chase it — naming the figure that would
    settle it; met gives no finding and is listed in the summary table. A miss against an
    approximate target (左右, 约) is information. A target is the exact number chosen (达到1350 is
    1350, not 1349.5), with its comparator; only reported values stand for the interval of their
    written precision. A target stated both as a number and as a multiple of a base (突破1600,
    比2015年翻一番) is two claims: when any official document states the base year's value, the
    rule reports (info) what the multiple asks for next to the number, with both figures. When the two indicators'
    scopes differ (重点企业 against all enterprises), the catalog's `scope_note` is quoted in
    the message.

    **Why is this bad?** A plan that sets a target and a later plan that reports the year's
    value let a reader see whether the target was reached; a missed target the later plan does
    not mention is what a reviewer wants to find, and a lower bound (`超350`) cannot show that a
    higher one (`突破400`) was reached.

    **Example (fails).** Jiaxing's 2016 opinions: `智能终端及配套产品产值突破400亿元` (2020);
    Jiaxing's 2021 plan reports `智能终端产业产值超350亿元` for 2020: not demonstrated (the
    value is somewhere above 350). `培育5家产值超100亿元以上的互联网经济龙头企业` against
    `全市数字产业规模超100亿元企业4家`: missed.

    **Example (passes).** `全市网络零售额力争突破1600亿元，比2015年翻一番` against
    `全市网络零售额从2015年的835.6亿元上升至2020年的1857.4亿元`: 1857.4 > 1600, and
    1857.4 / 835.6 = 2.22 ≥ 2: met.
    """

    code = "PC301"
    name = "target-outcome"
    severity = Severity.warning
    scope = Scope.generations
    messages = ("outcome", "number-vs-multiple")

    def __init__(self, severity=None, params=None):
        super().__init__(severity, params)
        self._cache: WeakKeyDictionary = WeakKeyDictionary()

    def check(self, corpus):
        yield from self._number_vs_multiple(corpus)
        for o in self.outcomes(corpus):
            if o.verdict == MET:
                continue
            # missed: a warning (info against an approximate aim); not demonstrated: a warning
            # too, naming the figure that would settle it (a reviewer must chase it)
            sev = Severity.info if o.verdict == MISSED and o.approx else Severity.warning
            later = sorted({r.plan.id for r in o.outcome_refs})
            yield self.finding(
                "outcome", corpus,
                plans=[o.target_plan, *later],
                key=f"{o.target_plan}/{o.item_id}/{o.region}/{o.year}",
                values={
                    # the message's own fields
                    "target_plan": o.target_plan, "item": o.item_id, "indicator": o.indicator,
                    "reported_short": o.reported_short, "aim": "growth-target" if o.growth else "level-target",
                    "later": [{"plan": p} for p in later], "scopes": [{"note": n} for n in o.scope_notes],
                    "scope": "scopes-differ" if o.scope_notes else "same-scope",
                    "settle": "span-ends" if o.growth else "exact-figure",
                    "verdict": o.verdict,
                    "year": str(o.year),
                    "region": o.region,
                    "target": o.target_text,
                    "target_range": o.target_range.text(),
                    "reported": o.reported_text,
                    "reported_range": o.reported_range,
                    "unit": o.unit,
                    **({"would_settle": settle_en(o)} if o.verdict == UNKNOWN else {}),
                },
                facts=[*o.target_ev, *o.outcome_refs],
                severity=sev,
            )

    def _number_vs_multiple(self, corpus):
        """A target stated as a number and as a multiple of a base: what the multiple asks for (info)."""
        for c in comparisons(corpus):
            n, g = c.number, c.claim
            req = f"{c.required.fmt(1)} {n.fact.unit}"
            mult = f"{format(g.rate, 'f')}{'x' if g.measure == 'multiple' else '%'}"
            base = f"{_label(c.base.fact)} ({g.start.year}, {c.base.lp.plan.id})"
            yield self.finding(
                "number-vs-multiple", corpus,
                plans=[c.plan, c.base.lp.plan.id], key=f"{c.plan}/{g.id}/number-vs-multiple", severity=Severity.info,
                values={"number": _label(n.fact), "multiple": mult, "base": base, "required_by_multiple": req,
                        "relation": c.relation, "year": str(g.end.year),
                        "plan": c.plan, "claim": g.id, "start_year": str(g.start.year)},
                facts=[(n.lp, g), n, c.base],
            )

    def tables(self, corpus):
        rows = []
        for o in self.outcomes(corpus):
            rows.append({
                "地区 region": o.region,
                "指标 indicator": o.indicator,
                "年份 year": str(o.year),
                "目标 target": f"{o.target_plan}: {o.target_text}",
                "报告 reported": o.reported_text,
                "结论 verdict": f"{VERDICT_ZH[o.verdict]} {o.verdict}",
                "口径 scope": "; ".join(o.scope_notes),
            })
        if not rows:
            return []
        return [{
            "title": "PC301 目标与实绩 / targets against outcomes",
            "columns": ["地区 region", "指标 indicator", "年份 year", "目标 target", "报告 reported", "结论 verdict",
                        "口径 scope"],
            "rows": rows,
            "notes": ["met: the reported range lies within the target's; missed: they do not meet; "
                      "not demonstrated: they partly overlap (e.g. 超350 against 突破400)."],
        }]

    # -- evaluation, shared by check() and tables()
    def outcomes(self, corpus) -> list[Outcome]:
        if corpus in self._cache:
            return self._cache[corpus]
        reported = defaultdict(list)  # (lineage, region, data year) -> reported values in official plans
        for ref in corpus.facts:
            if ref.fact.role in ACTUAL and ref.fact.value is not None and ref.unit is not None and corpus.official(ref.lp):
                reported[(corpus.lineage(ref.fact.indicator), ref.region, ref.data_year)].append(ref)
        out: list[Outcome] = []
        for lp in corpus.plans:
            if not corpus.official(lp):
                continue
            for f in lp.plan.facts:
                if f.role not in AIM or f.value is None:
                    continue
                t = corpus.fact(lp.plan.id, f.id)
                if t.unit is None:
                    continue
                cands = _later(corpus, lp, reported.get((corpus.lineage(f.indicator), t.region, t.data_year), []), t)
                if cands:
                    out.append(_judge_fact(corpus, t, cands))
            for g in lp.plan.growth:
                o = _judge_growth(corpus, lp, g, reported)
                if o is not None:
                    out.append(o)
        out.sort(key=lambda o: (o.target_plan, o.region, o.indicator, o.year, o.item_id))
        self._cache[corpus] = out
        return out


def comparable(corpus, a: str, b: str) -> bool:
    """Two catalog keys may stand for the same quantity: same lineage, same measure and dimension."""
    if corpus.lineage(a) != corpus.lineage(b):
        return False
    ia, ib = corpus.indicator(a), corpus.indicator(b)
    if ia is None or ib is None:
        return a == b
    return ia.measure == ib.measure and ia.dimension == ib.dimension


def scope_notes(corpus, keys, names=()) -> list[str]:
    """The catalog's scope notes when the statements differ in key or in printed name."""
    keys = sorted(set(keys))
    if len(keys) < 2 and len({unicodedata.normalize("NFKC", n).strip() for n in names}) < 2:
        return []
    out = []
    for k in keys:
        ind = corpus.indicator(k)
        if ind is not None and ind.scope_note:
            out.append(f"{k} ({ind.name}): {ind.scope_note}")
        elif ind is not None and len(keys) > 1:
            out.append(f"{k} ({ind.name})")
    return out


def _later(corpus, lp, refs, target):
    """Reported values from official plans issued after the target's plan, of a comparable key and kind."""
    return [r for r in refs
            if r.plan.id != lp.plan.id and r.plan.issued.date > lp.plan.issued.date
            and comparable(corpus, target.fact.indicator, r.fact.indicator)
            and corpus.span_kind(r) == corpus.span_kind(target)
            and r.unit.compatible(target.unit)]


def target_bound(corpus, ref) -> Interval:
    """What a target asks for, in its printed unit: a plain or approximate figure is "reach X".

    A target is the exact number chosen (达到1350 is 1350, not 1349.5), with its comparator; only
    the reported value stands for the interval of its written precision. A 保持 (maintain) aim
    keeps its written interval: it is "about X" by design."""
    f = ref.fact
    ind = corpus.indicator(f.indicator)
    better = ind.better if ind is not None else Better.higher
    if f.comparator in (Comparator.eq, Comparator.about) and f.kind != Kind.maintain:
        if better == Better.higher:
            return Interval(f.value, None, approx=f.comparator == Comparator.about)
        if better == Better.lower:
            return Interval(None, f.value, approx=f.comparator == Comparator.about)
    return of_value(f.value, f.comparator)


def verdict(reported: Interval, target: Interval) -> str:
    if reported.within(target):
        return MET
    if not reported.overlaps(target):
        return MISSED
    return UNKNOWN


def _combine(judged):
    """The most telling report decides: any met, else any missed, else not demonstrated."""
    for v in (MET, MISSED, UNKNOWN):
        hit = [x for x in judged if x[0] == v]
        if hit:
            return v, hit
    raise ValueError("nothing judged")


def _label(f) -> str:
    """`力争突破2000 亿元`, `超350 亿元`, `>=50 %`: the word as printed, else the comparator."""
    cmp = "" if f.comparator == Comparator.eq else f.comparator.value
    word = f"（{f.qualifier}）" if f.qualifier else ""
    return f"{cmp}{format(f.value, 'f')}{'' if f.unit in ('/', '') else ' ' + f.unit}{word}"


def _reports(refs) -> str:
    """`jiaxing-de-2021: 1857.4 亿元`, each distinct statement once."""
    out = []
    for r in refs:
        s = f"{r.plan.id}: {_label(r.fact)}"
        if s not in out:
            out.append(s)
    return "; ".join(out)


def _judge_fact(corpus, t, cands) -> Outcome:
    tb = target_bound(corpus, t)
    judged = []
    for r in cands:
        rb = of_fact(r.fact, r.unit.factor / t.unit.factor)
        judged.append((verdict(rb, tb), r, rb))
    v, hit = _combine(judged)
    deciding = [r for _, r, _ in hit]
    others = [r for _, r, _ in judged if r not in deciding]
    return Outcome(
        target_plan=t.plan.id, item_id=t.fact.id, indicator=t.fact.indicator, region=t.region, year=t.data_year,
        verdict=v, target_text=_label(t.fact), target_range=tb,
        reported_text=_reports(deciding), reported_short="、".join(dict.fromkeys(_label(r.fact) for r in deciding)),
        reported_range=hit[0][2].text(), unit=t.fact.unit,
        scope_notes=scope_notes(corpus, [t.fact.indicator, *(r.fact.indicator for r in cands)],
                                [t.fact.name, *(r.fact.name for r in cands)]),
        target_ev=[corpus.ref_evidence(t)], outcome_refs=deciding + others,
        approx=tb.approx,
    )


def _judge_growth(corpus, lp, g, reported) -> Outcome | None:
    """A growth target (翻一番, 年均增长X%) judged on a reported start value and a later reported end value."""
    if g.measure not in ("multiple", "total", "cagr") or g.end.year < lp.plan.period.start:
        return None  # a growth stated as history, not aimed for
    region = g.region or lp.plan.region
    lin = corpus.lineage(g.indicator)
    starts = []
    own = corpus.fact(lp.plan.id, g.start.fact)
    if own is not None and own.fact.value is not None and own.unit is not None:
        starts = [own]
    else:
        starts = [r for r in reported.get((lin, region, g.start.year), [])
                  if comparable(corpus, g.indicator, r.fact.indicator)]
    if not starts:
        return None
    ends = [r for r in reported.get((lin, region, g.end.year), [])
            if r.plan.id != lp.plan.id and r.plan.issued.date > lp.plan.issued.date
            and comparable(corpus, g.indicator, r.fact.indicator)]
    judged = []
    floor = _growth_floor(g)
    for s in starts:
        for e in ends:
            if not s.unit.compatible(e.unit):
                continue
            res = check_growth(g, s, e)
            if res is None or res.computed is None:
                continue
            judged.append((verdict(res.computed, floor), (s, e), res))
    if not judged:
        return None
    v, hit = _combine(judged)
    s, e = hit[0][1]
    refs = []
    for _, pair, _ in hit:
        for r in pair:
            if r not in refs:
                refs.append(r)
    res = hit[0][2]
    suffix = {"multiple": "x", "total": "%", "cagr": "%"}[g.measure]
    cmp = "" if g.comparator == Comparator.eq else g.comparator.value
    target = (f"{g.end.year}年为{g.start.year}年的{cmp}{format(g.rate, 'f')}倍" if g.measure == "multiple" else
              f"{g.start.year}→{g.end.year} {'年均' if g.measure == 'cagr' else ''}增长{cmp}{format(g.rate, 'f')}%")
    return Outcome(
        target_plan=lp.plan.id, item_id=g.id, indicator=g.indicator, region=region, year=g.end.year,
        verdict=v, target_text=target, target_range=floor,
        reported_text=(f"{s.plan.id}: {_label(s.fact)} ({s.data_year}) → {e.plan.id}: {_label(e.fact)} ({e.data_year}), "
                       f"{res.label_en} {res.computed_text}"),
        reported_short=(f"{_label(s.fact)} ({s.data_year}) → {_label(e.fact)} ({e.data_year})，"
                        f"{res.label_zh} {res.computed_text}"),
        reported_range=res.computed_text, unit=suffix,
        scope_notes=scope_notes(corpus, [g.indicator, *(r.fact.indicator for r in refs)]),
        target_ev=[corpus.evidence(lp, g)], outcome_refs=refs, growth=True, approx=floor.approx,
    )


def _growth_floor(g) -> Interval:
    """A growth target is a floor, exact as chosen: 翻一番 means at least x2; 年均增长7.5% at least 7.5%."""
    if g.comparator in (Comparator.eq, Comparator.about):
        return Interval(g.rate, None, approx=g.comparator == Comparator.about)
    if g.measure == "multiple":
        return Interval(g.rate if g.comparator in (Comparator.ge, Comparator.gt) else None,
                        g.rate if g.comparator in (Comparator.le, Comparator.lt) else None,
                        lo_open=g.comparator == Comparator.gt, hi_open=g.comparator == Comparator.lt)
    return of_value(g.rate, g.comparator)



def settle_en(o: Outcome) -> str:
    """The figure that would decide a target the reports can neither confirm nor refute."""
    if o.growth:
        return f"the exact {o.indicator} values at both ends of the span (ending {o.year}), not bounds"
    return f"an exact {o.year} figure for {o.indicator} (the later documents give only {o.reported_short})"
