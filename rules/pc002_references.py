from __future__ import annotations

from plancheck import suggest
from plancheck.findings import Severity
from plancheck.rules.base import Rule, Scope
from plancheck.units import UnitError, parse


class References(Rule):
    """Every key a plan uses names something that exists: indicators, regions, plans, units.

    **What it does.** Checks that each fact's and claim's `indicator` is in the indicator catalog,
    each region code is in the region registry, each unit parses, and each plan named in
    `bases` or `edition_of` is in the corpus. An unknown key comes with "did you mean"
    suggestions: the closest catalog keys (by key, and by the printed `name` against the
    catalog's names and aliases), region codes (by code, and regions named in the plan's title)
    and units. `indicator: TODO` (what `plancheck draft` writes when no catalog entry matches) is
    reported as an indicator still to be chosen, with the closest keys.

    A basis or `edition_of` plan whose file lies next to the plan but was not loaded (a check of
    one file) is information, not an error: nothing is wrong with the plan.

    **Why is this bad?** A fact under an unknown key is silently left out of every other rule: a
    typo in a key would hide a real inconsistency.

    **Example (fails).** `indicator: core_value_added` (not in the catalog; did you mean
    `core_va`?), `unit: 亿园` (did you mean `亿元`?).

    **Example (passes).** `indicator: core_va`, `unit: 亿元`, `bases: [{plan: zhejiang-de-2021}]`
    with that plan in `plans/`.
    """

    code = "PC002"
    name = "references"
    scope = Scope.corpus
    input_check = True
    messages = ("plan-region", "indicator-to-choose", "indicator", "region", "unit", "plan-not-loaded", "plan-missing")

    def check(self, corpus):
        for lp in corpus.plans:
            yield from self._plan(corpus, lp)

    def _plan(self, corpus, lp):
        p = lp.plan
        pid = p.id

        def bad(kind, item, what, values, path=(), severity=None, options=()):
            # `options`: the close matches to suggest (did you mean ...?)
            values = {**values, "hint": "did-you-mean" if options else "no-hint",
                      "options": [{"option": o} for o in options]}
            return self.finding(kind, corpus, plans=[pid], key=f"{pid}/{getattr(item, 'id', '.'.join(map(str, path)))}/{what}",
                                values=values, severity=severity,
                                facts=[corpus.evidence(lp, item if hasattr(item, "id") else None,
                                                       quote=getattr(item, "quote", None), path=path)])

        def region_hint(code):
            close = suggest.regions(corpus.regions, code, p.title)
            h = suggest.regions_label(corpus.regions, close)
            return [h] if h else []

        if corpus.regions.get(p.region) is None:
            yield bad("plan-region", p.period, "region", {"region": p.region}, ("region",), options=region_hint(p.region))
        for item in [*p.facts, *p.growth]:
            if item.indicator not in corpus.catalog:
                close = suggest.indicators(corpus.catalog, item.indicator, getattr(item, "name", None))
                if item.indicator == suggest.PLACEHOLDER:
                    keys = ", ".join(close) or "none close; add one to the catalog"
                    yield bad("indicator-to-choose", item, "indicator", {"item": item.id, "keys": keys})
                else:
                    yield bad("indicator", item, "indicator", {"item": item.id, "indicator": item.indicator,
                                                               "indicator_repr": repr(item.indicator)}, options=close)
            if item.region is not None and corpus.regions.get(item.region) is None:
                yield bad("region", item, "region", {"item": item.id, "region": item.region},
                          options=region_hint(item.region))
        for f in p.facts:
            try:
                parse(f.unit)
            except UnitError as e:
                yield bad("unit", f, "unit", {"item": f.id, "unit": f.unit, "error": str(e)}, options=suggest.units(f.unit))
        for pr in p.priorities:
            if corpus.regions.get(pr.region) is None:
                yield bad("region", pr, "region", {"item": pr.id, "region": pr.region}, options=region_hint(pr.region))
        refs = [(b.plan, f"basis-{b.plan}", ("bases", i), b) for i, b in enumerate(p.bases) if b.plan is not None]
        if p.edition_of is not None:
            refs.append((p.edition_of, "edition_of", ("edition_of",), None))
        for other, what, path, item in refs:
            if other in corpus.by_id:
                continue
            values = {"plan": other, "plan_repr": repr(other), "ref": "basis" if item is not None else "edition_of"}
            if corpus.not_loaded(lp, other):
                yield bad("plan-not-loaded", item, what, values, path, Severity.info)
            else:
                yield bad("plan-missing", item, what, values, path, options=suggest.plan_ids(sorted(corpus.by_id), other))
