"""The splits of a run of digits that holds several table cells, ranked by general evidence.

A row `数字经济核心产业增加值亿元506.91350` under a header with two year columns holds two figures
in `506.91350`. Every split into that many well-formed numbers (no leading zero except `0` and
`0.x`, no point at either end) is a candidate, and gets points against it from evidence that
holds for any plan's table (the weights are data: plancheck/data/extract.yaml `run_together`):

- a figure in % above 100; a count of whole things (a unit of factor 1: 件, 家, 个) with decimals;
- the yearly factor between two year columns, (later / earlier) ** (1 / years): a plan's table
  sets targets of steady growth (1-2 a year costs nothing), a gentle fall or a steep rise costs
  a little, anything else (or a zero next to a non-zero figure: no ratio) is implausible;
- written precision: a decimal that ends in 0 (`87.0`), more than three decimal places, more
  decimal places than any clear row of the same unit in the same table;
- reading the run's last digits as the start of the next row's name (`81.7905G基站`: `5G`).

No evidence names a figure of any document. The verdict compares the best split with the
runner-up: `only` (one well-formed split), `clear`, `likely` or `tie` (no evidence prefers it).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from itertools import combinations, product

from plancheck.extract.vocab import vocab
from plancheck.units import UnitError, parse

_NUMBER = re.compile(r"^(?:0|[1-9]\d*)(?:\.\d+)?$")
_TOKENS = re.compile(r"/|[\d.]+")
MAX_RUN = 24  # digits in one run: longer is not a table row (and would make too many splits)
MAX_SPLITS = 4096  # cut placements one row may need: more (many year columns over long runs) is not ranked


@dataclass(frozen=True)
class Split:
    cells: tuple[str | None, ...]  # per year column: the literal as it reads, None for a `/` cell
    points: int = 0
    reasons: tuple[str, ...] = ()  # the evidence against it, in words
    carry: str = ""  # the run's last digits, read as the start of the next row's name

    def text(self) -> str:
        """`506.9 | 1350`; `81.7 | 90 (5…)` when the run's last digits open the next name."""
        return " | ".join("/" if c is None else c for c in self.cells) + (f" ({self.carry}…)" if self.carry else "")


@cache
def _cfg() -> dict:
    return vocab().data["run_together"]


def well_formed(text: str) -> bool:
    return bool(_NUMBER.match(text))


def _cuts(token: str, k: int) -> list[tuple[str, ...]]:
    """Every way to cut a run into k well-formed numbers, in order of the cut positions."""
    if k == 1:
        return [(token,)] if well_formed(token) else []
    out = []
    for cut in combinations(range(1, len(token)), k - 1):
        parts = tuple(token[a:b] for a, b in zip((0, *cut), (*cut, len(token)), strict=True))
        if all(well_formed(p) for p in parts):
            out.append(parts)
    return out


def _compositions(total: int, n: int):
    """The ways to write total as n positive parts, in order."""
    for cut in combinations(range(1, total), n - 1):
        yield tuple(b - a for a, b in zip((0, *cut), (*cut, total), strict=True))


def tokens(cells: str) -> list[str]:
    """The runs of digits and the `/` cells of a row's figures."""
    return _TOKENS.findall(cells)


def candidates(cells: str, ncols: int, carry_ok: bool = False) -> list[tuple[tuple[str | None, ...], str]]:
    """(cells, carry) for every split of `cells` (runs of digits and `/` empty cells) into ncols
    cells; with carry_ok, also with the run's last one or two digits given to the next name."""
    runs0 = _TOKENS.findall(cells)
    if "".join(runs0) != cells or not runs0 or any(len(t) > MAX_RUN for t in runs0):
        return []
    tails = [""]
    if carry_ok and runs0[-1] != "/":
        tails += [runs0[-1][-n:] for n in (1, 2) if len(runs0[-1]) > n and runs0[-1][-n] != "0"
                  and not runs0[-1][:-n].endswith(".")]
    out = []
    for tail in tails:
        toks = runs0[:-1] + [runs0[-1][: len(runs0[-1]) - len(tail)]] if tail else runs0
        runs = [t for t in toks if t != "/"]
        need = ncols - (len(toks) - len(runs))
        if not runs or need < len(runs):
            continue
        if math.comb(sum(len(r) - 1 for r in runs), need - len(runs)) > MAX_SPLITS:
            continue  # a stranger's document must not make one row cost millions of splits
        for comp in _compositions(need, len(runs)):
            for pieces in product(*(_cuts(r, k) for r, k in zip(runs, comp, strict=True))):
                it = iter(pieces)
                row: list[str | None] = []
                for t in toks:
                    row.extend([None] if t == "/" else next(it))
                out.append((tuple(row), tail))
    return out


