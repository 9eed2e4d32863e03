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
from collections.abc import Iterable
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


def rows(corpus: Corpus) -> list[dict]:
    """One dict per fact, keys = `COLUMNS`, in corpus order (plan id, then the file's order)."""
    years: dict[int, tuple[int, int]] = {}  # each plan's cycle years, once per plan (not per fact)
    return [row(corpus, ref, years) for ref in corpus.facts]


def fact_columns(corpus: Corpus, names: Iterable[str]) -> dict[str, list]:
    """`columns(rows(corpus), names)` without holding the rows: each row is built, its named
    cells kept and the row dropped (at 3,000 plans the rows of 285,000 facts were ~1 GiB)."""
    out: dict[str, list] = {n: [] for n in names}
    cells = [(n, out[n].append) for n in out]
    years: dict[int, tuple[int, int]] = {}
    for ref in corpus.facts:
        r = row(corpus, ref, years)
        for n, add in cells:
            add(r.get(n))
    return out


def rows_by_key(corpus: Corpus, keys: Iterable[str]) -> dict[str, dict]:
    """The rows of the facts whose `fact_key` is one of `keys` (the last row of a repeated key,
    as a dict over `rows()` would keep it)."""
    wanted = set(keys)
    found: dict[str, dict] = {}
    years: dict[int, tuple[int, int]] = {}
    for ref in corpus.facts:
        if f"{ref.plan.id}/{ref.fact.id}" in wanted:
            r = row(corpus, ref, years)
            found[r["fact_key"]] = r
    return found


def row(corpus: Corpus, ref, years: dict[int, tuple[int, int]]) -> dict:
    """The row of one fact (`years`: each plan's cycle years, filled as plans are met)."""
    f, p = ref.fact, ref.plan
    ind = corpus.indicator(f.indicator)
    ev = corpus.ref_evidence(ref)
    if id(p) not in years:
        years[id(p)] = p.cycle.years
    cycle_start, cycle_end = years[id(p)]
    return {
        "fact_key": f"{p.id}/{f.id}",
        "plan": p.id,
        "fact_id": f.id,
        "indicator": f.indicator,
        "name": f.name,
        "role": f.role.value,
        "place": f.place.value,
        "category": f.category,
        "region": ref.region,
        "year": f.year,
        "data_year": ref.data_year,
        "year_implied": f.year_implied,
        "value": None if f.value is None else float(f.value),
        "value_literal": _literal(f.value),
        "na": f.na,
        "is_na": f.na is not None,
        "unit": f.unit,
        "unit_dimension": unit_dimension(f.unit),
        "catalog_dimension": ind.dimension.value if ind is not None else None,
        "allows_over_100": allows_over_100(ind),
        "comparator": f.comparator.value,
        "qualifier": f.qualifier,
        "kind": f.kind.value,
        "since": f.since,
        "marks": " ".join(f.marks),
        "source_file": p.source.file,
        "source_line": ev.line,
        "quote": f.quote,
        "plan_file": ev.plan_file,
        "plan_line": ev.plan_line,
        "cycle": p.cycle.value,
        "cycle_start": cycle_start,
        "cycle_end": cycle_end,
        "period_start": p.period.start,
        "period_end": p.period.end,
        "vision_year": p.vision_year,
        "at_vision_year": p.vision_year is not None and f.year == p.vision_year,
        "issue_date": p.issued.date.isoformat(),
        "issue_year": p.issued.date.year,
        "edition_of": p.edition_of,
    }


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
