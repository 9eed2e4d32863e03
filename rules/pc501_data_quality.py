from __future__ import annotations

from plancheck.findings import Severity
from plancheck.rules.base import Rule, Scope


class DataQuality(Rule):
    """The fact table passes the data-quality suite: complete, unique, plausible years, units and bounds.

    **What it does.** Flattens every fact of the corpus into one table (`plancheck.checks.facts`)
    and validates it with a Great Expectations suite (`plancheck.checks.suite`). Each failed
    expectation is reported once per offending fact:

    - completeness (error): plan, indicator, role, year, unit and quote are never empty; a value is
      empty exactly where the cell carries an n/a mark (`/`, `——`); each fact id occurs once.
    - uniqueness: a target table gives one cell per (plan, indicator, region, role, year, kind)
      among its columns baseline and target (error for a duplicate row). The text may restate a
      value, so for history and goal the same key repeating is information only (PC103 checks
      that the restatements agree).
    - years (warning): a baseline or history value is for a year no later than the year the
      plan was issued; a target or goal is for a year inside the plan period, or its vision year.
    - units (error): every unit is understood (PC105 checks that it fits the indicator).
    - bounds: a `%` value lies within 0–100 unless the catalog marks the indicator an index
      (warning); counts and money are not negative (error).

    Where a rule of the engine already reports the same fact as an error (PC104 years, PC105
    percentages), the suite's finding is a warning: the table-level net confirms it without
    counting one mistake twice against the gate.

    **Why is this bad?** Every other rule trusts these properties: a percentage of 198 or a
    baseline dated after the plan was issued is a misprint or a mis-encoding, and comparing it
    with anything else produces noise instead of findings.

    **Example (fails).** The unofficial copy of Jiaxing's plan prints `占规上工业比重从2015年的I198%`
    (the official text has 11.98%): encoded as printed, `value: 198, unit: "%"` is outside 0–100.
    The copy also prints `2023` where the official text has `2020`, so its baselines and history
    values are dated two years after the plan was issued (2021).

    **Example (passes).** Huzhou's table row `数字经济核心产业增加值占GDP比重(% 5.1 7**`: 5.1 and
    7 are percentages within 0–100, the baseline 2020 precedes the issue date 2021-12-16, the
    target 2025 is the last year of the period 2021–2025, and the table has one such row.

    The suite needs the `quality` extra (Great Expectations); `plancheck check --no-quality`
    skips this rule, and nothing imports Great Expectations unless it runs. The suite runs in a
    helper process started when the run begins, so that its import overlaps with the load, and
    it is sent the fact table as soon as the other rules' workers have begun, so that it
    validates while they run; a run whose suite result is cached starts none. `make docs` renders
    the same suite as Great Expectations Data Docs.
    """

    code = "PC501"
    name = "data-quality"
    severity = Severity.error
    scope = Scope.corpus
    quality = True

    def corpus_cache_salt(self) -> str:
        """The suite's version, for the findings cache (`engine.check_rule`): the versions of
        Great Expectations, pandas and numpy, read from their metadata without importing them,
        and the suite's definition and transport (checks/suite.py, facts.py, worker.py, helper.py,
        deferred.py). An unchanged corpus is then answered from the cache, and a warm run never
        imports Great Expectations."""
        import hashlib
        from importlib import metadata, resources

        parts = []
        for dist in ("great_expectations", "pandas", "numpy"):
            try:
                parts.append(f"{dist}={metadata.version(dist)}")
            except metadata.PackageNotFoundError:
                parts.append(f"{dist}=none")
        for name in ("suite.py", "facts.py", "worker.py", "helper.py", "deferred.py"):
            data = resources.files("plancheck.checks").joinpath(name).read_bytes()
            parts.append(f"{name}={hashlib.sha256(data).hexdigest()}")
        return ";".join(parts)

    def start(self) -> None:
        """Begin the suite's import (~2.4 s) in a helper process (`plancheck.checks.helper`), to
        overlap with the load and the other rules; the engine calls this when the suite will
        run. Without Great Expectations installed nothing starts (`check` says what is missing)."""
        if getattr(self, "_process", None) is None and _missing() is None:
            from plancheck.checks import helper

            self._process = helper.take_early() or helper.SuiteProcess()  # started with the check, if it was

    def begin(self, corpus) -> None:
        """Send the fact table to the helper started by `start()` now, so that the suite validates
        while the other rules run in their workers (the engine calls this once they have begun);
        `check` then only waits for the answer. A failure here is `check`'s error, in its turn.
        Nothing happens when no helper was started (the result is cached, or the suite is not
        installed) or the corpus has no facts."""
        process = getattr(self, "_process", None)
        if process is None or not corpus.facts or getattr(self, "_sent", None) is not None:
            return
        from plancheck.checks import facts

        try:
            process.send(lambda names: facts.fact_columns(corpus, names), aside=True)
            self._sent = (process, None)
        except Exception as e:  # noqa: BLE001 - raised again by check, where the rule reports it
            process.close()
            self._sent = (process, e)

    def stop(self) -> None:
        """Stop a helper process whose result was not needed."""
        process, self._process = getattr(self, "_process", None), None
        self._sent = None
        if process is not None:
            process.close()

    def check(self, corpus):
        from plancheck.checks import facts, helper

        if not corpus.facts:
            self.stop()
            return
        sent, self._sent = getattr(self, "_sent", None), None
        if sent is None:
            self.start()
        process, self._process = getattr(self, "_process", None), None
        try:
            if sent is not None:  # the table went to the helper while the other rules ran
                if sent[1] is not None:
                    raise sent[1]
                failures = sent[0].result()
            elif process is None:
                raise helper.MissingDependency(_missing() or "great_expectations")
            else:
                # the columns the suite reads, built without holding a row per fact
                failures = process.failures(lambda names: facts.fact_columns(corpus, names))
        except helper.MissingDependency as e:
            raise RuntimeError(f"PC501 needs Great Expectations ({e.name} is not installed): "
                               "pip install 'plancheck[quality]', or run with --no-quality") from e
        # the rows of the failing facts only, for the messages
        by_key = facts.rows_by_key(corpus, (k for failure in failures for k in failure["fact_keys"]))
        for failure in failures:
            yield from self._findings(corpus, failure, by_key)

    def _findings(self, corpus, failure: dict, by_key: dict):
        check = failure["check"]  # a failed expectation (plancheck.checks.suite.Failure.record)
        sev = Severity(check["severity"])
        others = failure["others"]
        if not failure["fact_keys"]:  # a table-level expectation: one finding for the table
            yield self.finding(
                plans=sorted({ref.plan.id for ref in corpus.facts}),
                key=f"{check['name']}/table",
                zh=f"事实表未通过检查 {check['name']}", en=f"the fact table fails {check['name']}",
                values={"check": check["name"], "family": check["family"], "expectation": failure["expectation"]},
                severity=sev,
            )
            return
        for fk in failure["fact_keys"]:
            row = by_key.get(fk, {"fact_key": fk})
            plan, fact_id = row.get("plan"), row.get("fact_id")
            ref = corpus.fact(plan, fact_id) if plan and fact_id else None
            fields = _Fields({**row, "others": ", ".join(others.get(fk, [])) or "—"})
            yield self.finding(
                plans=[plan] if plan else [],
                key=f"{check['name']}/{plan}/{fact_id}",
                zh=check["zh"].format_map(fields),
                en=check["en"].format_map(fields),
                values={
                    "check": check["name"],
                    "family": check["family"],
                    "expectation": failure["expectation"],
                    "value": row.get("value_literal"),
                    "unit": row.get("unit"),
                    "year": row.get("year"),
                    **({"also": others[fk]} if others.get(fk) else {}),
                },
                evidence=[corpus.ref_evidence(ref)] if ref is not None else [],
                severity=sev,
            )


def _missing() -> str | None:
    """The first of the suite's libraries that is not installed (found without importing it)."""
    from importlib.util import find_spec

    return next((m for m in ("great_expectations", "pandas") if find_spec(m) is None), None)


class _Fields(dict):
    """Message fields: an empty or missing column reads as a dash."""

    def __getitem__(self, key):
        v = super().get(key)
        if v is None or (isinstance(v, float) and v != v):
            return "—"
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return v
