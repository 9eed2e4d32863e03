"""Input errors a plan's author can act on: the encoding a file is really in and the line of
its first bad byte, a duplicate id at the duplicate, each unknown or missing field once."""

from __future__ import annotations

from pathlib import Path

import pytest

from plancheck.loader import load_plans, read_plan
from tests.planfactory import PLANS, fact, write_plan

JX = "从2015年的225.0亿元增加到2020年的506.9亿元，年均增长17.6%"


def _plan(folder: Path) -> Path:
    return write_plan(folder, facts=[fact("a", "core_va", "225.0", 2015, JX), fact("b", "core_va", "506.9", 2020, JX)])


@pytest.mark.parametrize("codec,named", [("utf-16", "UTF-16"), ("utf-16-le", "UTF-16"), ("gbk", "GB"), ("gb18030", "GB")])
def test_a_plan_in_another_encoding_names_it_and_the_line(tmp_path, codec, named):
    text = (PLANS / "huzhou-de-2021.yaml").read_text("utf-8")
    path = tmp_path / "huzhou-de-2021.yaml"
    path.write_bytes(text.encode(codec))
    lp, (err,) = read_plan(path)
    assert lp is None and named in err.message.upper() and "UTF-8" in err.message
    assert err.line is not None and err.line >= 1 and "codec" not in err.message
    if codec in ("gbk", "gb18030"):  # the first non-ASCII character is on this line
        first = next(i for i, ln in enumerate(text.splitlines(), 1) if not ln.isascii())
        assert err.line == first


def test_a_binary_file_is_called_binary(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_bytes(b"id: x\n\x00\x01\x02\xff\xfe\x00\x89PNG\r\n" * 50)
    _, (err,) = read_plan(path)
    assert "binary" in err.message and err.line == 2  # the first byte that is not UTF-8


def test_a_source_text_in_gbk_is_named(tmp_path):
    src = tmp_path / "plans" / "sources" / "gbk.txt"
    src.parent.mkdir(parents=True)
    src.write_bytes(("数字经济核心产业增加值从2015年的225.0亿元增加到2020年的506.9亿元。\n" * 20).encode("gbk"))
    write_plan(tmp_path / "plans", source=src)
    (err,) = load_plans([tmp_path / "plans"], tmp_path / "plans").errors
    assert err.field == "source.file" and "GB" in err.message.upper() and "gbk.txt" in err.message


def test_a_duplicate_id_is_reported_at_the_duplicate(tmp_path):
    path = write_plan(tmp_path, facts=[fact("a", "core_va", "225.0", 2015, JX), fact("a", "core_va", "506.9", 2020, JX)])
    lines = path.read_text("utf-8").splitlines()
    second = [i for i, ln in enumerate(lines, 1) if ln.strip() == "- id: a"][1]
    _, errors = read_plan(path)
    (err,) = errors
    assert err.line == second and err.field == "facts[1].id" and "duplicate id 'a'" in err.message


def test_an_unknown_fact_reference_is_at_the_reference(tmp_path):
    growth = [{"id": "g", "indicator": "core_va", "start": {"year": 2015, "fact": "nope"},
               "end": {"year": 2020, "fact": "b"}, "measure": "cagr", "rate": "17.6", "quote": JX}]
    path = write_plan(tmp_path, facts=[fact("a", "core_va", "225.0", 2015, JX), fact("b", "core_va", "506.9", 2020, JX)],
                      growth=growth)
    (err,) = read_plan(path)[1]
    assert err.field == "growth[0].start.fact" and "nope" in err.message and err.line is not None


@pytest.mark.parametrize("edit,field", [(("role: history", "role: history\n  colour: red"), "facts[0].colour"),
                                        (("  unit: 亿元\n", ""), "facts[0].unit")])
def test_unknown_and_missing_fields_are_reported_once(tmp_path, edit, field):
    path = _plan(tmp_path)
    text = path.read_text("utf-8")
    assert edit[0] in text
    path.write_text(text.replace(edit[0], edit[1], 1), "utf-8")
    _, errors = read_plan(path)
    (err,) = [e for e in errors if e.field == field]
    assert len(errors) == 1, [str(e) for e in errors]
    assert err.line is not None and ("unknown field 'colour'" in err.message or "missing field 'unit'" in err.message)


def test_errors_from_both_validators_are_not_repeated(tmp_path):
    path = _plan(tmp_path)
    text = path.read_text("utf-8").replace("role: history", "role: past", 1).replace("year: 2020", "year: '2020'", 1)
    path.write_text(text, "utf-8")
    _, errors = read_plan(path)
    fields = [e.field for e in errors]
    assert sorted(fields) == sorted(set(fields)) and {"facts[0].role", "facts[1].year"} <= set(fields)
