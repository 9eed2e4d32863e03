"""Interval arithmetic on written numbers (statcheck, XBRL Calculations 1.1 style).

A number written as `225.0` stands for every value that rounds to it: [224.95, 225.05]. Growth
rates, shares and sums are computed on such intervals, so a tolerance always comes from the
stated precision, never from a chosen epsilon.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation, localcontext

_PREC = 34


def half_ulp(value: Decimal) -> Decimal:
    """Half a unit in the last written place: 225.0 -> 0.05, 1350 -> 0.5, 6.5 -> 0.05."""
    exp = value.as_tuple().exponent
    assert isinstance(exp, int)
    return Decimal(5).scaleb(exp - 1)


@dataclass(frozen=True)
class Interval:
    lo: Decimal
    hi: Decimal

    def __post_init__(self) -> None:
        if self.lo > self.hi:
            raise ValueError(f"empty interval [{self.lo}, {self.hi}]")

    @classmethod
    def written(cls, value: Decimal) -> Interval:
        """The values a written number stands for (rounding half-up or half-even alike)."""
        h = half_ulp(value)
        return cls(value - h, value + h)

    @classmethod
    def exact(cls, value: Decimal) -> Interval:
        return cls(value, value)

    @property
    def mid(self) -> Decimal:
        return (self.lo + self.hi) / 2

    @property
    def width(self) -> Decimal:
        return self.hi - self.lo

    def contains(self, x: Decimal) -> bool:
        return self.lo <= x <= self.hi

    def overlaps(self, other: Interval) -> bool:
        return self.lo <= other.hi and other.lo <= self.hi

    def scale(self, k: Decimal) -> Interval:
        a, b = self.lo * k, self.hi * k
        return Interval(min(a, b), max(a, b))

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.lo + other.lo, self.hi + other.hi)

    def __sub__(self, other: Interval) -> Interval:
        return Interval(self.lo - other.hi, self.hi - other.lo)

    def __mul__(self, other: Interval) -> Interval:
        ps = [self.lo * other.lo, self.lo * other.hi, self.hi * other.lo, self.hi * other.hi]
        return Interval(min(ps), max(ps))

    def __truediv__(self, other: Interval) -> Interval:
        if other.lo <= 0 <= other.hi:
            raise ZeroDivisionError("interval division by an interval containing 0")
        with localcontext() as ctx:
            ctx.prec = _PREC
            qs = [self.lo / other.lo, self.lo / other.hi, self.hi / other.lo, self.hi / other.hi]
        return Interval(min(qs), max(qs))

    def fmt(self, places: int = 2) -> str:
        q = Decimal(1).scaleb(-places)
        return f"[{_quantized(self.lo, q)}, {_quantized(self.hi, q)}]"


def _quantized(x: Decimal, q: Decimal) -> Decimal:
    """x to the places of q; a number too long for the context (1e999) is shown as it is."""
    try:
        return x.quantize(q)
    except InvalidOperation:
        return x


_NUDGE = Decimal("1e-12")  # far above float error (~1e-16), far below any written precision


def _root(x: Decimal, n: int, up: bool) -> Decimal:
    """x^(1/n), rounded outward: computed in binary floating point, then widened by 1e-12
    relative, so the interval still contains the exact value (outward rounding)."""
    r = Decimal(repr(float(x) ** (1.0 / n)))
    return r * (1 + _NUDGE) if up else r * (1 - _NUDGE)


def cagr(start: Interval, end: Interval, years: int) -> Interval:
    """Average annual growth in percent over `years`: ((end/start)^(1/years) - 1) x 100.

    Monotone: lowest from the lowest end over the highest start, highest the other way round.
    """
    if start.lo <= 0 or end.lo <= 0:
        raise ValueError("growth needs positive endpoints")
    with localcontext() as ctx:
        ctx.prec = _PREC
        lo = (_root(end.lo / start.hi, years, up=False) - 1) * 100
        hi = (_root(end.hi / start.lo, years, up=True) - 1) * 100
    return Interval(lo, hi)


def total_growth(start: Interval, end: Interval) -> Interval:
    """Total growth in percent: (end/start - 1) x 100."""
    with localcontext() as ctx:
        ctx.prec = _PREC
        r = end / start
        return Interval((r.lo - 1) * 100, (r.hi - 1) * 100)

