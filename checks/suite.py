"""The data-quality suite: Great Expectations 1.x expectations over the fact table.

Importing this module imports Great Expectations (~2.4 s, ~200 MiB): only rule PC501 (lazily,
inside `check()`) and `plancheck.checks.docs` import it.

Every expectation is one `Check` with a stable name (used in finding keys and waivers), a
severity and a message. The checks, by family:

- completeness (error): no empty plan, indicator, role, year, unit or quote; a value is empty
  exactly where the cell carries an n/a mark (`/`, `——`), and only there; `fact_key` is unique.
- uniqueness: a target table has one cell per indicator, region, column and kind, so among the
  table roles (baseline, target) `(plan, indicator, region, role, year, kind)` must be unique
  (error: a duplicated row). The text may restate a value (发展基础 and the overview both give
  the 2020 figure): among the text roles (history, goal) the same key is *allowed* to repeat and
  is reported as information only; PC103 checks that the restatements agree. `region` is in
  the key because a provincial table may give the same indicator for several cities, `kind`
  because a level and a cumulative count of one indicator are different quantities.
- year ranges: an actual value (baseline, history) is for a year no later than the issue year
  (error: nobody reports an outcome from the future); an aim (target, goal) is for a year inside
  the plan period or its vision year (warning: a plan may name a 2030 milestone, but mostly an
  out-of-period year is a mis-typed year or role).
- units (error): every unit parses (`unit_dimension != unknown`). Whether it fits the
  indicator's catalog dimension is PC105's check, not repeated here.
- bounds (error): a `%` value lies in [0, 100] unless the catalog marks the indicator as allowed
  above 100 (an index); counts and money are not negative.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

os.environ["GX_ANALYTICS_ENABLED"] = "false"  # before the import: 1.24 sends nothing, older 1.x pins did

import great_expectations as gx  # noqa: E402
import great_expectations.expectations as gxe  # noqa: E402
import pandas as pd  # noqa: E402
from great_expectations.data_context.types.base import ProgressBarsConfig  # noqa: E402
from great_expectations.execution_engine import PandasExecutionEngine  # noqa: E402
from great_expectations.expectations.row_conditions import Column, Condition  # noqa: E402

from plancheck.checks import facts as facts_mod  # noqa: E402

SUITE_NAME = "plancheck-facts"
ID_COLUMN = "fact_key"
NON_NEGATIVE = ["count", "money", "money_per_person"]
RESULT_FORMAT = {"result_format": "COMPLETE", "unexpected_index_column_names": [ID_COLUMN],
                 "return_unexpected_index_query": False}  # the rows, not a query string that names them
_GX_SEVERITY = {"error": "critical", "warning": "warning", "info": "info"}
_ENGINE = PandasExecutionEngine()  # only to turn a row condition into its pandas query


UNIQUE_KEY = ["plan", "indicator", "region", "role", "year", "kind"]

# Row conditions are Condition objects (string conditions are deprecated since 1.9 and go in 2.0).
# They are built per expectation (a function each), since an expectation keeps its condition.
# 1.24 cannot compare two columns in a condition: hence the table's `at_vision_year` column.


def _role(*roles: str):
    return Column("role").is_in(list(roles))


def _not_na():
    return Column("is_na") == False  # noqa: E712 - a condition, not a test


def _na():
    return Column("is_na") == True  # noqa: E712


def _table_roles():
    return _role("baseline", "target")


def _text_roles():
    return _role("history", "goal")


def _actual():
    return _role("baseline", "history")


def _aim_in_period():
    return _role("target", "goal") & (Column("at_vision_year") == False)  # noqa: E712


def _percent():
    return (Column("unit_dimension") == "ratio") & (Column("allows_over_100") == False)  # noqa: E712


def _count_or_money():
    return Column("unit_dimension").is_in(NON_NEGATIVE) | Column("catalog_dimension").is_in(NON_NEGATIVE)


@dataclass(frozen=True)
class Check:
    name: str  # stable: part of every finding key
    family: str  # completeness | uniqueness | years | units | bounds
    severity: str  # error | warning | info
    summary: str  # what it expects, in English (the expectation's description in Data Docs)
    zh: str  # message templates over the row's columns (+ {others} for uniqueness)
    en: str
    make: Callable[..., gxe.Expectation]  # the expectation; keyword arguments: its row_condition
    where: Callable[[], Condition] | None = None  # the rows it applies to (None: every row)
    key_columns: tuple[str, ...] = ()  # for uniqueness checks: the compound key

    def expectation(self, conditioned: bool = True) -> gxe.Expectation:
        """The expectation with its row condition, or (conditioned=False) without it, for a batch
        that holds only the rows the condition selects (`prepare`: the description says which)."""
        kw = {"row_condition": self.where()} if conditioned and self.where is not None else {}
        e = self.make(**kw)
        e.meta = {"check": self.name, "family": self.family, "plancheck_severity": self.severity}
        e.severity = _GX_SEVERITY[self.severity]
        rows = f" (rows where {rows_query(self)})" if not conditioned and self.where is not None else ""
        e.description = f"[{self.severity}] {self.name}: {self.summary}{rows}"
        return e

    def record(self) -> dict:
        """What a finding needs of the check, as plain data (the helper process sends it)."""
        return {"name": self.name, "family": self.family, "severity": self.severity, "zh": self.zh, "en": self.en}


def rows_query(check: Check) -> str:
    """The pandas query Great Expectations itself evaluates for the check's row condition
    (`PandasExecutionEngine.condition_to_filter_clause`); empty for every row."""
    return _ENGINE.condition_to_filter_clause(check.where()) if check.where is not None else ""


def _not_null(col: str) -> Check:
    return Check(
        f"complete-{col}", "completeness", "error", f"{col} is never empty",
        f"{{fact_key}}：{col} 为空", f"{{fact_key}}: {col} is empty",
        lambda **kw: gxe.ExpectColumnValuesToNotBeNull(column=col, **kw),
    )


CHECKS: tuple[Check, ...] = (
    *(_not_null(c) for c in ("plan", "indicator", "role", "year", "unit", "quote")),
    Check("value-present", "completeness", "error", "a value unless the cell is marked n/a",
          "{fact_key}：没有数值，也没有不适用标记", "{fact_key}: no value and no n/a mark",
          lambda **kw: gxe.ExpectColumnValuesToNotBeNull(column="value", **kw), _not_na),
    Check("value-absent-when-na", "completeness", "error", "no value where the cell is marked n/a",
          "{fact_key}：既有数值 {value_literal}，又有不适用标记 {na}", "{fact_key}: has both a value {value_literal} and an n/a mark {na}",
          lambda **kw: gxe.ExpectColumnValuesToBeNull(column="value", **kw), _na),
    Check("unique-fact-key", "uniqueness", "error", "each fact once",
          "{fact_key}：事实编号重复", "{fact_key}: the fact id occurs more than once",
          lambda **kw: gxe.ExpectColumnValuesToBeUnique(column=ID_COLUMN, **kw)),
    Check("unique-table-cell", "uniqueness", "error", "one table cell per (plan, indicator, region, role, year, kind)",
          "{fact_key}：目标表中 {indicator}（{region}）{year} 年的 {role} 单元格出现不止一次（另见 {others}）",
          "{fact_key}: the target table gives {indicator} ({region}) {role} {year} more than once (also {others})",
          lambda **kw: gxe.ExpectCompoundColumnsToBeUnique(column_list=UNIQUE_KEY, **kw), _table_roles, tuple(UNIQUE_KEY)),
    Check("restated-in-text", "uniqueness", "info", "text restatements of one (plan, indicator, region, role, year, kind)",
          "{fact_key}：正文多次陈述 {indicator}（{region}）{year} 年的 {role}（另见 {others}）；是否一致由 PC103 检查",
          "{fact_key}: the text states {indicator} ({region}) {role} {year} more than once (also {others}); PC103 checks they agree",
          lambda **kw: gxe.ExpectCompoundColumnsToBeUnique(column_list=UNIQUE_KEY, **kw), _text_roles, tuple(UNIQUE_KEY)),
    Check("actual-not-after-issue", "years", "warning", "baseline/history year <= issue year",
          "{fact_key}：{role} 数值的年份 {year} 晚于印发年份 {issue_year}",
          "{fact_key}: a {role} value for {year}, after the plan was issued ({issue_year})",
          lambda **kw: gxe.ExpectColumnPairValuesAToBeGreaterThanB(column_A="issue_year", column_B="year", or_equal=True, **kw),
          _actual),
    Check("aim-not-before-period", "years", "warning", "target/goal year >= period start (or = vision year)",
          "{fact_key}：{role} 的年份 {year} 早于规划期 {period_start}—{period_end}",
          "{fact_key}: a {role} for {year}, before the plan period {period_start}-{period_end}",
          lambda **kw: gxe.ExpectColumnPairValuesAToBeGreaterThanB(column_A="year", column_B="period_start", or_equal=True, **kw),
          _aim_in_period),
    Check("aim-not-after-period", "years", "warning", "target/goal year <= period end (or = vision year)",
          "{fact_key}：{role} 的年份 {year} 晚于规划期 {period_start}—{period_end}，也不是远景年 {vision_year}",
          "{fact_key}: a {role} for {year}, after the plan period {period_start}-{period_end} and not its vision year {vision_year}",
          lambda **kw: gxe.ExpectColumnPairValuesAToBeGreaterThanB(column_A="period_end", column_B="year", or_equal=True, **kw),
          _aim_in_period),
    Check("known-unit", "units", "error", "the unit parses",
          "{fact_key}：无法识别的单位 {unit}", "{fact_key}: unit {unit} is not understood",
          lambda **kw: gxe.ExpectColumnValuesToNotBeInSet(column="unit_dimension", value_set=[facts_mod.UNKNOWN], **kw)),
    Check("percent-in-range", "bounds", "warning", "a % value within [0, 100] unless the indicator is an index",
          "{fact_key}：百分比 {value_literal}% 不在 0—100 之间", "{fact_key}: a percentage of {value_literal}% is outside [0, 100]",
          lambda **kw: gxe.ExpectColumnValuesToBeBetween(column="value", min_value=0, max_value=100, **kw), _percent),
    Check("non-negative", "bounds", "error", "counts and money are not negative",
          "{fact_key}：数量或金额为负（{value_literal} {unit}）", "{fact_key}: a count or amount is negative ({value_literal} {unit})",
          lambda **kw: gxe.ExpectColumnValuesToBeBetween(column="value", min_value=0, **kw), _count_or_money),
)
BY_NAME = {c.name: c for c in CHECKS}


@dataclass
class Failure:
    """One failed expectation and the rows it failed on (none for a table-level expectation)."""

    check: Check
    expectation_type: str
    fact_keys: list[str]
    others: dict[str, list[str]] = field(default_factory=dict)  # uniqueness: fact_key -> the rows sharing its key

    def record(self) -> dict:
        """As plain data: what PC501 makes its findings of (sent by the helper process)."""
        return {"check": self.check.record(), "expectation": self.expectation_type,
                "fact_keys": list(self.fact_keys), "others": dict(self.others)}


@dataclass
class Outcome:
    validations: list  # great_expectations ExpectationSuiteValidationResult, one per pass
    results: dict[str, object]  # check name -> ExpectationValidationResult
    failures: list[Failure]
    frame: pd.DataFrame

    @property
    def success(self) -> bool:
        return all(v.success for v in self.validations)


def context(data_docs_dir: str | os.PathLike | None = None):
    """An ephemeral context, progress bars off; with a filesystem Data Docs site when asked."""
    ctx = gx.get_context(mode="ephemeral")
    ctx.variables.progress_bars = ProgressBarsConfig(globally=False)
    if data_docs_dir is not None:
        ctx.add_data_docs_site(
            site_name="plancheck",
            site_config={
                "class_name": "SiteBuilder",
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
                "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(Path(data_docs_dir).resolve())},
            },
        )
    return ctx


def _batch_definition(ctx):
    return ctx.data_sources.add_pandas("plancheck").add_dataframe_asset("facts").add_batch_definition_whole_dataframe("all-facts")


def validation_definition(ctx, checks: Iterable[Check] = CHECKS):
    """The whole suite with its row conditions over the whole table, registered as one
    validation definition (Data Docs: `plancheck.checks.docs`; `run_conditioned`)."""
    batch = _batch_definition(ctx)
    suite = ctx.suites.add(gx.ExpectationSuite(name=SUITE_NAME))
    for c in checks:
        suite.add_expectation(c.expectation())
    return ctx.validation_definitions.add(gx.ValidationDefinition(name="plancheck-facts", data=batch, suite=suite))


@dataclass
class Pass:
    """The checks over one set of rows: the rows their row condition selects (`query`, empty for
    every row) and only the columns their expectations and condition read (and the row id)."""

    query: str
    columns: tuple[str, ...]
    checks: tuple[Check, ...]
    suite: object  # great_expectations ExpectationSuite of the checks without their row condition


@dataclass
class Prepared:
    """Everything a run needs but the table: built before the table exists (the helper process
    builds it while the main process loads the plans)."""

    batch: object  # great_expectations BatchDefinition (a whole pandas DataFrame)
    passes: list[Pass]
    checks: tuple[Check, ...]

    @property
    def columns(self) -> list[str]:
        """The columns any pass reads, in the table's order."""
        used = {c for p in self.passes for c in p.columns}
        return [c for c in facts_mod.COLUMNS if c in used]


