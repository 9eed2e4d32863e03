from __future__ import annotations

from plancheck.findings import Severity
from plancheck.models.plan import ACTUAL_ROLES, AIM_ROLES, Role
from plancheck.rules.base import Rule, Scope
from plancheck.vocab import span_of_words

ACTUAL = ACTUAL_ROLES
AIMS = AIM_ROLES


class Years(Rule):
    """Years are coherent: the period is its cycle, baselines precede it, no data postdates the plan.

    **What it does.**
    - the period matches the plan cycle (十四五 = 2021–2025: five years);
    - the vision year, if any, comes after the period;
    - a target table's baseline is for the year before the period (2020 for 十四五), unless a
      footnote mark on the cell says otherwise (`*` = 2019 data);
    - targets fall in the period or on the vision year;
    - no actual value is dated after the plan's issue date (a value for the year of issue itself,
      published before that year's statistics exist, is a warning);
    - a growth claim's span matches its wording (十三五期间 = 2015 to 2020; 5年内 = 5 years;
      比2015年 = from 2015) and its endpoints' own years.

    **Why is this bad?** A baseline column headed with the wrong year, or data dated after
    publication, means the figures were copied from another document or another edition.

    **Example (fails).** The re-typed copy of Jiaxing's plan heads its baseline column `2023年`:
    a plan issued on 2021-12-31 cannot report 2023 values.

    **Example (passes).** The official Jiaxing table: `2020年` baseline, `2025年` targets,
    period 2021–2025, issued 2021-12-31.
    """

    code = "PC104"
    name = "years"
    severity = Severity.error
    scope = Scope.plan

    per_plan = True

    def check_plan(self, corpus, lp):
        p = lp.plan
        pid = p.id
        c0, c1 = p.cycle.years
        period_ev = corpus.evidence(lp, None, quote=p.period.quote, path=("period",))
        if (p.period.start, p.period.end) != (c0, c1):
            yield self.finding(plans=[pid], key=f"{pid}/period",
                               zh=f"规划期 {p.period.start}—{p.period.end} 与{p.cycle.value}（{c0}—{c1}）不符",
                               en=f"period {p.period.start}-{p.period.end} does not match {p.cycle.value} ({c0}-{c1})",
                               values={"stated": f"{p.period.start}-{p.period.end}", "expected": f"{c0}-{c1}"},
                               evidence=[period_ev])
        if p.vision_year is not None and p.vision_year <= p.period.end:
            yield self.finding(plans=[pid], key=f"{pid}/vision",
                               zh=f"远景年份 {p.vision_year} 不晚于规划期末 {p.period.end}",
                               en=f"vision year {p.vision_year} is not after the period's end {p.period.end}",
                               values={"vision_year": str(p.vision_year), "period_end": str(p.period.end)},
                               evidence=[period_ev])
        issued = p.issued.date
        for f in p.facts:
            ref = corpus.fact(pid, f.id)
            y = ref.data_year
            after_issue = f.role in ACTUAL and y > issued.year
            if f.role == Role.baseline and y != p.period.start - 1 and y == f.year and not after_issue:
                yield self.finding(plans=[pid], key=f"{pid}/{f.id}/baseline-year",
                                   zh=f"{f.id}：基期数据年份 {y} 不是规划期前一年（{p.period.start - 1}），且没有脚注说明",
                                   en=f"{f.id}: baseline dated {y}, not the year before the period ({p.period.start - 1}), with no footnote saying why",
                                   values={"stated": str(y), "expected": str(p.period.start - 1)},
                                   evidence=[corpus.ref_evidence(ref)])
            if f.role in AIMS and not (p.period.start <= f.year <= p.period.end or f.year == p.vision_year):
                yield self.finding(plans=[pid], key=f"{pid}/{f.id}/target-year",
                                   severity=Severity.warning if f.year > p.period.end else None,
                                   zh=f"{f.id}：目标年份 {f.year} 不在规划期 {p.period.start}—{p.period.end} 内，也不是远景年份",
                                   en=f"{f.id}: target year {f.year} is outside the period {p.period.start}-{p.period.end} and not the vision year",
                                   values={"stated": str(f.year), "period": f"{p.period.start}-{p.period.end}"},
                                   evidence=[corpus.ref_evidence(ref)])
            if after_issue:  # the stronger finding: a baseline after issue is also misdated
                yield self.finding(plans=[pid], key=f"{pid}/{f.id}/after-issue",
                                   zh=f"{f.id}：{y}年的实际数据晚于规划印发日期 {issued.isoformat()}",
                                   en=f"{f.id}: an actual value for {y}, after the plan was issued ({issued.isoformat()})",
                                   values={"data_year": str(y), "issued": issued.isoformat()},
                                   evidence=[corpus.ref_evidence(ref)])
            elif f.role in ACTUAL and y == issued.year and f.kind.value != "cumulative":
                yield self.finding(plans=[pid], key=f"{pid}/{f.id}/issue-year", severity=Severity.warning,
                                   zh=f"{f.id}：{y}年的实际数据出现在当年印发（{issued.isoformat()}）的规划中，全年数据当时尚未公布",
                                   en=f"{f.id}: an actual value for {y} in a plan issued during {y} ({issued.isoformat()}), before that year's statistics",
                                   values={"data_year": str(y), "issued": issued.isoformat()},
                                   evidence=[corpus.ref_evidence(ref)])
        for g in p.growth:
            yield from self._growth(corpus, lp, g)


    def _growth(self, corpus, lp, g):
        pid = lp.plan.id
        problems = []
        if g.span_words:
            a, b, n = span_of_words(g.span_words)
            if a is not None and g.start.year != a:
                problems.append(("start", str(g.start.year), str(a)))
            if b is not None and g.end.year != b:
                problems.append(("end", str(g.end.year), str(b)))
            if n is not None and a is None and g.end.year - g.start.year != n:
                problems.append(("span", str(g.end.year - g.start.year), str(n)))
        for side, end in (("start", g.start), ("end", g.end)):
            ref = corpus.fact(pid, end.fact)
            if ref is not None and ref.data_year != end.year:
                problems.append((f"{side}-fact", str(ref.data_year), str(end.year)))
        for what, stated, expected in problems:
            yield self.finding(plans=[pid], key=f"{pid}/{g.id}/{what}",
                               zh=f"{g.id}：增长区间的{what}为 {stated}，但措辞“{g.span_words or ''}”或端点要求 {expected}",
                               en=f"{g.id}: the growth span's {what} is {stated}, but its wording ({g.span_words or '-'}) or endpoint says {expected}",
                               values={"stated": stated, "expected": expected, "span": f"{g.start.year}-{g.end.year}"},
                               evidence=[corpus.evidence(lp, g)])
