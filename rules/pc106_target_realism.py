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

    **Readings considered** (one number model, `plancheck/realism.py`):
    - a target is the exact number chosen (`达到1350` is 1350, not [1349.5, 1350.5]); what it asks
      for is the growth that reaches it. A count is a whole number: a strict target on a count
      (`突破10000个`) is met at the next whole unit (10001); on an amount the boundary itself
      is the level (the difference is below any written precision);
    - a reported baseline stands for what its statement allows: its written precision
      (506.9 = [506.85, 506.95]), a count's whole units (13家 is 13, so the requirement is one
      figure, not [17.32%, 19.14%]), a bound only on its side: from `超350亿元` to 1000亿元 in
      five years the growth needed is *less than* 23.36% a year (`至多` / `at most` for an
      inclusive `以上`), never a point; `不超过X` gives `at least`;
    - `左右` / `近` (and any approximate figure) make the requirement approximate (`约` / `about`),
      the figure's word kept in the message; a stated history is shown as printed, a computed
      one the same way as the requirement (`<2.85 %/年` from a `超80亿元`).

    **Why is this bad?** A reviewer asks of every target "is this ambitious, or already
    reached?". A growth across a change of definition answers that question wrongly.

    **Example (reported).** Jiaxing's core industries' value added, 506.9 亿元 (2020) to 1350
    亿元 (2025): 21.6% a year required, against 17.6% a year in 2015–2020. Its smart terminals,
    `超350亿元` (2020) to 1000亿元 (2025): less than 23.36% a year.

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
            hist = req.history
            values = {"baseline": base.label(), "target": target.label(), "years": f"{base.data_year}-{target.data_year}",
                      "required": req.figure(), "side": req.side, "approx": "yes" if req.required.approx else "no",
                      "historical": hist.text() if hist else "not stated",
                      "history": "stated" if hist else "none", **names}
            if req.below and not req.held:
                yield self.finding("below-baseline", corpus, plans=[pid], key=f"{pid}/{key}/below-baseline",
                                   severity=Severity.info, values=values, facts=facts)
                continue
            if hist is not None:
                facts += [(lp, hist.claim)] if hist.claim else hist.refs
            yield self.finding("required", corpus, plans=[pid], key=f"{pid}/{key}/required", severity=Severity.info,
                               values=values, facts=facts)
