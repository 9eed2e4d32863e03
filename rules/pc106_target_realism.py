from __future__ import annotations

from plancheck.findings import Severity
from plancheck.realism import requirement
from plancheck.rules.base import Rule, Scope


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
    messages = ("required", "below-baseline", "not-comparable")

    def check_plan(self, corpus, lp):
        pid = lp.plan.id
        for key in sorted({f.indicator for f in lp.plan.facts}):
            req = requirement(corpus, lp, key)
            if req is None:
                continue
            base, target = req.base, req.target
            facts = [base, target]
            names = {"name": base.fact.name, "indicator": key}
            if not req.comparable:
                yield self.finding("not-comparable", corpus, plans=[pid], key=f"{pid}/{key}/not-comparable",
                                   severity=Severity.warning,
                                   values={"baseline": base.label(), "target": target.label(), **names}, facts=facts)
                continue
            need = f"{req.required.fmt(2)} {req.unit_text()}"
            hist = req.history
            values = {"baseline": base.label(), "target": target.label(), "years": f"{base.data_year}-{target.data_year}",
                      "required": need, "historical": hist.text() if hist else "not stated",
                      "history": "stated" if hist else "none", **names}
            if req.below and not req.held:
                yield self.finding("below-baseline", corpus, plans=[pid], key=f"{pid}/{key}/below-baseline",
                                   severity=Severity.info, values=values, facts=facts)
                continue
            if hist is not None:
                facts += [(lp, hist.claim)] if hist.claim else hist.refs
            yield self.finding("required", corpus, plans=[pid], key=f"{pid}/{key}/required", severity=Severity.info,
                               values=values, facts=facts)
