from __future__ import annotations

from plancheck.findings import Severity
from plancheck.rules.base import Rule, Scope
from plancheck.rules.context import Corpus
from plancheck.rules.pc201_framework_floor import region_name
from plancheck.vocab import match_form


def _title_key(title: str) -> str:
    """A title's matching form: NFKC, no whitespace, quotes and 《》 dropped."""
    return match_form(title)


class Alignment(Rule):
    """A lower region's plan fits its parent's: same period and vision year, bases exist and came first.

    **What it does.** For each official plan (an unofficial copy, `edition_of`, is left to the
    edition rules) of a region with a parent region:

    - it finds the parent's plan of the same cycle: the one it names as a basis
      (`bases[].plan`, a plan of an ancestor region), else the only official plan of the parent
      region in that cycle (none or several: no comparison). The two must have the same period
      (error) and the same vision year (error; a vision year on one side only is a warning);
    - every plan named in `bases[].plan` must be in the corpus (warning) and must have been
      issued before the plan (`issued.date`; after it: error; the same day: warning);
    - a basis named only by title (`plan: null`) whose title is the title of a plan in the
      corpus is a warning: the link was missed, so no rule compares the two.

    Plans are grouped by (parent region, cycle); nothing is compared with every other plan.

    **Why is this bad?** A city plan for another period, or with another horizon, cannot be read
    against its province's targets year for year; a basis issued after the plan, or missing,
    means the stated basis is wrong or the issue date is.

    **Example (fails).** A city plan `period: {start: 2021, end: 2026}` that names
    `zhejiang-de-2021` (2021–2025) as its basis; or Huzhou's plan (issued 2021-12-16) naming as
    its basis a provincial plan issued 2022-01-10.

    **Example (passes).** Jiaxing's `期限为2021-2025年，展望至2035年`, issued 2021-12-31, naming
    `《浙江省数字经济发展“十四五”规划》` (`规划期限为2021—2025年，展望至2035年`, issued 2021-06-16).
    """

    code = "PC204"
    name = "alignment"
    severity = Severity.error
    scope = Scope.hierarchy
    messages = ("period", "vision", "basis-not-linked", "basis-missing", "basis-issued")

    def check(self, corpus: Corpus):
        titles = {}
        for lp in corpus.plans:
            if corpus.official(lp):
                titles.setdefault(_title_key(lp.plan.title), lp)
        for lp in corpus.plans:
            if not corpus.official(lp):
                continue
            yield from self._bases(corpus, lp, titles)
            reg = corpus.regions.get(lp.plan.region)
            if reg is None or not reg.parent:
                continue
            parent = self._parent_plan(corpus, lp)
            if parent is not None:
                yield from self._period(corpus, lp, parent)

    def _parent_plan(self, corpus, lp):
        p = lp.plan
        ancestors = {r.code for r in corpus.regions.ancestors(p.region)}
        for b in p.bases:
            bp = corpus.by_id.get(b.plan) if b.plan else None
            if bp is not None and bp.plan.region in ancestors and bp.plan.cycle == p.cycle:
                return bp
        parent = corpus.regions.get(p.region).parent
        cands = [q for q in corpus.plans_of(parent, p.cycle.value) if corpus.official(q)]
        return cands[0] if len(cands) == 1 else None

    def _period(self, corpus, lp, parent):
        p, q = lp.plan, parent.plan
        pn, qn = region_name(corpus, p.region), region_name(corpus, q.region)
        ev = [corpus.evidence(lp, quote=p.period.quote, path=("period",)),
              corpus.evidence(parent, quote=q.period.quote, path=("period",))]
        names = {"region_name": pn, "parent_name": qn, "plan": p.id, "parent_plan": q.id}
        if (p.period.start, p.period.end) != (q.period.start, q.period.end):
            yield self.finding(
                "period", corpus, plans=[p.id, q.id], key=f"{p.id}/period/{q.id}",
                values={"period": f"{p.period.start}-{p.period.end}", "parent_period": f"{q.period.start}-{q.period.end}",
                        "cycle": p.cycle.value, **names, "start": str(p.period.start), "end": str(p.period.end),
                        "parent_start": str(q.period.start), "parent_end": str(q.period.end)},
                facts=ev,
            )
        if p.vision_year != q.vision_year:
            one_sided = p.vision_year is None or q.vision_year is None
            yield self.finding(
                "vision", corpus, plans=[p.id, q.id], key=f"{p.id}/vision/{q.id}",
                values={"vision_year": str(p.vision_year), "parent_vision_year": str(q.vision_year), **names},
                facts=ev, severity=Severity.warning if one_sided else None,
            )

    def _bases(self, corpus, lp, titles):
        p = lp.plan
        for i, b in enumerate(p.bases):
            ev = corpus.evidence(lp, quote=b.quote, path=("bases", i))
            if b.plan is None:
                hit = titles.get(_title_key(b.title))
                if hit is not None and hit.plan.id != p.id:
                    yield self.finding(
                        "basis-not-linked", corpus,
                        plans=[p.id, hit.plan.id], key=f"{p.id}/basis-title/{_title_key(b.title)}",
                        values={"title": b.title, "plan": hit.plan.id}, facts=[ev], severity=Severity.warning,
                    )
                continue
            bp = corpus.by_id.get(b.plan)
            if bp is None:
                yield self.finding(
                    "basis-missing", corpus, plans=[p.id], key=f"{p.id}/basis/{b.plan}/missing",
                    values={"basis": b.plan, "title": b.title}, facts=[ev],
                    severity=Severity.info if corpus.not_loaded(lp, b.plan) else Severity.warning,
                )
                continue
            d, bd = p.issued.date, bp.plan.issued.date
            if bd >= d:
                yield self.finding(
                    "basis-issued", corpus, plans=[p.id, bp.plan.id], key=f"{p.id}/basis/{b.plan}/issued",
                    values={"issued": str(d), "basis_issued": str(bd), "basis": b.plan,
                            "order": "after" if bd > d else "same-day"},
                    facts=[ev, corpus.evidence(lp, quote=p.issued.quote, path=("issued",)),
                              corpus.evidence(bp, quote=bp.plan.issued.quote, path=("issued",))],
                    severity=Severity.warning if bd == d else None,
                )
