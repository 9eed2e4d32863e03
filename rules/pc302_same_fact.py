from __future__ import annotations

from collections import defaultdict
from itertools import combinations

from plancheck.bounds import of_fact
from plancheck.findings import Severity
from plancheck.growth import check_growth
from plancheck.models.plan import ACTUAL_ROLES
from plancheck.rules.base import Rule, Scope

ACTUAL = ACTUAL_ROLES


class SameFact(Rule):
    """The same quantity stated in two official documents has the same value.

    **What it does.** Groups the reported values (table base column, text history) of every
    official plan by indicator lineage (the catalog's `successor_of`), region and data year (a
    `*` cell counts for the year its footnote names, so a `*` = 2019 cell meets 2019 values).
    Every two documents that state the group's quantity must agree after unit conversion within
    their written precision: their ranges (`plancheck.bounds`) must intersect (`超350` agrees
    with 362 and not with 340). Keys of one lineage are compared only when both have the same
    measure and dimension and neither carries a catalog `scope_note` (a different scope may
    legitimately give another number). Unofficial editions are left to PC401.

    A growth claim checked against another document's base value is PC303.

    Severity: a clash is an error; a warning when a statement is approximate (左右, 约, 近) or a
    footnote says the statistical classification changed.

    **Readings considered.** Two documents may use different scopes under one name: keys with a
    catalog `scope_note` are not compared; a lower bound (超) agrees with any value above it.

    **Why is this bad?** Two official documents that report different values for the same
    region, quantity and year cannot both be right: one was mistyped or revised without saying
    so, and anyone comparing them reaches different conclusions.

    **Example (fails).** A plan that restates Jiaxing's 2015 online retail as `网络零售额
    2015年 935.6亿元` while Jiaxing's 2021 plan says `从2015年的835.6亿元`.

    **Example (passes).** Both documents state `835.6亿元` for 2015.
    """

    code = "PC302"
    name = "same-fact"
    severity = Severity.error
    scope = Scope.generations
    messages = ("same-quantity",)  # growth-endpoint is PC303 (same module)

    def check(self, corpus):
        yield from self._facts(corpus)

    # -- the same quantity, two documents
    def _facts(self, corpus):
        groups = defaultdict(list)
        for ref in corpus.facts:
            f = ref.fact
            if f.role not in ACTUAL or f.value is None or ref.unit is None or not corpus.official(ref.lp):
                continue
            groups[(corpus.lineage(f.indicator), ref.region, ref.data_year, corpus.span_kind(ref))].append(ref)
        for (_lin, region, year, _k), refs in sorted(groups.items(), key=lambda kv: str(kv[0])):
            by_plan = defaultdict(list)
            for r in refs:
                by_plan[r.plan.id].append(r)
            if len(by_plan) < 2:
                continue
            for pa, pb in combinations(sorted(by_plan), 2):
                sa, sb = _distinct(by_plan[pa]), _distinct(by_plan[pb])
                agree = {(i, j): _agree(a, b) for i, a in enumerate(sa) for j, b in enumerate(sb)
                         if _same_quantity(corpus, a, b)}
                # a statement that agrees with one of the other document's is no cross-document clash
                # (two different figures inside one document are PC103's)
                ok_a = {i for (i, _j), v in agree.items() if v}
                ok_b = {j for (_i, j), v in agree.items() if v}
                for (i, j), v in agree.items():
                    if v or i in ok_a or j in ok_b:
                        continue
                    a, b = sa[i], sb[j]
                    ba = of_fact(a.fact)
                    bb = of_fact(b.fact, b.unit.factor / a.unit.factor)  # b in a's printed unit
                    soft = ba.approx or bb.approx or a.classification_changed or b.classification_changed
                    why = []
                    if ba.approx or bb.approx:
                        why.append({"reason": "approximate"})
                    if a.classification_changed or b.classification_changed:
                        why.append({"reason": "classification"})
                    same_a = [r for r in by_plan[pa] if _stmt(r) == _stmt(a)]
                    same_b = [r for r in by_plan[pb] if _stmt(r) == _stmt(b)]
                    yield self.finding(
                        "same-quantity", corpus,
                        plans=[pa, pb],
                        key=f"{pa}/{a.fact.id}/{pb}/{b.fact.id}",
                        values={
                            "region_name": _region_name(corpus, region), "name": a.fact.name,
                            "indicator": a.fact.indicator, "plan_a": pa, "plan_b": pb, "label_a": a.label(),
                            "label_b": b.label(), "fact_a": a.fact.id, "fact_b": b.fact.id,
                            "why": "reasons" if why else "no-reasons", "reasons": why,
                            "year": str(year),
                            "region": region,
                            "unit": a.fact.unit,
                            "stated_a": f"{pa}: {a.label()}",
                            "stated_b": f"{pb}: {b.label()}",
                            "range_a": ba.text(),
                            "range_b": bb.text(),
                        },
                        facts=[*same_a, *same_b],
                        severity=Severity.warning if soft else None,
                    )

    # -- growth with an endpoint from another document
    def _growth(self, corpus):
        reported = defaultdict(list)
        for ref in corpus.facts:
            f = ref.fact
            if f.role in ACTUAL and f.value is not None and ref.unit is not None and corpus.official(ref.lp):
                reported[(corpus.lineage(f.indicator), ref.region, ref.data_year)].append(ref)
        for lp in corpus.plans:
            if not corpus.official(lp):
                continue
            pid = lp.plan.id
            for g in lp.plan.growth:
                region = g.region or lp.plan.region
                lin = corpus.lineage(g.indicator)
                aimed = g.end.year >= lp.plan.period.start
                own_start = corpus.fact(pid, g.start.fact)
                own_end = corpus.fact(pid, g.end.fact)
                if own_start is not None and own_end is not None:
                    continue  # both endpoints in the plan: PC101
                if own_start is None and self._own_value(corpus, pid, g.indicator, region, g.start.year):
                    continue  # the plan states the start but does not link it: not another document's business
                if own_end is None:
                    own_end = self._own_single(corpus, pid, g.indicator, region, g.end.year)
                pairs = []
                if own_start is not None:
                    if own_end is not None or aimed:
                        continue  # a target's end against a later outcome is PC301
                    ends = [r for r in reported.get((lin, region, g.end.year), [])
                            if r.plan.id != pid and _same_key(corpus, g.indicator, r.fact.indicator)]
                    pairs = [(own_start, e, e) for e in ends]
                else:
                    starts = [r for r in reported.get((lin, region, g.start.year), [])
                              if r.plan.id != pid and _same_key(corpus, g.indicator, r.fact.indicator)]
                    if own_end is not None:
                        pairs = [(s, own_end, s) for s in starts]
                    elif not aimed:
                        ends = [r for r in reported.get((lin, region, g.end.year), [])
                                if r.plan.id != pid and _same_key(corpus, g.indicator, r.fact.indicator)]
                        pairs = [(s, e, s) for s in starts for e in ends if e.plan.id == s.plan.id]
                for s, e, other in pairs:
                    if s.fact.value is None or e.fact.value is None or s.unit is None or e.unit is None:
                        continue
                    res = check_growth(g, s, e)
                    if res is None or res.verdict != "inconsistent":
                        continue
                    facts = [(lp, g), *(r for r in (s, e) if r.plan.id != pid or r.fact.quote != g.quote)]
                    yield self.finding(
                        "growth-endpoint", corpus,
                        plans=[pid, other.plan.id],
                        key=f"{pid}/{g.id}/{other.plan.id}/{other.fact.id}",
                        values={
                            "claim": g.id, "start_year": str(g.start.year), "end_year": str(g.end.year),
                            "other_plan": other.plan.id, "side": "start" if other is s else "end",
                            "other_label": other.label(), "start_label": s.label(), "end_label": e.label(),
                            "measure": res.measure,
                            "span_years": str(res.years),
                            "start": f"{s.plan.id}: {res.start_text}",
                            "end": f"{e.plan.id}: {res.end_text}",
                            "stated": res.stated_text,
                            "tolerance": res.tolerance_text,
                            "computed": res.computed_text,
                            "computed_from_printed": res.point_text,
                        },
                        facts=facts,
                        severity=Severity.warning if aimed else None,
                    )

    @staticmethod
    def _own_value(corpus, pid, indicator, region, year) -> bool:
        return any(r.fact.role in ACTUAL and r.fact.value is not None and r.region == region and r.data_year == year
                   for r in corpus.plan_facts(pid, indicator))

    @staticmethod
    def _own_single(corpus, pid, indicator, region, year):
        refs = [r for r in corpus.plan_facts(pid, indicator)
                if r.fact.value is not None and r.region == region and r.data_year == year]
        return refs[0] if len(refs) == 1 else None


