"""The data-quality suite's fast path (issue 13): one pass per row condition, in a helper process.

`suite.run` evaluates each row condition once and validates each pass's rows and columns only;
`suite.run_conditioned` is the suite as Data Docs show it (row-conditioned expectations over the
whole table, the way it ran before). Their findings must be identical — the same failed checks,
the same rows, the same rows sharing a key — on the corpus and on a synthetic country, and the
helper process must return exactly what the in-process run finds.
"""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tests.planfactory import ROOT, corpus_files


def _records(outcome) -> list[dict]:
    return [f.record() for f in outcome.failures]


def _counts(outcome) -> dict[str, tuple]:
    return {name: (bool(r.success), r.result.get("element_count"), r.result.get("unexpected_count"))
            for name, r in outcome.results.items()}


@pytest.fixture(scope="module")
def corpus_table():
    from plancheck.checks import facts
    from plancheck.engine import load_corpus

    corpus, _ = load_corpus(corpus_files(), ROOT)
    return facts.rows(corpus)


@pytest.fixture(scope="module")
def country_table(tmp_path_factory):
    from bench.corpus import build
    from plancheck.checks import facts
    from plancheck.engine import load_corpus

    folder = tmp_path_factory.mktemp("country") / "plans"
    shape = build(folder, 23, counties=1)  # a province, its 11 prefectures, one county each
    corpus, errors = load_corpus([folder], folder.parent)
    assert not errors and len(corpus.plans) == shape["plans"] == 23
    return facts.rows(corpus)


@pytest.mark.parametrize("which", ["corpus_table", "country_table"])
def test_passes_find_exactly_what_the_conditioned_suite_finds(which, request):
    from plancheck.checks import suite

    table = request.getfixturevalue(which)
    fast, reference = suite.run(table), suite.run_conditioned(table)
    assert reference.failures, "the table has data-quality failures, so the comparison can fail"
    assert _records(fast) == _records(reference)
    assert _counts(fast) == _counts(reference)  # each expectation saw the same rows
    assert fast.success == reference.success


def test_each_pass_reads_only_its_columns_and_conditions_once(corpus_table):
    from plancheck.checks import facts, suite

    prepared = suite.prepare()
    assert sorted(c.name for p in prepared.passes for c in p.checks) == sorted(c.name for c in suite.CHECKS)
    assert len({p.query for p in prepared.passes}) == len(prepared.passes)  # one pass per condition
    assert len(prepared.passes) < len(suite.CHECKS)
    assert set(prepared.columns) < set(facts.COLUMNS)  # names, sources, positions are not sent
    for p in prepared.passes:
        assert suite.ID_COLUMN in p.columns and len(p.columns) < len(facts.COLUMNS) / 2
        for e in p.suite.expectations:
            assert e.row_condition is None and (not p.query or p.query in e.description)
    # only the passes' columns: the same result as the whole table
    only = facts.frame(facts.columns(corpus_table, prepared.columns))
    assert _records(suite.validate(prepared, only)) == _records(suite.run(corpus_table))


def test_the_helper_process_returns_what_the_suite_finds(country_table):
    from plancheck.checks import suite
    from plancheck.checks.helper import SuiteProcess

    assert SuiteProcess().failures(country_table) == _records(suite.run_conditioned(country_table))


def test_a_helper_that_dies_is_an_error_with_its_exit_status_and_stderr(tmp_path, monkeypatch):
    from plancheck.checks import helper

    fake = tmp_path / "python"
    fake.write_text("#!/bin/sh\necho 'worker: out of memory' >&2\nexit 7\n", "utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setattr(helper.sys, "executable", str(fake))
    with pytest.raises(helper.SuiteError) as e:
        helper.SuiteProcess().failures([{"fact_key": "p/f"}])
    assert "exit 7" in str(e.value) and "worker: out of memory" in str(e.value)


def test_a_helper_that_cannot_start_is_an_error(monkeypatch):
    from plancheck.checks import helper

    monkeypatch.setattr(helper.sys, "executable", str(Path("/nonexistent/python")))
    with pytest.raises(helper.SuiteError, match="cannot start"):
        helper.SuiteProcess()


def test_an_unused_helper_is_stopped_at_once():
    from plancheck.checks.helper import SuiteProcess

    p = SuiteProcess()
    p.close()  # still importing Great Expectations: killed, not waited for
    assert p._proc.returncode is not None
    p.close()  # idempotent


def test_engine_starts_the_helper_before_the_load_without_a_cache_and_reaps_it(monkeypatch):
    from plancheck import engine
    from plancheck.rules.pc501_data_quality import DataQuality

    rule = DataQuality()
    seen = {}
    load = engine.load_corpus

    def spy(*a, **kw):
        seen["at_load"] = getattr(rule, "_process", None)
        return load(*a, **kw)

    monkeypatch.setattr(engine, "load_corpus", spy)
    result = engine.run(corpus_files(), [rule], root=ROOT)
    assert seen["at_load"] is not None  # started before the plans were read
    assert rule._process is None and seen["at_load"]._proc.returncode is not None
    assert not result.internal_errors and any(f.rule == "PC501" for f in result.findings)


def test_the_helper_validates_without_fingerprinting_the_batches(country_table, monkeypatch):
    """Great Expectations hashes each batch's whole frame for its markers; the helper turns that
    off (`suite.unfingerprinted`), and the suite finds the same."""
    from great_expectations.execution_engine import pandas_execution_engine as engine_mod

    from plancheck.checks import suite

    expected = _records(suite.run(country_table))
    monkeypatch.setattr(engine_mod, "HASH_THRESHOLD", engine_mod.HASH_THRESHOLD)  # restored after the test
    hashed = []
    real = engine_mod.hash_pandas_dataframe
    monkeypatch.setattr(engine_mod, "hash_pandas_dataframe", lambda df: hashed.append(len(df)) or real(df))
    suite.run(country_table)
    assert hashed, "Great Expectations fingerprints a batch by default: the setting has something to turn off"
    hashed.clear()
    suite.unfingerprinted()
    assert _records(suite.run(country_table)) == expected and expected
    assert hashed == []