def _read_columns(e) -> set[str]:
    kw = e.configuration.kwargs
    cols = {kw[k] for k in ("column", "column_A", "column_B") if kw.get(k)}
    return cols | set(kw.get("column_list") or [])


def _condition_columns(cond) -> set[str]:
    """The columns a row condition reads (its comparisons and nullity tests, through and/or)."""
    if cond is None:
        return set()
    inner = getattr(cond, "conditions", None)
    if inner is not None:
        return set().union(*(_condition_columns(c) for c in inner))
    return {cond.column.name}


def prepare(ctx=None, checks: Iterable[Check] = CHECKS) -> Prepared:
    """One pass per distinct row condition: the condition is evaluated once, vectorised, by the
    pandas query Great Expectations would run for it (instead of once per metric of each
    conditioned expectation, over every column), and each pass's expectations see only its rows
    and the columns they read. Same rows, same expectations, same results as the conditioned suite
    (`run_conditioned`; tests/test_quality_passes.py holds them equal)."""
    ctx = ctx if ctx is not None else context()
    checks = tuple(checks)
    groups: dict[str, list[Check]] = defaultdict(list)
    for c in checks:
        groups[rows_query(c)].append(c)
    passes = []
    for i, (query, members) in enumerate(groups.items()):
        suite = gx.ExpectationSuite(name=f"{SUITE_NAME}-{i}")
        cols = {ID_COLUMN}
        for c in members:
            e = suite.add_expectation(c.expectation(conditioned=False))
            cols |= _read_columns(e) | set(c.key_columns) | _condition_columns(c.where() if c.where else None)
        passes.append(Pass(query, tuple(x for x in facts_mod.COLUMNS if x in cols), tuple(members), suite))
    return Prepared(_batch_definition(ctx), passes, checks)


