"""Qualifiers are part of a quantity: 建成 (built) is not 开通 (opened), 新增 (added) is not a stock.

Two figures of one indicator that carry different quantity qualifiers are different quantities;
they are compared only through a conversion the document states. The conversion looked for here
is a stated rate of the same plan, region and year (built × open rate = opened: 5361 × 83.94% =
4500): a value that equals another stated value times such a rate is a *link*, reported as
information (or a warning where one label leaves its qualifier out), never an error.

The qualifier words are those of the vocabulary (`plancheck/data/vocab.yaml` `qualifiers`:
state 建成/开通/..., flow 累计/新增, measure 产值/增加值/营收), read from `Fact.qualifier`, the
printed name and, for sums (PC202), the clause of the quote that leads to the figure; the
comparator words in the same field (达到, 超过, 以上) are not qualifiers of the quantity.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from weakref import WeakKeyDictionary

from plancheck.vocab import Qualified, fold, qualifiers_of

# where a clause of a quote ends: the qualifier of a figure is in the words that lead to it
_CLAUSE_END = re.compile(r"[，,；;。：:！!？?\s]")


def qualifiers(ref) -> frozenset[str]:
    """The quantity qualifiers a fact prints in `qualifier` or its printed name, as printed: what
    state the things counted are in, and whether added (vocab.yaml); 累计 is the fact's `kind` here."""
    q = qualifiers_of(f"{ref.fact.qualifier or ''} {ref.fact.name}")
    return frozenset(w for w, axis, cls in q.hits if axis in ("state", "flow") and cls != "cumulative")


def lead(quote: str, value) -> str:
    """The clause of `quote` that leads to the printed figure `value` (`到2025年，全市5G基站累计
    开通1.4万个` -> `全市5G基站累计开通`); the whole quote when the figure is not found as printed."""
    s = fold(quote)
    m = re.search(r"(?<![\d.])" + re.escape(format(value, "f")) + r"(?!\.?\d|[A-Za-z])", s)  # 5G, 4K: a name, not the figure
    if m is None:
        return s
    starts = [e.end() for e in _CLAUSE_END.finditer(s, 0, m.start())]
    return s[starts[-1] if starts else 0:m.start()]


def qualified(ref) -> Qualified:
    """Every qualifier class a fact prints: in `qualifier`, its name and the clause leading to its
    figure (`5G基站数量 个 4500` says nothing; `累计建成5G基站59000个` says built, cumulative)."""
    f = ref.fact
    return _qualified(f.qualifier or "", f.name, f.quote, f.value)


@lru_cache(maxsize=65536)
def _qualified(qualifier: str, name: str, quote: str, value) -> Qualified:
    return qualifiers_of(f"{qualifier} {name} {lead(quote, value) if value is not None else ''}")


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


@dataclass
class Parts:
    """The parts of a total that may be added to it, by what their words say they count."""

    kept: dict  # region -> the fact summed: its qualifiers agree with the total's
    apart: dict  # region -> a fact of that region kept out: another quantity (开通 against 建成)
    unsure: dict  # region (of `kept`) -> the axes on which one label says and the other does not


def parts_of(total, candidates: dict, pick) -> Parts:
    """Split each region's candidate facts against `total`'s qualifiers: a part is summed when no
    axis has two different answers (preferring one that says exactly what the total says); a
    region with only differently qualified facts is kept apart. Where the total says nothing on
    an axis and the summed parts name different answers there (建成 and 开通 under a bare
    `5G基站数量`), every part that names one is kept apart too: a sum never adds opened counts to
    built counts. `pick` chooses one fact among several (the rules' order)."""
    tq = qualified(total)
    kept, apart, unsure = {}, {}, {}
    for region, refs in sorted(candidates.items()):
        qs = [(r, qualified(r)) for r in refs]
        same = [r for r, q in qs if not tq.differ(q) and not tq.unsure(q)]
        maybe = [r for r, q in qs if not tq.differ(q) and tq.unsure(q)]
        other = [r for r, q in qs if tq.differ(q)]
        k = pick(same) or pick(maybe)
        if k is not None:
            kept[region] = k
        elif other:
            apart[region] = pick(other)
    for i, named_by_total in enumerate(tq.classes):
        if named_by_total:
            continue
        answers = {qualified(k).classes[i] for k in kept.values()} - {frozenset()}
        if len(answers) > 1:
            for region in [r for r, k in kept.items() if qualified(k).classes[i]]:
                apart[region] = kept.pop(region)
    for region, k in kept.items():
        axes = tq.unsure(qualified(k))
        if axes:
            unsure[region] = axes
    return Parts(kept, dict(sorted(apart.items())), unsure)


def words_of(ref) -> str:
    """The qualifier words a fact prints, for a message (`累计开通`), or `—`."""
    return "".join(qualified(ref).words) or "—"
