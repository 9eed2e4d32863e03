"""The suite's columns and the failing rows, built without holding a row per fact
(`facts.fact_columns`, `facts.rows_by_key`), are the fact table's own (issue 13)."""

from __future__ import annotations

from plancheck.checks import facts
from plancheck.engine import load_corpus
from tests.planfactory import ROOT, corpus_files


def _corpus():
    corpus, _errors = load_corpus(corpus_files(), ROOT)
    assert corpus.facts
    return corpus


def test_fact_columns_are_the_rows_columns():
    corpus = _corpus()
    table = facts.rows(corpus)
    names = ["fact_key", "year", "value", "unit_dimension", "at_vision_year", "issue_year"]
    assert facts.fact_columns(corpus, names) == facts.columns(table, names)
    assert facts.fact_columns(corpus, facts.COLUMNS) == facts.columns(table, facts.COLUMNS)
    assert facts.fact_columns(corpus, []) == {}


def test_rows_by_key_finds_the_rows_asked_for_only():
    corpus = _corpus()
    table = facts.rows(corpus)
    wanted = [table[0]["fact_key"], table[-1]["fact_key"], "no-such-plan/no-such-fact"]
    got = facts.rows_by_key(corpus, iter(wanted))
    assert got == {r["fact_key"]: r for r in (table[0], table[-1])}
    assert facts.rows_by_key(corpus, []) == {}


def test_columns_without_evidence_do_not_locate_the_facts(monkeypatch):
    """Finding a fact's quote in its source and its line in the plan file is the costly part of a
    row; the suite reads none of the columns that need it (source_line, plan_file, plan_line)."""
    corpus = _corpus()
    table = facts.rows(corpus)
    names = [n for n in facts.COLUMNS if n not in ("source_line", "plan_file", "plan_line")]

    def located(ref):
        raise AssertionError("evidence built for a column that does not need it")

    monkeypatch.setattr(corpus, "ref_evidence", located)
    assert facts.fact_columns(corpus, names) == facts.columns(table, names)
    for n in facts.COLUMNS:  # each column alone, in any order of the names
        if n not in ("source_line", "plan_file", "plan_line"):
            assert facts.fact_columns(corpus, [n]) == facts.columns(table, [n]), n
    assert facts.fact_columns(corpus, list(reversed(names))) == facts.columns(table, list(reversed(names)))