def unfingerprinted() -> None:
    """Validate without fingerprinting each batch. Great Expectations hashes every in-memory
    DataFrame it makes a batch of (`hash_pandas_dataframe`: `pandas.util.hash_pandas_object` of
    every cell, then md5), when its shallow size is under `HASH_THRESHOLD`, only to put the
    digest in the batch's markers; the suite never reads them. At 3,000 plans that was ~1.5 CPU-s
    of the helper's ~7 (py-spy, issue 13). `HASH_THRESHOLD` is a module constant read at each
    batch: 0 means no frame is small enough to be hashed. Only the suite's helper process calls
    this (`plancheck.checks.worker`): the setting is the process's, not the caller's."""
    from great_expectations.execution_engine import pandas_execution_engine

    if not hasattr(pandas_execution_engine, "HASH_THRESHOLD"):  # another Great Expectations: it hashes, or not
        return
    pandas_execution_engine.HASH_THRESHOLD = 0


def validate(prepared: Prepared, df: pd.DataFrame) -> Outcome:
    """Run every pass of `prepared` over the fact table `df` (at least `prepared.columns`)."""
    validations = []
    for p in prepared.passes:
        rows = df.query(p.query) if p.query else df
        batch = prepared.batch.get_batch(batch_parameters={"dataframe": rows[list(p.columns)]})
        validations.append(batch.validate(p.suite, result_format=RESULT_FORMAT))
    results = [r for v in validations for r in v.results]
    return Outcome(validations, *_failures(results, df, prepared.checks), df)


