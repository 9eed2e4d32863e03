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

    def check(self, corpus):
        for lp in corpus.plans:
            yield from self._plan(corpus, lp)

    def _plan(self, corpus, lp):
        p = lp.plan
        pid = p.id

        def bad(item, what, zh, en, path=(), severity=None):
            return self.finding(plans=[pid], key=f"{pid}/{getattr(item, 'id', '.'.join(map(str, path)))}/{what}",
                                zh=zh, en=en, severity=severity,
                                evidence=[corpus.evidence(lp, item if hasattr(item, "id") else None,
                                                          quote=getattr(item, "quote", None), path=path)])

        def region_hint(code):
            close = suggest.regions(corpus.regions, code, p.title)
            return suggest.regions_label(corpus.regions, close)

        if corpus.regions.get(p.region) is None:
            h = region_hint(p.region)
            yield bad(p.period, "region", f"地区代码 {p.region} 不在地区登记表中{suggest.hint([h], True) if h else ''}",
                      f"region code {p.region} is not in the region registry{suggest.hint([h]) if h else ''}", ("region",))
        for item in [*p.facts, *p.growth]:
            if item.indicator not in corpus.catalog:
                close = suggest.indicators(corpus.catalog, item.indicator, getattr(item, "name", None))
                if item.indicator == suggest.PLACEHOLDER:
                    keys = ", ".join(close) or "none close; add one to the catalog"
                    yield bad(item, "indicator", f"{item.id}：指标待选择（最接近的目录键：{keys}）",
                              f"{item.id}: indicator to be chosen (closest catalog keys: {keys})")
                else:
                    yield bad(item, "indicator", f"{item.id}：指标 {item.indicator} 不在指标目录中{suggest.hint(close, True)}",
                              f"{item.id}: indicator {item.indicator!r} is not in the catalog{suggest.hint(close)}")
            if item.region is not None and corpus.regions.get(item.region) is None:
                h = region_hint(item.region)
                yield bad(item, "region", f"{item.id}：地区代码 {item.region} 不在地区登记表中{suggest.hint([h], True) if h else ''}",
                          f"{item.id}: region code {item.region} is not in the region registry{suggest.hint([h]) if h else ''}")
        for f in p.facts:
            try:
                parse(f.unit)
            except UnitError as e:
                close = suggest.units(f.unit)
                yield bad(f, "unit", f"{f.id}：无法识别的单位 {f.unit}{suggest.hint(close, True)}", f"{f.id}: {e}{suggest.hint(close)}")
        for pr in p.priorities:
            if corpus.regions.get(pr.region) is None:
                h = region_hint(pr.region)
                yield bad(pr, "region", f"{pr.id}：地区代码 {pr.region} 不在地区登记表中{suggest.hint([h], True) if h else ''}",
                          f"{pr.id}: region code {pr.region} is not in the region registry{suggest.hint([h]) if h else ''}")
        refs = [(b.plan, f"basis-{b.plan}", ("bases", i), b) for i, b in enumerate(p.bases) if b.plan is not None]
        if p.edition_of is not None:
            refs.append((p.edition_of, "edition_of", ("edition_of",), None))
        for other, what, path, item in refs:
            if other in corpus.by_id:
                continue
            label = "依据文件" if item is not None else "edition_of"
            if corpus.not_loaded(lp, other):
                yield bad(item, what, f"{label} {other} 未在本次检查中加载（{other}.yaml 未被检查），跨规划规则未比较它",
                          f"{'basis plan' if item is not None else 'edition_of'} {other!r} was not loaded in this check "
                          f"({other}.yaml is beside the plan): rules across plans did not compare with it",
                          path, Severity.info)
            else:
                close = suggest.plan_ids(sorted(corpus.by_id), other)
                yield bad(item, what, f"{label} {other} 不在语料中{suggest.hint(close, True)}",
                          f"{'basis plan' if item is not None else 'edition_of'} {other!r} is not in the corpus{suggest.hint(close)}",
                          path)
