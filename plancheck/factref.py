"""A fact as the rules see it: the fact with its plan, region, unit, data year and intervals."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from plancheck.intervals import Interval
from plancheck.loader import LoadedPlan
from plancheck.models import Fact, Plan
from plancheck.models.plan import ACTUAL_ROLES
from plancheck.units import Unit, UnitError, parse


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

    def base_interval(self) -> Interval | None:
        """The interval in base units (元, items, a fraction for %)."""
        return self._base_interval

    @cached_property
    def _base_interval(self) -> Interval | None:
        if self.interval is None or self.unit is None:
            return None
        return self.interval.scale(self.unit.factor)

    def label(self) -> str:
        """`>=1350 亿元 (2025)`; a footnoted year shows as `(2019*)`."""
        f = self.fact
        v = "n/a" if f.value is None else f"{f.comparator.value if f.comparator.value != '=' else ''}{f.value}"
        y = f"{self.data_year}{''.join(f.marks)}" if self.data_year != f.year else str(f.year)
        return f"{v} {f.unit} ({y})"
