"""The engine reads what a rule declares (its scope), never its code; `Corpus` lives in its own
module and the old import path still works."""

from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path

from plancheck import engine
from plancheck.findings import Evidence, Severity
from plancheck.rules.base import Rule, Scope
from plancheck.rules.pc000_stale_waiver import StaleWaiver
from plancheck.rules.pc101_growth_rate import GrowthRate
from plancheck.waivers import LoadedWaivers, Waiver
from tests.planfactory import fact, write_plan

JX = "从2015年的225.0亿元增加到2020年的506.9亿元，年均增长17.6%"


def _folder(tmp_path: Path, rate: str = "18.6") -> Path:
    facts = [fact("va-2015", "core_va", "225.0", 2015, JX), fact("va-2020", "core_va", "506.9", 2020, JX)]
    growth = [{"id": "g", "indicator": "core_va", "start": {"year": 2015, "fact": "va-2015"},
               "end": {"year": 2020, "fact": "va-2020"}, "measure": "cagr", "rate": rate, "quote": JX}]
    return write_plan(tmp_path / "plans", facts=facts, growth=growth).parent


def _waiver(wid: str, plans=("test-plan",)) -> Waiver:
    return Waiver(id=wid, reason="a mistake of the published text", date=dt.date(2026, 1, 1), plans=list(plans))


class CountUnused(Rule):
    """Another rule of scope `waivers`, under a code the engine has never heard of."""

    code, name, severity, scope = "PC997", "count-unused", Severity.info, Scope.waivers

    def check(self, corpus):
        return []

    def check_waivers(self, waivers, used, checked):
        unused = sorted(w.id for w in waivers.waivers if w.id not in used)
        yield self.finding(plans=[], key="unused", zh=f"{len(unused)} 条豁免未用", en=f"{len(unused)} unused",
                           values={"unused": ",".join(unused)}, evidence=[Evidence(plan="", file="", line=None, quote="")])


def test_corpus_and_factref_have_their_own_modules_and_the_old_path_still_imports():
    from plancheck.corpus import Corpus
    from plancheck.factref import FactRef
    from plancheck.rules import context

    assert context.Corpus is Corpus and context.FactRef is FactRef
    assert Corpus.__module__ == "plancheck.corpus" and FactRef.__module__ == "plancheck.factref"


def test_the_engine_compares_no_rule_code():
    # docstrings may name examples; no string the code compares against is a rule code
    tree = ast.parse(Path(engine.__file__).read_text("utf-8"))
    docs = {id(n.body[0].value) for n in ast.walk(tree)
            if isinstance(n, ast.Module | ast.FunctionDef | ast.ClassDef) and n.body
            and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    literals = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
                and id(n) not in docs]
    assert not [s for s in literals if re.search(r"PC\d{3}", s)]


def test_waiver_rules_run_in_check_and_in_scan(monkeypatch):
    rules = [StaleWaiver, GrowthRate, CountUnused]
    monkeypatch.setattr(engine, "all_rules", lambda: rules)
    assert engine.selected([], []) == rules  # check: plan rules and waiver rules
    assert engine.selected([], [], documents=True) == [StaleWaiver, CountUnused]  # scan: no plan rule
    assert engine.selected(["PC997"], []) == [CountUnused]
    assert engine.selected([], ["PC0", "PC997"]) == [GrowthRate]


def test_a_rule_of_scope_waivers_is_driven_by_its_scope_not_its_code(tmp_path):
    folder = _folder(tmp_path)
    first = engine.run([folder], [GrowthRate()])
    (pc101,) = first.findings
    loaded = LoadedWaivers([_waiver(pc101.id), _waiver("PC101-0123456789")], {}, "waivers.yaml")
    result = engine.run([folder], [GrowthRate(), CountUnused()], loaded)
    (counted,) = [f for f in result.findings if f.rule == "PC997"]
    assert counted.values["unused"] == "PC101-0123456789"  # the matched waiver is used, the other not
    assert [f.waived for f in result.findings if f.rule == "PC101"] == [True]
    # without a rule of scope waivers, nothing reports on the waivers file
    assert [f.rule for f in engine.run([folder], [GrowthRate()], loaded).findings] == ["PC101"]


def test_stale_waivers_only_for_plans_checked(tmp_path):
    folder = _folder(tmp_path)
    loaded = LoadedWaivers([_waiver("PC101-0123456789"), _waiver("PC101-aaaaaaaaaa", plans=["other-plan"])],
                           {"PC101-0123456789": 7}, "waivers.yaml")
    result = engine.run([folder], [GrowthRate(), StaleWaiver()], loaded)
    (stale,) = [f for f in result.findings if f.rule == "PC000"]
    assert stale.values["waiver"] == "PC101-0123456789" and stale.evidence[0].line == 7
    assert stale.severity == Severity.warning
