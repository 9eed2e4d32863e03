from __future__ import annotations

from collections import defaultdict

from plancheck.bounds import Bound, of_fact
from plancheck.findings import Severity
from plancheck.rules.base import Rule, Scope


def add(a: Bound, b: Bound) -> Bound:
    return Bound(None if a.lo is None or b.lo is None else a.lo + b.lo,
                 None if a.hi is None or b.hi is None else a.hi + b.hi,
                 lo_open=a.lo_open or b.lo_open, hi_open=a.hi_open or b.hi_open)


class PartsSum(Rule):
    """A total and its parts, stated in one plan for one year, add up.

    **What it does.** Where the catalog declares that an indicator is made of parts (`parts:`,
    exhaustively: 未来工厂、智能工厂(数字化车间) = 未来工厂 + 智能工厂(数字化车间)), and a plan
    states the total and its parts for the same region and year, the parts must add up to the
    total within written precision (error otherwise). When only some parts are stated, no part
    and no partial sum may exceed the total.

    **Why is this bad?** A table row whose label covers two things but whose number counts one
    of them says less than its label: the reader adds up the wrong total.

    **Example (fails).** Zhejiang's table row `未来工厂、智能工厂(数字化车间) 家(个) 263 1000`
    against the text's `累计培育智能工厂(数字化车间)263家(个)、未来工厂12家`: the parts add up to
    275, not 263.

    **Example (passes).** A table total of 275 with the same sentence.
    """

    code = "PC107"
    name = "parts-sum"
    severity = Severity.error
    scope = Scope.plan

    per_plan = True

    def check_plan(self, corpus, lp):
        totals = [i for i in corpus.catalog.indicators if i.parts]
        pid = lp.plan.id
        for ind in totals:
            groups = defaultdict(lambda: {"total": [], "parts": defaultdict(list)})
            for ref in corpus.plan_facts(pid, ind.key):
                if (k := _key(corpus, ref)) is not None:
                    groups[k]["total"].append(ref)
            for part in ind.parts:
                for ref in corpus.plan_facts(pid, part):
                    if (k := _key(corpus, ref)) is not None:
                        groups[k]["parts"][part].append(ref)
            for (_region, year, _actual), g in sorted(groups.items()):
                if not g["total"] or not g["parts"]:
                    continue
                for total in g["total"]:
                    yield from self._compare(corpus, lp, ind, total, g["parts"], year)


    def _compare(self, corpus, lp, ind, total, parts, year):
        tb = of_fact(total.fact, total.unit.factor)
        chosen = [refs[0] for _, refs in sorted(parts.items())]
        pb = [of_fact(r.fact, r.unit.factor) for r in chosen]
        s = pb[0]
        for b in pb[1:]:
            s = add(s, b)
        complete = len(parts) == len(ind.parts)
        if complete:
            bad = not s.intersects(tb)
        else:  # only some parts: their sum cannot exceed the total
            bad = s.lo is not None and tb.hi is not None and (s.lo > tb.hi or (s.lo == tb.hi and (s.lo_open or tb.hi_open)))
        if not bad:
            return
        names = " + ".join(r.label() for r in chosen)
        yield self.finding(
            plans=[lp.plan.id],
            key=f"{lp.plan.id}/{ind.key}/{year}/{total.fact.id}",
            zh=f"{total.fact.name}（{year}年）为 {total.label()}，但其组成部分 {names} {'合计' if complete else '已'}为 {s.text()}（基本单位）",
            en=f"{ind.key} for {year} is {total.label()}, but its {'parts' if complete else 'stated parts'} {names} add up to {s.text()} (base units)",
            values={"total": total.label(), "parts": names, "parts_sum": s.text(), "total_allowed": tb.text(),
                    "complete": str(complete).lower(), "tolerance": "written precision; counts are whole numbers"},
            evidence=[corpus.ref_evidence(total), *[corpus.ref_evidence(r) for r in chosen]],
        )


def _key(corpus, ref):
    if ref.fact.value is None or ref.unit is None or corpus.span_kind(ref)[0] != "level":
        return None  # no figure, or a count over a span: not a level
    return (ref.region, ref.data_year, ref.actual)
