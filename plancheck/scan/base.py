"""What the scan rules share: their base class and adapters that let the claim objects go
through the same arithmetic as the plan rules (plancheck.growth, bounds, units)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from plancheck.extract.claims import Num, Quantity
from plancheck.findings import Finding
from plancheck.growth import GrowthCheck, check_growth
from plancheck.intervals import Interval
from plancheck.models.plan import Comparator
from plancheck.rules.base import Rule, Scope
from plancheck.units import Unit


class ScanRule(Rule):
    """A rule over one scanned document (`check_document`), with an optional part across the
    scanned documents (`check_documents`, given each document's compact `entries`)."""

    scope = Scope.document

    def check(self, corpus) -> Iterable[Finding]:
        for sd in getattr(corpus, "documents", []):
            yield from self.check_document(sd)

    def check_document(self, sd) -> Iterable[Finding]:
        raise NotImplementedError

    # rules that compare the same facts across documents share one list of entries per document
    # (PC606 and PC610: one quantity's figure per subject and year), made once and sent once
    entries_key: str | None = None

    def entries(self, sd) -> list:
        """Small, picklable facts of one document for check_documents (memory: per document)."""
        return []

    def check_documents(self, entries: list) -> Iterable[Finding]:
        return []


def unit_of(num: Num, other: Num | None = None) -> Unit | None:
    """A figure's unit; two figures with the same unknown printed unit (万吨) compare as numbers."""
    u = num.unit_info
    if u is not None:
        return u
    if other is not None and other.unit == num.unit and num.unit not in ("倍",):
        return Unit(num.unit, num.unit, "number", Decimal(1))
    return None


def base_bound(num: Num, unit: Unit | None = None) -> Interval | None:
    unit = unit or num.unit_info
    if unit is None:
        return None
    return num.bound().scale(unit.factor)


@dataclass(frozen=True)
class _Fact:
    value: Decimal
    comparator: Comparator
    unit: str


class Ref:
    """A Quantity as plancheck.growth reads an endpoint (FactRef-like: .fact, .unit, .label())."""

    def __init__(self, q: Quantity, unit: Unit):
        self.q = q
        self.unit = unit
        n = q.number
        self.fact = _Fact(n.value, n.comparator, n.unit)

    def label(self) -> str:
        return f"{self.q.number.text.strip()} ({self.q.year})" if self.q.year else self.q.number.text.strip()


@dataclass(frozen=True)
class _Year:
    year: int


@dataclass(frozen=True)
class _Claim:
    measure: str
    rate: Decimal
    comparator: Comparator
    start: _Year
    end: _Year


def growth_check(measure: str, rate: Decimal, comparator: Comparator, start: Quantity, end: Quantity,
                 years: int) -> GrowthCheck | None:
    """plancheck.growth.check_growth on two extracted endpoints (None when their units do not compare)."""
    us, ue = unit_of(start.number, end.number), unit_of(end.number, start.number)
    if us is None or ue is None:
        return None
    sy = start.year or 0
    claim = _Claim(measure, rate, comparator, _Year(sy), _Year(sy + max(years, 1)))
    return check_growth(claim, Ref(start, us), Ref(end, ue), years=max(years, 1))


def values(res: GrowthCheck, **extra) -> dict:
    out = {
        "measure": res.measure,
        "span_years": str(res.years),
        "start": res.start_text,
        "end": res.end_text,
        "stated": res.stated_text,
        "tolerance": res.tolerance_text,
        "computed": res.computed_text,
        "computed_from_printed": res.point_text,
        "verdict": res.verdict,
    }
    out.update({k: str(v) for k, v in extra.items() if v is not None})
    return out


class _Plan:
    edition_of = None  # a scanned document is never an encoded edition of another


class _LP:
    plan = _Plan()


class SlipRef:
    """A figure as PC116's slip test reads a fact (plancheck.rules.unitchecks._slip_pairs:
    .fact.value/.comparator, .base_interval(), .lp.plan.edition_of, .label())."""

    lp = _LP()

    def __init__(self, num: Num, display: str, q: Quantity | None = None):
        self.fact, self.display, self.q = num, display, q

    def base_interval(self):
        from plancheck.intervals import Interval

        b = base_bound(self.fact)
        return None if b is None or b.lo is None or b.hi is None else Interval(b.lo, b.hi)

    def label(self) -> str:
        return self.fact.text.strip()


def slip_refs(qs: list[Quantity], display: str) -> list[SlipRef]:
    return [SlipRef(q.number, display, q) for q in qs if q.number.unit_info is not None]


def is_slip(a: Num, b: Num) -> bool:
    """Whether two figures of one quantity differ by a magnitude word (PC610 reports them, so
    PC606 does not report them again as two values)."""
    from plancheck.rules.unitchecks import _slip_pairs

    return any(True for _ in _slip_pairs([SlipRef(a, ""), SlipRef(b, "")]))


def same_quantity_entries(sd) -> list:
    """One figure per subject and year of a document about a known region, for the rules that
    compare the documents (PC606, PC610): ((region, subject, year, cumulative, dimension),
    display, written bound in base units, the Num, its Evidence)."""
    from plancheck.models.plan import Comparator

    out = []
    if not sd.region:
        return out
    for (subject, year, cum, scope), qs in sd.index().items():
        if scope != "own" or len(subject) < 3:
            continue
        for q in qs:
            b = base_bound(q.number)
            if q.number.comparator in (Comparator.eq, Comparator.about) and b is not None and q.number.unit_info is not None:
                out.append(((sd.region, subject, year, cum, q.number.unit_info.dimension), sd.display, b, q.number, sd.evidence(q)))
                break
    return out


class SameQuantityRule(ScanRule):
    """A rule comparing one figure per (region, subject, year) across documents (PC606, PC610):
    both read the same entries, made and sent once per document under one key."""

    entries_key = "same-quantity"

    def entries(self, sd) -> list:
        return same_quantity_entries(sd)

    @staticmethod
    def grouped(entries: list, item) -> list:
        """The entries by quantity, `item(display, bound, num, evidence)` for each, in a stable order."""
        from collections import defaultdict

        groups: dict[tuple, list] = defaultdict(list)
        for key, display, bound, num, ev in entries:
            groups[key].append(item(display, bound, num, ev))
        return sorted(groups.items(), key=lambda kv: str(kv[0]))
