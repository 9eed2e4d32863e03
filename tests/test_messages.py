"""The rules' message templates (rules/data/messages.*.yaml, plancheck.rules.messages): every
declared kind has a template in every language, every template's fields are values the rule
passes, the corpus's messages keep their words, and a family of split rules runs its checks once.
"""

from __future__ import annotations

import ast
import contextlib
import inspect
import textwrap
from pathlib import Path

import pytest
import yaml

from plancheck import engine
from plancheck.findings import Severity
from plancheck.rules import all_rules, messages
from plancheck.rules.base import Rule
from plancheck.rules.family import FamilyRule
from plancheck.rules.unitchecks import UnitChecks
from plancheck.rules.yearchecks import YearChecks
from tests.planfactory import copy_corpus, fact, run_rule, write_plan

RULES = {r.code: r for r in all_rules()}
FIXTURE = Path(__file__).parent / "fixtures" / "corpus-messages.yaml"


@pytest.mark.parametrize("lang", messages.LANGS)
def test_every_declared_kind_has_a_template_and_every_template_a_kind(lang):
    missing = [(r.code, k) for r in all_rules() for k in r.messages if k not in messages.templates(r.code, lang)]
    assert not missing, f"kinds without a {lang} template: {missing}"
    unknown = [c for c in messages.catalog(lang) if c != messages.TERMS and c not in RULES]
    assert not unknown, f"templates of no rule: {unknown}"
    stray = [(c, k) for c in RULES for k in messages.templates(c, lang) if k not in RULES[c].messages]
    assert not stray, f"templates of undeclared kinds: {stray}"


@pytest.mark.parametrize("lang", messages.LANGS)
def test_the_catalog_reads_as_the_python_safe_loader_reads_it(lang):
    text = (Path(messages.__file__).parent / "data" / f"messages.{lang}.yaml").read_text("utf-8")
    assert messages.catalog(lang) == yaml.load(text, Loader=yaml.SafeLoader)


def test_both_languages_have_the_same_kinds_and_terms():
    zh, en = messages.catalog("zh"), messages.catalog("en")
    assert zh.keys() == en.keys()
    for code in zh:
        assert zh[code].keys() == en[code].keys(), code
        for kind in zh[code]:
            if kind == messages.TERMS:
                assert zh[code][kind].keys() == en[code][kind].keys(), code


def _keys(node, dicts):
    """The literal keys of a dict display — with `**name` of a dict bound to `name` and `**f(...)`
    of a module function returning one — or of a name bound to one; None when not a dict. Keys
    it cannot read (f-strings, other spreads) are left out: a template field among them fails."""
    if isinstance(node, ast.Name):
        return dicts.get(node.id)
    if isinstance(node, ast.IfExp):  # the keys both branches have
        a, b = _keys(node.body, dicts), _keys(node.orelse, dicts)
        return None if a is None or b is None else a & b
    if not isinstance(node, ast.Dict):
        return None
    out = set()
    for k, v in zip(node.keys, node.values, strict=True):
        if isinstance(k, ast.Constant):
            out.add(k.value)
        elif k is None and isinstance(v, ast.Name):
            out |= dicts.get(v.id, set())
        elif k is None and isinstance(v, ast.Call) and isinstance(v.func, ast.Name):
            out |= dicts.get(f"{v.func.id}()", set())
    return out


def _bindings(scope, outer: dict) -> dict[str, set]:
    """name -> the keys a dict bound to it gets in `scope`: `name = {...}`, `name.update(k=...)`,
    `name["k"] = ...` (every key any of them sets)."""
    dicts = dict(outer)
    for node in ast.walk(scope):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            t = node.targets[0]
            if isinstance(t, ast.Name) and (keys := _keys(node.value, dicts)) is not None:
                dicts[t.id] = dicts.get(t.id, set()) | keys
            elif (isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name) and t.value.id in dicts
                  and isinstance(t.slice, ast.Constant)):
                dicts[t.value.id].add(t.slice.value)
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "update"
              and isinstance(node.func.value, ast.Name) and node.func.value.id in dicts):
            dicts[node.func.value.id] |= {k.arg for k in node.keywords if k.arg}
            for arg in node.args:
                dicts[node.func.value.id] |= _keys(arg, dicts) or set()
    return dicts


