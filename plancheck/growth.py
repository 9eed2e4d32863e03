"""Recompute a stated growth from its two endpoints, on intervals.

Shared by the rule that checks growth within one plan (PC101) and the one that takes an
endpoint from another document (PC302).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, localcontext

from plancheck import figures
from plancheck.bounds import of_fact, of_value
from plancheck.intervals import Interval, _root
from plancheck.models.plan import Comparator, GrowthClaim

_PREC = 34
LABELS = {
    "cagr": ("年均增速", "average annual growth"),
    "total": ("增幅", "total growth"),
    "multiple": ("倍数", "multiple"),
    "pp": ("百分点变化", "change in percentage points"),
}
SUFFIX = {"cagr": "%", "total": "%", "multiple": "x", "pp": "pp"}


@dataclass(frozen=True)
class GrowthCheck:
    measure: str
    years: int
    verdict: str  # consistent | rounding | inconsistent | incomparable | unknown
    stated: Interval
    computed: Interval | None
    point: Decimal | None
    start_text: str
    end_text: str
    printed: str = ""  # the stated growth as printed: `16.6%`, `>=2x` (not `16.600%`)

    @property
    def label_zh(self) -> str:
        return LABELS[self.measure][0]

    @property
    def label_en(self) -> str:
        return LABELS[self.measure][1]

    def _fmt(self, x: Decimal | None) -> str:
        if x is None:
            return "?"
        return figures.computed(x, 3) + SUFFIX[self.measure]

    @property
    def stated_text(self) -> str:
        if self.printed:
            return self.printed
        s = self.stated
        if s.lo is not None and s.hi is not None and s.lo == s.hi:
            return self._fmt(s.lo)
        if s.hi is None:
            return f"{'>' if s.lo_open else '>='}{self._fmt(s.lo)}"
        if s.lo is None:
            return f"{'<' if s.hi_open else '<='}{self._fmt(s.hi)}"
        return f"{self._fmt((s.lo + s.hi) / 2)}"

    @property
    def tolerance_text(self) -> str:
        return self.stated.show(self._fmt)

    @property
    def computed_text(self) -> str:
        return "?" if self.computed is None else self.computed.show(self._fmt)

    @property
    def point_text(self) -> str:
        return self._fmt(self.point)


def _rate(measure: str, start: Decimal, end: Decimal, years: int, up: bool = False) -> Decimal | None:
    """The growth from start to end; for cagr the root is rounded outward (`up` for an upper end)."""
    with localcontext() as ctx:
        ctx.prec = _PREC
        if measure == "pp":
            return end - start
        if start <= 0 or end < 0:
            return None
        r = end / start
        if measure == "multiple":
            return r
        if measure == "total":
            return (r - 1) * 100
        if r == 0:
            return Decimal(-100)
        return (_root(r, years, up) - 1) * 100


def printed(g: GrowthClaim) -> str:
    """A stated growth as the document prints it: `16.6%`, `>7.5%`, `2x`, `1.2pp`."""
    cmp = "" if g.comparator in (Comparator.eq, Comparator.about) else g.comparator.value
    about = "~" if g.comparator == Comparator.about else ""
    return f"{about}{cmp}{figures.stated(g.rate)}{SUFFIX[g.measure]}"


def stated_bound(g: GrowthClaim) -> Interval:
    if g.measure == "multiple":  # 翻一番 is a word: exactly x2
        return Interval(
            g.rate if g.comparator in (Comparator.eq, Comparator.about, Comparator.ge, Comparator.gt) else None,
            g.rate if g.comparator in (Comparator.eq, Comparator.about, Comparator.le, Comparator.lt) else None,
            lo_open=g.comparator == Comparator.gt, hi_open=g.comparator == Comparator.lt,
            approx=g.comparator == Comparator.about,
        )
    return of_value(g.rate, g.comparator)


def endpoint_bound(ref, measure: str) -> Interval | None:
    if ref.unit is None:
        return None
    # percentage points: work in the printed percent; otherwise in base units
    return of_fact(ref.fact, Decimal(1) if measure == "pp" else ref.unit.factor)


def check_growth(g: GrowthClaim, start, end, years: int | None = None) -> GrowthCheck | None:
    """Compare the claim with its endpoints (FactRef-like: .fact, .unit, .label())."""
    n = years if years is not None else g.end.year - g.start.year
    sb, eb = endpoint_bound(start, g.measure), endpoint_bound(end, g.measure)
    stated = stated_bound(g)
    common = dict(measure=g.measure, years=n, stated=stated, start_text=start.label(), end_text=end.label(),
                  printed=printed(g))
    if sb is None or eb is None:
        return GrowthCheck(verdict="unknown", computed=None, point=None, **common)
    if not start.unit.compatible(end.unit) or (g.measure == "pp" and not (start.unit.dimension == end.unit.dimension == "ratio")):
        return GrowthCheck(verdict="incomparable", computed=None, point=None, **common)
    # monotone in each endpoint: lowest from (start high, end low), highest from (start low, end high)
    lo = None if eb.lo is None or sb.hi is None else _rate(g.measure, sb.hi, eb.lo, n)
    hi = None if eb.hi is None or sb.lo is None else _rate(g.measure, sb.lo, eb.hi, n, up=True)
    computed = Interval(lo, hi)
    f_s = Decimal(1) if g.measure == "pp" else start.unit.factor
    f_e = Decimal(1) if g.measure == "pp" else end.unit.factor
    point = _rate(g.measure, start.fact.value * f_s, end.fact.value * f_e, n)
    exact_ends = all(r.fact.comparator in (Comparator.eq, Comparator.about) for r in (start, end))
    if point is not None and Interval.exact(point).within(stated) and exact_ends:
        verdict = "consistent"
    elif computed.overlaps(stated):
        verdict = "rounding" if exact_ends else "consistent"
    else:
        verdict = "inconsistent"
    return GrowthCheck(verdict=verdict, computed=computed, point=point, **common)
