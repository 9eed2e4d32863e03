"""Printed vs inferred years (issue 12): a fact records where its year comes from
(`year_source`: printed, inferred, implied); edition diffs rest on printed years only."""

from __future__ import annotations

import pydantic
import pytest

from plancheck.models.plan import Fact, YearSource
from plancheck.rules.provenance import IMPLIED, INFERRED, PRINTED, fact_year_source
from plancheck.schemas import plan_schema

BASE = {"id": "f", "indicator": "core_va", "name": "数字经济核心产业增加值", "role": "history", "place": "text",
        "year": 2020, "value": "506.9", "unit": "亿元", "quote": "2020年的506.9亿元"}


@pytest.mark.parametrize(("given", "source", "not_printed"), [
    ({}, YearSource.printed, False),
    ({"year_source": "printed"}, YearSource.printed, False),
    ({"year_source": "inferred"}, YearSource.inferred, True),  # 同比, 近三年: from another year
    ({"year_source": "implied"}, YearSource.implied, True),  # the section's year
    ({"year_implied": True}, YearSource.implied, True),  # the older spelling
    ({"year_implied": False}, YearSource.printed, False),
    ({"year_implied": True, "year_source": "inferred"}, YearSource.inferred, True),
    ({"year_implied": True, "year_source": "printed"}, YearSource.printed, False),  # year_source wins
])
def test_year_source_and_the_older_year_implied(given, source, not_printed):
    f = Fact.model_validate({**BASE, **given})
    assert f.year_source is source
    assert f.year_implied is not_printed


def test_the_input_is_not_modified():
    data = {**BASE, "year_implied": True}
    Fact.model_validate(data)
    assert "year_source" not in data


@pytest.mark.parametrize("bad", ["guessed", "", True, 1, None])
def test_an_unknown_year_source_is_refused(bad):
    with pytest.raises(pydantic.ValidationError):
        Fact.model_validate({**BASE, "year_source": bad})


def test_the_schema_names_the_three_sources():
    defs = plan_schema()["$defs"]
    assert defs["YearSource"]["enum"] == ["printed", "inferred", "implied"]
    assert "year_source" in defs["Fact"]["properties"]


@pytest.mark.parametrize(("source", "expected"), [("printed", PRINTED), ("inferred", INFERRED), ("implied", IMPLIED)])
def test_provenance_reads_the_field(source, expected):
    assert fact_year_source(Fact.model_validate({**BASE, "year_source": source})) == expected


def test_edition_diffs_skip_a_year_that_is_only_inferred(tmp_path):
    from plancheck.rules.pc401_edition_diff import EditionDiff
    from tests.test_rules_generations import COPY, DE, _editions, check, plan_text, set_field, set_top

    text = set_top(set_top(plan_text(DE), "id", COPY), "edition_of", DE)
    text = set_field(text, "patents-2020-table", "year", "2023")
    printed = {f.key for f in check(EditionDiff, _editions(tmp_path / "a", text))}
    assert any("patents-2020-table" in k for k in printed), printed
    inferred = set_field(text, "patents-2020-table", "year_source", "inferred")
    keys = {f.key for f in check(EditionDiff, _editions(tmp_path / "b", inferred))}
    assert not any("patents-2020-table" in k and "year" in k for k in keys), keys
