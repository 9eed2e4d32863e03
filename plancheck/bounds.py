"""What a statement allows: the set of true values as an `Interval` (possibly open, possibly unbounded).

`506.9` (=) allows [506.85, 506.95] (its written precision); `超350` (>) allows (350, ∞);
`达到8000` as a target (>=) allows [8000, ∞); `>90` allows (90, ∞); `不超过5` allows (-∞, 5].
`左右` (~) allows its written interval but is marked approximate, so a clash is softer.

Two statements about the same quantity agree when their ranges intersect; a target meets a
floor when every value it allows is allowed by the floor (a city's 90 does not meet a
provincial `>90`; a city's 92 does).
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from plancheck.intervals import Interval
from plancheck.models.plan import Comparator


def of_value(value: Decimal, comparator: Comparator) -> Interval:
    """The range a number stated with a comparator allows, in the printed unit."""
    if comparator == Comparator.eq:
        return Interval.written(value)
    if comparator == Comparator.about:
        return Interval.written(value, approx=True)
    if comparator == Comparator.gt:
        return Interval.above(value, inclusive=False)
    if comparator == Comparator.ge:
        return Interval.above(value)
    if comparator == Comparator.lt:
        return Interval.below(value, inclusive=False)
    if comparator == Comparator.le:
        return Interval.below(value)
    raise ValueError(comparator)


def of_fact(fact, factor: Decimal = Decimal(1)) -> Interval | None:
    """A fact's range, scaled by `factor` (None for an n/a cell).

    A count is a whole number: `26 家` allows [25.5, 26.5] by its written precision, but only
    the integer 26 in it; `6.5 万件` keeps [64500, 65500]; `超过26家` allows 27 and more, `不足10个`
    at most 9. Counts are tightened to the integers of their range (in base units, ends rounded
    inward) before scaling; an approximate count (`26家左右`) keeps its soft range.
    """
    if fact.value is None:
        return None
    b = of_value(fact.value, fact.comparator)
    if fact.comparator != Comparator.about:
        b = _whole_counts(b, fact.unit)
    return b.scale(factor)


def _whole_counts(b: Interval, unit_text: str) -> Interval:
    from plancheck.units import UnitError, parse

    try:
        unit = parse(unit_text)
    except UnitError:
        return b
    if unit.dimension != "count":
        return b
    lo = None if b.lo is None else _inward(b.lo * unit.factor, b.lo_open, up=True)
    hi = None if b.hi is None else _inward(b.hi * unit.factor, b.hi_open, up=False)
    if lo is not None and hi is not None and lo > hi:
        return b  # no whole number in the range (0.3 个): keep what was written
    return Interval(None if lo is None else lo / unit.factor, None if hi is None else hi / unit.factor,
                    approx=b.approx)


def _inward(x: Decimal, open_end: bool, up: bool) -> Decimal:
    """The nearest whole number inside an end: up from a lower end, down from an upper one; an
    open end excludes x itself (超过26 -> 27, 不足10 -> 9)."""
    if up:
        n = x.to_integral_value(rounding=ROUND_FLOOR) + 1 if open_end else x.to_integral_value(rounding=ROUND_CEILING)
    else:
        n = x.to_integral_value(rounding=ROUND_CEILING) - 1 if open_end else x.to_integral_value(rounding=ROUND_FLOOR)
    return n
