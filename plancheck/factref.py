"""A fact as the rules see it: the fact with its plan, region, unit, data year and intervals."""

from __future__ import annotations

from dataclasses import dataclass

from plancheck import bounds, figures
from plancheck.intervals import Interval
from plancheck.loader import LoadedPlan
from plancheck.models import Fact, Plan
from plancheck.models.plan import ACTUAL_ROLES
from plancheck.units import Unit, UnitError, parse


class cached_property:  # noqa: N801 (named as functools' own)
    """`functools.cached_property` without its lock: computed on first access and stored in the
    instance's `__dict__`, which later reads find first. Python 3.11's takes a lock on every first
    access (~1.2 µs against ~0.4 µs here); a corpus's facts are read ~10^6 times a run, by one
    thread."""

    def __init__(self, func):
        self.func, self.attrname, self.__doc__ = func, func.__name__, func.__doc__

    def __set_name__(self, owner, name):
        self.attrname = name

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        value = obj.__dict__[self.attrname] = self.func(obj)
        return value


# approximate words written after the figure (`60%左右`); the others (近, 约, 保持在) come before it
APPROX_AFTER = ("左右", "上下")


@dataclass(frozen=True)
class FactRef:
    lp: LoadedPlan
    fact: Fact

    @property
    def plan(self) -> Plan:
        return self.lp.plan

    @property
    def region(self) -> str:
        return self.fact.region or self.lp.plan.region

    @cached_property
    def unit(self) -> Unit | None:
        try:
            return parse(self.fact.unit)
        except UnitError:
            return None

    @property
    def actual(self) -> bool:
        """An actual value (table baseline, text history), as against an aim (target, goal)."""
        return self.fact.role in ACTUAL_ROLES

    @cached_property
    def data_year(self) -> int:
        """The year the figure is really for: a `*` = 2019 footnote moves it."""
        for m in self.fact.marks:
            note = self.lp.plan.footnote(m)
            if note is not None and note.meaning == "data_year" and note.year is not None:
                return note.year
        return self.fact.year

    @cached_property
    def classification_changed(self) -> bool:
        return any((n := self.lp.plan.footnote(m)) is not None and n.meaning == "classification" for m in self.fact.marks)

    @cached_property
    def interval(self) -> Interval | None:
        """The value as an interval in the printed unit (None for an n/a cell)."""
        return None if self.fact.value is None else Interval.written(self.fact.value)

    @cached_property
    def allowed(self) -> Interval | None:
        """What the statement allows in base units (`bounds.of_fact` by its unit's factor: the
        comparator's range, a count's whole units); None for an n/a cell. Needs a known unit.
        Computed once: several rules read it for every fact of a group."""
        return bounds.of_fact(self.fact, self.unit.factor)

    def base_interval(self) -> Interval | None:
        """The interval in base units (元, items, a fraction for %)."""
        return self._base_interval

    @cached_property
    def _base_interval(self) -> Interval | None:
        if self.interval is None or self.unit is None:
            return None
        return self.interval.scale(self.unit.factor)

    def label(self) -> str:
        """`>=1350 亿元 (2025)`; a footnoted year shows as `(2019*)`; an approximate figure keeps
        its word as printed: `近44 万家 (2020)`, `60 %左右 (2025)`."""
        f = self.fact
        y = f"{self.data_year}{''.join(f.marks)}" if self.data_year != f.year else str(f.year)
        if f.value is None:
            return f"n/a {f.unit} ({y})"
        return f"{self.figure()} ({y})"

    def figure(self) -> str:
        """The figure as stated, with its unit and word: `>90 %`, `>=1350 亿元`, `近44 万家`."""
        before, after = self.words()
        return f"{before}{figures.stated(self.fact.value)} {self.fact.unit}{after}"

    def words(self) -> tuple[str, str]:
        """What a message writes before and after the figure and its unit: the comparator (`>=`),
        or an approximate figure's word as printed (近, 约, 保持在 before it; 左右 after it);
        `~` only when the plan gives no word."""
        f = self.fact
        word = f.qualifier if f.comparator.value == "~" and f.qualifier else None
        if word is not None:
            return ("", word) if word.endswith(APPROX_AFTER) else (word, "")
        return ("" if f.comparator.value == "=" else f.comparator.value, "")
