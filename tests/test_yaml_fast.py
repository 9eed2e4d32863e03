"""The hot path of reading YAML (plancheck.yamlfast) builds exactly what the position-aware reader
(plancheck.yamlsrc) builds, and gives up on whatever that reader refuses (issue 8 item 8, #13)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plancheck import loader, yamlfast, yamlsrc
from plancheck.models import Plan

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "plans").glob("*.yaml"))


def _typed(v):
    """A value with its types spelled out: Decimal('225.0') is not Decimal('225'), True is not 1."""
    if isinstance(v, dict):
        return ("dict", [(k, _typed(x)) for k, x in v.items()])
    if isinstance(v, list):
        return ("list", [_typed(x) for x in v])
    return (type(v).__name__, str(v))


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_the_fast_path_builds_the_same_data_and_shallow_positions_for_the_corpus(path):
    text = path.read_text("utf-8")
    fast = yamlfast.load(text)
    assert fast is not None, "a corpus plan fell back to the slow reader"
    data, positions = yamlsrc.load(text)
    assert _typed(fast[0]) == _typed(data)
    assert fast[1] == {p: m for p, m in positions.items() if len(p) <= yamlfast.SHALLOW}


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_the_fast_path_and_the_position_aware_path_build_identical_models(path):
    text = path.read_text("utf-8")
    fast = Plan.model_validate(yamlfast.load(text)[0])
    slow = Plan.model_validate(yamlsrc.load(text)[0])
    assert fast == slow
    assert fast.model_dump_json() == slow.model_dump_json()  # Decimals keep their written digits


def test_every_item_a_report_cites_has_its_own_line_on_the_fast_path():
    lp, errors = loader.read_plan(ROOT / "plans" / "jiaxing-de-2021.yaml")
    assert not errors
    text = lp.path.read_text("utf-8").splitlines()
    for f in lp.plan.facts[:20]:
        line = lp.line_of(*lp.item_path(f.id))
        assert f"id: {f.id}" in text[line - 1]


@pytest.mark.parametrize("doc", [
    "a: &x 1\nb: *x\n", "a: !!python/tuple [1]\n", "a: !!set {x}\n", "a: !custom 1\n", "<<: {a: 1}\nb: 2\n",
    "a: 1\na: 2\n", "a: 1.0e+5\n", "a: 0x1F\n", "a: .nan\n", "a: " + "9" * 40 + "\n",
    "a: [1\n", "a: 1\n---\nb: 2\n", "a: " + "[" * 40 + "]" * 40 + "\n", "a: !!int x\n", "a: !!float 2e3\n",
])
def test_the_fast_path_gives_up_on_what_the_reader_refuses(doc):
    assert yamlfast.load(doc) is None
    with pytest.raises(yamlsrc.YamlError):
        yamlsrc.load(doc)


def test_a_list_as_a_key_and_an_unused_anchor_are_left_to_the_reader():
    assert yamlfast.load("? [1]\n: 2\n") is None
    assert yamlsrc.load("? [1]\n: 2\n")[0] == {"[1]": 2}
    assert yamlfast.load("a: &x 1\n") is None
    assert yamlsrc.load("a: &x 1\n")[0] == {"a": 1}
    assert yamlfast.load("a: &x 1\nb: &x 2\n") is None  # a reused anchor name is the reader's error


@pytest.mark.parametrize("doc", ["", "# nothing\n", "5\n", "[a, 1]\n", "a: !!str 5\nb: '1.50'\nc: 1.50\nd: ~\ne: yes\n",
                                 "1: a\ntrue: b\n1.0: c\n~: d\n", "d: 2021-06-16\nt: 2021-06-16 10:00:00\n",
                                 "a: !!map {b: !!seq [!!str x, !!int 3, !!float 2.5]}\n", "a: ! 12\n", "a: +1_000\n"])
def test_the_fast_path_reads_core_yaml_like_the_reader(doc):
    fast = yamlfast.load(doc)
    assert fast is not None
    data, positions = yamlsrc.load(doc)
    assert _typed(fast[0]) == _typed(data)
    assert fast[1] == {p: m for p, m in positions.items() if len(p) <= yamlfast.SHALLOW}


def test_a_schema_error_deep_in_a_fact_still_names_its_line_and_column(tmp_path):
    text = (ROOT / "plans" / "jiaxing-de-2021.yaml").read_text("utf-8")
    i = text.index("    role: ", text.index("facts:"))
    bad = text[:i] + "    role: sometime" + text[text.index("\n", i):]
    path = tmp_path / "jiaxing-de-2021.yaml"
    path.write_text(bad, "utf-8")
    _, errors = loader.read_plan(path)
    line = bad[:i].count("\n") + 1
    assert any(e.line == line and e.column == 11 and e.field.endswith(".role") and e.file == str(path)
               for e in errors), errors


pieces = st.sampled_from([
    "1", "1.50", "-0.5", "+3", "1_0", "017", "0x1F", "1e3", ".inf", "~", "null", "yes", "No", "on", "'q'", '"d"',
    "2021-06-16", "<<", "&a 1", "*a", "!!str 1", "!!int 2", "!!float 2.0", "!!binary aGk=", "!x y", "[]", "{}",
    "[1, x]", "{k: v}", "x", "中文", "'1.0'", "9" * 31, "1" * 16, "a: b", "- c", ":", "0.000", "''",
])
keys = st.sampled_from(["a", "b", "1", "true", "~", "<<", "a", "1.0", "'a'", "!!str k", "[x]"])


@st.composite
def documents(draw, depth=0):
    if depth > 3 or draw(st.booleans()):
        return draw(pieces)
    if draw(st.booleans()):
        items = draw(st.lists(st.tuples(keys, documents(depth=depth + 1)), max_size=4))
        return "{" + ", ".join(f"{k}: {v}" for k, v in items) + "}"
    return "[" + ", ".join(draw(st.lists(documents(depth=depth + 1), max_size=4))) + "]"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(keys, documents()), min_size=1, max_size=5))
def test_the_fast_path_never_accepts_what_the_reader_refuses_and_builds_the_same(items):
    doc = "".join(f"{k}: {v}\n" for k, v in items)
    fast = yamlfast.load(doc)
    try:
        data, positions = yamlsrc.load(doc)
    except yamlsrc.YamlError:
        assert fast is None
        return
    if fast is not None:
        assert _typed(fast[0]) == _typed(data)
        assert fast[1] == {p: m for p, m in positions.items() if len(p) <= yamlfast.SHALLOW}


def test_decimal_text_survives_the_fast_path():
    data, _ = yamlfast.load("a: 225.0\nb: 0.50\n")
    assert str(data["a"]) == "225.0" and str(data["b"]) == "0.50" and isinstance(data["a"], Decimal)


def test_a_deeper_position_is_read_on_demand_and_only_from_the_same_file(tmp_path):
    text = (ROOT / "plans" / "jiaxing-de-2021.yaml").read_text("utf-8")
    path = tmp_path / "jiaxing-de-2021.yaml"
    path.write_text(text, "utf-8")
    lp, errors = loader.read_plan(path)
    assert not errors and lp.shallow
    lines = text.splitlines()
    assert lines[lp.line_of("facts", 2, "quote") - 1].lstrip().startswith("quote:")
    assert lp.line_of("facts", 2, "quote") == yamlsrc.position(yamlsrc.load(text)[1], ("facts", 2, "quote")).line
    lp2, _ = loader.read_plan(path)
    path.write_text("\n" + text, "utf-8")  # changed since it was loaded: the item's own line stays
    assert lp2.line_of("facts", 2, "quote") == lp2.line_of("facts", 2)
