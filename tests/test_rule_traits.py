"""The engine and the reports treat a rule by what its class declares (scope, `input_check`,
`quality`, `repeated_by`, `leads`), never by its code (issue 12: no rule code special-cased
outside its rule)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from plancheck import rules as registry
from plancheck import validate
from plancheck.findings import Severity
from plancheck.report import causes
from plancheck.rules import Rule, Scope, all_rules, declared

PACKAGE = Path(__file__).resolve().parents[1] / "plancheck"
CODE = re.compile(r"\bPC\d{3}\b")


def _docstrings(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                out.add(id(first.value))
    return out


def named_codes(source: str) -> list[tuple[int, str]]:
    """(line, string) of every string constant of the code, docstrings aside, that names a rule code."""
    tree = ast.parse(source)
    docs = _docstrings(tree)
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs and CODE.search(n.value)]


def test_the_source_scan_sees_a_code_in_code_and_not_in_a_docstring():
    assert named_codes('"""About PC101."""\nx = 1\n') == []
    assert named_codes('def f(r):\n    """PC000 aside."""\n    return r != "PC000"\n') == [(3, "PC000")]
    assert named_codes('codes = {c for c in cs if c not in ("PC105", "PC116")}\n') == [(1, "PC105"), (1, "PC116")]


def test_no_engine_report_or_scan_module_names_a_rule_code():
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) > 30  # the package itself, not an empty folder
    hits = [f"{p.relative_to(PACKAGE)}:{line}: {text!r}" for p in files for line, text in named_codes(p.read_text("utf-8"))]
    assert hits == []


def test_declared_is_the_rule_class_and_nothing_for_an_unknown_code():
    for r in all_rules():
        assert declared(r.code) is r
    unknown = declared("PC999")
    assert unknown is Rule and not unknown.quality and unknown.repeated_by == () and unknown.leads is None


def test_the_traits_the_corpus_rules_declare():
    assert {r.code for r in all_rules() if r.input_check} == {"PC001", "PC002", "PC003"}
    assert {r.code for r in all_rules() if r.quality} == {"PC501"}
    assert {r.code for r in all_rules() if r.scope is Scope.waivers} == {"PC000"}
    assert {r.code for r in all_rules() if "units" in r.repeated_by} == {"PC105", "PC116"}
    assert {r.code: r.leads for r in all_rules() if r.leads} == {"PC116": "unit-slip", "PC401": "year-shift"}


# -- made-up rules: a code no rule has, treated by what it declares

class Suite(Rule):
    code, name, quality = "PC991", "made-up-suite", True


class Repeated(Rule):
    code, name, repeated_by = "PC992", "made-up-repeated", ("fam",)


class Plain(Rule):
    code, name = "PC993", "made-up-plain"


class Slips(Rule):
    code, name, severity, leads = "PC994", "made-up-slips", Severity.warning, "unit-slip"


class Shifts(Rule):
    code, name, leads = "PC995", "made-up-shifts", "year-shift"


class AboutWaivers(Rule):
    code, name, scope = "PC996", "made-up-waivers", Scope.waivers


@pytest.fixture
def made_up(monkeypatch):
    known = {r.code: r for r in (Suite, Repeated, Plain, Slips, Shifts, AboutWaivers)}
    monkeypatch.setattr(registry, "_by_code", lambda: known)


def _f(fid, rule, sev, items, values=None):
    return {"id": f"{rule}-{fid:010d}", "rule": rule, "severity": sev, "plans": sorted({p for p, _ in items}),
            "values": values or {}, "waived": False,
            "evidence": [{"plan": p, "item": it} for p, it in items]}


def _doc(*fs):
    return {"plans": [{"id": "p", "edition_of": None}, {"id": "c", "edition_of": "p"}], "findings": list(fs)}


def test_a_quality_finding_attaches_to_a_rule_its_family_repeats(made_up):
    doc = _doc(_f(1, "PC993", "error", [("p", "a")]), _f(2, "PC992", "warning", [("p", "a")]),
               _f(3, "PC991", "warning", [("p", "a")], {"family": "fam"}),
               _f(4, "PC991", "warning", [("p", "a")], {"family": "other"}))
    causes.group(doc)
    f = {x["id"]: x for x in doc["findings"]}
    assert f["PC991-0000000003"]["related_to"] == "PC992-0000000002"  # not the error of a rule it does not repeat
    assert f["PC992-0000000002"]["related"] == ["PC991-0000000003"]
    assert "related_to" not in f["PC991-0000000004"]  # a family no rule declares attaches nowhere


def test_a_finding_of_a_rule_that_is_not_quality_is_never_attached(made_up):
    doc = _doc(_f(1, "PC992", "warning", [("p", "a")]), _f(2, "PC993", "warning", [("p", "a")], {"family": "fam"}))
    causes.group(doc)
    assert all("related_to" not in x for x in doc["findings"])


def test_a_rule_that_leads_unit_slips_names_the_cause(made_up):
    doc = _doc(_f(1, "PC993", "error", [("p", "a")]), _f(2, "PC994", "warning", [("p", "a")], {"factor": "10000"}))
    (c,) = causes.group(doc)
    assert c["kind"] == "unit-slip" and c["lead"] == "PC994-0000000002"
    doc = _doc(_f(1, "PC993", "error", [("p", "a")]), _f(2, "PC992", "warning", [("p", "a")], {"factor": "10000"}))
    (c,) = causes.group(doc)
    assert c["kind"] == "same-fact" and c["lead"] == "PC993-0000000001"  # a factor of a rule that does not lead


def test_a_rule_that_leads_year_shifts_seeds_the_cause(made_up):
    pattern = {"field": "year", "items": "a", "replacements": "2020->2023: 1"}
    consequence = _f(2, "PC993", "info", [("c", "a")], {"year": "2023"})
    doc = _doc(_f(1, "PC995", "warning", [("p", "a"), ("c", "a")], pattern), consequence)
    (c,) = causes.group(doc)
    assert c["kind"] == "year-shift" and c["lead"] == "PC995-0000000001"
    doc = _doc(_f(1, "PC992", "warning", [("p", "a"), ("c", "a")], pattern), dict(consequence))
    assert causes.group(doc) == []  # the same values from a rule that does not lead year shifts


def test_a_waivers_rule_is_not_grouped_with_a_fact_finding(made_up):
    doc = _doc(_f(1, "PC993", "error", [("p", "a")]), _f(2, "PC996", "warning", [("p", "a")]))
    assert causes.group(doc) == []
    doc = _doc(_f(1, "PC993", "error", [("p", "a")]), _f(2, "PC992", "warning", [("p", "a")]))
    assert len(causes.group(doc)) == 1  # two rules of facts about one fact are


def test_validate_runs_the_input_rules(monkeypatch, tmp_path):
    seen = []

    def build(classes, settings):
        seen.extend(classes)
        return []

    monkeypatch.setattr(validate.engine, "build_rules", build)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plans").mkdir()
    validate.main([])
    assert seen and {c.code for c in seen} == {r.code for r in all_rules() if r.input_check}
