"""The year checks of one plan, shared by the rules PC104 and PC108-PC113 (one concept each).

Each rule selects the kinds of finding it reports (`kinds`); the checks themselves run here once
per rule, so every rule reads the same years the same way (`plancheck.rules.provenance`: a table
column is one subject; an empty cell has no year; a year the document does not print is the
encoder's reading and gives a warning).
"""

from __future__ import annotations

from collections import defaultdict

from plancheck.findings import Severity
from plancheck.models.plan import Place, Role
from plancheck.rules.base import Rule, Scope
from plancheck.vocab import span_of_words

ACTUAL = {Role.baseline, Role.history}
AIMS = {Role.target, Role.goal}
ROLE_ZH = {Role.baseline: "基期", Role.target: "目标", Role.history: "历史", Role.goal: "目标"}

GROWTH_SPAN = "growth-span"
KINDS = ("period", "vision", "baseline-year", "target-year", "after-issue", "issue-year", GROWTH_SPAN)


def kind_of(key: str) -> str:
    """The check a PC104-family finding comes from, by its key's last part."""
    last = key.rsplit("/", 1)[-1]
    return last if last in KINDS else GROWTH_SPAN


class YearChecks(Rule):
    """Base of the year rules: not a rule itself (no code)."""

    severity = Severity.error
    scope = Scope.plan
    per_plan = True
    kinds: frozenset[str] = frozenset()

    def check_plan(self, corpus, lp):
        for f in self._all(corpus, lp):
            if kind_of(f.key) in self.kinds:
                yield f

    def _all(self, corpus, lp):
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
        columns = defaultdict(list)  # (role, year) -> the table cells with a figure in that column
        for f in p.facts:
            if f.value is None:
                continue  # an empty cell (`/`, ——) gives no figure, so no dated value
            ref = corpus.fact(pid, f.id)
            if f.place == Place.table:
                columns[(f.role, ref.data_year)].append(ref)
            else:
                yield from self._item_years(corpus, lp, [ref])
        for _, refs in sorted(columns.items(), key=lambda kv: (kv[0][0].value, kv[0][1])):
            yield from self._item_years(corpus, lp, refs)
        for g in p.growth:
            yield from self._growth(corpus, lp, g)


    def _item_years(self, corpus, lp, refs):
        """The year checks of one text fact, or of one table column (cells of one role and data
        year): a wrong column header is one finding for the column, not one per cell."""
        p, pid = lp.plan, lp.plan.id
        first = refs[0]
        f, y, issued = first.fact, first.data_year, p.issued.date
        column = f.place == Place.table
        subject = f"{pid}/table/{f.role.value}/{y}" if column else f"{pid}/{f.id}"
        ids = ", ".join(r.fact.id for r in refs)
        who_zh = f"表格{ROLE_ZH[f.role]}列（{y}年，{len(refs)}个单元格：{ids}）" if column else f.id
        who_en = f"the table's {f.role.value} column ({y}, {len(refs)} cells: {ids})" if column else f.id
        ev = [corpus.ref_evidence(r) for r in refs]
        # a year the document does not print (implied by the section) is the encoder's reading
        implied = all(r.fact.year_implied for r in refs)
        sev = Severity.warning if implied else None
        after_issue = f.role in ACTUAL and y > issued.year
        if f.role == Role.baseline and y != p.period.start - 1 and y == f.year and not after_issue:
            yield self.finding(plans=[pid], key=f"{subject}/baseline-year", severity=sev,
                               zh=f"{who_zh}：基期数据年份 {y} 不是规划期前一年（{p.period.start - 1}），且没有脚注说明",
                               en=f"{who_en}: baseline dated {y}, not the year before the period ({p.period.start - 1}), with no footnote saying why",
                               values={"stated": str(y), "expected": str(p.period.start - 1), "cells": ids},
                               evidence=ev)
        if f.role in AIMS and not (p.period.start <= f.year <= p.period.end or f.year == p.vision_year):
            yield self.finding(plans=[pid], key=f"{subject}/target-year",
                               severity=Severity.warning if f.year > p.period.end or implied else None,
                               zh=f"{who_zh}：目标年份 {f.year} 不在规划期 {p.period.start}—{p.period.end} 内，也不是远景年份",
                               en=f"{who_en}: target year {f.year} is outside the period {p.period.start}-{p.period.end} and not the vision year",
                               values={"stated": str(f.year), "period": f"{p.period.start}-{p.period.end}", "cells": ids},
                               evidence=ev)
        if after_issue:  # the stronger finding: a baseline after issue is also misdated
            yield self.finding(plans=[pid], key=f"{subject}/after-issue", severity=sev,
                               zh=f"{who_zh}：{y}年的实际数据晚于规划印发日期 {issued.isoformat()}",
                               en=f"{who_en}: an actual value for {y}, after the plan was issued ({issued.isoformat()})",
                               values={"data_year": str(y), "issued": issued.isoformat(), "cells": ids,
                                       "year_source": "implied" if implied else "printed"},
                               evidence=ev)
        elif f.role in ACTUAL and y == issued.year and f.kind.value != "cumulative":
            yield self.finding(plans=[pid], key=f"{subject}/issue-year", severity=Severity.warning,
                               zh=f"{who_zh}：{y}年的实际数据出现在当年印发（{issued.isoformat()}）的规划中，全年数据当时尚未公布",
                               en=f"{who_en}: an actual value for {y} in a plan issued during {y} ({issued.isoformat()}), before that year's statistics",
                               values={"data_year": str(y), "issued": issued.isoformat(), "cells": ids},
                               evidence=ev)

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
