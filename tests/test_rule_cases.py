"""Rule test cases as data (as sqlfluff's std_rule_cases): tests/fixtures/rules/PCnnn.yml holds
failing and passing cases for rule PCnnn, each a small plan fragment quoting a real source text,
run through the whole engine (loading, the rule, waivers) with that rule selected.

A case file:

    rule: PC101
    cases:
      - name: a wrong rate is an error          # what the case shows
        expect: fail                            # fail: exactly the `findings` below; pass: none
        findings: [{severity: error, key: va-growth}]   # key: a part of the finding's key
        source: jiaxing-de-2021.txt             # a real text of plans/sources, or `text: "..."`
        facts: [{id: va-2015, indicator: core_va, value: 225.0, year: 2015, quote: "..."}]
        growth: [...]                           # and any other plan field: footnotes, bases ...
      - name: ...
        plans: [{id: a, ...}, {id: b, ...}]     # several plans (cross-plan rules)

Fact defaults: name = indicator, role history, place text, unit 亿元, quote = the case's `text`
(a growth claim's quote too).
A `text` is written as the plan's source, after the header sentences its quotes need. A pass
case may list `findings` too, all of them infos (a rule that reports what it computed).
`documents: [text, ...]` runs a document rule (`plancheck scan`) over those texts instead.
`reference: true` puts the corpus's reference data (plans/reference) beside the plans;
`reference_files: {floors-x.yaml: {floors: [...]}, ...}` writes more files into that folder (a
repository's own floors, catalog entries or totals, read as plancheck.refdata reads them).
`waive: [{rule: PC101, key: ...}]` writes a waiver for that finding; `also: [PC101]` runs more
rules (their findings are not asserted).
An expected finding may also pin `values: {name: value, ...}` (each compared as text with the
finding's value of that name; the others are not asserted) and `evidence: [item, ...]` (the ids
of the facts and claims its evidence quotes, in order). Never the message's wording.
"""

from __future__ import annotations

import hashlib
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from plancheck import engine, yamlsrc
from plancheck.rules import all_rules
from plancheck.waivers import load as load_waivers
from tests.planfactory import PLANS, fact, write_plan

CASES = Path(__file__).parent / "fixtures" / "rules"
HEADER_TEXT = "本规划期限为2021-2025年。\n2021年12月31日\n"


def _files() -> list[Path]:
    return sorted(CASES.glob("PC*.yml"))


def _load(path: Path) -> dict:
    data, _ = yamlsrc.load(path.read_text("utf-8"))
    return data


