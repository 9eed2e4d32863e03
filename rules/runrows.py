"""PC001's note on facts that quote a table whose cells run together: one per table.

A fact whose value stands in its quote only inside a longer run of digits (`件50008000`) quotes a
row whose cells the source does not separate. Such facts are grouped into tables (rows whose
quotes stand on the same or adjacent source lines) and each table is one note: per row, the
run, the split the plan encodes (its facts of that quote in year order) and the other
candidate splits ranked by plancheck.extract.splits, so a reviewer sees whether the encoding
took the best-supported reading and which others the text allows.
"""

from __future__ import annotations

import re

from plancheck.extract import splits as SP
from plancheck.extract.normalize import normalize

_RUN = re.compile(r"(?:/|\d[\d.]*)+")


def _literal(v) -> str:
    return format(v, "f")


def _run_of(quote: str, literals: list[str]) -> str | None:
    """The run of digits in the quote that holds every literal."""
    text = normalize(quote).text
    return next((m.group(0) for m in _RUN.finditer(text) if all(x in m.group(0) for x in literals)), None)


def _parse(quote: str, facts: list):
    facts = sorted(facts, key=lambda f: f.year)
    cells = tuple(None if f.value is None else _literal(f.value) for f in facts)
    unit = "" if facts[0].unit in ("/", None) else facts[0].unit
    run = _run_of(quote, [c for c in cells if c is not None]) or ""
    if facts[0].unit == "/" and run.startswith("/"):
        run = run[1:]  # the `/` of the unit cell (an index has no unit), not an empty cell
    years = tuple(f.year for f in facts)
    return cells, unit, run, years


def rows_of(table: list[tuple[str, list, list[int]]]) -> list[dict]:
    """The note's entries for one table's quoted rows: each run, the encoded split, the others
    (ranked with the table's written precision, as plancheck.extract.runtogether does)."""
    parsed = [_parse(q, fs) for q, fs, _ in table]
    first = [(unit, SP.rank(run, years, unit) if run and len(set(years)) == len(years) else [])
             for _, unit, run, years in parsed]
    precision = SP.table_decimals(first)
    out = []
    for (cells, unit, run, years), (_, ranked0) in zip(parsed, first, strict=True):
        ranked = SP.rank(run, years, unit, table_decimals=precision.get(unit)) if ranked0 else []
        out.append(_entry(cells, run, ranked))
    return out


def _entry(cells, run: str, ranked: list) -> dict:
    encoded = " | ".join("/" if c is None else c for c in cells)
    at = next((i for i, s in enumerate(ranked) if s.cells == cells), None)
    others = [s.text() for s in ranked if s.cells != cells][:3]
    if at is None:
        standing = "unranked"
    elif ranked[at].points > ranked[0].points:
        standing = "not-best"
    elif any(s.points == ranked[at].points for i, s in enumerate(ranked) if i != at):
        standing = "tied"
    else:
        standing = "best"
    return {"run": run, "encoded": encoded, "others": " / ".join(others) or "-", "standing": standing}


def tables(rows: list[tuple[str, list, list[int]]]) -> list[list[tuple[str, list, list[int]]]]:
    """Rows (quote, facts, source lines) grouped into tables: consecutive rows on the same or
    adjacent lines."""
    out: list[list] = []
    last = 0
    for row in sorted(rows, key=lambda r: min(r[2] or [0])):  # stable: the plan's order within a line
        lo, hi = min(row[2] or [0]), max(row[2] or [0])
        if out and lo <= last + 1:
            out[-1].append(row)
            last = max(last, hi)
        else:
            out.append([row])
            last = hi
    return out
