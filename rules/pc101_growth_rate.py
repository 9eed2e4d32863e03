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
            ev = [corpus.evidence(lp, g)]
            for ref in (start, end):
                if ref.fact.quote != g.quote:
                    ev.append(corpus.ref_evidence(ref))
            values = _values(res)
            if res.verdict == "incomparable":
                yield self.finding(plans=[pid], key=f"{pid}/{g.id}/units", severity=Severity.warning,
                                   zh=f"{g.id}：增长的起点与终点单位不可比（{start.fact.unit} 与 {end.fact.unit}）",
                                   en=f"{g.id}: the growth's endpoints are in incomparable units ({start.fact.unit}, {end.fact.unit})",
                                   values=values, evidence=ev)
            elif res.verdict == "rounding":
                yield self.finding(plans=[pid], key=f"{pid}/{g.id}/rounding", severity=Severity.info,
                                   zh=f"{g.id}：所述{res.label_zh} {res.stated_text} 仅在四舍五入范围内与端点一致（按印刷数值计算为 {res.point_text}）",
                                   en=f"{g.id}: the stated {res.label_en} {res.stated_text} is consistent with its endpoints only thanks to rounding (the printed values give {res.point_text})",
                                   values=values, evidence=ev)
            else:
                yield self.finding(plans=[pid], key=f"{pid}/{g.id}/inconsistent",
                                   zh=f"{g.id}：所述{res.label_zh} {res.stated_text} 与端点不符：{start.label()} → {end.label()} 计算得 {res.computed_text}",
                                   en=f"{g.id}: the stated {res.label_en} {res.stated_text} does not match its endpoints: {start.label()} -> {end.label()} gives {res.computed_text}",
                                   values=values, evidence=ev)


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

