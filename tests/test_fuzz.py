"""Fuzzing the input paths: whatever bytes arrive, the loader answers with a plan or with errors
that name the file (and a line where there is one) — it never crashes, hangs or guesses."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plancheck import waivers, yamlsrc
from plancheck.loader import InputError, read_plan
from plancheck.units import UnitError, parse
from tests.planfactory import PLANS, fact, write_plan

REAL = (PLANS / "huzhou-de-2021.yaml").read_text("utf-8")
LINES = REAL.splitlines(keepends=True)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _check_outcome(path: Path, lp, errors):
    assert (lp is None) != (not errors), "either a plan or errors"
    for e in errors:
        assert isinstance(e, InputError) and e.file == str(path) and e.message
        assert e.line is None or e.line >= 1


@FUZZ
@given(st.data())
def test_mutated_real_plan_never_crashes(tmp_path_factory, data):
    lines = list(LINES)
    for _ in range(data.draw(st.integers(1, 4))):
        i = data.draw(st.integers(0, len(lines) - 1))
        op = data.draw(st.sampled_from(["delete", "duplicate", "truncate", "replace", "indent"]))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "truncate":
            lines[i] = lines[i][: data.draw(st.integers(0, max(0, len(lines[i]) - 1)))] + "\n"
        elif op == "replace":
            lines[i] = data.draw(st.text(min_size=0, max_size=40)) + "\n"
        else:
            lines[i] = " " * data.draw(st.integers(1, 3)) + lines[i]
        if not lines:
            lines = ["\n"]
    path = tmp_path_factory.mktemp("fz") / "huzhou-de-2021.yaml"
    path.write_text("".join(lines), "utf-8")
    _check_outcome(path, *read_plan(path))


@FUZZ
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_crash(tmp_path_factory, raw):
    path = tmp_path_factory.mktemp("fz") / "x.yaml"
    path.write_bytes(raw)
    _check_outcome(path, *read_plan(path))


scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
                    st.text(max_size=12), st.decimals(allow_nan=False, allow_infinity=False, places=3))


@FUZZ
@given(st.dictionaries(st.sampled_from(["value", "year", "unit", "role", "comparator", "marks", "kind", "quote", "na", "extra"]),
                       st.one_of(scalars, st.lists(scalars, max_size=3)), max_size=4))
def test_any_field_values_give_field_errors(tmp_path_factory, changes):
    folder = tmp_path_factory.mktemp("fz")
    f = fact("x", "core_va", "225.0", 2015, "从2015年的225.0亿元增加到2020年的506.9亿元")
    path = write_plan(folder, facts=[f])
    data, _ = yamlsrc.load(path.read_text("utf-8"))
    data["facts"][0].update(changes)
    import yaml

    path.write_text(yaml.safe_dump(_plain(data), allow_unicode=True, sort_keys=False), "utf-8")
    lp, errors = read_plan(path)
    _check_outcome(path, lp, errors)
    for e in errors:
        if e.field.startswith("facts[0]."):
            assert e.line is not None


def _plain(x):
    from decimal import Decimal

    if isinstance(x, dict):
        return {k: _plain(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_plain(v) for v in x]
    if isinstance(x, Decimal):
        return float(x)
    return x


@FUZZ
@given(st.text(max_size=16))
def test_units_parse_or_say_no(text):
    try:
        u = parse(text)
    except UnitError:
        return
    assert u.dimension in {"money", "count", "ratio", "pp", "index", "money_per_person", "count_per_person", "bandwidth", "number"}


@FUZZ
@given(st.text(max_size=300))
def test_waiver_files_never_crash(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("fz") / "waivers.yaml"
    path.write_text(text, "utf-8")
    loaded, errors = waivers.load(path)
    assert errors or isinstance(loaded.waivers, list)
