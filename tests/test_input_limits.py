"""A short input never costs unbounded time or memory and never crashes the loader: numbers a
plan never prints, deep nesting, aliases and non-core tags are errors at their line and field,
and the other plans are still checked."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pydantic
import pytest

from plancheck import yamlsrc
from plancheck.loader import load_plans, read_plan
from plancheck.models import Fact
from plancheck.quotes import _literal
from tests.planfactory import fact, write_plan

JX = "从2015年的225.0亿元增加到2020年的506.9亿元，年均增长17.6%"


def _plan(folder: Path, plan_id: str = "test-plan") -> Path:
    facts = [fact("a", "core_va", "225.0", 2015, JX), fact("b", "core_va", "506.9", 2020, JX)]
    growth = [{"id": "g", "indicator": "core_va", "start": {"year": 2015, "fact": "a"},
               "end": {"year": 2020, "fact": "b"}, "measure": "cagr", "rate": "17.6", "quote": JX}]
    return write_plan(folder, plan_id, facts=facts, growth=growth)


def _edit(path: Path, old: str, new: str) -> int:
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")
    return text[: text.index(old)].count("\n") + 1


@pytest.mark.parametrize("literal", ["1.0e-999999999", "1.0e999999999", "2.25E+2", "1e999", "'1e-999999999'",
                                     "1" * 400, "1" * 16, "0x10", "0o17", "017", "1_0.5e3", "1" * 20 + ".5"])
def test_numbers_a_plan_never_prints_are_errors_at_their_line(tmp_path, literal):
    path = _plan(tmp_path)
    line = _edit(path, "value: 225.0", f"value: {literal}")
    lp, errors = read_plan(path)
    assert lp is None and errors
    assert any(e.line == line and e.field == "facts[0].value" for e in errors), [str(e) for e in errors]
    assert all(len(e.message) < 300 for e in errors)


@pytest.mark.parametrize("literal", ["225.0", "0.5", "-3.25", "999999999999999", "123456.789", "0", "1_000"])
def test_ordinary_numbers_still_load(tmp_path, literal):
    data, _ = yamlsrc.load(f"v: {literal}")
    assert str(data["v"]) == literal.replace("_", "")


def test_the_rate_field_is_checked_too(tmp_path):
    path = _plan(tmp_path)
    line = _edit(path, "rate: 17.6", "rate: 1.0e999999999")
    _, errors = read_plan(path)
    assert any(e.line == line and e.field == "growth[0].rate" for e in errors)


def test_the_model_refuses_huge_exponents_from_any_path():
    base = dict(id="a", indicator="x", name="x", role="history", place="text", year=2020, unit="亿元", quote="引文")
    for v in ("1e-999999999", Decimal("1E+999999999"), "1" * 40):
        with pytest.raises(pydantic.ValidationError):
            Fact.model_validate({**base, "value": v})
    assert Fact.model_validate({**base, "value": Decimal("225.0")}).value == Decimal("225.0")


def test_a_literal_is_never_expanded():
    assert len(_literal(Decimal("1E+999999999"))) < 40
    assert len(_literal(Decimal("1E-999999999"))) < 40
    assert _literal(Decimal("225.0")) == "225.0" and _literal(Decimal("0.05")) == "0.05"


def _nested(depth: int, kind: str) -> str:
    return ("[" * depth + "1" + "]" * depth) if kind == "seq" else ("{a: " * depth + "1" + "}" * depth)


@pytest.mark.parametrize("depth", [33, 100, 490, 600, 999, 1000, 1001, 5000, 50000])
@pytest.mark.parametrize("kind", ["seq", "map"])
def test_deep_nesting_is_a_clean_error_and_the_other_plans_load(tmp_path, depth, kind):
    _plan(tmp_path, "good-plan")
    deep = _plan(tmp_path, "deep-plan")
    line = _edit(deep, "note: null", f"note: {_nested(depth, kind)}") if "note: null" in deep.read_text("utf-8") else None
    if line is None:
        _edit(deep, "title: 测试规划", f"title: {_nested(depth, kind)}")
    res = load_plans([tmp_path], tmp_path)
    assert [lp.plan.id for lp in res.plans] == ["good-plan"]
    (err,) = res.errors
    assert err.file == "deep-plan.yaml" and ("nesting" in err.message or "depth" in err.message)
    assert err.line is not None


def test_nesting_within_the_limit_is_just_a_type_error(tmp_path):
    data, _ = yamlsrc.load("v: " + _nested(yamlsrc.MAX_DEPTH - 1, "seq"))
    assert data["v"]


def test_scalar_aliases_are_refused(tmp_path):
    path = _plan(tmp_path)
    text = path.read_text("utf-8")
    text = text.replace("quote: " + JX, "quote: &q " + JX, 1)
    n = text.index("quote: " + JX)
    line = text[:n].count("\n") + 1
    path.write_text(text[:n] + "quote: *q" + text[n + len("quote: " + JX):], "utf-8")
    _, errors = read_plan(path)
    (err,) = errors
    assert "alias" in err.message and err.line == line


def test_one_big_scalar_reused_many_times_is_refused_quickly(tmp_path):
    big = "x" * 1_000_000
    doc = f"a: &q {big}\nb: [" + ", ".join(["*q"] * 100) + "]\n"
    with pytest.raises(yamlsrc.YamlError, match="alias"):
        yamlsrc.load(doc)


@pytest.mark.parametrize("tagged", ["!!python/object/apply:os.system [ls]", "!!python/object/apply:os.system {a: 1}",
                                    "!!set {a, b}", "!!omap [{a: 1}]", "!!pairs [{a: 1}]", "!custom [1]",
                                    "!!python/tuple [1, 2]", "!!binary aGk=", "!!python/name:os.system ''"])
def test_non_core_tags_are_errors_on_lists_and_maps_too(tmp_path, tagged):
    path = _plan(tmp_path)
    line = _edit(path, "growth:", f"extra_tagged: {tagged}\ngrowth:")
    _, errors = read_plan(path)
    (err,) = errors
    assert "tag" in err.message and err.line == line and err.field == "extra_tagged"


def test_the_core_tags_are_still_accepted():
    data, _ = yamlsrc.load("a: !!map {b: !!seq [!!str x, !!int 3, !!float 2.5]}")
    assert data == {"a": {"b": ["x", 3, Decimal("2.5")]}}


def test_the_pure_python_composer_also_gives_a_clean_error(monkeypatch):
    import yaml

    monkeypatch.setattr(yamlsrc, "_Loader", yaml.SafeLoader)
    with pytest.raises(yamlsrc.YamlError):
        yamlsrc.load("v: " + _nested(3000, "seq"))
    assert yamlsrc.load("v: [1]")[0] == {"v": [1]}


def test_errors_name_the_file_line_and_field(tmp_path):
    path = _plan(tmp_path)
    _edit(path, "value: 225.0", "value: 1.0e-999999999")
    (err,) = read_plan(path)[1]
    assert re.match(r".*test-plan\.yaml:\d+:\d+: \[facts\[0\]\.value\] ", str(err)), str(err)
