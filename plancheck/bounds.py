"""What a statement allows: the set of true values as a (possibly open, possibly unbounded) range.

`506.9` (=) allows [506.85, 506.95] (its written precision); `超350` (>) allows (350, ∞);
`达到8000` as a target (>=) allows [8000, ∞); `>90` allows (90, ∞); `不超过5` allows (-∞, 5].
`左右` (~) allows its written interval but is marked approximate, so a clash is softer.

Two statements about the same quantity agree when their ranges intersect; a target meets a
floor when every value it allows is allowed by the floor (a city's 90 does not meet a
provincial `>90`; a city's 92 does).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from plancheck.intervals import Interval, half_ulp
from plancheck.models.plan import Comparator


@dataclass(frozen=True)
class Bound:
    lo: Decimal | None
    hi: Decimal | None
    lo_open: bool = False
    hi_open: bool = False
    approx: bool = False

    def scale(self, k: Decimal) -> Bound:
        return Bound(None if self.lo is None else self.lo * k, None if self.hi is None else self.hi * k,
                     self.lo_open, self.hi_open, self.approx)

    def intersects(self, other: Bound) -> bool:
        lo, lo_open = _max_lo(self, other)
        hi, hi_open = _min_hi(self, other)
        if lo is None or hi is None:
            return True
        return lo < hi or (lo == hi and not lo_open and not hi_open)

    def within(self, other: Bound) -> bool:
        """Every value this allows is allowed by `other`."""
        if other.lo is not None:
            if self.lo is None or self.lo < other.lo or (self.lo == other.lo and other.lo_open and not self.lo_open):
                return False
        if other.hi is not None:
            if self.hi is None or self.hi > other.hi or (self.hi == other.hi and other.hi_open and not self.hi_open):
                return False
        return True

    def text(self) -> str:
        lo = "-∞" if self.lo is None else format(self.lo, "f")
        hi = "∞" if self.hi is None else format(self.hi, "f")
        return f"{'(' if self.lo_open or self.lo is None else '['}{lo}, {hi}{')' if self.hi_open or self.hi is None else ']'}"

    def interval(self) -> Interval | None:
        if self.lo is None or self.hi is None:
            return None
        return Interval(self.lo, self.hi)


def _max_lo(a: Bound, b: Bound):
    if a.lo is None:
        return b.lo, b.lo_open
    if b.lo is None:
        return a.lo, a.lo_open
    if a.lo != b.lo:
        return (a.lo, a.lo_open) if a.lo > b.lo else (b.lo, b.lo_open)
    return a.lo, a.lo_open or b.lo_open


def _min_hi(a: Bound, b: Bound):
    if a.hi is None:
        return b.hi, b.hi_open
    if b.hi is None:
        return a.hi, a.hi_open
    if a.hi != b.hi:
        return (a.hi, a.hi_open) if a.hi < b.hi else (b.hi, b.hi_open)
    return a.hi, a.hi_open or b.hi_open


def of_value(value: Decimal, comparator: Comparator) -> Bound:
    """The range a number stated with a comparator allows, in the printed unit."""
    if comparator == Comparator.eq:
        h = half_ulp(value)
        return Bound(value - h, value + h)
    if comparator == Comparator.about:
        h = half_ulp(value)
        return Bound(value - h, value + h, approx=True)
    if comparator == Comparator.gt:
        return Bound(value, None, lo_open=True)
    if comparator == Comparator.ge:
        return Bound(value, None)
    if comparator == Comparator.lt:
        return Bound(None, value, hi_open=True)
    if comparator == Comparator.le:
        return Bound(None, value)
    raise ValueError(comparator)


def of_fact(fact, factor: Decimal = Decimal(1)) -> Bound | None:
    """A fact's range, scaled by `factor` (None for an n/a cell).

    A count is a whole number: `26 家` allows [25.5, 26.5] by its written precision, but only
    the integer 26 in it; `6.5 万件` keeps [64500, 65500]. Counts are tightened to the integers
    of their range (in base units) before scaling.
    """
    if fact.value is None:
        return None
    b = of_value(fact.value, fact.comparator)
    if fact.comparator == Comparator.eq:
        b = _whole_counts(b, fact.unit)
    return b.scale(factor)


def _whole_counts(b: Bound, unit_text: str) -> Bound:
    from plancheck.units import UnitError, parse

    try:
        unit = parse(unit_text)
    except UnitError:
        return b
    if unit.dimension != "count" or b.lo is None or b.hi is None:
        return b
    lo = (b.lo * unit.factor).to_integral_value(rounding=ROUND_CEILING)
    hi = (b.hi * unit.factor).to_integral_value(rounding=ROUND_FLOOR)
    if lo > hi:
        return b
    return Bound(lo / unit.factor, hi / unit.factor, approx=b.approx)
