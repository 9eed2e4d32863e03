"""The corpus as a fact table: one row per fact, with its plan's metadata and where it stands.

The table is what the data-quality suite (`plancheck.checks.suite`) validates and what other
outputs reuse (a CSV export: `python -m plancheck.checks.facts plans/ -o reports/facts.csv`).
This module imports neither pandas nor Great Expectations at import time: `rows()` and
`write_csv()` are plain Python; only `frame()` imports pandas.

Columns (`COLUMNS`, in this order):

| column | meaning |
|---|---|
| fact_key | `plan/fact id`: the row's stable id |
| plan, fact_id | the plan id and the fact's id in it |
| indicator, name | catalog key; the name as printed |
| role, place, category | baseline/target/history/goal; table/text; the table's category column |
| region | the fact's region code (defaults to the plan's) |
| year, data_year, year_implied | the year as encoded; the year the figure is for (a `*` footnote moves it); implied year |
| value | the value as a float (empty for an n/a cell) |
| value_literal | the value as written (`225.0`), empty for an n/a cell |
| na, is_na | the n/a mark as printed (`/`, `——`); whether the cell is n/a |
| unit, unit_dimension | the unit as printed; its dimension from `plancheck.units.parse` or `unknown` |
| catalog_dimension | the indicator's dimension in the catalog (empty when the key is not in it) |
| allows_over_100 | a `%` value of this indicator may exceed 100 (the catalog marks it an index) |
| comparator, qualifier, kind, since, marks | as encoded (`marks` joined with spaces) |
| source_file, source_line, quote | the source text, the line the quote starts on, the quote |
| plan_file, plan_line | the plan YAML file and the fact's line in it |
| cycle, cycle_start, cycle_end | the five-year cycle and its years (十四五: 2021, 2025) |
| period_start, period_end, vision_year | the plan's own period and its 远景 year |
| at_vision_year | the fact's year is the plan's vision year (a row condition cannot compare columns) |
| issue_date, issue_year, edition_of | when the plan was issued; the official plan an unofficial copy is of |
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from plancheck.units import UnitError, parse

if TYPE_CHECKING:
    import pandas as pd

    from plancheck.rules.context import Corpus

COLUMNS: tuple[str, ...] = (
    "fact_key", "plan", "fact_id", "indicator", "name", "role", "place", "category", "region",
    "year", "data_year", "year_implied", "value", "value_literal", "na", "is_na",
    "unit", "unit_dimension", "catalog_dimension", "allows_over_100",
    "comparator", "qualifier", "kind", "since", "marks",
    "source_file", "source_line", "quote", "plan_file", "plan_line",
    "cycle", "cycle_start", "cycle_end", "period_start", "period_end", "vision_year", "at_vision_year",
    "issue_date", "issue_year", "edition_of",
)

UNKNOWN = "unknown"
# integer columns that are never empty, and those that may be (float in the DataFrame, so that an
# empty cell is NaN and pandas row conditions such as `year != vision_year` stay boolean)
INT_COLUMNS = ("year", "data_year", "cycle_start", "cycle_end", "period_start", "period_end", "issue_year")
OPTIONAL_NUMBER_COLUMNS = ("value", "since", "source_line", "plan_line", "vision_year")
BOOL_COLUMNS = ("year_implied", "is_na", "allows_over_100", "at_vision_year")


def _literal(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def allows_over_100(indicator) -> bool:
    """Whether a `%` figure of this catalog indicator may exceed 100.

    The catalog has no field for it yet, so an index (dimension or measure `index`) is the mark;
    a future boolean `allow_over_100` on the indicator is honoured as well.
    """
    if indicator is None:
        return False
    flag = getattr(indicator, "allow_over_100", None)
    if flag is not None:
        return bool(flag)
    return indicator.dimension.value == "index" or indicator.measure.value == "index"


def unit_dimension(printed: str) -> str:
    try:
        return parse(printed).dimension
    except UnitError:
        return UNKNOWN


# Each column's cell, from the fact (`f`), its reference in the corpus (`r`: region, data year,
# plan) and its evidence (`e`: source and plan-file lines); the plan's own columns (`_PLAN_CELLS`)
# are computed once per plan, the catalog's and the unit's once per indicator and unit
# (`_Memo`). One definition serves `row` (every column) and `fact_columns` (the named ones).
_FACT_CELLS: dict[str, Callable] = {
    "fact_key": lambda f, r, e, m: f"{r.plan.id}/{f.id}",
    "fact_id": lambda f, r, e, m: f.id,
    "indicator": lambda f, r, e, m: f.indicator,
    "name": lambda f, r, e, m: f.name,
    "role": lambda f, r, e, m: f.role.value,
    "place": lambda f, r, e, m: f.place.value,
    "category": lambda f, r, e, m: f.category,
    "region": lambda f, r, e, m: r.region,
    "year": lambda f, r, e, m: f.year,
    "data_year": lambda f, r, e, m: r.data_year,
    "year_implied": lambda f, r, e, m: f.year_implied,
    "value": lambda f, r, e, m: None if f.value is None else float(f.value),
    "value_literal": lambda f, r, e, m: _literal(f.value),
    "na": lambda f, r, e, m: f.na,
    "is_na": lambda f, r, e, m: f.na is not None,
    "unit": lambda f, r, e, m: f.unit,
    "unit_dimension": lambda f, r, e, m: m.unit_dimension(f.unit),
    "catalog_dimension": lambda f, r, e, m: m.indicator(f.indicator)[0],
    "allows_over_100": lambda f, r, e, m: m.indicator(f.indicator)[1],
    "comparator": lambda f, r, e, m: f.comparator.value,
    "qualifier": lambda f, r, e, m: f.qualifier,
    "kind": lambda f, r, e, m: f.kind.value,
    "since": lambda f, r, e, m: f.since,
    "marks": lambda f, r, e, m: " ".join(f.marks),
    "source_line": lambda f, r, e, m: e.line,
    "quote": lambda f, r, e, m: f.quote,
    "plan_file": lambda f, r, e, m: e.plan_file,
    "plan_line": lambda f, r, e, m: e.plan_line,
    "at_vision_year": lambda f, r, e, m: r.plan.vision_year is not None and f.year == r.plan.vision_year,
}
_PLAN_CELLS: dict[str, Callable] = {
    "plan": lambda p: p.id,
    "source_file": lambda p: p.source.file,
    "cycle": lambda p: p.cycle.value,
    "cycle_start": lambda p: p.cycle.years[0],
    "cycle_end": lambda p: p.cycle.years[1],
    "period_start": lambda p: p.period.start,
    "period_end": lambda p: p.period.end,
    "vision_year": lambda p: p.vision_year,
    "issue_date": lambda p: p.issued.date.isoformat(),
    "issue_year": lambda p: p.issued.date.year,
    "edition_of": lambda p: p.edition_of,
}
_EVIDENCE_COLUMNS = frozenset({"source_line", "plan_file", "plan_line"})  # the only cells that need the evidence
assert set(_FACT_CELLS) | set(_PLAN_CELLS) == set(COLUMNS) and not set(_FACT_CELLS) & set(_PLAN_CELLS)


class _Memo:
    """What many facts share: a unit's dimension, an indicator's catalog dimension and whether
    its `%` may exceed 100, each computed once."""

    def __init__(self, corpus: Corpus):
        self.corpus = corpus
        self._units: dict[str, str] = {}
        self._indicators: dict[str, tuple[str | None, bool]] = {}

    def unit_dimension(self, printed: str) -> str:
        hit = self._units.get(printed)
        if hit is None:
            hit = self._units[printed] = unit_dimension(printed)
        return hit

    def indicator(self, key: str) -> tuple[str | None, bool]:
        hit = self._indicators.get(key)
        if hit is None:
            ind = self.corpus.indicator(key)
            hit = self._indicators[key] = (ind.dimension.value if ind is not None else None, allows_over_100(ind))
        return hit


def rows(corpus: Corpus) -> list[dict]:
    """One dict per fact, keys = `COLUMNS`, in corpus order (plan id, then the file's order)."""
    memo = _Memo(corpus)
    return [row(corpus, ref, memo) for ref in corpus.facts]


def fact_columns(corpus: Corpus, names: Iterable[str]) -> dict[str, list]:
    """`columns(rows(corpus), names)` without building the rows: only the named cells of each
    fact, the plan's cells once per plan (at 3,000 plans the rows of 285,000 facts were ~1 GiB,
    and building every cell of them was most of the suite's time)."""
    out: dict[str, list] = {n: [] for n in names}
    fact_cells = [(out[n].append, _FACT_CELLS[n]) for n in out if n in _FACT_CELLS]
    plan_cells = [(out[n].append, _PLAN_CELLS[n]) for n in out if n in _PLAN_CELLS]
    needs_evidence = _EVIDENCE_COLUMNS & set(out)
    evidence = (lambda ref: corpus.ref_evidence(ref, keep=False)) if needs_evidence else None
    memo = _Memo(corpus)
    plan = plan_values = None
    for ref in corpus.facts:
        if ref.plan is not plan:
            plan = ref.plan
            plan_values = [(add, cell(plan)) for add, cell in plan_cells]
        f = ref.fact
        e = evidence(ref) if evidence is not None else None
        for add, cell in fact_cells:
            add(cell(f, ref, e, memo))
        for add, value in plan_values:
            add(value)
    return out


def rows_by_key(corpus: Corpus, keys: Iterable[str]) -> dict[str, dict]:
    """The rows of the facts whose `fact_key` is one of `keys` (the last row of a repeated key,
    as a dict over `rows()` would keep it)."""
    wanted = set(keys)
    found: dict[str, dict] = {}
    memo = _Memo(corpus)
    for ref in corpus.facts:
        if f"{ref.plan.id}/{ref.fact.id}" in wanted:
            r = row(corpus, ref, memo)
            found[r["fact_key"]] = r
    return found


def row(corpus: Corpus, ref, memo: _Memo | None = None) -> dict:
    """The row of one fact, keys = `COLUMNS` in order (`memo`: shared by the rows of one table)."""
    memo = memo if memo is not None else _Memo(corpus)
    f, e = ref.fact, corpus.ref_evidence(ref)
    return {n: _FACT_CELLS[n](f, ref, e, memo) if n in _FACT_CELLS else _PLAN_CELLS[n](ref.plan) for n in COLUMNS}


def columns(table: list[dict], names: Iterable[str]) -> dict[str, list]:
    """The table as one list per column, for the named columns only (what the suite reads)."""
    return {n: [r.get(n) for r in table] for n in names}


def frame(table: Iterable[dict] | dict[str, list]) -> pd.DataFrame:
    """The fact table as a pandas DataFrame with fixed dtypes (imports pandas): from rows, or
    from `columns()` (then with those columns only)."""
    import pandas as pd

    if isinstance(table, dict):
        df = pd.DataFrame({c: table[c] for c in COLUMNS if c in table})
    else:
        df = pd.DataFrame.from_records(list(table), columns=list(COLUMNS))
    for c in INT_COLUMNS:
        if c in df:
            df[c] = pd.to_numeric(df[c], errors="coerce")  # int64 when complete; float when a hand-made row lacks it
    for c in OPTIONAL_NUMBER_COLUMNS:
        if c in df:
            df[c] = pd.to_numeric(df[c], errors="coerce").astype("float64")
    for c in BOOL_COLUMNS:
        if c in df:
            df[c] = df[c].fillna(False).astype(bool)
    return df


def write_csv(table: Iterable[dict], path: Path) -> Path:
    """Write the fact table as UTF-8 CSV (empty cell for None), creating the folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(COLUMNS), extrasaction="ignore")
        w.writeheader()
        for r in table:
            w.writerow({k: ("" if v is None else v) for k, v in r.items()})
    return path


def main(argv: list[str] | None = None) -> int:
    import argparse

    from plancheck.engine import load_corpus

    ap = argparse.ArgumentParser(prog="python -m plancheck.checks.facts", description="Export the fact table as CSV.")
    ap.add_argument("paths", nargs="*", type=Path, default=None, help="plan files or folders (default: plans/)")
    ap.add_argument("-o", "--output", type=Path, default=Path("reports/facts.csv"))
    args = ap.parse_args(argv)
    corpus, errors = load_corpus(args.paths or [Path("plans")])
    for e in errors:
        print(f"input error: {e}", file=sys.stderr)
    table = rows(corpus)
    write_csv(table, args.output)
    print(f"{len(table)} facts from {len(corpus.plans)} plans -> {args.output}", file=sys.stderr)
    return 2 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