def _calls(cls: type[Rule]):
    """(kind or None, value keys or None) for each call passing a message kind first — a rule's
    `self.finding("kind", ..., values=...)` or a family's `Draft("kind", key, values)`, in the
    rule's module and its bases' modules. A kind that is not a literal is None (the call may
    report any kind of the rule); its values count only when written out at the call."""
    seen = set()
    for klass in cls.__mro__:
        if klass in (Rule, FamilyRule, object) or klass.__module__ in seen:
            continue
        seen.add(klass.__module__)
        tree = ast.parse(inspect.getsource(inspect.getmodule(klass)))
        module = _bindings(ast.Module(body=[n for n in tree.body if isinstance(n, ast.Assign)], type_ignores=[]), {})
        mod = inspect.getmodule(klass)
        defs = [n for n in tree.body if isinstance(n, ast.FunctionDef)]
        for name, obj in vars(mod).items():  # functions imported from elsewhere (scan's values())
            if inspect.isfunction(obj) and obj.__module__ != mod.__name__:
                with contextlib.suppress(OSError, TypeError, SyntaxError):
                    defs += [n for n in ast.parse(textwrap.dedent(inspect.getsource(obj))).body
                             if isinstance(n, ast.FunctionDef) and n.name == name]
        for fn in defs:  # def f(...): ...; return {...}
            if isinstance(fn.body[-1], ast.Return):
                if (keys := _keys(fn.body[-1].value, _bindings(fn, module))) is not None:
                    module[f"{fn.name}()"] = keys
        for fn in ast.walk(tree):
            if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            dicts = _bindings(fn, module)
            for node in ast.walk(fn):
                if not isinstance(node, ast.Call) or not node.args:
                    continue
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                if name not in ("finding", "Draft"):
                    continue
                first = node.args[0]
                kind = first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None
                vals = next((k.value for k in node.keywords if k.arg == "values"), None)
                if vals is None:
                    vals = next((a for a in node.args[1:] if isinstance(a, (ast.Dict, ast.Name))
                                 and _keys(a, dicts) is not None), None)
                if kind is None and not isinstance(vals, ast.Dict):
                    vals = None
                yield kind, (_keys(vals, dicts) if vals is not None else None)


def _checked(code: str) -> set[str]:
    """The kinds of `code` whose template fields were checked against the values passed."""
    cls = RULES[code]
    calls = list(_calls(cls))
    literal = {k for k, _ in calls if k is not None}
    checked = set()
    for kind, keys in calls:
        kinds = [kind] if kind is not None else [k for k in cls.messages if k not in literal]
        for k in kinds:
            if k not in cls.messages or keys is None:
                continue  # another rule's kind; or values built elsewhere: checked when the rule cases render
            checked.add(k)
            for lang in messages.LANGS:
                need = messages.fields(messages.templates(code, lang)[k])
                assert need <= keys, f"{code} {k} ({lang}): fields {sorted(need - keys)} are not passed"
    return checked


@pytest.mark.parametrize("code", sorted(RULES))
def test_template_fields_are_values_the_rule_passes(code):
    _checked(code)


# PC002 builds its values in a helper (`bad`, which adds the did-you-mean options): its kinds are
# checked when its rule cases render (tests/fixtures/rules/PC002.yml), not here
HELPER_BUILT = {"PC002"}


def test_every_kind_is_checked_statically():
    """The static check above reaches every kind whose values the call writes out."""
    checked = {(c, k) for c in RULES for k in _checked(c)}
    declared = {(r.code, k) for r in all_rules() for k in r.messages if r.code not in HELPER_BUILT}
    assert declared, "rules declare their kinds"
    assert declared <= checked, sorted(declared - checked)


def test_a_missing_field_or_term_is_an_error_naming_the_rule():
    with pytest.raises(messages.MessageError, match="PC104.*cycle"):
        messages.render("PC104", "period", {"start": "2023", "end": "2025"}, "en")
    with pytest.raises(messages.MessageError, match="PC109.*no zh term 'columns'"):
        messages.render("PC109", "baseline-year", {"subject": "columns", "stated": "1", "expected": "2"}, "zh")
    with pytest.raises(ValueError, match="not declared"):
        RULES["PC104"]().finding("vision", plans=[], key="k", values={})


def test_terms_choose_a_sub_phrase_in_each_language():
    v = {"subject": "table-column", "role": "baseline", "year": "2023", "n_cells": "2", "cells": "a, b",
         "stated": "2023", "expected": "2020", "fact": "a"}
    assert messages.render("PC109", "baseline-year", v, "zh").startswith("表格基期列（2023年，2个单元格：a, b）：")
    assert messages.render("PC109", "baseline-year", v, "en").startswith("the table's baseline column (2023, 2 cells: a, b): ")
    assert messages.render("PC109", "baseline-year", {**v, "subject": "text-fact"}, "en").startswith("a: baseline dated")


