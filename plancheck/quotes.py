"""Source verification: every quote is in its source text, and every number in its quote."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from plancheck.loader import LoadedPlan
from plancheck.sources import number_in_quote


@dataclass(frozen=True)
class QuoteProblem:
    path: tuple[str | int, ...]  # YAML path of the quoted item
    item_id: str | None
    kind: str  # "quote-missing" | "number-missing" | "number-in-run" | "year-missing"
    detail: str
    quote: str


def _literal(value) -> str:
    """The value as a plan prints it; never expanded from an exponent (the loader refuses
    exponents, this keeps any other path bounded too)."""
    if isinstance(value, Decimal) and value.is_finite() and abs(value.as_tuple().exponent) > 40:
        return str(value)
    return format(value, "f")


def quoted_items(lp: LoadedPlan, numbers: bool = True):
    """(yaml path, item id, quote, numbers that must appear in it) for every quoted thing; the
    numbers left out (empty) with `numbers=False`, for a reader of the quotes only."""
    p = lp.plan
    yield ("issued",), None, p.issued.quote, []
    yield ("period",), None, p.period.quote, []
    for i, b in enumerate(p.bases):
        yield ("bases", i), None, b.quote, []
    for i, n in enumerate(p.footnotes):
        yield ("footnotes", i), None, n.quote, []
    for i, f in enumerate(p.facts):
        nums = [] if f.value is None or not numbers else [("value", _literal(f.value))]
        if numbers and not f.year_implied and f.place.value == "text":
            nums.append(("year", str(f.year)))
        yield ("facts", i), f.id, f.quote, nums
    for i, g in enumerate(p.growth):
        yield ("growth", i), g.id, g.quote, [("rate", _literal(g.rate))] if numbers and g.measure != "multiple" else []
    for i, pr in enumerate(p.priorities):
        yield ("priorities", i), pr.id, pr.quote, []
    for i, o in enumerate(p.omissions):
        yield ("omissions", i), None, o.quote, []


def quote_problems(lp: LoadedPlan) -> list[tuple[QuoteProblem, list[int]]]:
    """Problems, each with the source lines the quote was found on (empty when not found)."""
    assert lp.source is not None
    out = []
    for path, item_id, quote, nums in quoted_items(lp):
        lines = lp.source.find(quote)
        if not lines:
            out.append((QuoteProblem(path, item_id, "quote-missing", "the quote does not occur in the source text", quote), []))
            continue
        for what, literal in nums:
            where = number_in_quote(literal, quote)
            if where == "absent":
                kind = "year-missing" if what == "year" else "number-missing"
                out.append((QuoteProblem(path, item_id, kind, f"the {what} {literal} does not appear in the quote", quote), lines))
            elif where == "run":
                out.append((QuoteProblem(path, item_id, "number-in-run", f"the {what} {literal} appears only inside a longer run of digits", quote), lines))
    return out
