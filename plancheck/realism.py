"""What a target asks for: the growth from a plan's baseline to its target, next to the plan's
own historical growth. One computation, shared by rule PC106 and the HTML report's charts, so
the two always show the same numbers.

One number model (issue 12): a target is the exact number chosen, met by reaching it (a count's
strict bound is the next whole unit: 突破10000个 is met at 10001); a reported value stands for
what its statement allows (`bounds.of_fact`: its written precision, a count's whole units,
超X as a lower bound only, 左右/近 approximate). A requirement built on a bound is one-sided:
from a baseline 超350 to a target 1000 in five years the growth needed is less than 23.36% a
year, never a point."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from plancheck import figures
from plancheck.intervals import Interval, cagr_of_bounds
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
        return f"{bound_text(self.rate)} {unit} ({self.start}-{self.end}, computed)"


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

    @property
    def side(self) -> str:
        """How the required growth is known (`side_of`): range, at-most, less-than, at-least, more-than."""
        return side_of(self.required)

    def figure(self) -> str:
        """The required growth's number(s) with the unit, without the side's words: `23.36 %/年`
        for a one-sided requirement, `[21.64, 21.64] %/年` for a range."""
        return f"{bound_figure(self.required)} {self.unit_text()}"


def side_of(iv: Interval) -> str:
    """`range` for a range bounded on both sides, else which way the one finite end holds:
    `at-most` / `less-than` (closed / open upper end), `at-least` / `more-than` (lower end);
    `unbounded` when neither end is known."""
    if iv.bounded:
        return "range"
    if iv.hi is not None:
        return "less-than" if iv.hi_open else "at-most"
    if iv.lo is not None:
        return "more-than" if iv.lo_open else "at-least"
    return "unbounded"


def bound_figure(iv: Interval, places: int = 2) -> str:
    """The finite end of a one-sided range (its side says which), else the range (`Interval.fmt`)."""
    end = iv.hi if iv.lo is None else iv.lo if iv.hi is None else None
    return iv.fmt(places) if end is None else figures.fixed(end, places)


_SIDE_SIGNS = {"at-most": "<=", "less-than": "<", "at-least": ">=", "more-than": ">", "range": "", "unbounded": ""}


def bound_text(iv: Interval, places: int = 2) -> str:
    """A range in one language-neutral string: `[17.63, 17.65]`, `<23.36`, `>=4.1`, `~[13.15, 13.25]`."""
    return ("~" if iv.approx else "") + _SIDE_SIGNS[side_of(iv)] + bound_figure(iv, places)


def actual_level(ref) -> Interval | None:
    """What a reported value allows, in base units (`bounds.of_fact`): its written precision, a
    count's whole units (26家 is 26), 超X only as a lower bound, 不超过X only as an upper one."""
    return ref.allowed


def target_level(ref) -> Interval:
    """The number a target names, in base units, exact (a target is chosen, not measured): its
    figure; for a count stated as a strict bound, the first whole unit past it (突破10000个 is met
    at 10001, 少于10个 at 9); approximate for 左右 / 近."""
    f, factor = ref.fact, ref.unit.factor
    allowed = ref.allowed
    if f.comparator in (Comparator.gt, Comparator.ge) and allowed.lo is not None:
        level = allowed.lo
    elif f.comparator in (Comparator.lt, Comparator.le) and allowed.hi is not None:
        level = allowed.hi
    else:
        level = f.value * factor
    return Interval(level, level, approx=f.comparator == Comparator.about)


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
    # reported value and stands for what its statement allows (a bound stays one-sided)
    b, t = actual_level(base), target_level(target)
    if ratio:
        required = (t - b).scale(1 / base.unit.factor)
    elif b.lo is None or b.lo > 0:
        required = cagr_of_bounds(b, t, target.data_year - base.data_year)
    else:
        return None
    if ind.better == Better.higher:
        below = b.lo is not None and t.hi < b.lo
    else:
        below = ind.better == Better.lower and b.hi is not None and t.lo > b.hi
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
        la, lb = actual_level(a), actual_level(b)
        if ratio:
            return History((lb - la).scale(1 / a.unit.factor), a.data_year, b.data_year, pp=True, refs=(a, b))
        if (la.lo is None or la.lo > 0) and (lb.lo is None or lb.lo > 0):
            rate = cagr_of_bounds(la, lb, b.data_year - a.data_year)
            return History(rate, a.data_year, b.data_year, refs=(a, b))
    return None


def midpoint(iv: Interval) -> float:
    """The middle of a range; of a one-sided range, its finite end (shown with its side)."""
    if not iv.bounded:
        end = iv.lo if iv.hi is None else iv.hi
        if end is None:
            raise ArithmeticError(f"no finite end in {iv.text()}")
        return float(end)
    return float((iv.lo + iv.hi) / Decimal(2))
