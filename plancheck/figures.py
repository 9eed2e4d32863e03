"""How a message prints a figure: the one place for every rule's numbers.

- A **stated** figure is printed as the document prints it: its written digits (a Decimal keeps
  them: `16.6`, never `16.600`; `225.0` stays `225.0`), with its word (近, 约 before it, 左右
  after it; `plancheck.factref.FactRef.words`).
- A **computed** figure is printed to a number of decimals derived from its inputs (`places_of`:
  the last written place of the finest input, in the unit it is printed in) or to the places the
  rule's result resolves (a growth rate to 0.01 or 0.001 percentage points); a whole number needs
  no decimals when the rule says so (`30 家`, not `30.00`).
- An **interval** is `[lo, hi]`, with `(`/`)` at an open end and ∞ at an unbounded one: `(350, ∞)`,
  `(-∞, 5]`; a computed value with its interval is `≈ X, [lo, hi]`.

A number too long for the decimal context (1e999) is printed as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation

INF = "∞"


def stated(value: Decimal | int | str) -> str:
    """A written number as written: `16.6`, `225.0`, `8000` (no exponent, no padding)."""
    return format(Decimal(value), "f") if not isinstance(value, str) else value


def places_of(written: Iterable[tuple[Decimal, Decimal]], unit: Decimal, least: int = 0, most: int = 8) -> int:
    """Decimals for a figure computed from written figures, `(value, its unit's factor)`, and
    printed in a unit of factor `unit`: the last written place of the finest input in that unit
    (`14000` 个 in 万个 needs 4, `6.5` 万件 1), at least `least`, at most `most`."""
    p = least
    for value, factor in written:
        exp = value.as_tuple().exponent
        shift = (unit / factor).adjusted()
        p = max(p, (-exp if isinstance(exp, int) else 0) + max(shift, 0))
    return min(p, most)


def quantized(x: Decimal, places: int) -> Decimal:
    """x to `places` decimals; a number too long for the context is left as it is."""
    try:
        return x.quantize(Decimal(1).scaleb(-places))
    except InvalidOperation:
        return x


def fixed(x: Decimal, places: int) -> str:
    """x to `places` decimals as an interval's end prints it (`350.00`; a zero is never `-0.00`)."""
    q = quantized(x, places)
    return str(q.copy_abs() if q.is_zero() else q)


def computed(x: Decimal | None, places: int, *, whole: bool = False, factor: Decimal = Decimal(1)) -> str:
    """A computed number (in a unit `factor` times x's) to `places` decimals; `whole`: a whole
    number is printed without decimals; None, an unbounded end, is ∞."""
    if x is None:
        return INF
    v = x / factor if factor != 1 else x
    if whole and v == v.to_integral_value():
        return format(v.to_integral_value(), "f")
    return format(quantized(v, places), "f")


def interval(iv, num: Callable[[Decimal], str] | None = None, places: int | None = None) -> str:
    """`[1, 2]`, `(350, ∞)`, `(-∞, 5]`: each finite end written by `num` (default: to `places`
    decimals, or every digit when `places` is None); an unbounded end is ∞ and open."""
    if num is None:
        num = (lambda x: format(x, "f")) if places is None else (lambda x: fixed(x, places))
    lo = "-" + INF if iv.lo is None else num(iv.lo)
    hi = INF if iv.hi is None else num(iv.hi)
    return f"{'(' if iv.lo_open or iv.lo is None else '['}{lo}, {hi}{')' if iv.hi_open or iv.hi is None else ']'}"


def closed_range(lo: str, hi: str | None) -> str:
    """`[lo, hi]` of two printed ends; an unbounded upper end is ∞."""
    return f"[{lo}, {INF if hi is None else hi}]"


def approx(point: Decimal | None, iv, places: int) -> str:
    """`≈ X, [lo, hi]`: a value computed from the printed numbers themselves next to the interval
    their precision allows, both to `places` decimals; the interval alone when there is no point."""
    text = interval(iv, places=places)
    return text if point is None else f"≈ {computed(point, places)}, {text}"
