"""The command line: listing and explaining rules, selection, settings, waivers, determinism."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from plancheck.cli import main
from plancheck.rules import all_rules
from plancheck.rules.docs import markdown
from tests.planfactory import ROOT, fact, write_plan

JX = "从2015年的225.0亿元增加到2020年的506.9亿元，年均增长17.6%"


@pytest.fixture(autouse=True)
def _outside_the_repository(tmp_path, monkeypatch):
    """In-process runs read settings and write their cache where they run: not in the repository."""
    monkeypatch.chdir(tmp_path)


def _bad_growth_plan(folder: Path) -> Path:
    facts = [fact("a", "core_va", "225.0", 2015, JX), fact("b", "core_va", "506.9", 2020, JX)]
    growth = [{"id": "g", "indicator": "core_va", "start": {"year": 2015, "fact": "a"}, "end": {"year": 2020, "fact": "b"},
               "measure": "cagr", "rate": "17.6", "quote": JX}]
    path = write_plan(folder, facts=facts, growth=growth)
    path.write_text(path.read_text("utf-8").replace("rate: 17.6", "rate: 18.6"), "utf-8")
    return folder


def _check(folder: Path, out: Path, *extra: str) -> tuple[int, dict]:
    rc = main(["check", str(folder), "--output-dir", str(out), "--format", "json,md", "--no-quality", "-q", *extra])
    return rc, json.loads((out / "report.json").read_text("utf-8"))


def test_help_is_fast_and_does_not_import_heavy_packages():
    code = "import sys; from plancheck.cli import main; main(['--help'])"
    code += "\n" if False else ""
    r = subprocess.run([sys.executable, "-c", "import sys\nfrom plancheck import cli\ntry:\n    cli.main(['--help'])\nexcept SystemExit:\n    pass\n"
                        "print(sorted(m for m in ('great_expectations', 'pint', 'pandas', 'pydantic', 'jsonschema') if m in sys.modules))"],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.stdout.strip().splitlines()[-1] == "[]", r.stdout


def test_rules_and_explain(capsys):
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    for r in all_rules():
        assert r.code in out
    assert main(["explain", "PC101"]) == 0
    doc = capsys.readouterr().out
    assert "Example (fails)" in doc and "Example (passes)" in doc
    assert main(["explain", "PC999"]) == 2


def test_every_rule_is_documented_with_examples():
    for r in all_rules():
        doc = r.doc()
        assert "What it does" in doc, r.code
        assert "Why is this bad" in doc, r.code
        assert "Example (fails)" in doc or "Example (reported)" in doc, r.code


def test_rules_markdown_is_current():
    assert (ROOT / "docs" / "rules.md").read_text("utf-8") == markdown(), "run: plancheck rules --markdown > docs/rules.md"


def test_exit_1_on_error_and_select_ignore(tmp_path):
    folder = _bad_growth_plan(tmp_path / "plans")
    rc, doc = _check(folder, tmp_path / "r1")
    assert rc == 1 and doc["summary"]["errors"] >= 1
    assert any(f["rule"] == "PC101" for f in doc["findings"])
    rules_run = {r["code"] for r in doc["rules"]}
    rc, doc = _check(folder, tmp_path / "r2", "--ignore", "PC101")
    assert not any(f["rule"] == "PC101" for f in doc["findings"])
    assert {r["code"] for r in doc["rules"]} == rules_run - {"PC101"}  # only PC101 left out
    rc, doc = _check(folder, tmp_path / "r3", "--select", "PC1")
    assert {r["code"][:3] for r in doc["rules"]} == {"PC1"} and "PC101" in {r["code"] for r in doc["rules"]}
    assert rc == 1 and {f["rule"] for f in doc["findings"] if f["severity"] == "error"} == {"PC101"}


def test_severity_configurable(tmp_path):
    folder = _bad_growth_plan(tmp_path / "plans")
    cfg = tmp_path / "plancheck.toml"
    cfg.write_text('[rules.PC101]\nseverity = "warning"\n', "utf-8")
    rc, doc = _check(folder, tmp_path / "r", "--config", str(cfg), "--select", "PC101")
    assert rc == 0
    assert [f["severity"] for f in doc["findings"]] == ["warning"]
    rc, _ = _check(folder, tmp_path / "r", "--config", str(cfg), "--select", "PC101", "--fail-on", "warning")
    assert rc == 1
    cfg.write_text('[rules.PC101]\nnope = 1\n', "utf-8")
    assert main(["check", str(folder), "--config", str(cfg), "--output-dir", str(tmp_path / "x")]) == 2


def test_waiver_silences_and_stale_waiver_warns(tmp_path):
    folder = _bad_growth_plan(tmp_path / "plans")
    rc, doc = _check(folder, tmp_path / "r", "--select", "PC000,PC101")
    (f,) = [f for f in doc["findings"] if f["rule"] == "PC101"]
    w = tmp_path / "waivers.yaml"
    w.write_text(f"waivers:\n  - id: {f['id']}\n    reason: the published plan prints 18.6%; reported to the drafters\n    date: 2026-11-23\n"
                 "  - id: PC101-0000000000\n    reason: a waiver for something long fixed\n    date: 2026-11-23\n", "utf-8")
    rc, doc = _check(folder, tmp_path / "r", "--select", "PC000,PC101", "--waivers", str(w))
    assert rc == 0
    waived = [x for x in doc["findings"] if x["waived"]]
    assert [x["id"] for x in waived] == [f["id"]] and waived[0]["waiver_reason"].startswith("the published")
    stale = [x for x in doc["findings"] if x["rule"] == "PC000"]
    assert len(stale) == 1 and stale[0]["severity"] == "warning"
    md = (tmp_path / "r" / "report.md").read_text("utf-8")
    errors = md.split("\n## 错误")[1].split("\n## 警告")[0]  # a waived error leads, with its reason
    assert f["id"] in errors and "*已豁免*" in errors and "豁免理由: the published plan prints 18.6%" in errors


def test_waiver_without_reason_is_invalid_input(tmp_path):
    folder = _bad_growth_plan(tmp_path / "plans")
    w = tmp_path / "waivers.yaml"
    w.write_text("waivers:\n  - id: PC101-0123456789\n    date: 2026-11-23\n", "utf-8")
    rc, doc = _check(folder, tmp_path / "r", "--waivers", str(w))
    assert rc == 2 and doc["input_errors"][0]["field"].endswith("reason")


def test_finding_ids_survive_unrelated_edits(tmp_path):
    folder = _bad_growth_plan(tmp_path / "plans")
    _, before = _check(folder, tmp_path / "r", "--select", "PC101")
    path = next(folder.glob("*.yaml"))
    # an unrelated edit: a new fact at the top of the list, which shifts every line
    text = path.read_text("utf-8").replace("facts:\n", "facts:\n- id: zz\n  indicator: core_va\n  name: x\n  role: history\n"
                                           "  place: text\n  year: 2020\n  value: 506.9\n  unit: 亿元\n  quote: 2020年的506.9亿元\n", 1)
    path.write_text(text, "utf-8")
    _, after = _check(folder, tmp_path / "r", "--select", "PC101")
    assert [f["id"] for f in before["findings"]] == [f["id"] for f in after["findings"]]
    assert before["findings"][0]["evidence"][0]["plan_line"] != after["findings"][0]["evidence"][0]["plan_line"]


def test_reports_are_deterministic_and_atomic(tmp_path):
    out = tmp_path / "r"
    cmd = [sys.executable, "-m", "plancheck", "check", str(ROOT / "plans"), "--output-dir", str(out), "--no-quality",
           "--format", "json,md", "-q", "--no-cache"]  # rendered twice (a cached run may keep the set)
    r1 = subprocess.run(cmd, cwd=tmp_path)  # not the repository: its cache stays untouched
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    r2 = subprocess.run(cmd, cwd=tmp_path)
    second = {p.name: p.read_bytes() for p in out.iterdir()}
    assert r1.returncode == r2.returncode == 1  # the corpus has errors
    assert first == second and set(first) == {".plancheck-set.json", "report.json", "report.md"}
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_check_never_modifies_plan_files(tmp_path):
    before = {p: p.read_bytes() for p in (ROOT / "plans").rglob("*") if p.is_file()}
    rc = main(["check", str(ROOT / "plans"), "--output-dir", str(tmp_path / "r"), "--no-quality", "-q", "--format", "json"])
    after = {p: p.read_bytes() for p in (ROOT / "plans").rglob("*") if p.is_file()}
    assert rc == 1 and json.loads((tmp_path / "r" / "report.json").read_text("utf-8"))["summary"]["errors"] > 0  # it ran
    assert before == after and len(before) >= 10


def test_waivers_yaml_next_to_the_settings_file_is_read_by_default(tmp_path):
    folder = _bad_growth_plan(tmp_path / "plans")
    cfg = tmp_path / "plancheck.toml"
    cfg.write_text('select = ["PC101"]\n', "utf-8")
    rc, doc = _check(folder, tmp_path / "r", "--config", str(cfg))
    assert rc == 1
    (f,) = doc["findings"]
    (tmp_path / "waivers.yaml").write_text(f"waivers:\n  - id: {f['id']}\n    reason: the published plan prints 18.6%, reported\n"
                                           "    date: 2026-11-23\n", "utf-8")
    rc, doc = _check(folder, tmp_path / "r", "--config", str(cfg))
    assert rc == 0 and doc["findings"][0]["waived"]
