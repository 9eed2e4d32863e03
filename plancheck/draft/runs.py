"""Draft facts from a table whose cells run together (plancheck.extract.runtogether).

Each row's figures are written as the best-ranked split of its run of digits, every fact marked
for review with the split read, how sure the ranking is and the other splits with the evidence
against them: the text does not say where one cell ends, so nothing here is certain. The quote
is the row as printed (name, unit and the run of digits), a verbatim part of the source.

When the header has a first- and a second-level indicator column, the first-level name (printed
on a group's first row only) runs into the row's name: the longest end of the name that the
catalog knows is the indicator and the rest is the category, which the group's next rows keep.
"""

from __future__ import annotations

from decimal import Decimal

from plancheck.extract import Num, RunRow, RunTable
from plancheck.models.plan import Comparator

_SURE = {
    "only": "the only well-formed split",
    "clear": "clearly the best-supported split",
    "likely": "the likelier split",
    "tie": "a tie: no evidence prefers it",
}


def run_rows(b) -> None:
    """Add the facts of every run-together table of the document to the Builder b."""
    for table in b.claims.runs:
        category = None
        for row in table.rows:
            name, cat = _name(b, table, row)
            category = cat or category
            why = review(row)
            for n, (year, lit) in enumerate(zip(table.years, row.best.cells, strict=True)):
                num = None if lit is None else Num(lit, Decimal(lit), row.unit, Comparator.eq)
                role = "baseline" if n == 0 and len(table.years) > 1 else "target"
                b._fact(name=name, role=role, place="table", year=year, num=num, unit=row.unit or "/",
                        quote=row.quote, line=row.location.line, category=category, why=why, in_run=True)


def _name(b, table: RunTable, row: RunRow) -> tuple[str, str | None]:
    """(indicator name, category run into it or None)."""
    name = row.name
    if table.name_columns < 2 or b.matcher.key(name) is not None:
        return name, None
    for i in range(1, len(name) - 1):
        if b.matcher.key(name[i:]) is not None:
            return name[i:], name[:i]
    return name, None


def review(row: RunRow) -> str:
    """The review note of a row's facts: the split read, how sure, and the other splits."""
    best = row.best
    text = f"the table's cells run together in the source (`{row.cells}`): read as {best.text()}, {_SURE[row.verdict]}"
    if row.verdict == "tie":
        text += f" over {row.splits[1].text()}"
    if best.reasons:
        text += f" (against it: {'; '.join(best.reasons)})"
    others = [f"{s.text()} ({'; '.join(s.reasons) or 'no evidence against it'})" for s in row.splits[1:4]]
    if others:
        text += "; other splits: " + ", ".join(others) + (f" and {len(row.splits) - 4} more" if len(row.splits) > 4 else "")
    return text + "; check the original table"
