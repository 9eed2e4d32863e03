"""One cause, one finding in a dense plan (issue 8 item 8, issue 12): a figure restated many times
that disagrees with another is one finding per pair of distinct statements, naming the
restatements in its values, and a 万/亿 slip is one finding per slipped figure (tests/fixtures/rules/PC116.yml)."""

from __future__ import annotations

from plancheck.rules.base import MAX_LISTED
from plancheck.rules.pc103_table_vs_text import MAX_REPRESENTATIVES, TableVsText
from tests.planfactory import fact, run_rule, write_plan

Q = "数字经济领域有效发明专利达到8000件"


def _patents(n_agree: int, n_other: int) -> list[dict]:
    facts = [fact("t", "de_patents", 8000, 2020, Q, unit="件", role="baseline", place="table")]
    facts += [fact(f"a{i}", "de_patents", 8000, 2020, Q, unit="件", year_implied=True) for i in range(n_agree)]
    facts += [fact(f"x{i}", "de_patents", 9000, 2020, Q, unit="件", year_implied=True) for i in range(n_other)]
    return facts


def test_restatements_of_a_disagreeing_figure_are_listed_in_one_finding(tmp_path):
    found = run_rule(TableVsText, write_plan(tmp_path, facts=_patents(3, 4)).parent)
    assert sorted(f.key.split("/")[-1] for f in found) == ["a0~x0", "t~x0"]
    for f in found:
        assert f.severity.value == "error"
        assert f.values["restated_b"] == "3" and f.values["restated_b_ids"] == "x1, x2, x3"
    by_key = {f.key.split("/")[-1]: f for f in found}
    assert by_key["a0~x0"].values["restated_a"] == "2"  # a1, a2 state what a0 states
    assert "restated_a" not in by_key["t~x0"].values  # the table cell is stated once


def test_the_listed_restatements_are_bounded_and_counted(tmp_path):
    found = run_rule(TableVsText, write_plan(tmp_path, facts=_patents(1, MAX_LISTED + 6)).parent)
    f = next(f for f in found if f.key.endswith("t~x0"))
    assert f.values["restated_b"] == str(MAX_LISTED + 5)
    assert f.values["restated_b_ids"].endswith(", … (+5)")
    assert f.values["restated_b_ids"].count(",") == MAX_LISTED


def test_facts_that_differ_in_more_than_id_and_quote_are_each_compared(tmp_path):
    facts = _patents(0, 2)
    facts[2]["qualifier"] = "超过"  # x1 says something else in words: compared on its own
    found = run_rule(TableVsText, write_plan(tmp_path, facts=facts).parent)
    assert sorted(f.key.split("/")[-1] for f in found) == ["t~x0", "t~x1"]


def test_a_text_is_compared_with_a_bounded_number_of_distinct_table_cells(tmp_path):
    # issue 8: a group with many distinct table cells costs at most MAX_REPRESENTATIVES comparisons
    # per text fact, however many cells disagree with it
    facts = [fact(f"t{i}", "de_patents", 9000 + i, 2020, Q, unit="件", role="baseline", place="table")
             for i in range(MAX_REPRESENTATIVES + 3)]
    facts.append(fact("a", "de_patents", 8000, 2020, Q, unit="件", year_implied=True))
    found = run_rule(TableVsText, write_plan(tmp_path, facts=facts).parent)
    assert 0 < len(found) <= MAX_REPRESENTATIVES
    assert all(f.key.endswith("~a") for f in found)
