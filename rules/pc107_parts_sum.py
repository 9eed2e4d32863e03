from __future__ import annotations

from collections import defaultdict

from plancheck.bounds import of_fact
from plancheck.findings import Severity
from plancheck.intervals import Interval
from plancheck.rules.base import Rule, Scope


class PartsSum(Rule):
    """A total and its parts, stated in one plan for one year, add up.

    **What it does.** Where the catalog declares that an indicator is made of parts (`parts:`,
    exhaustively: 未来工厂、智能工厂(数字化车间) = 未来工厂 + 智能工厂(数字化车间)), and a plan
    states the total and its parts for the same region and year, the parts must add up to the
    total within written precision (error otherwise). When only some parts are stated, no part
    and no partial sum may exceed the total.

    **Why is this bad?** A table row whose label covers two things but whose number counts one
    of them says less than its label: the reader adds up the wrong total.

    **Example (reported).** Zhejiang's table row `未来工厂、智能工厂(数字化车间) 家(个) 263 1000`
    against the text's `累计培育智能工厂(数字化车间)263家(个)、未来工厂12家`: the parts add up to
    275, not 263, if the two kinds never overlap; if the 12 future factories are among the 263
    smart factories, the row counts 263 and agrees. With `parts_disjoint: true` in the catalog
    this is an error.

    **Example (passes).** A table total of 275 with the same sentence.

    **Readings considered.** Parts listed in one label (`A、B`) may overlap: a higher tier is
    often selected among the lower one (未来工厂 are chosen from 智能工厂). Unless the catalog
    declares the parts disjoint (`parts_disjoint: true`), a total between the largest part and
    the sum agrees with the overlapping reading: a **warning** that names both readings (the
    example above). An error needs the parts declared disjoint and exhaustive, or a total that
    no reading allows (below the largest part, or above the sum of all parts).
    """

    code = "PC107"
    name = "parts-sum"
    severity = Severity.error
    scope = Scope.plan

    per_plan = True
    messages = ("mismatch", "may-overlap")

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
        s = sum(pb[1:], pb[0])
        complete = len(parts) == len(ind.parts)
        overlap_ok = False  # the reading in which one part is drawn from another agrees
        if complete:
            bad = not s.overlaps(tb)
            if bad and not ind.parts_disjoint:
                # parts that may overlap: the total lies between the largest part and the sum
                big = max(pb, key=lambda b: b.lo if b.lo is not None else 0)
                overlap_ok = (big.lo is None or tb.hi is None or big.lo <= tb.hi) and (
                    hull := Interval.of(big.lo, s.hi, big.lo_open, s.hi_open)) is not None and hull.overlaps(tb)
        else:  # only some parts: their sum cannot exceed the total
            bad = s.lo is not None and tb.hi is not None and (s.lo > tb.hi or (s.lo == tb.hi and (s.lo_open or tb.hi_open)))
        if not bad:
            return
        names = " + ".join(r.label() for r in chosen)
        values = {"total": total.label(), "parts": names, "parts_sum": s.text(), "total_allowed": tb.text(),
                  "complete": str(complete).lower(), "parts_disjoint": str(ind.parts_disjoint).lower(),
                  "tolerance": "written precision; counts are whole numbers",
                  "name": total.fact.name, "indicator": ind.key, "year": str(year)}
        if overlap_ok:
            values["readings"] = ("disjoint parts: the parts add up to " + s.text() + ", not the total; "
                                  "overlapping parts (one drawn from another): the total counts the larger part, "
                                  "which agrees")
            yield self.finding(
                "may-overlap", corpus, plans=[lp.plan.id], key=f"{lp.plan.id}/{ind.key}/{year}/{total.fact.id}",
                severity=Severity.warning, values=values, facts=[total, *chosen],
            )
            return
        yield self.finding(
            "mismatch", corpus, plans=[lp.plan.id], key=f"{lp.plan.id}/{ind.key}/{year}/{total.fact.id}",
            values=values, facts=[total, *chosen],
        )


def _key(corpus, ref):
    if ref.fact.value is None or ref.unit is None or corpus.span_kind(ref)[0] != "level":
        return None  # no figure, or a count over a span: not a level
    return (ref.region, ref.data_year, ref.actual)
