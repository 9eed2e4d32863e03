"""Where a year comes from: printed in the document, inferred from relative words, or implied.

- **printed**: the year is in the item's own words (`从2015年的225.0亿元增加到2020年的506.9亿元`),
  or in the words of the fact an endpoint rests on, or heads the table column of a cell;
- **inferred**: derived from relative words and another year (同比 = the year before; 近三年 =
  the three years up to the report year);
- **implied**: given by the section or the context only.

A fact records its own (`Fact.year_source`, in the plan file; `year_implied: true` is the older
spelling of `implied`); a growth claim's endpoints are read from its words here.

Rules that compare editions rest on printed years only: a copy that misprints one year moves
every year inferred from it too, and those moves are consequences, not separate changes.
"""

from __future__ import annotations

PRINTED, INFERRED, IMPLIED = "printed", "inferred", "implied"


def fact_year_source(fact) -> str:
    """The fact's `year_source`: a table cell's year is its column header's (printed); a text
    value's is printed unless the plan says it is inferred or implied."""
    return {"printed": PRINTED, "inferred": INFERRED, "implied": IMPLIED}[fact.year_source.value]


def endpoint_year_source(plan, claim, which: str) -> str:
    """The source of a growth claim's start or end year (`which` = "start" | "end")."""
    end = getattr(claim, which)
    if str(end.year) in claim.quote:
        return PRINTED
    if end.fact is not None:
        f = plan.fact(end.fact)
        if f is not None and f.year == end.year and fact_year_source(f) == PRINTED and str(end.year) in f.quote:
            return PRINTED
    return INFERRED if claim.span_words or which == "start" else IMPLIED