def run(table: Iterable[dict] | pd.DataFrame, ctx=None, checks: Iterable[Check] = CHECKS) -> Outcome:
    """Validate the fact table (rows from `facts.rows()` or their DataFrame), one pass per row
    condition (`prepare`)."""
    df = table if isinstance(table, pd.DataFrame) else facts_mod.frame(table)
    return validate(prepare(ctx, checks), df)


def run_conditioned(table: Iterable[dict] | pd.DataFrame, ctx=None, checks: Iterable[Check] = CHECKS) -> Outcome:
    """The same suite as one validation of row-conditioned expectations over the whole table (as
    Data Docs show it): the reference `run` must agree with; slower, each conditioned metric
    filters the whole table again."""
    df = table if isinstance(table, pd.DataFrame) else facts_mod.frame(table)
    checks = tuple(checks)
    vd = validation_definition(ctx if ctx is not None else context(), checks)
    res = vd.run(batch_parameters={"dataframe": df}, result_format=RESULT_FORMAT)
    return Outcome([res], *_failures(res.results, df, checks), df)


def _failures(results, df: pd.DataFrame, checks: tuple[Check, ...]) -> tuple[dict[str, object], list[Failure]]:
    by_name = {c.name: c for c in checks}
    by_check: dict[str, object] = {}
    failures: list[Failure] = []
    for r in results:
        cfg = r.expectation_config
        check = by_name[cfg.meta["check"]]
        by_check[check.name] = r
        exc = r.exception_info or {}
        if exc.get("raised_exception"):
            raise RuntimeError(f"expectation {check.name} ({cfg.type}) raised: {exc.get('exception_message')}")
        if r.success:
            continue
        keys = [row[ID_COLUMN] for row in (r.result.get("unexpected_index_list") or []) if ID_COLUMN in row]
        keys = list(dict.fromkeys(keys))
        others: dict[str, list[str]] = {}
        if check.key_columns and keys:
            groups: dict[tuple, list[str]] = defaultdict(list)
            sub = df[df[ID_COLUMN].isin(keys)]
            for rec in sub.to_dict("records"):
                groups[tuple(rec[c] for c in check.key_columns)].append(rec[ID_COLUMN])
            for members in groups.values():
                for k in members:
                    others[k] = [m for m in members if m != k]
        failures.append(Failure(check, cfg.type, keys, others))
    order = list(by_name)
    failures.sort(key=lambda f: order.index(f.check.name))
    return by_check, failures
