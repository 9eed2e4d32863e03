from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

from plancheck import yamlsrc
from plancheck.findings import Severity
from plancheck.loader import LoadedPlan
from plancheck.models.plan import Priority
from plancheck.rules.base import Rule, Scope
from plancheck.rules.context import Corpus
from plancheck.rules.pc201_framework_floor import region_name
from plancheck.vocab import match_form

_SUFFIXES = ("等", "产业集群", "产业群", "产业链", "产业", "行业")


@dataclass(frozen=True)
class Vocabulary:
    aliases: dict[str, str]  # normalised name -> canonical
    tiers: tuple[tuple[str, tuple[str, ...]], ...]  # (class, words), in order
    generic: tuple[str, ...]
    excluded: tuple[str, ...]


def _strip(name: str) -> str:
    s = match_form(name)
    changed = True
    while changed:
        changed = False
        for suf in _SUFFIXES:
            if s.endswith(suf) and len(s) > len(suf):
                s, changed = s[: -len(suf)], True
    return s


@cache
def vocabulary() -> Vocabulary:
    text = resources.files("plancheck.rules").joinpath("data/industry-aliases.yaml").read_text("utf-8")
    data, _ = yamlsrc.load(text)
    data = data or {}
    aliases = {}
    for canon, names in (data.get("industries") or {}).items():
        c = _strip(canon)
        aliases[c] = c
        for n in names or []:
            aliases[_strip(n)] = c
    tiers = tuple((k, tuple(v)) for k, v in (data.get("tiers") or {}).items())
    return Vocabulary(aliases, tiers, tuple(data.get("generic_tiers") or ()), tuple(data.get("excluded_tiers") or ()))


def canonical(name: str) -> str:
    """An industry name's matching form: NFKC, suffixes stripped, synonyms replaced."""
    s = _strip(name)
    return vocabulary().aliases.get(s, s)


def tier_class(tier: str) -> str | None:
    """`excluded`, a tier class (优势, 特色, 新兴, ...), None for a generic layout (布局), or
    `unknown` for a tier no word of the vocabulary names."""
    v = vocabulary()
    t = unicodedata.normalize("NFKC", tier)
    if any(w in t for w in v.excluded):
        return "excluded"
    for cls, words in v.tiers:
        if any(w in t for w in words):
            return cls
    if any(w in t for w in v.generic):
        return None
    return "unknown"


@dataclass(frozen=True)
class Item:
    name: str  # as printed
    canon: str
    tier: str | None  # tier class, None for a generic layout
    pr: Priority


def items(lp: LoadedPlan, region: str) -> list[Item]:
    out = []
    for pr in lp.plan.priorities:
        if pr.region != region:
            continue
        cls = tier_class(pr.tier)
        if cls in ("excluded", "unknown"):
            continue
        for name in pr.industries:
            out.append(Item(name, canonical(name), cls, pr))
    return out


def matches(a: str, b: str, min_chars: int) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) < min_chars:
        return False
    return a in b or b in a