def test_corpus_messages_keep_their_words(tmp_path):
    """A handful of real findings of `make check`, one or two per rule: the same ids, severities
    and words (in both languages) as before the templates."""
    pinned = yaml.safe_load(FIXTURE.read_text("utf-8"))["findings"]
    codes = sorted({p["id"].split("-")[0] for p in pinned})
    root = copy_corpus(tmp_path)
    rules = engine.build_rules([RULES[c] for c in codes], {})
    got = {f.id: f for f in engine.run([root / "plans"], rules, None, root=root).findings}
    for p in pinned:
        f = got.get(p["id"])
        assert f is not None, f"{p['id']} is no longer reported ({p['en']})"
        assert (f.severity.value, f.message_zh, f.message_en) == (p["severity"], p["zh"], p["en"]), p["id"]


@pytest.mark.parametrize(("base", "compute"), [(YearChecks, "year_drafts"), (UnitChecks, "unit_drafts")])
def test_a_family_runs_its_checks_once_per_plan(tmp_path, monkeypatch, base, compute):
    """The seven year rules (four unit rules) share one computation per plan and run; each still
    reports only its own kinds, and a family member alone finds the same as in company."""
    calls = []
    original = base.compute

    def counted(corpus, lp):
        calls.append(lp.plan.id)
        return original(corpus, lp)

    monkeypatch.setattr(base, "compute", staticmethod(counted))
    folder = write_plan(tmp_path, facts=[
        fact("a", "core_va", "506.9", 2023, "全市数字经济核心产业增加值从2015年的225.0亿元增加到2020年的506.9亿元",
             unit="万件"),
    ]).parent
    family = [r for r in all_rules() if issubclass(r, base)]
    assert len(family) == {YearChecks: 7, UnitChecks: 4}[base]
    result = engine.run([folder], engine.build_rules(family, {}), None)
    assert len(calls) == 1, calls  # one plan: one computation for the whole family
    assert result.findings, "the case reports something, so the sharing is exercised"
    for f in result.findings:
        assert f.key.rsplit("/", 1)[-1] in RULES[f.rule].messages or f.rule == "PC113"
    alone = {f.id for code in {f.rule for f in result.findings} for f in run_rule(RULES[code], folder)}
    assert alone == {f.id for f in result.findings}


def test_family_findings_keep_the_configured_severity(tmp_path):
    folder = write_plan(tmp_path, facts=[
        fact("a", "core_va", "506.9", 2023, "全市数字经济核心产业增加值从2015年的225.0亿元增加到2020年的506.9亿元"),
    ]).parent
    corpus, errors = engine.load_corpus([folder], folder)
    assert not errors
    (error,) = RULES["PC111"]().check(corpus)
    (lowered,) = RULES["PC111"](severity=Severity.warning).check(corpus)  # the same corpus: shared drafts
    assert (error.severity, lowered.severity) == (Severity.error, Severity.warning)
    assert error.id == lowered.id and error.message_en == lowered.message_en


@pytest.mark.parametrize(("qualifier", "comparator", "label"), [
    ("近", "~", "近44 万家 (2020)"),  # 近44万家: the word before the figure
    ("左右", "~", "44 万家左右 (2020)"),  # 44万家左右: after the figure and its unit
    (None, "~", "~44 万家 (2020)"),  # no word printed: the comparator
    ("超过", ">", ">44 万家 (2020)"),  # a bound keeps its comparator
])
def test_an_approximate_figure_keeps_its_word(qualifier, comparator, label):
    from plancheck.factref import FactRef
    from plancheck.models import Fact

    f = Fact(id="x", indicator="cloud_firms", name="上云企业数", role="history", place="text", year=2020,
             value="44", unit="万家", comparator=comparator, qualifier=qualifier, quote="上云企业数近44万家")
    assert FactRef(None, f).label() == label


# text built elsewhere: PC501 renders the data-quality suite's own templates (checks/suite.py)
OWN_TEXT = {"PC501"}


@pytest.mark.parametrize("code", sorted(RULES))
def test_rules_pass_a_kind_not_words(code):
    """No rule hands `finding` its own zh/en words, except those whose text comes from elsewhere."""
    tree = ast.parse(inspect.getsource(inspect.getmodule(RULES[code])))
    words = [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Call)
             and getattr(node.func, "attr", "") == "finding" and any(k.arg in ("zh", "en") for k in node.keywords)]
    assert bool(words) == (code in OWN_TEXT), f"{code}: finding(zh=..., en=...) at lines {words}"
