"""The data-quality suite (PC501): fact table, Great Expectations suite, rule findings, Data Docs."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.planfactory import ROOT, corpus_files, fact, write_plan

# the checks the real corpus must pass whatever its documents say: they hold for every plan
# file the loader accepts (the others — bounds, years, table duplicates — find real misprints,
# such as the unofficial Jiaxing copy's 198% and its base year printed 2023)
MUST_PASS = {
    "complete-plan", "complete-indicator", "complete-role", "complete-year", "complete-unit", "complete-quote",
    "value-present", "value-absent-when-na", "unique-fact-key", "known-unit",
}


# --------------------------------------------------------------------------- the real corpus
@pytest.fixture(scope="module")
def real():
    from plancheck.checks import facts, suite
    from plancheck.engine import load_corpus

    corpus, _errors = load_corpus(corpus_files(), ROOT)  # plans being encoded may not load yet: use those that do
    table = facts.rows(corpus)
    assert corpus.facts and len(table) == len(corpus.facts)
    return corpus, table, suite.run(table)


def test_real_corpus_passes_the_table_level_expectations(real):
    _corpus, _table, outcome = real
    from plancheck.checks.suite import CHECKS

    assert set(outcome.results) == {c.name for c in CHECKS}  # every expectation ran
    failed = {name for name, r in outcome.results.items() if not r.success}
    assert not failed & MUST_PASS, {n: outcome.results[n].result.get("unexpected_index_list") for n in failed & MUST_PASS}


def test_row_conditions_select_the_rows_they_claim(real):
    """GE's pandas row conditions against the same selection written in plain Python."""
    _corpus, table, outcome = real
    from plancheck.checks.suite import NON_NEGATIVE

    def count(pred):
        return sum(1 for r in table if pred(r))

    expected = {
        "complete-plan": len(table),
        "value-present": count(lambda r: not r["is_na"]),
        "value-absent-when-na": count(lambda r: r["is_na"]),
        "unique-table-cell": count(lambda r: r["role"] in ("baseline", "target")),
        "restated-in-text": count(lambda r: r["role"] in ("history", "goal")),
        "actual-not-after-issue": count(lambda r: r["role"] in ("baseline", "history")),
        "aim-not-after-period": count(lambda r: r["role"] in ("target", "goal") and r["year"] != r["vision_year"]),
        "aim-not-before-period": count(lambda r: r["role"] in ("target", "goal") and not r["at_vision_year"]),
        "percent-in-range": count(lambda r: r["unit_dimension"] == "ratio" and not r["allows_over_100"]),
        "non-negative": count(lambda r: r["unit_dimension"] in NON_NEGATIVE or r["catalog_dimension"] in NON_NEGATIVE),
    }
    got = {name: outcome.results[name].result["element_count"] for name in expected}
    assert got == expected
    assert expected["percent-in-range"] > 0 and expected["actual-not-after-issue"] > 0


def test_row_failures_match_plain_python(real):
    _corpus, table, outcome = real
    flagged = {f.check.name: set(f.fact_keys) for f in outcome.failures}
    aim = [r for r in table if r["role"] in ("target", "goal") and r["year"] != r["vision_year"]]
    expected = {
        "percent-in-range": {r["fact_key"] for r in table if r["unit_dimension"] == "ratio" and not r["allows_over_100"]
                             and r["value"] is not None and not 0 <= r["value"] <= 100},
        "actual-not-after-issue": {r["fact_key"] for r in table
                                   if r["role"] in ("baseline", "history") and r["year"] > r["issue_year"]},
        "aim-not-after-period": {r["fact_key"] for r in aim if r["year"] > r["period_end"]},
        "aim-not-before-period": {r["fact_key"] for r in aim if r["year"] < r["period_start"]},
        "known-unit": {r["fact_key"] for r in table if r["unit_dimension"] == "unknown"},
    }
    assert {k: flagged.get(k, set()) for k in expected} == expected


# --------------------------------------------------------------------------- hand-made faulty rows
FAULTS = {  # fact id -> (check, severity) it must be reported under; every other fact is clean
    "bad-pct-120": ("percent-in-range", "warning"),
    "bad-negative-count": ("non-negative", "error"),
    "bad-unknown-unit": ("known-unit", "error"),
    "bad-goal-2028": ("aim-not-after-period", "warning"),
    "bad-goal-2019": ("aim-not-before-period", "warning"),
    "bad-history-2023": ("actual-not-after-issue", "warning"),
    "dup-table-a": ("unique-table-cell", "error"),
    "dup-table-b": ("unique-table-cell", "error"),
    "restated-a": ("restated-in-text", "info"),
    "restated-b": ("restated-in-text", "info"),
}


