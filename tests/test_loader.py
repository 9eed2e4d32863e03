"""Loading plan files: precision kept, bad input reported with file, line, column and field."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import jsonschema
import pydantic
import pytest

from plancheck import yamlsrc
from plancheck.loader import load_plans, plan_schema, read_plan
from plancheck.models import Plan
from plancheck.schemas import generated
from tests.planfactory import PLANS, ROOT, copy_sources, fact, write_plan

JX = "从2015年的225.0亿元增加到2020年的506.9亿元，年均增长17.6%"


def _good(tmp_path: Path) -> Path:
    return write_plan(tmp_path, facts=[fact("va-2015", "core_va", "225.0", 2015, JX)])


def test_written_precision_is_kept(tmp_path):
    lp, errors = read_plan(_good(tmp_path))
    assert not errors
    v = lp.plan.facts[0].value
    assert isinstance(v, Decimal) and str(v) == "225.0" and v.as_tuple().exponent == -1


def test_yaml_numbers_become_decimals_from_their_text():
    data, pos = yamlsrc.load("a: 17.30\nb: 1.652\nc: 1350\nd: 2021-06-16\n")
    assert str(data["a"]) == "17.30" and str(data["b"]) == "1.652"
    assert data["c"] == 1350 and data["d"] == "2021-06-16"
    assert pos[("b",)].line == 2


def _errors_for(tmp_path, old: str, new: str):
    path = _good(tmp_path)
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")
    lp, errors = read_plan(path)
    assert lp is None and errors
    return errors, path


@pytest.mark.parametrize(
    ("old", "new", "field", "words"),
    [
        ("  value: 225.0\n", "  value: 225.0\n  value: 226.0\n", "facts[0].value", "duplicate key"),
        ("  unit: 亿元\n", "  unit: 亿元\n  colour: red\n", "facts[0]", "unknown field"),
        ("  year: 2015\n", "  year: twenty\n", "facts[0].year", ""),
        ("  value: 225.0\n", "  value: .nan\n", "facts[0].value", "NaN"),
        ("  value: 225.0\n", "  value: .inf\n", "facts[0].value", "NaN/inf"),
        ("  value: 225.0\n", "  value: 2,25.0\n", "facts[0].value", ""),
        ("  role: history\n", "  role: past\n", "facts[0].role", ""),
        ("  value: 225.0\n", "  value: !!python/object:os.system 1\n", "facts[0].value", "tag"),
    ],
)
def test_bad_input_names_file_line_column_field(tmp_path, old, new, field, words):
    errors, path = _errors_for(tmp_path, old, new)
    e = errors[0]
    assert e.file == str(path)
    assert e.line is not None and e.column is not None
    assert e.field.startswith(field), (e.field, field)
    assert words in e.message
    # the line named is where the offending field is
    line = path.read_text("utf-8").splitlines()[e.line - 1]
    key = field.split(".")[-1].split("[")[0]
    if key != "facts":
        assert key in line or e.message.startswith("duplicate"), line


def test_unknown_unit_and_missing_quote_are_reported_by_rules(tmp_path):
    from plancheck.rules.pc001_source_quote import SourceQuote
    from plancheck.rules.pc002_references import References
    from tests.planfactory import run_rule

    write_plan(tmp_path, facts=[fact("x", "core_va", "225.0", 2015, JX, unit="亿园"),
                                fact("y", "core_va", "225.0", 2015, "从2015年的225.0亿美元")])
    refs = run_rule(References, tmp_path)
    assert any("亿园" in f.message_en for f in refs)
    quotes = run_rule(SourceQuote, tmp_path)
    assert [f.values["check"] for f in quotes] == ["quote-missing"]
    assert quotes[0].evidence[0].plan_line is not None


def test_number_must_stand_in_its_quote(tmp_path):
    from plancheck.rules.pc001_source_quote import SourceQuote
    from tests.planfactory import run_rule

    write_plan(tmp_path, facts=[fact("x", "core_va", "225", 2015, JX)])  # 225 != 225.0 as written
    (f,) = run_rule(SourceQuote, tmp_path)
    assert f.values["check"] == "number-missing" and f.severity.value == "error"


def test_full_width_quotes_match(tmp_path):
    from plancheck.rules.pc001_source_quote import SourceQuote
    from tests.planfactory import run_rule

    full = "从２０１５年的２２５．０亿元增加到２０２０年的５０６．９亿元，年均增长１７．６％"
    write_plan(tmp_path, facts=[fact("x", "core_va", "225.0", 2015, full)])
    assert run_rule(SourceQuote, tmp_path) == []


def test_one_bad_file_does_not_stop_the_others(tmp_path):
    _good(tmp_path)
    (tmp_path / "broken.yaml").write_text("id: broken\n  bad: [\n", "utf-8")
    res = load_plans([tmp_path], tmp_path)
    assert [lp.plan.id for lp in res.plans] == ["test-plan"]
    assert len(res.errors) == 1 and res.errors[0].file == "broken.yaml" and res.errors[0].line


def test_cli_exit_code_2_on_invalid_input_and_still_reports(tmp_path):
    _good(tmp_path)
    (tmp_path / "broken.yaml").write_text("id: [unclosed\n", "utf-8")
    out = tmp_path / "out"
    r = subprocess.run([sys.executable, "-m", "plancheck", "check", str(tmp_path), "--output-dir", str(out),
                        "--format", "json", "--no-quality"], capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 2, r.stderr
    doc = json.loads((out / "report.json").read_text("utf-8"))
    assert doc["summary"]["plans"] == 1 and doc["summary"]["input_errors"] == 1
    import re

    assert re.search(r"broken\.yaml:\d+:\d+: YAML syntax", r.stderr), r.stderr


def test_schema_file_is_current():
    for name, text in generated().items():
        path = ROOT / "plancheck" / "schema" / name
        assert path.read_text("utf-8") == text, f"{name} is stale: run `make schema`"


def _pyd_ok(data) -> bool:
    try:
        Plan.model_validate(data)
        return True
    except pydantic.ValidationError:
        return False


def _js_ok(data) -> bool:
    return not list(jsonschema.Draft202012Validator(plan_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER).iter_errors(data))


def test_jsonschema_and_pydantic_agree(tmp_path):
    data, _ = yamlsrc.load(_good(tmp_path).read_text("utf-8"))
    assert _pyd_ok(data) and _js_ok(data)
    mutations = [
        lambda d: d.pop("region"),
        lambda d: d.update(region="33040"),
        lambda d: d.update(extra=1),
        lambda d: d["facts"][0].update(role="past"),
        lambda d: d["facts"][0].update(year="2015年"),
        lambda d: d["facts"][0].update(comparator="≥"),
        lambda d: d["facts"][0].update(id="Bad Id"),
        lambda d: d["facts"][0].update(marks="*"),
        lambda d: d["source"].update(sha256="xyz"),
        lambda d: d["issued"].update(date="16 June 2021"),
        lambda d: d.update(cycle="十四五规划"),
        lambda d: d["facts"][0].update(kind="累计"),
    ]
    for i, mutate in enumerate(mutations):
        d = json.loads(json.dumps(data, default=str))
        d["facts"][0]["value"] = Decimal("225.0")
        mutate(d)
        assert _pyd_ok(d) == _js_ok(d) == False, i  # noqa: E712


def test_every_real_plan_loads():
    res = load_plans([PLANS], ROOT)
    assert not res.errors, [str(e) for e in res.errors]
    ids = {lp.plan.id for lp in res.plans}
    assert {"zhejiang-de-2021", "huzhou-de-2021"} <= ids
    for lp in res.plans:
        assert lp.source is not None and lp.source.sha256 == lp.plan.source.sha256


def test_plan_sources_are_the_shared_texts_byte_for_byte():
    shared = ROOT.parent / "shared" / "sources"
    if not shared.is_dir():
        pytest.skip("../shared/sources is not beside this checkout")
    for p in sorted((PLANS / "sources").glob("*.txt")):
        assert p.read_bytes() == (shared / p.name).read_bytes(), p.name


def test_cache_serves_unchanged_files_and_never_stale_ones(tmp_path):
    from plancheck.cache import PlanCache
    from plancheck.loader import read_plan as rp

    path = _good(tmp_path / "p")
    cache = PlanCache(tmp_path / "cache")
    lp1, e1 = rp(path, cache=cache)
    assert not e1 and len(list((tmp_path / "cache").glob("*.json"))) == 1
    lp2, e2 = rp(path, cache=cache)
    assert not e2 and lp2.plan == lp1.plan and lp2.line_of("facts", 0) == lp1.line_of("facts", 0)
    path.write_text(path.read_text("utf-8").replace("value: 225.0", "value: 225.00"), "utf-8")
    lp3, _ = rp(path, cache=cache)
    assert str(lp3.plan.facts[0].value) == "225.00"
    for p in (tmp_path / "cache").glob("*.json"):
        p.write_bytes(b"garbage")
    lp4, e4 = rp(path, cache=cache)
    assert not e4 and str(lp4.plan.facts[0].value) == "225.00"
    # an invalid file is never cached: its errors are reported every time
    path.write_text(path.read_text("utf-8").replace("role: history", "role: past"), "utf-8")
    assert rp(path, cache=cache)[1] and rp(path, cache=cache)[1]


def test_parallel_and_serial_loading_agree(tmp_path, monkeypatch):
    import plancheck.loader as loader

    for i in range(6):
        path = _good(tmp_path / "src")
        copy_sources(tmp_path / "many")
        (tmp_path / "many" / f"p{i}.yaml").write_text(path.read_text("utf-8").replace("id: test-plan", f"id: p{i}"), "utf-8")
    (tmp_path / "many" / "bad.yaml").write_text("id: [\n", "utf-8")
    serial = loader.load_plans([tmp_path / "many"], tmp_path, workers=1)
    monkeypatch.setattr(loader, "PARALLEL_MIN_FILES", 2)
    parallel = loader.load_plans([tmp_path / "many"], tmp_path, workers=2)
    assert [lp.plan for lp in serial.plans] == [lp.plan for lp in parallel.plans]
    assert [lp.plan.id for lp in parallel.plans] == [f"p{i}" for i in range(6)]
    assert [str(e) for e in serial.errors] == [str(e) for e in parallel.errors] and len(parallel.errors) == 1
