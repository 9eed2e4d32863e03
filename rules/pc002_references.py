from __future__ import annotations

from plancheck.rules.base import Rule, Scope
from plancheck.units import UnitError, parse


class References(Rule):
    """Every key a plan uses names something that exists: indicators, regions, plans, units.

    **What it does.** Checks that each fact's and claim's `indicator` is in the indicator catalog,
    each region code is in the region registry, each unit parses, and each plan named in
    `bases` or `edition_of` is in the corpus.

    **Why is this bad?** A fact under an unknown key is silently left out of every other rule: a
    typo in a key would hide a real inconsistency.

    **Example (fails).** `indicator: core_value_added` (not in the catalog), `unit: 亿园`.

    **Example (passes).** `indicator: core_va`, `unit: 亿元`, `bases: [{plan: zhejiang-de-2021}]`
    with that plan in `plans/`.
    """

    code = "PC002"
    name = "references"
    scope = Scope.corpus

    def check(self, corpus):
        for lp in corpus.plans:
            p = lp.plan
            pid = p.id

            def bad(item, what, zh, en, path=(), pid=pid, lp=lp):
                return self.finding(plans=[pid], key=f"{pid}/{getattr(item, 'id', '.'.join(map(str, path)))}/{what}",
                                    zh=zh, en=en, evidence=[corpus.evidence(lp, item if hasattr(item, "id") else None,
                                                                           quote=getattr(item, "quote", None), path=path)])

            if corpus.regions.get(p.region) is None:
                yield bad(p.period, "region", f"地区代码 {p.region} 不在地区登记表中", f"region code {p.region} is not in the region registry", ("region",))
            for item in [*p.facts, *p.growth]:
                if item.indicator not in corpus.catalog:
                    yield bad(item, "indicator", f"{item.id}：指标 {item.indicator} 不在指标目录中",
                              f"{item.id}: indicator {item.indicator!r} is not in the catalog")
                if item.region is not None and corpus.regions.get(item.region) is None:
                    yield bad(item, "region", f"{item.id}：地区代码 {item.region} 不在地区登记表中",
                              f"{item.id}: region code {item.region} is not in the region registry")
            for f in p.facts:
                try:
                    parse(f.unit)
                except UnitError as e:
                    yield bad(f, "unit", f"{f.id}：无法识别的单位 {f.unit}", f"{f.id}: {e}")
            for pr in p.priorities:
                if corpus.regions.get(pr.region) is None:
                    yield bad(pr, "region", f"{pr.id}：地区代码 {pr.region} 不在地区登记表中",
                              f"{pr.id}: region code {pr.region} is not in the region registry")
            for i, b in enumerate(p.bases):
                if b.plan is not None and b.plan not in corpus.by_id:
                    yield bad(b, f"basis-{b.plan}", f"依据文件 {b.plan} 不在语料中", f"basis plan {b.plan!r} is not in the corpus", ("bases", i))
            if p.edition_of is not None and p.edition_of not in corpus.by_id:
                yield bad(None, "edition_of", f"{p.edition_of} 不在语料中", f"edition_of {p.edition_of!r} is not in the corpus", ("edition_of",))
