from __future__ import annotations

from plancheck.findings import Severity
from plancheck.intervals import cagr
from plancheck.models.catalog import Better
from plancheck.models.plan import Comparator, Kind, Role
from plancheck.rules.base import Rule, Scope

ACTUAL = {Role.baseline, Role.history}
AIMS = {Role.target, Role.goal}


class TargetRealism(Rule):
    """What each target asks for, next to what the plan says was achieved.

    **What it does.** For each indicator with a target (table target, or a goal in the text)
    and a baseline in the same plan, it computes the growth the target requires — the average
    annual growth from the baseline to the target year for amounts, the change in percentage
    points for shares — and sets it next to the plan's own historical growth for the same
    quantity (a stated 年均增长, or the growth between two historical values). It reports:
    - the required and the historical growth (info);
    - a target below its baseline for an indicator where higher is better (info; nothing when the
      target says 保持: holding a level is the point);
    - no growth where the baseline and the target are under different statistical
      classifications (a `**` footnote): the two are not comparable, and it says so (warning).

    **Why is this bad?** A reviewer asks of every target "is this ambitious, or already
    reached?". A growth across a change of definition answers that question wrongly.

    **Example (reported).** Jiaxing's core industries' value added, 506.9 亿元 (2020) to 1350
    亿元 (2025): 21.6% a year required, against 17.6% a year in 2015–2020.

    **Example (passes silently).** Huzhou's R&D share: table 9.1 (2019) and 8 (2025), with the
    text's `保持在8%`: a target of kind `maintain` is not reported as falling short.
    """

    code = "PC106"
    name = "target-realism"
    severity = Severity.warning  # only the not-comparable case; the rest is information
    scope = Scope.plan

    per_plan = True

    def check_plan(self, corpus, lp):
        pid = lp.plan.id
        keys = sorted({f.indicator for f in lp.plan.facts})
        for key in keys:
            refs = [r for r in corpus.plan_facts(pid, key) if r.fact.value is not None and r.unit is not None and r.region == lp.plan.region]
            ind = corpus.indicator(key)
            if ind is None:
                continue
            actual = [r for r in refs if r.fact.role in ACTUAL]
            aims = [r for r in refs if r.fact.role in AIMS]
            if not actual or not aims:
                continue
            target = _pick(aims, prefer=Role.target)
            same_kind = [r for r in actual if r.fact.kind == target.fact.kind] or actual
            base = _pick(same_kind, prefer=Role.baseline)
            held = any(r.fact.kind == Kind.maintain or r.fact.comparator == Comparator.about
                       for r in aims if r.data_year == target.data_year)
            if target.data_year <= base.data_year or not base.unit.compatible(target.unit):
                continue
            ev = [corpus.ref_evidence(base), corpus.ref_evidence(target)]
            if base.classification_changed != target.classification_changed or (base.classification_changed and target.classification_changed and base.fact.marks != target.fact.marks):
                yield self.finding(plans=[pid], key=f"{pid}/{key}/not-comparable", severity=Severity.warning,
                                   zh=f"{base.fact.name}：基期 {base.label()} 与目标 {target.label()} 统计口径不同（脚注），不能计算增速",
                                   en=f"{key}: baseline {base.label()} and target {target.label()} are under different statistical classifications (footnote): no growth can be computed",
                                   values={"baseline": base.label(), "target": target.label()}, evidence=ev)
                continue
            n = target.data_year - base.data_year
            hist = _history(corpus, lp, key, actual)
            b, t = base.base_interval(), target.base_interval()
            if ind.dimension.value == "ratio":
                need = (target.interval - base.interval)
                need_text, unit = need.fmt(2), "个百分点"
            else:
                if b.lo <= 0:
                    continue
                need = cagr(b, t, n)
                need_text, unit = need.fmt(2), "%/年"
            values = {"baseline": base.label(), "target": target.label(), "years": f"{base.data_year}-{target.data_year}",
                      "required": f"{need_text} {unit}", "historical": hist[0] if hist else "not stated"}
            below = t.hi < b.lo if ind.better == Better.higher else (t.lo > b.hi if ind.better == Better.lower else False)
            if below and not held:
                yield self.finding(plans=[pid], key=f"{pid}/{key}/below-baseline", severity=Severity.info,
                                   zh=f"{base.fact.name}：目标 {target.label()} 低于基期 {base.label()}，而该指标越高越好",
                                   en=f"{key}: the target {target.label()} is below the baseline {base.label()}, for an indicator where higher is better",
                                   values=values, evidence=ev)
                continue
            hist_zh = f"；历史 {hist[0]}" if hist else ""
            yield self.finding(plans=[pid], key=f"{pid}/{key}/required", severity=Severity.info,
                               zh=f"{base.fact.name}：从 {base.label()} 到 {target.label()} 需 {need_text} {unit}{hist_zh}",
                               en=f"{key}: {base.label()} to {target.label()} requires {need_text} {unit}" + (f"; historically {hist[0]}" if hist else ""),
                               values=values, evidence=ev + (hist[1] if hist else []))


def _pick(refs, prefer: Role):
    """The latest fact, the table's (`prefer`) when the text states the same year too."""
    return max(refs, key=lambda r: (r.data_year, r.fact.role == prefer, r.fact.id))


def _history(corpus, lp, key, actual):
    """The plan's own historical growth for `key`: a stated CAGR, else two historical values."""
    for g in lp.plan.growth:
        if g.indicator == key and g.measure == "cagr":
            return f"{g.rate}%/年 ({g.start.year}-{g.end.year}, stated)", [corpus.evidence(lp, g)]
    hist = sorted((r for r in actual if r.classification_changed is False), key=lambda r: r.data_year)
    if len(hist) >= 2 and hist[0].data_year < hist[-1].data_year:
        a, b = hist[0], hist[-1]
        if a.unit.compatible(b.unit) and a.base_interval().lo > 0:
            g = cagr(a.base_interval(), b.base_interval(), b.data_year - a.data_year)
            return f"{g.fmt(2)}%/年 ({a.data_year}-{b.data_year}, computed)", [corpus.ref_evidence(a), corpus.ref_evidence(b)]
    return None



