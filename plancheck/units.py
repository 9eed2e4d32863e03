"""Units as printed in the plans, parsed with pint into a dimension and an exact factor.

One registry understands every unit of the corpus: 亿元, 万亿元, 万元/人, 件, 万件, 家, 个, 家(个),
万台, 万个, % and the pure index `/`. Factors are exact `Decimal` powers of ten, so converting
keeps the written precision (6.5 万件 = 65000 件 with the same relative uncertainty).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources

COUNT_DIMS = {"[patent]", "[firm]", "[item]", "[machine]", "[site]", "[project]", "[household]", "[sheet]"}
GENERIC_COUNT = "[item]"  # 个: a generic count word, compatible with any other


class UnitError(ValueError):
    pass


@dataclass(frozen=True)
class Unit:
    printed: str
    normalized: str
    dimension: str  # money | count | ratio | pp | index | money_per_person | count_per_person | bandwidth | number
    factor: Decimal  # value x factor = value in base units (元, one item, a fraction for %)
    count_word: str | None = None  # pint dimension of the count word, e.g. "[patent]"

    def base(self, value: Decimal) -> Decimal:
        return value * self.factor

    def compatible(self, other: Unit) -> bool:
        if self.dimension != other.dimension:
            return False
        if self.dimension == "count" and self.count_word != other.count_word:
            return GENERIC_COUNT in (self.count_word, other.count_word)
        return True


@cache
def registry():
    import pint

    logging.getLogger("pint").setLevel(logging.ERROR)
    ureg = pint.UnitRegistry(None, autoconvert_offset_to_baseunit=False)
    text = resources.files("plancheck").joinpath("data/units.txt").read_text("utf-8")
    ureg.load_definitions(text.splitlines())
    return ureg


# what a printed unit may contain: CJK, Latin letters, and / % ( ) for 万元/人, 家(个), %
_UNIT_CHARS = re.compile(r"[\u4e00-\u9fffA-Za-z/%()]{1,16}")
_SPECIAL = {"/": "index", "": "index", "—": "index", "-": "index"}
_EITHER = re.compile(r"^(.+?)\((.+?)\)$")  # 家(个): either word


def _normalize(printed: str) -> str:
    s = unicodedata.normalize("NFKC", printed).strip()
    s = re.sub(r"\s+", "", s)
    m = _EITHER.match(s)
    if m and m.group(1) in ("家", "个") and m.group(2) in ("家", "个"):
        s = "个"  # 家(个): counted as enterprises or workshops alike -> the generic count word
    return s


@cache
def parse(printed: str) -> Unit:
    """Parse a unit as printed; raise UnitError when it is not understood."""
    norm = _normalize(printed)
    if norm in _SPECIAL:
        return Unit(printed, "/", "index", Decimal(1))
    if norm in ("个百分点", "百分点"):
        return Unit(printed, "百分点", "pp", Decimal(1))

    if not _UNIT_CHARS.fullmatch(norm):
        raise UnitError(f"unknown unit {printed!r}")
    ureg = registry()
    try:
        q = ureg.Quantity(1, norm.replace("%", "percent"))
        base = q.to_base_units()
    except Exception as e:  # pint's expression parser fails in many ways (fuzzing found AssertionError)
        raise UnitError(f"unknown unit {printed!r}") from e
    dims = dict(base.dimensionality)
    factor = Decimal(repr(float(base.magnitude)))
    factor = factor.normalize() if factor == factor.to_integral_value() else factor
    if not dims:
        if "percent" in str(q.units):
            return Unit(printed, norm, "ratio", Decimal("0.01"))
        return Unit(printed, norm, "number", factor)  # a bare 万 or 亿
    if dims == {"[currency]": 1}:
        return Unit(printed, norm, "money", factor)
    if dims == {"[dollar]": 1}:  # US dollars: money, but never comparable with 元
        return Unit(printed, norm, "money_usd", factor)
    if dims == {"[currency]": 1, "[person]": -1}:
        return Unit(printed, norm, "money_per_person", factor)
    if dims == {"[bandwidth]": 1}:
        return Unit(printed, norm, "bandwidth", factor)
    if len(dims) == 2 and dims.get("[person]") == -1:
        (d, p), = ((k, v) for k, v in dims.items() if k != "[person]")
        if d in COUNT_DIMS and p == 1:
            return Unit(printed, norm, "count_per_person", factor, d)
    if len(dims) == 1:
        (d, p), = dims.items()
        if d in COUNT_DIMS and p == 1:
            return Unit(printed, norm, "count", factor, d)
        if d == "[person]" and p == 1:
            return Unit(printed, norm, "count", factor, d)
    raise UnitError(f"unit {printed!r} has dimension {base.dimensionality}, which no indicator uses")


def convert(value: Decimal, frm: Unit, to: Unit) -> Decimal:
    if not frm.compatible(to):
        raise UnitError(f"cannot convert {frm.printed} to {to.printed}")
    return value * frm.factor / to.factor
