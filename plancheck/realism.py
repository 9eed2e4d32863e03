"""What a target asks for: the growth from a plan's baseline to its target, next to the plan's
own historical growth. One computation, shared by rule PC106 and the HTML report's charts, so
the two always show the same numbers."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from plancheck.intervals import Interval, cagr
from plancheck.models.catalog import Better
from plancheck.models.plan import ACTUAL_ROLES, AIM_ROLES, Comparator, GrowthClaim, Kind, Role

ACTUAL = ACTUAL_ROLES
AIMS = AIM_ROLES


@dataclass(frozen=True)
class History:
    rate: Interval  # percent a year; for a share, the change in percentage points
    start: int
    end: int
    pp: bool = False  # a share's change in percentage points over the span
    claim: GrowthClaim | None = None  # the stated 年均增长, when the plan states one
    refs: tuple = ()  # else the two historical facts it is computed from

    def text(self) -> str:
        if self.claim is not None:
            return f"{self.claim.rate}%/年 ({self.start}-{self.end}, stated)"
        unit = "个百分点" if self.pp else "%/年"
        return f"{self.rate.fmt(2)} {unit} ({self.start}-{self.end}, computed)"


@dataclass(frozen=True)
class Requirement:
    base: object  # FactRef
    target: object  # FactRef
    ratio: bool  # a share: the change is in percentage points, not percent a year
    comparable: bool  # False across a footnoted change of statistical classification
    required: Interval | None  # percent a year, or percentage points for a share
    history: History | None
    below: bool  # the target lies below the baseline where higher is better (or above, lower)
    held: bool  # the plan says 保持 / 左右 for that year: holding a level is the point

    @property
    def years(self) -> tuple[int, int]:
        return self.base.data_year, self.target.data_year

    def unit_text(self) -> str:
        return "个百分点" if self.ratio else "%/年"


def _pick(refs, prefer: Role):
    """The latest fact, the table's (`prefer`) when the text states the same year too."""
    return max(refs, key=lambda r: (r.data_year, r.fact.role == prefer, r.fact.id))


def requirement(corpus, lp, key: str, region: str | None = None) -> Requirement | None:
    """The plan's requirement for indicator `key` in `region` (default: the plan's own)."""
    region = region or lp.plan.region
    ind = corpus.indicator(key)
    if ind is None:
        return None
    refs = [r for r in corpus.plan_facts(lp.plan.id, key)
            if r.fact.value is not None and r.unit is not None and r.region == region]
    actual = [r for r in refs if r.fact.role in ACTUAL]
    aims = [r for r in refs if r.fact.role in AIMS]
    if not actual or not aims:
        return None
    target = _pick(aims, prefer=Role.target)
    same_kind = [r for r in actual if r.fact.kind == target.fact.kind] or actual
    base = _pick(same_kind, prefer=Role.baseline)
    if target.data_year <= base.data_year or not base.unit.compatible(target.unit):
        return None
    held = any(r.fact.kind == Kind.maintain or r.fact.comparator == Comparator.about
               for r in aims if r.data_year == target.data_year)
    ratio = ind.dimension.value == "ratio"
    comparable = base.classification_changed == target.classification_changed and not (
        base.classification_changed and base.fact.marks != target.fact.marks)
    common = dict(base=base, target=target, ratio=ratio, held=held)
    if not comparable:
        return Requirement(comparable=False, required=None, history=None, below=False, **common)
    # a target is the exact number chosen (15 is 15, not [14.5, 15.5]); the baseline is a
    # reported value and stands for the interval of its written precision
    b, t = base.base_interval(), Interval.exact(target.fact.value * target.unit.factor)
    if ratio:
        required = Interval.exact(target.fact.value) - base.interval
    elif b.lo > 0:
        required = cagr(b, t, target.data_year - base.data_year)
    else:
        return None
    below = t.hi < b.lo if ind.better == Better.higher else (t.lo > b.hi if ind.better == Better.lower else False)
    return Requirement(comparable=True, required=required, history=_history(lp, key, actual, ratio),
                       below=below, **common)


def history(corpus, lp, key: str, region: str | None = None) -> History | None:
    """The plan's own historical growth for `key` in `region` (default: the plan's own)."""
    region = region or lp.plan.region
    ind = corpus.indicator(key)
    actual = [r for r in corpus.plan_facts(lp.plan.id, key)
              if r.fact.value is not None and r.unit is not None and r.region == region and r.fact.role in ACTUAL]
    return _history(lp, key, actual, ind is not None and ind.dimension.value == "ratio")


def _history(lp, key: str, actual, ratio: bool) -> History | None:
    """A stated CAGR, else the growth between the first and the last historical value (for a
    share: the change in percentage points)."""
    for g in lp.plan.growth:
        if g.indicator == key and g.measure == "cagr":
            return History(Interval.written(g.rate), g.start.year, g.end.year, claim=g)
    hist = sorted((r for r in actual if not r.classification_changed), key=lambda r: r.data_year)
    if len(hist) >= 2 and hist[0].data_year < hist[-1].data_year:
        a, b = hist[0], hist[-1]
        if not a.unit.compatible(b.unit):
            return None
        if ratio:
            return History(b.interval - a.interval, a.data_year, b.data_year, pp=True, refs=(a, b))
        if a.base_interval().lo > 0:
            rate = cagr(a.base_interval(), b.base_interval(), b.data_year - a.data_year)
            return History(rate, a.data_year, b.data_year, refs=(a, b))
    return None


def midpoint(iv: Interval) -> float:
    return float((iv.lo + iv.hi) / Decimal(2))