def _faulty_plan(folder: Path) -> Path:
    q = "引文"  # quotes are PC001's business, not checked here
    return write_plan(folder, "faulty-plan", "zhejiang-de-2021.txt", facts=[
        # clean rows
        fact("ok-share-2020-table", "core_va_share_gdp", 5.1, 2020, q, unit="%", role="baseline", place="table"),
        fact("ok-share-2025-table", "core_va_share_gdp", 7, 2025, q, unit="%", role="target", place="table"),
        fact("ok-na-2020-table", "core_va", None, 2020, q, role="baseline", place="table"),
        fact("ok-index-over-100", "digital_life_index", 120, 2025, q, unit="%", role="goal"),  # an index may pass 100
        fact("ok-vision-2035", "core_va", 20000, 2035, q, role="goal"),  # the vision year is allowed
        fact("ok-patents-2025", "de_patents", 8, 2025, q, unit="万件", role="goal"),
        # faulty rows
        fact("bad-pct-120", "core_va_share_gdp", 120, 2020, q, unit="%"),
        fact("bad-negative-count", "de_patents", -5, 2020, q, unit="件"),
        fact("bad-unknown-unit", "core_va", 100, 2019, q, unit="亿园"),
        fact("bad-goal-2028", "core_va", 1000, 2028, q, role="goal"),
        fact("bad-goal-2019", "core_va", 900, 2019, q, role="goal"),
        fact("bad-history-2023", "core_va", 8000, 2023, q),
        fact("dup-table-a", "de_patents", 6.5, 2020, q, unit="万件", role="baseline", place="table"),
        fact("dup-table-b", "de_patents", 6.5, 2020, q, unit="万件", role="baseline", place="table"),
        fact("restated-a", "core_va", 7020, 2020, q),
        fact("restated-b", "core_va", 7020, 2020, q),
    ])


@pytest.fixture(scope="module")
def faulty(tmp_path_factory):
    from plancheck.engine import load_corpus
    from plancheck.rules.pc501_data_quality import DataQuality

    folder = tmp_path_factory.mktemp("faulty")
    _faulty_plan(folder)
    corpus, errors = load_corpus([folder], folder)
    assert not errors, [str(e) for e in errors]
    return folder, list(DataQuality().check(corpus))


def test_each_faulty_row_gives_its_own_finding_and_nothing_else(faulty):
    _folder, findings = faulty
    got = {(f.evidence[0].item, f.values["check"]): f.severity.value for f in findings}
    assert got == {(fid, check): sev for fid, (check, sev) in FAULTS.items()}
    assert len(findings) == len(FAULTS)  # one finding per failed expectation and row


def test_findings_have_stable_keys_and_point_into_the_plan(faulty):
    _folder, findings = faulty
    for f in findings:
        assert f.rule == "PC501" and f.plans == ["faulty-plan"]
        ev = f.evidence[0]
        assert f.key == f"{f.values['check']}/faulty-plan/{ev.item}"
        assert ev.plan_file.endswith("faulty-plan.yaml") and ev.plan_line is not None
    dup = next(f for f in findings if f.evidence[0].item == "dup-table-a")
    assert dup.values["also"] == ["faulty-plan/dup-table-b"]
    assert "120%" in next(f for f in findings if f.evidence[0].item == "bad-pct-120").message_en


def test_configured_severity_caps_the_rule(tmp_path):
    from plancheck.engine import load_corpus
    from plancheck.findings import Severity
    from plancheck.rules.pc501_data_quality import DataQuality

    _faulty_plan(tmp_path)
    corpus, _ = load_corpus([tmp_path], tmp_path)
    sev = {f.severity for f in DataQuality(Severity.warning).check(corpus)}
    assert sev == {Severity.warning, Severity.info}


# --------------------------------------------------------------------------- import cost, exports
def test_rule_module_does_not_import_great_expectations():
    code = (
        "import sys\n"
        "import plancheck.rules.pc501_data_quality, plancheck.checks.facts\n"
        "from plancheck.rules import all_rules\n"
        "assert any(r.code == 'PC501' for r in all_rules())\n"
        "print(sorted(m for m in ('great_expectations', 'pandas') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_csv_export_has_one_row_per_fact(faulty, tmp_path):
    from plancheck.checks import facts
    from plancheck.engine import load_corpus

    folder, _ = faulty
    corpus, _ = load_corpus([folder], folder)
    path = facts.write_csv(facts.rows(corpus), tmp_path / "out" / "facts.csv")
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert tuple(rows[0]) == facts.COLUMNS
    assert len(rows) == len(corpus.facts)
    na = next(r for r in rows if r["fact_id"] == "ok-na-2020-table")
    assert (na["value"], na["is_na"], na["na"]) == ("", "True", "/")
    share = next(r for r in rows if r["fact_id"] == "ok-share-2020-table")
    assert (share["value_literal"], share["unit_dimension"], share["cycle_start"], share["issue_year"]) == ("5.1", "ratio", "2021", "2021")


def test_data_docs_site(faulty, tmp_path):
    from plancheck.checks import docs

    folder, _ = faulty
    index, ok, n_errors = docs.build([folder], tmp_path / "dd")
    assert (index.is_file(), ok, n_errors) == (True, False, 0)
    assert "plancheck-facts" in index.read_text("utf-8")
    assert list((tmp_path / "dd" / "validations").rglob("*.html"))
    results = json.loads((tmp_path / "dd" / "validation.json").read_text("utf-8"))[0]["results"]
    failed = {r["expectation_config"]["meta"]["check"] for r in results if not r["success"]}
    assert failed == {check for check, _ in FAULTS.values()}