def _same_key(corpus, a: str, b: str) -> bool:
    """Same key, or keys of one lineage with the same measure and dimension and no scope note."""
    if a == b:
        return True
    if corpus.lineage(a) != corpus.lineage(b):
        return False
    ia, ib = corpus.indicator(a), corpus.indicator(b)
    if ia is None or ib is None:
        return False
    return ia.measure == ib.measure and ia.dimension == ib.dimension and not ia.scope_note and not ib.scope_note


def _agree(a, b) -> bool:
    return of_fact(a.fact).overlaps(of_fact(b.fact, b.unit.factor / a.unit.factor))


def _same_quantity(corpus, a, b) -> bool:
    return _same_key(corpus, a.fact.indicator, b.fact.indicator) and a.unit.compatible(b.unit)


def _stmt(ref) -> tuple:
    f = ref.fact
    return (f.indicator, f.value, f.comparator, ref.unit.normalized if ref.unit else f.unit)


def _distinct(refs):
    """One statement per distinct (value, comparator, unit): a table cell and a sentence saying the same count once."""
    seen, out = set(), []
    for r in sorted(refs, key=lambda r: r.fact.id):
        k = _stmt(r)
        if k not in seen:
            seen.add(k)
            out.append(r)
    return out


def _region_name(corpus, code: str) -> str:
    r = corpus.regions.get(code)
    return r.name if r is not None else code
