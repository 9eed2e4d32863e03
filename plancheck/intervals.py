"""The one range type: every value a statement or a computation allows (statcheck, XBRL Calc 1.1).

A number written as `225.0` stands for every value that rounds to it: [224.95, 225.05]; `超350`
allows (350, ∞); `不超过5` allows (-∞, 5]; `左右` marks a range approximate. Growth rates, shares
and sums are computed on such ranges, so a tolerance always comes from the stated precision and
the comparator, never from a chosen epsilon.

`Interval(lo, hi, lo_open, hi_open, approx)`: `lo`/`hi` None for an unbounded end (always open);
an open end excludes its number. Arithmetic keeps open and unbounded ends (a sum with `超350` is
still open below) and rounds outward (lower ends toward -∞, upper ends toward +∞, at 34 digits),
so a computed range always contains the exact result.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Context, Decimal, localcontext

from plancheck import figures

_PREC = 34
_INF = Decimal("Infinity")
# the outward-rounding contexts, built once: an operation of a Context (`_DOWN.multiply(a, b)`)
# is `a * b` inside `localcontext()` with that precision and rounding, without entering and
# leaving a context each time (the arithmetic below runs ~10^6 times at country scale)
_DOWN = Context(prec=_PREC, rounding=ROUND_FLOOR)
_UP = Context(prec=_PREC, rounding=ROUND_CEILING)
_ROUNDING = {ROUND_FLOOR: _DOWN, ROUND_CEILING: _UP}


_HALF_ULPS: dict[int, Decimal] = {}  # exponent -> half a unit there (a few dozen exponents occur)


def half_ulp(value: Decimal) -> Decimal:
    """Half a unit in the last written place: 225.0 -> 0.05, 1350 -> 0.5, 6.5 -> 0.05."""
    exp = value.as_tuple().exponent
    assert isinstance(exp, int)
    h = _HALF_ULPS.get(exp)
    if h is None:
        h = _HALF_ULPS[exp] = Decimal(5).scaleb(exp - 1)
    return h


# An end as (number, open): number is a Decimal, ±Infinity for an unbounded end (always open).
_End = tuple[Decimal, bool]


@dataclass(frozen=True)
class Interval:
    lo: Decimal | None
    hi: Decimal | None
    lo_open: bool = False
    hi_open: bool = False
    approx: bool = False

    def __post_init__(self) -> None:
        # an unbounded end is open by nature: keep its flag False so equal sets compare equal
        if self.lo is None and self.lo_open:
            object.__setattr__(self, "lo_open", False)
        if self.hi is None and self.hi_open:
            object.__setattr__(self, "hi_open", False)
        if self.lo is not None and self.hi is not None:
            if self.lo > self.hi or (self.lo == self.hi and (self.lo_open or self.hi_open)):
                raise ValueError(f"empty interval {self.text()}")

    # -- construction

    @classmethod
    def written(cls, value: Decimal, approx: bool = False) -> Interval:
        """The values a written number stands for (rounding half-up or half-even alike)."""
        h = half_ulp(value)
        return cls(value - h, value + h, approx=approx)

    @classmethod
    def exact(cls, value: Decimal) -> Interval:
        return cls(value, value)

    @classmethod
    def above(cls, value: Decimal, inclusive: bool = True, approx: bool = False) -> Interval:
        """[value, ∞) (以上, 达到, >=), or (value, ∞) when not inclusive (超过, 突破, >)."""
        return cls(value, None, lo_open=not inclusive, approx=approx)

    @classmethod
    def below(cls, value: Decimal, inclusive: bool = True, approx: bool = False) -> Interval:
        """(-∞, value] (不超过, <=), or (-∞, value) when not inclusive (低于, <)."""
        return cls(None, value, hi_open=not inclusive, approx=approx)

    @classmethod
    def of(cls, lo: Decimal | None, hi: Decimal | None, lo_open: bool = False, hi_open: bool = False,
           approx: bool = False) -> Interval | None:
        """The interval between two ends, or None when no value lies between them."""
        if lo is not None and hi is not None and (lo > hi or (lo == hi and (lo_open or hi_open))):
            return None
        return cls(lo, hi, lo_open, hi_open, approx)

    @classmethod
    def _of_ends(cls, lo: _End, hi: _End, approx: bool) -> Interval:
        return cls(None if lo[0].is_infinite() else lo[0], None if hi[0].is_infinite() else hi[0],
                   lo[1], hi[1], approx)

    # -- properties

    @property
    def bounded(self) -> bool:
        return self.lo is not None and self.hi is not None

    @property
    def one_sided(self) -> bool:
        """Bounded on one side only: a result built on 超X / 以上 / 不超过."""
        return (self.lo is None) != (self.hi is None)

    @property
    def point(self) -> Decimal | None:
        """The one value of an exact interval, also of one computed from exact numbers: its ends
        then differ only by the outward rounding of the arithmetic (in the 34th digit)."""
        if self.lo is None or self.hi is None:
            return None
        if self.lo == self.hi:
            return self.lo
        with localcontext() as ctx:
            ctx.prec = _PREC
            if self.hi - self.lo <= max(abs(self.lo), abs(self.hi)).scaleb(2 - _PREC):
                return (self.lo + self.hi) / 2
        return None

    @property
    def mid(self) -> Decimal:
        if self.lo is None or self.hi is None:
            raise ValueError(f"an unbounded interval {self.text()} has no midpoint")
        return (self.lo + self.hi) / 2

    @property
    def width(self) -> Decimal:
        if self.lo is None or self.hi is None:
            return _INF
        return self.hi - self.lo

    def interval(self) -> Interval | None:
        """This range if both ends are finite, else None (what a closed-interval formula can use)."""
        return self if self.bounded else None

    def _ends(self) -> tuple[_End, _End]:
        return ((-_INF, True) if self.lo is None else (self.lo, self.lo_open),
                (_INF, True) if self.hi is None else (self.hi, self.hi_open))

    # -- comparisons

    def contains(self, x: Decimal) -> bool:
        if self.lo is not None and (x < self.lo or (x == self.lo and self.lo_open)):
            return False
        return not (self.hi is not None and (x > self.hi or (x == self.hi and self.hi_open)))

    def overlaps(self, other: Interval) -> bool:
        """Some value is allowed by both (a shared end counts only where both ends are closed)."""
        (alo, alo_open), (ahi, ahi_open) = self._ends()
        (blo, blo_open), (bhi, bhi_open) = other._ends()
        if alo != blo:
            lo, lo_open = (alo, alo_open) if alo > blo else (blo, blo_open)
        else:
            lo, lo_open = alo, alo_open or blo_open
        if ahi != bhi:
            hi, hi_open = (ahi, ahi_open) if ahi < bhi else (bhi, bhi_open)
        else:
            hi, hi_open = ahi, ahi_open or bhi_open
        return lo < hi or (lo == hi and not lo_open and not hi_open)

    def within(self, other: Interval) -> bool:
        """Every value this allows is allowed by `other` (a city's 92 meets a provincial >90; 90 does not)."""
        if other.lo is not None:
            if self.lo is None or self.lo < other.lo or (self.lo == other.lo and other.lo_open and not self.lo_open):
                return False
        if other.hi is not None:
            if self.hi is None or self.hi > other.hi or (self.hi == other.hi and other.hi_open and not self.hi_open):
                return False
        return True

    # -- arithmetic (outward rounding; open and unbounded ends carried through)

    def scale(self, k: Decimal) -> Interval:
        """self × k. A positive k keeps each end on its side, open or closed: each end is
        multiplied once, rounded outward (what the product with [k, k] gives, without its
        eight corners: a unit factor is applied to every fact of a dense plan)."""
        k = Decimal(k)
        if k > 0 and k.is_finite():
            lo = None if self.lo is None else _DOWN.multiply(self.lo, k)
            hi = None if self.hi is None else _UP.multiply(self.hi, k)
            return Interval(lo, hi, self.lo_open, self.hi_open, self.approx)
        return self * Interval.exact(k)

    def __neg__(self) -> Interval:
        return Interval(None if self.hi is None else -self.hi, None if self.lo is None else -self.lo,
                        self.hi_open, self.lo_open, self.approx)

    def __add__(self, other: Interval) -> Interval:
        (alo, alo_open), (ahi, ahi_open) = self._ends()
        (blo, blo_open), (bhi, bhi_open) = other._ends()
        lo = _DOWN.add(alo, blo)
        hi = _UP.add(ahi, bhi)
        return Interval._of_ends((lo, alo_open or blo_open), (hi, ahi_open or bhi_open), self.approx or other.approx)

    def __sub__(self, other: Interval) -> Interval:
        return self + (-other)

    def __mul__(self, other: Interval) -> Interval:
        a, b = self._ends(), other._ends()
        corners = [(x, y) for x in a for y in b]
        lo = _extreme([_product(x, y, ROUND_FLOOR) for x, y in corners], lowest=True)
        hi = _extreme([_product(x, y, ROUND_CEILING) for x, y in corners], lowest=False)
        return Interval._of_ends(lo, hi, self.approx or other.approx)

    def __truediv__(self, other: Interval) -> Interval:
        (blo, blo_open), (bhi, bhi_open) = other._ends()
        if other.contains(Decimal(0)) or (blo < 0 < bhi):
            raise ZeroDivisionError("interval division by an interval containing 0")
        side = 1 if bhi > 0 else -1  # a divisor end at an open 0 is approached from this side
        corners = [(x, y) for x in self._ends() for y in other._ends()]
        lo = _extreme([_quotient(x, y, side, ROUND_FLOOR) for x, y in corners], lowest=True)
        hi = _extreme([_quotient(x, y, side, ROUND_CEILING) for x, y in corners], lowest=False)
        return Interval._of_ends(lo, hi, self.approx or other.approx)

    def percent_of(self, whole: Interval) -> Interval | None:
        """self / whole x 100: a share or ratio in percent; None where the whole may be 0 or less."""
        if whole.lo is None or whole.lo < 0 or whole.contains(Decimal(0)):
            return None
        return self / whole * Interval.exact(Decimal(100))

    # -- text (plancheck.figures prints every figure)

    def text(self) -> str:
        """`[1, 2]`, `(350, ∞)`, `(-∞, 5]`: every number in full."""
        return figures.interval(self)

    def fmt(self, places: int = 2) -> str:
        """The ends to `places` decimals: `[1.23, 5.68]`, `(350.00, ∞)`."""
        return figures.interval(self, places=places)

    def show(self, num) -> str:
        """The range with each finite end written by `num`; an unbounded end is ∞ and open."""
        return figures.interval(self, num)


def _product(x: _End, y: _End, rounding: str) -> _End:
    (xv, xo), (yv, yo) = x, y
    if (xv == 0 and not xo) or (yv == 0 and not yo):
        return Decimal(0), False  # an attained 0 times anything in the other range is 0
    if xv == 0 or yv == 0:
        return Decimal(0), True  # 0 approached (an open end) times a finite or unbounded end
    return _ROUNDING[rounding].multiply(xv, yv), xo or yo


def _quotient(x: _End, y: _End, side: int, rounding: str) -> _End:
    (xv, xo), (yv, yo) = x, y
    if xv == 0 and not xo:
        return Decimal(0), False  # an attained 0 over any divisor is 0
    if yv.is_infinite():
        if xv.is_infinite():  # ∞/∞: unbounded on the side of the signs
            return (_INF if (xv > 0) == (yv > 0) else -_INF), True
        return Decimal(0), True
    if yv == 0:  # an open end at 0: the quotient grows without bound
        if xv == 0:
            return Decimal(0), xo
        return (_INF if (xv > 0) == (side > 0) else -_INF), True
    return _ROUNDING[rounding].divide(xv, yv), xo or yo


def _extreme(ends: list[_End], lowest: bool) -> _End:
    """The lowest (or highest) end; on a tie, closed wins (some corner attains it)."""
    v = min(e[0] for e in ends) if lowest else max(e[0] for e in ends)
    return v, all(o for x, o in ends if x == v)


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
    if start.lo is None or end.lo is None or start.hi is None or end.hi is None:
        raise ValueError("growth needs bounded endpoints")
    if start.lo <= 0 or end.lo <= 0:
        raise ValueError("growth needs positive endpoints")
    with localcontext() as ctx:
        ctx.prec = _PREC
        lo = (_root(end.lo / start.hi, years, up=False) - 1) * 100
        hi = (_root(end.hi / start.lo, years, up=True) - 1) * 100
    return Interval(lo, hi)


def cagr_of_bounds(start: Interval, end: Interval, years: int) -> Interval:
    """`cagr` where either end may be a bound: 超350 as the start, (350, ∞), leaves the growth
    unbounded below and open above (less than the growth from 350); a start known only from
    above (不超过X) leaves it unbounded above. Open ends stay open, and the result is
    approximate when either end is (左右, 近). Ends that are bounded give `cagr`'s ends."""
    if (start.lo is not None and start.lo <= 0) or (end.lo is not None and end.lo <= 0):
        raise ValueError("growth needs positive endpoints")
    lo = hi = None
    with localcontext() as ctx:
        ctx.prec = _PREC
        if end.lo is not None and start.hi is not None:
            lo = (_root(end.lo / start.hi, years, up=False) - 1) * 100
        if end.hi is not None and start.lo is not None:
            hi = (_root(end.hi / start.lo, years, up=True) - 1) * 100
    return Interval(lo, hi, lo_open=lo is not None and (end.lo_open or start.hi_open),
                    hi_open=hi is not None and (end.hi_open or start.lo_open), approx=start.approx or end.approx)


def total_growth(start: Interval, end: Interval) -> Interval:
    """Total growth in percent: (end/start - 1) x 100."""
    r = end / start
    with localcontext() as ctx:
        ctx.prec = _PREC
        return Interval((r.lo - 1) * 100, (r.hi - 1) * 100)
