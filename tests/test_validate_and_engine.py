"""`python -m plancheck.validate` (the encoding loop) and the engine's paths around a rule:
a crashing rule, selection, settings."""

from __future__ import annotations

import pytest

from plancheck import engine, validate
from plancheck.findings import Severity
from plancheck.rules.base import Rule
from plancheck.rules.pc101_growth_rate import GrowthRate
from tests.planfactory import fact, write_plan

JX = "从2015年的225.0亿元增加到2020年的506.9亿元，年均增长17.6%"


def _plan(folder, quote=JX, rate="17.6", **kw):
    facts = [fact("va-2015", "core_va", "225.0", 2015, quote), fact("va-2020", "core_va", "506.9", 2020, quote)]
    growth = [{"id": "g", "indicator": "core_va", "start": {"year": 2015, "fact": "va-2015"},
               "end": {"year": 2020, "fact": "va-2020"}, "measure": "cagr", "rate": rate, "quote": quote}]
    return write_plan(folder, facts=facts, growth=growth, **kw)


# -- plancheck.validate


def test_validate_a_clean_plan(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = _plan(tmp_path / "plans")
    assert validate.main([str(path)]) == 0
    out = capsys.readouterr().out
    assert "2 facts, 1 growth claims, 0 priority lists" in out
    assert "ERROR" not in out
    assert not (tmp_path / "reports").exists() and not (tmp_path / ".plancheck_cache").exists()


def test_validate_reports_a_missing_quote_with_file_and_line(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = _plan(tmp_path / "plans", quote="这句话不在原文里：从2015年的225.0亿元增加到2020年的506.9亿元，年均增长17.6%")
    assert validate.main([str(path)]) == 1
    out = capsys.readouterr().out
    lines = [ln for ln in out.splitlines() if ln.startswith("ERROR") and "PC001" in ln]
    assert lines, out
    assert "test-plan.yaml:" in lines[0]  # file:line of the quoted item in the plan file
    assert lines[0].split("test-plan.yaml:")[1].split(":")[0].isdigit()


def test_validate_runs_only_the_input_rules(tmp_path, capsys, monkeypatch):
    # a wrong growth rate is PC101's business, not the encoding loop's
    monkeypatch.chdir(tmp_path)
    path = _plan(tmp_path / "plans")
    path.write_text(path.read_text("utf-8").replace("rate: 17.6", "rate: 18.6"), "utf-8")
    code = validate.main([str(path)])
    out = capsys.readouterr().out
    assert "PC101" not in out
    assert "PC001" in out and code == 1  # 18.6 is not in the quote


def test_validate_an_invalid_file_names_file_line_and_field(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = _plan(tmp_path / "plans")
    path.write_text(path.read_text("utf-8").replace("role: history", "role: histroy", 1), "utf-8")
    code = validate.main([str(path)])
    out = capsys.readouterr().out
    assert code == 2  # an input error, as `plancheck check` exits (not 1: that is a finding)
    err = next(ln for ln in out.splitlines() if ln.startswith("ERROR"))
    assert "test-plan.yaml" in err and "role" in err
    assert "Traceback" not in out


def test_validate_an_unreadable_yaml_file_exits_2(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = _plan(tmp_path / "plans")
    path.write_text("id: [unclosed\n", "utf-8")
    assert validate.main([str(path)]) == 2
    out = capsys.readouterr().out
    assert "test-plan.yaml" in out and "Traceback" not in out


def test_validate_a_missing_path_exits_2(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert validate.main([str(tmp_path / "nope.yaml")]) == 2
    assert "nope.yaml" in capsys.readouterr().out


def test_validate_a_crashing_rule_exits_3(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = _plan(tmp_path / "plans")
    monkeypatch.setattr(engine, "build_rules", lambda classes, settings: [Boom()])
    monkeypatch.setattr(engine, "selected", lambda sel, ign: [])
    assert validate.main([str(path)]) == 3


def test_validate_defaults_to_the_plans_folder(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _plan(tmp_path / "plans")
    assert validate.main([]) == 0
    assert "test-plan.yaml: 2 facts" in capsys.readouterr().out


# -- the engine around a rule


class Boom(Rule):
    """A rule that crashes (test only)."""

    code = "PC999"
    name = "boom"

    def check(self, corpus):
        raise RuntimeError("kaboom")


def test_a_crashing_rule_is_reported_and_the_others_still_run(tmp_path):
    folder = _plan(tmp_path, rate="18.6").parent
    result = engine.run([folder], [Boom(), GrowthRate()])
    (err,) = result.input_errors
    assert "rule PC999" in str(err) and "kaboom" in str(err) and "internal error" in str(err)
    assert [f.rule for f in result.findings] == ["PC101"]
    assert result.unwaived(Severity.error)


def test_a_crashing_rule_in_the_middle_of_a_generator_keeps_no_partial_findings(tmp_path):
    class Half(GrowthRate):
        code, name = "PC998", "half"

        def check(self, corpus):
            yield from super().check(corpus)
            raise ValueError("after the first findings")

    folder = _plan(tmp_path, rate="18.6").parent
    result = engine.run([folder], [Half()])
    assert result.findings == [] and "PC998" in str(result.input_errors[0])


def test_selection_by_prefix_name_and_ignore():
    codes = [r.code for r in engine.selected(["PC10"], ["PC105"])]
    assert "PC101" in codes and "PC105" not in codes and all(c.startswith("PC10") for c in codes)
    assert [r.code for r in engine.selected(["growth-rate"], [])] == ["PC101"]
    assert [r.code for r in engine.selected(["pc101"], [])] == ["PC101"]
    assert engine.selected([], []) != [] and engine.selected(["PC9"], []) == []


def test_rule_settings_are_checked():
    (r,) = engine.build_rules(engine.selected(["PC101"], []), {"PC101": {"severity": "warning"}})
    assert r.effective_severity == Severity.warning
    with pytest.raises(ValueError, match="unknown rule"):
        engine.build_rules([], {"PC9999": {}})
    with pytest.raises(ValueError, match="unknown parameter"):
        engine.build_rules(engine.selected(["PC101"], []), {"PC101": {"no_such_param": 1}})
