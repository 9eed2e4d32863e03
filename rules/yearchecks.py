"""The year checks of one plan, shared by the rules PC104 and PC108-PC113 (one concept each).

The checks run once per plan and run (`plancheck.rules.family`); each rule reports the findings
of its own message kinds. Every rule reads the same years the same way
(`plancheck.rules.provenance`: a table column is one subject; an empty cell has no year; a year
the document does not print is the encoder's reading and gives a warning).
"""

from __future__ import annotations

from collections import defaultdict

from plancheck.findings import Severity
from plancheck.models.plan import Place, Role
from plancheck.rules.base import Scope
from plancheck.rules.family import Draft, FamilyRule
from plancheck.vocab import span_of_words

ACTUAL = {Role.baseline, Role.history}
AIMS = {Role.target, Role.goal}


def year_drafts(corpus, lp):
    """Every year finding of one plan, of every kind of the family."""
    p = lp.plan
    pid = p.id
    c0, c1 = p.cycle.years
    period_ev = corpus.evidence(lp, None, quote=p.period.quote, path=("period",))
    if (p.period.start, p.period.end) != (c0, c1):
        yield Draft("period", f"{pid}/period", {
            "stated": f"{p.period.start}-{p.period.end}", "expected": f"{c0}-{c1}", "cycle": p.cycle.value,
            "start": str(p.period.start), "end": str(p.period.end), "cycle_start": str(c0), "cycle_end": str(c1)},
            (period_ev,), (pid,))
    if p.vision_year is not None and p.vision_year <= p.period.end:
        yield Draft("vision", f"{pid}/vision", {"vision_year": str(p.vision_year), "period_end": str(p.period.end)},
                    (period_ev,), (pid,))
    columns = defaultdict(list)  # (role, year) -> the table cells with a figure in that column
    for f in p.facts:
        if f.value is None:
            continue  # an empty cell (`/`, ——) gives no figure, so no dated value
        ref = corpus.fact(pid, f.id)
        if f.place == Place.table:
            columns[(f.role, ref.data_year)].append(ref)
        else:
            yield from _item_years(lp, [ref])
    for _, refs in sorted(columns.items(), key=lambda kv: (kv[0][0].value, kv[0][1])):
        yield from _item_years(lp, refs)
    for g in p.growth:
        yield from _growth(corpus, lp, g)


def _item_years(lp, refs):
    """The year checks of one text fact, or of one table column (cells of one role and data
    year): a wrong column header is one finding for the column, not one per cell."""
    p, pid = lp.plan, lp.plan.id
    first = refs[0]
    f, y, issued = first.fact, first.data_year, p.issued.date
    column = f.place == Place.table
    subject = f"{pid}/table/{f.role.value}/{y}" if column else f"{pid}/{f.id}"
    ids = ", ".join(r.fact.id for r in refs)
    # who the finding is about: a table column (the term `table-column`) or one fact
    who = {"subject": "table-column" if column else "text-fact", "role": f.role.value, "year": str(y),
           "n_cells": str(len(refs)), "fact": f.id, "cells": ids}
    facts = tuple(refs)
    # a year the document does not print (implied by the section) is the encoder's reading
    implied = all(r.fact.year_implied for r in refs)
    sev = Severity.warning if implied else None
    after_issue = f.role in ACTUAL and y > issued.year
    period = {"period_start": str(p.period.start), "period_end": str(p.period.end)}
    if f.role == Role.baseline and y != p.period.start - 1 and y == f.year and not after_issue:
        yield Draft("baseline-year", f"{subject}/baseline-year",
                    {"stated": str(y), "expected": str(p.period.start - 1), **who}, facts, (pid,), sev)
    if f.role in AIMS and not (p.period.start <= f.year <= p.period.end or f.year == p.vision_year):
        yield Draft("target-year", f"{subject}/target-year",
                    {"stated": str(f.year), "period": f"{p.period.start}-{p.period.end}", **period, **who}, facts,
                    (pid,), Severity.warning if f.year > p.period.end or implied else None)
    if after_issue:  # the stronger finding: a baseline after issue is also misdated
        yield Draft("after-issue", f"{subject}/after-issue",
                    {"data_year": str(y), "issued": issued.isoformat(), "year_source": "implied" if implied else "printed",
                     **who}, facts, (pid,), sev)
    elif f.role in ACTUAL and y == issued.year and f.kind.value != "cumulative":
        yield Draft("issue-year", f"{subject}/issue-year", {"data_year": str(y), "issued": issued.isoformat(), **who},
                    facts, (pid,), Severity.warning)


def _growth(corpus, lp, g):
    """A growth claim's span against its wording (十三五期间, 5年内) and against the years of the
    facts it names as endpoints."""
    pid = lp.plan.id
    span = {"claim": g.id, "span": f"{g.start.year}-{g.end.year}", "span_words": g.span_words or ""}
    if g.span_words:
        a, b, n = span_of_words(g.span_words)
        problems = []
        if a is not None and g.start.year != a:
            problems.append(("start", str(g.start.year), str(a)))
        if b is not None and g.end.year != b:
            problems.append(("end", str(g.end.year), str(b)))
        if n is not None and a is None and g.end.year - g.start.year != n:
            problems.append(("span", str(g.end.year - g.start.year), str(n)))
        for what, stated, expected in problems:
            yield Draft("growth-span", f"{pid}/{g.id}/{what}",
                        {"stated": stated, "expected": expected, **span, "part": what}, ((lp, g),), (pid,))
    for side, end in (("start", g.start), ("end", g.end)):
        ref = corpus.fact(pid, end.fact)
        if ref is not None and ref.data_year != end.year:
            yield Draft("growth-endpoint", f"{pid}/{g.id}/{side}-fact",
                        {"stated": str(ref.data_year), "expected": str(end.year), **span, "part": side,
                         "fact": ref.fact.id}, ((lp, g),), (pid,))


class YearChecks(FamilyRule):
    """Base of the year rules: not a rule itself (no code)."""

    severity = Severity.error
    scope = Scope.plan
    repeated_by = ("years",)  # every year check is repeated by the suite's year family
    compute = staticmethod(year_drafts)
