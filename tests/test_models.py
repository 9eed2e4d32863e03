"""The pydantic models' own rules: links, ids, footnote marks, value or n/a, spans."""

from __future__ import annotations

import copy

import pydantic
import pytest

from plancheck import yamlsrc
from plancheck.models import Plan
from tests.planfactory import fact, write_plan

Q = "从2015年的225.0亿元增加到2020年的506.9亿元，年均增长17.6%"


@pytest.fixture
def data(tmp_path):
    facts = [fact("a", "core_va", "225.0", 2015, Q), fact("b", "core_va", "506.9", 2020, Q)]
    growth = [{"id": "g", "indicator": "core_va", "start": {"year": 2015, "fact": "a"}, "end": {"year": 2020, "fact": "b"},
               "measure": "cagr", "rate": "17.6", "quote": Q}]
    d, _ = yamlsrc.load(write_plan(tmp_path, facts=facts, growth=growth).read_text("utf-8"))
    Plan.model_validate(d)
    return d


def _invalid(d, words):
    with pytest.raises(pydantic.ValidationError) as e:
        Plan.model_validate(d)
    assert words in str(e.value)


def test_ids_are_unique(data):
    d = copy.deepcopy(data)
    d["facts"][1]["id"] = "a"
    _invalid(d, "duplicate id 'a'")


def test_growth_refers_to_existing_facts(data):
    d = copy.deepcopy(data)
    d["growth"][0]["end"]["fact"] = "nope"
    _invalid(d, "unknown fact 'nope'")


def test_growth_span_is_forward(data):
    d = copy.deepcopy(data)
    d["growth"][0]["start"]["year"] = 2020
    _invalid(d, "empty or reversed")


def test_marks_need_a_footnote(data):
    d = copy.deepcopy(data)
    d["facts"][0]["marks"] = ["*"]
    _invalid(d, "no footnote explains")


def test_value_or_na_not_both(data):
    d = copy.deepcopy(data)
    d["facts"][0]["na"] = "/"
    _invalid(d, "either a value or an `na` mark")
    del d["facts"][0]["value"]
    Plan.model_validate(d)  # n/a alone is fine


def test_period_is_ordered_and_data_year_footnotes_name_a_year(data):
    d = copy.deepcopy(data)
    d["period"]["end"] = 2019
    _invalid(d, "before its start")
    d = copy.deepcopy(data)
    d["footnotes"] = [{"mark": "*", "meaning": "data_year", "text": "x", "quote": "注：带*为2019年数据。"}]
    _invalid(d, "needs its year")


def test_values_stay_decimals_with_their_precision(data):
    p = Plan.model_validate(data)
    assert [str(f.value) for f in p.facts] == ["225.0", "506.9"] and str(p.growth[0].rate) == "17.6"