class Positioning(Rule):
    """A city's own priority industries against the layout its province assigns to it.

    **What it does.** Where a provincial plan lists priorities for a city (`priorities` entries
    whose `region` is the city's code: the province's layout, e.g. Zhejiang's 专栏6 全省数字经济
    生产力布局), it compares them with the priorities the city's own plan of the same cycle lists
    for itself, as information:

    - **missing**: an industry the province assigns that the city does not list;
    - **added**: an industry the city lists that the province does not assign;
    - **moved**: an industry both list, in different tiers (the province's 特色 is the city's
      新兴). Tiers are read through tier classes (优势/特色/新兴/品牌/集群/基础/基地); a generic
      layout (布局) has no tier, so its industries are never "moved".

    Names are normalised (NFKC; 产业/行业/等 suffixes stripped), synonyms found in the documents
    are replaced by a canonical name (`rules/data/industry-aliases.yaml`), and two names match
    when one contains the other (`北斗及地理信息` / `地理信息`). Tiers that are not positioning
    lists (传统产业数字化转型, 产业大脑试点, 供应链集群) are ignored; a tier no class names is
    reported (info) with the word and where to declare it, and not compared. A city
    plan that lists no priorities at all is skipped (not encoded yet, or no layout to compare).
    Official plans only.

    Parameter `min_match_chars` (default 2): the shortest normalised name that may match by
    containment (a one-character name would match too much).

    **Why is this bad?** The provincial layout is how the province divides roles among its
    cities; a city plan that drops an assigned industry, or promotes another, is either a
    deliberate deviation to be explained or a sign the plans were not coordinated.

    **Example (reported).** Zhejiang's layout for 嘉兴市: `培育壮大集成电路、人工智能、软件与智能计算
    特色产业，谋划布局柔性电子、数字安防、车联网等新兴产业`; Jiaxing's plan: `培育壮大集成电路、
    软件和信息服务业、数字安防三大特色产业，谋划布局柔性电子、人工智能、车联网三大新兴产业`:
    人工智能 moved from 特色 to 新兴, 数字安防 from 新兴 to 特色.

    **Example (passes).** 智能终端、智能光伏、新一代网络通信: 优势产业 in both.
    """

    code = "PC205"
    name = "positioning"
    severity = Severity.info
    scope = Scope.hierarchy
    messages = ("missing", "moved", "added", "unknown-tiers")
    params = {"min_match_chars": 2}

    def check(self, corpus: Corpus):
        n = int(self.p["min_match_chars"])
        for lp in corpus.plans:
            if not corpus.official(lp):
                continue
            yield from self._unknown_tiers(corpus, lp)
            layout_regions = sorted({pr.region for pr in lp.plan.priorities if pr.region != lp.plan.region})
            for region in layout_regions:
                reg = corpus.regions.get(region)
                if reg is None or lp.plan.region not in {a.code for a in corpus.regions.ancestors(region)}:
                    continue
                prov = items(lp, region)
                if not prov:
                    continue
                for city in corpus.plans_of(region, lp.plan.cycle.value):
                    if not corpus.official(city):
                        continue
                    own = items(city, region)
                    if not own:
                        continue
                    yield from self._compare(corpus, lp, city, region, prov, own, n)

    def _unknown_tiers(self, corpus, lp):
        """Tiers no word of the vocabulary classifies are not compared: one finding per plan naming them."""
        unknown: dict[str, list] = {}
        for pr in lp.plan.priorities:
            if tier_class(pr.tier) == "unknown":
                unknown.setdefault(pr.tier, []).append(pr)
        if not unknown:
            return
        yield self.finding(
            "unknown-tiers", corpus, plans=[lp.plan.id], key=f"{lp.plan.id}/unknown-tiers", severity=Severity.info,
            values={"change": "unknown-tier", "tiers": "; ".join(sorted(unknown)), "items": ",".join(p.id for v in unknown.values() for p in v),
                    "declare_in": "rules/data/industry-aliases.yaml", "plan": lp.plan.id,
                    "unknown": [{"tier": t, "count": str(len(v))} for t, v in sorted(unknown.items())]},
            facts=[corpus.evidence(lp, quote=v[0].quote, path=lp.item_path(v[0].id)) for _, v in sorted(unknown.items())][:5],
        )

    def _compare(self, corpus, lp, city, region, prov, own, n):
        pid, cid = lp.plan.id, city.plan.id
        rn = region_name(corpus, region)
        pn = region_name(corpus, lp.plan.region)
        names = {"region_name": rn, "province_name": pn, "city_plan": cid}

        def ev(plan, item):
            return corpus.evidence(plan, quote=item.pr.quote, path=plan.item_path(item.pr.id))

        seen = set()
        for it in prov:
            if it.canon in seen:
                continue
            seen.add(it.canon)
            hits = [o for o in own if matches(it.canon, o.canon, n)]
            if not hits:
                yield self.finding(
                    "missing", corpus, plans=[cid, pid], key=f"{pid}/{cid}/{region}/missing/{it.canon}",
                    values={"industry": it.name, "province_tier": it.pr.tier, "change": "missing", **names},
                    facts=[ev(lp, it)], severity=Severity.info,
                )
                continue
            if it.tier is None:
                continue
            city_tiers = {h.tier for h in hits if h.tier is not None}
            if city_tiers and it.tier not in city_tiers:
                yield self.finding(
                    "moved", corpus, plans=[cid, pid], key=f"{pid}/{cid}/{region}/moved/{it.canon}",
                    values={"industry": it.name, "province_tier": it.pr.tier,
                            "city_tier": "、".join(sorted({h.pr.tier for h in hits})),
                            "city_names": "、".join(sorted({h.name for h in hits})), "change": "moved",
                            "city_tiers": [{"tier": t} for t in sorted({h.pr.tier for h in hits})], **names},
                    facts=[ev(lp, it), *(ev(city, h) for h in _uniq_pr(hits))], severity=Severity.info,
                )
        seen = set()
        for o in own:
            if o.canon in seen:
                continue
            seen.add(o.canon)
            if not any(matches(o.canon, it.canon, n) for it in prov):
                yield self.finding(
                    "added", corpus, plans=[cid, pid], key=f"{pid}/{cid}/{region}/added/{o.canon}",
                    values={"industry": o.name, "city_tier": o.pr.tier, "change": "added", **names},
                    facts=[ev(city, o)], severity=Severity.info,
                )


def _uniq_pr(hits):
    seen, out = set(), []
    for h in hits:
        if h.pr.id not in seen:
            seen.add(h.pr.id)
            out.append(h)
    return out
