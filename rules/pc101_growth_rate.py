from __future__ import annotations

from plancheck.findings import Severity
from plancheck.growth import GrowthCheck, check_growth
from plancheck.rules.base import Rule, Scope


class GrowthRate(Rule):
    """A stated growth rate matches the two values it connects.

    **What it does.** For each growth claim whose start and end values the plan states, it
    recomputes the growth from the endpoints with interval arithmetic and compares it with the
    stated figure. Every number stands for the interval its written precision allows: `225.0`
    is [224.95, 225.05], `17.6%` is [17.55%, 17.65%]. Measures: `cagr` (年均增长X%, compound
    over the claim's own years), `total` (增长X%, 5年内提高X%), `multiple` (翻一番 = x2,
    翻两番 = x4) and `pp` (提高X个百分点: percentage points, never percent). Lower bounds
    (超, 突破) widen the interval to one side.

    Verdicts: consistent (nothing reported); consistent only thanks to rounding — the printed
    numbers give a rate outside the stated one, but the rounding intervals overlap (info, as
    statcheck reports); inconsistent (error), with the computed interval.

    **Why is this bad?** A growth rate that does not follow from its own endpoints means one of
    the three numbers was mistyped, or the span is not the one the sentence names.

    **Example (fails).** `从2015年的225.0亿元增加到2020年的506.9亿元，年均增长18.6%`: the
    endpoints give [17.63%, 17.65%] a year over 5 years, which cannot round to 18.6%.

    **Example (passes).** The same sentence with `年均增长17.6%` (Jiaxing's plan as published):
    17.64% rounds to 17.6%.
    """

    code = "PC101"
    name = "growth-rate"
    severity = Severity.error
    scope = Scope.plan

    per_plan = True
    messages = ("inconsistent", "rounding", "units")

    def check_plan(self, corpus, lp):
        pid = lp.plan.id
        for g in lp.plan.growth:
            start = corpus.fact(pid, g.start.fact)
            end = corpus.fact(pid, g.end.fact)
            if start is None or end is None:
                continue  # an endpoint from another document: rule PC302
            if start.fact.value is None or end.fact.value is None:
                continue
            res = check_growth(g, start, end)
            if res is None or res.verdict == "consistent":
                continue
            facts = [(lp, g), *(ref for ref in (start, end) if ref.fact.quote != g.quote)]
            values = {**_values(res), "claim": g.id}
            if res.verdict == "incomparable":
                values.update(start_unit=start.fact.unit, end_unit=end.fact.unit)
                yield self.finding("units", corpus, plans=[pid], key=f"{pid}/{g.id}/units", severity=Severity.warning,
                                   values=values, facts=facts)
            elif res.verdict == "rounding":
                yield self.finding("rounding", corpus, plans=[pid], key=f"{pid}/{g.id}/rounding",
                                   severity=Severity.info, values=values, facts=facts)
            else:
                yield self.finding("inconsistent", corpus, plans=[pid], key=f"{pid}/{g.id}/inconsistent",
                                   values=values, facts=facts)


def _values(res: GrowthCheck) -> dict:
    return {
        "measure": res.measure,
        "span_years": str(res.years),
        "start": res.start_text,
        "end": res.end_text,
        "stated": res.stated_text,
        "tolerance": res.tolerance_text,
        "computed": res.computed_text,
        "computed_from_printed": res.point_text,
        "verdict": res.verdict,
    }

