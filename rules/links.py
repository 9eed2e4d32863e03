"""Qualifiers are part of a quantity: 建成 (built) is not 开通 (opened), 新增 (added) is not a stock.

Two figures of one indicator that carry different quantity qualifiers are different quantities;
they are compared only through a conversion the document states. The conversion looked for here
is a stated rate of the same plan, region and year (built × open rate = opened: 5361 × 83.94% =
4500): a value that equals another stated value times such a rate is a *link*, reported as
information (or a warning where one label leaves its qualifier out), never an error.

The qualifier words are those of `Fact.qualifier` as printed (累计建成, 累计开通, 新增...); the
comparator words in the same field (达到, 超过, 以上) are not qualifiers of the quantity.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from weakref import WeakKeyDictionary

# words that change what is counted; 累计 is handled by the fact's `kind` (a count over a span)
QUANTITY_QUALIFIERS = ("建成", "开通", "新增", "在建", "投运", "投产", "签约", "上线")


def qualifiers(ref) -> frozenset[str]:
    """The quantity qualifiers a fact prints (in `qualifier`, else in its printed name)."""
    text = f"{ref.fact.qualifier or ''} {ref.fact.name}"
    return frozenset(w for w in QUANTITY_QUALIFIERS if w in text)


def differently_qualified(a, b) -> bool:
    """Both figures name what they count, and they name different things (建成 against 开通)."""
    qa, qb = qualifiers(a), qualifiers(b)
    return bool(qa) and bool(qb) and qa != qb


@dataclass(frozen=True)
class Link:
    product: object  # FactRef: the value that equals base × rate
    base: object  # FactRef
    rate: object  # FactRef: the stated rate
    explicit: bool  # both figures print their qualifier (else one label leaves it out)


MAX_RATES = 16  # rates looked at per figure (a plan states a handful for one region and year)
_INDEX: WeakKeyDictionary = WeakKeyDictionary()


def _rates(corpus, lp) -> dict:
    """The plan's stated rates by (region, data year, actual?), built once per corpus and plan."""
    per_corpus = _INDEX.setdefault(corpus, {})
    idx = per_corpus.get(lp.plan.id)
    if idx is None:
        idx = defaultdict(list)
        for f in lp.plan.facts:
            r = corpus.fact(lp.plan.id, f.id)
            if r is not None and f.value is not None and r.unit is not None and r.unit.dimension == "ratio":
                idx[(r.region, r.data_year, r.actual)].append(r)
        per_corpus[lp.plan.id] = idx
    return idx


def _related_rates(corpus, lp, ref):
    """Rates of the same plan, region and year that the document states with `ref`'s quantity: in
    the same sentence, or under an indicator key that extends `ref`'s (base_stations_5g_open_rate)."""
    out = []
    for r in _rates(corpus, lp).get((ref.region, ref.data_year, ref.actual), [])[:MAX_RATES]:
        f = r.fact
        same_sentence = ref.fact.quote in f.quote or f.quote in ref.fact.quote
        if same_sentence or f.indicator.startswith(ref.fact.indicator + "_"):
            out.append(r)
    return out


def link(corpus, lp, a, b) -> Link | None:
    """A stated rate that turns one of the two values into the other, if the plan states one."""
    for base, product in ((a, b), (b, a)):
        pi, bi = product.base_interval(), base.base_interval()
        if pi is None or bi is None:
            continue
        for rate in _related_rates(corpus, lp, base) + _related_rates(corpus, lp, product):
            if (bi * rate.base_interval()).overlaps(pi):
                return Link(product, base, rate, explicit=bool(qualifiers(a)) and bool(qualifiers(b)))
    return None
