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