def decimals(lit: str) -> int:
    return len(lit.split(".")[1]) if "." in lit else 0


def _whole_count(unit: str) -> bool:
    try:
        u = parse(unit or "/")
    except UnitError:
        return False
    return u.dimension == "count" and u.factor == 1


def _factor_points(a: Decimal, b: Decimal, years: int) -> int | None:
    cfg = _cfg()
    f = math.exp(math.log(float(b) / float(a)) / years)
    for band in cfg["yearly_factor"]:
        if band["low"] <= f <= band["high"]:
            return int(band["points"])
    return None


def score(cells: tuple[str | None, ...], carry: str, years: tuple[int, ...], unit: str,
          table_decimals: int | None) -> Split:
    """The split with its points and the evidence against it."""
    cfg, pts = _cfg(), _cfg()["points"]
    points, why = 0, []
    figs = [(y, c) for y, c in zip(years, cells, strict=True) if c is not None]
    for _, c in figs:
        if unit == "%" and Decimal(c) > 100:
            points += pts["percent_over_100"]
            why.append(f"{c}% is over 100")
        if "." in c and _whole_count(unit):
            points += pts["fraction_of_whole_count"]
            why.append(f"{c} {unit}: a count of whole things")
        if "." in c and c.endswith("0"):
            points += pts["trailing_zero"]
            why.append(f"{c} ends in 0")
        if decimals(c) > cfg["max_decimals"]:
            points += pts["many_decimals"]
            why.append(f"{c} has {decimals(c)} decimal places")
        elif table_decimals is not None and decimals(c) > table_decimals:
            points += pts["more_decimals_than_table"]
            why.append(f"{c} has more decimal places than the table's other {unit or '/'} rows")
    for (y0, a), (y1, b) in zip(figs, figs[1:], strict=False):
        x, z = Decimal(a), Decimal(b)
        if (x == 0) != (z == 0):
            points += pts["zero"]
            why.append(f"{a} to {b}: a zero next to a figure")
            continue
        if x == 0 or y1 <= y0:
            continue
        p = _factor_points(x, z, y1 - y0)
        if p is None:
            points += cfg["implausible_factor"]
            why.append(f"{a} ({y0}) to {b} ({y1}): an implausible change for {y1 - y0} years")
        elif p:
            points += p
            why.append(f"{a} ({y0}) to {b} ({y1}): {'a fall' if z < x else 'a steep rise'}")
    if carry:
        points += pts["carry"]
        why.append(f"{carry} read as the start of the next row's name")
    return Split(cells, points, tuple(why), carry)


def rank(cells: str, years: tuple[int, ...], unit: str, carry_ok: bool = False,
         table_decimals: int | None = None) -> list[Split]:
    """The candidate splits, best first (fewest points, then the order of the cuts)."""
    found = [score(c, t, years, unit, table_decimals) for c, t in candidates(cells, len(years), carry_ok)]
    return sorted(found, key=lambda s: s.points)  # stable: equal points keep the cut order


def table_decimals(rows: list[tuple[str, list[Split]]]) -> dict[str, int]:
    """Per unit, the most decimal places of the best split of the table's rows (unit, ranked
    splits) whose ranking is clear or the only one: the written precision of the table."""
    out: dict[str, int] = {}
    for unit, ranked in rows:
        if ranked and verdict(ranked) in ("only", "clear"):
            for c in ranked[0].cells:
                if c is not None:
                    out[unit] = max(out.get(unit, 0), decimals(c))
    return out


def verdict(splits: list[Split]) -> str:
    """only | clear | likely | tie, from the runner-up's points above the best's."""
    if len(splits) == 1:
        return "only"
    margin = splits[1].points - splits[0].points  # < 0 when the first was kept for the next row's sake
    v = _cfg()["verdict"]
    return "clear" if margin >= v["clear"] else "likely" if margin >= v["likely"] else "tie"