def _plain(x):
    """Decimals as their literal (write_plan keeps '225.0' a number with its zero)."""
    if isinstance(x, Decimal):
        return str(x)
    if isinstance(x, dict):
        return {k: _plain(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_plain(v) for v in x]
    return x


def _cases():
    for path in _files():
        data = _load(path)
        for i, case in enumerate(data["cases"]):
            yield pytest.param(data["rule"], case, id=f"{path.stem}-{i}-{case['expect']}-{case['name']}")


def _write(folder: Path, spec: dict, default_id: str) -> None:
    spec = _plain(dict(spec))
    pid = spec.pop("id", default_id)
    text = spec.pop("text", None)
    source = spec.pop("source", "jiaxing-de-2021.txt")
    if text is not None:
        source = folder / "sources" / f"{pid}.txt"
        source.parent.mkdir(parents=True, exist_ok=True)
        source.write_text(HEADER_TEXT + text + "\n", "utf-8")
    facts = []
    for f in spec.pop("facts", []):
        f = dict(f)
        args = [f.pop(k) for k in ("id", "indicator")] + [f.pop("value", None), f.pop("year")]
        facts.append(fact(*args, f.pop("quote", text), **f))
    growth = [{"quote": text, **g} for g in spec.pop("growth", [])]
    header = spec.pop("header", None)
    write_plan(folder, pid, source, facts=facts, growth=growth, header=header, **spec)


def _waiver_file(folder: Path, waive: list[dict]) -> Path:
    lines = ["waivers:"]
    for w in waive:
        subject = "\x1f".join([w["rule"], w["key"]])  # as Finding.id
        fid = f"{w['rule']}-{hashlib.sha256(subject.encode()).hexdigest()[:10]}"
        lines.append(f"  - id: {fid}\n    date: 2026-12-01\n    reason: \"{w.get('reason', 'a mistake in the published document')}\"")
    path = folder / "waivers.yaml"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def _scan(tmp_path: Path, code: str, case: dict):
    """A document rule (scope `document`, `plancheck scan`): each text of `documents` is a file."""
    from plancheck.scan.run import run as scan_run

    paths = []
    for i, text in enumerate(case["documents"]):
        paths.append(tmp_path / "docs" / f"doc-{i}.txt")
        paths[-1].parent.mkdir(exist_ok=True)
        paths[-1].write_text(text, "utf-8")
    rules = engine.build_rules([r for r in all_rules() if r.code == code], {})
    return scan_run(paths, rules, None, workers=1)


def _run(tmp_path: Path, code: str, case: dict):
    if "documents" in case:
        return _scan(tmp_path, code, case)
    folder = tmp_path / "plans"
    plans = case.get("plans") or [{k: v for k, v in case.items()
                                   if k not in ("name", "expect", "findings", "waive", "also", "reference", "reference_files")}]
    for i, spec in enumerate(plans):
        _write(folder, spec, f"case-plan-{i}")
    if case.get("reference"):  # the corpus's reference data (regional GDP totals) beside the plans
        shutil.copytree(PLANS / "reference", folder / "reference")
    for name, data in (case.get("reference_files") or {}).items():
        (folder / "reference").mkdir(exist_ok=True)
        (folder / "reference" / name).write_text(yaml.safe_dump(_plain(data), allow_unicode=True), "utf-8")
    waivers = None
    if case.get("waive"):
        path = _waiver_file(tmp_path, case["waive"])
        waivers, errors = load_waivers(path, "waivers.yaml")
        assert not errors, errors
    codes = [code, *case.get("also", [])]
    rules = engine.build_rules([r for r in all_rules() if r.code in codes], {})
    return engine.run([folder], rules, waivers)


@pytest.mark.parametrize(("code", "case"), list(_cases()))
def test_rule_case(tmp_path, code, case):
    result = _run(tmp_path, code, case)
    assert not result.input_errors, [str(e) for e in result.input_errors]
    got = [f for f in result.findings if f.rule == code]
    expected = case.get("findings") or []
    if case["expect"] == "pass":
        assert all(e["severity"] == "info" for e in expected), "a pass case lists infos only"
    else:
        assert case["expect"] == "fail" and expected, "a fail case names the findings it expects"
    shown = [(f.severity.value, f.key, f.values, [ev.item for ev in f.evidence]) for f in got]
    assert len(got) == len(expected), shown
    for e in expected:
        assert any(_matches(f, e) for f in got), (e, shown)


def _matches(f, e: dict) -> bool:
    if f.severity.value != e["severity"] or str(e["key"]) not in f.key:
        return False
    if any(k not in f.values or _text(f.values[k]) != _text(v) for k, v in (e.get("values") or {}).items()):
        return False
    return "evidence" not in e or [ev.item for ev in f.evidence] == list(e["evidence"])


def _text(v) -> str:
    """A value as text: numbers as written (Decimal('2.0') -> '2.0'), lists item by item."""
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_text(x) for x in v) + "]"
    return str(v)


def test_every_rule_has_failing_and_passing_cases():
    have = {}
    for path in _files():
        data = _load(path)
        assert path.stem == data["rule"], f"{path.name} holds cases for {data['rule']}"
        have[data["rule"]] = {c["expect"] for c in data["cases"]}
    missing = [r.code for r in all_rules() if have.get(r.code) != {"fail", "pass"}]
    assert not missing, f"rules without a fail and a pass case in tests/fixtures/rules/: {missing}"


def test_case_files_are_plain_yaml():
    for path in _files():
        assert yaml.safe_load(path.read_text("utf-8"))["rule"] == path.stem
