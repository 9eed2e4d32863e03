"""A target stated both as a number and as a multiple of a base ("突破N, 比B年翻一番") is two claims.

When any official document states the base year's value, the multiple asks for base × rate; set
next to the number N, one of the two is the stronger claim (the doubling may need more than N, so
meeting N does not meet the doubling). Used by rule PC301, which reports it as information.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from plancheck.intervals import Interval
from plancheck.models.plan import Role

ACTUAL = {Role.baseline, Role.history}


@dataclass(frozen=True)
class NumberVsMultiple:
    plan: str
    claim: object  # GrowthClaim
    number: object  # FactRef: the target number N
    base: object  # FactRef: the base year's reported value
    required: Interval  # what the multiple asks for, in the number's printed unit
    relation: str  # "multiple-stronger" | "number-stronger" | "agree"


def _factor(g) -> Decimal | None:
    if g.measure == "multiple":
        return g.rate
    if g.measure == "total":
        return 1 + g.rate / 100
    return None


def comparisons(corpus) -> list[NumberVsMultiple]:
    out = []
    for lp in corpus.plans:
        if not corpus.official(lp):
            continue
        for g in lp.plan.growth:
            k = _factor(g)
            number = corpus.fact(lp.plan.id, g.end.fact)
            if k is None or number is None or number.fact.value is None or number.unit is None:
                continue
            if number.fact.role in ACTUAL:
                continue  # a growth reported as history, not a target stated two ways
            region = g.region or lp.plan.region
            bases = [r for r in corpus.facts_at(g.indicator, region, g.start.year)
                     if r.fact.role in ACTUAL and r.fact.value is not None and r.unit is not None
                     and corpus.official(r.lp) and r.unit.compatible(number.unit)]
            if not bases:
                continue
            base = min(bases, key=lambda r: (r.base_interval().width, r.lp.plan.id, r.fact.id))
            required = base.base_interval().scale(k).scale(1 / number.unit.factor)
            n = number.fact.value
            relation = "multiple-stronger" if required.lo > n else "number-stronger" if required.hi < n else "agree"
            out.append(NumberVsMultiple(lp.plan.id, g, number, base, required, relation))
    return out
