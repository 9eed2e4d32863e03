"""Exit codes (0 ok, 1 findings, 2 bad input, 3 internal error), closed pipes, strict selectors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from plancheck.cli import main
from plancheck.exitcodes import ExitCode
from tests.planfactory import ROOT
from tests.test_cli import _bad_growth_plan


def _run(tmp_path: Path, capsys, *args: str, cfg: str | None = None, name: str = "plancheck.toml") -> tuple[int, str]:
    folder = _bad_growth_plan(tmp_path / "plans")
    extra = []
    if cfg is not None:
        (tmp_path / name).write_text(cfg, "utf-8")
        extra = ["--config", str(tmp_path / name)]
    capsys.readouterr()
    rc = main(["check", str(folder), "--output-dir", str(tmp_path / "r"), "--no-quality", "--format", "json",
               *extra, *args])
    err = capsys.readouterr().err
    assert "Traceback" not in err, err
    return rc, err


def test_exit_codes_are_defined_once():
    assert [int(c) for c in ExitCode] == [0, 1, 2, 3]
    import plancheck.check
    import plancheck.cli

    for mod in (plancheck.cli, plancheck.check):  # imported, never redefined
        src = Path(mod.__file__).read_text("utf-8")
        assert "EXIT_INPUT =" not in src and "EXIT_OK," not in src.split("import")[0]


@pytest.mark.parametrize("args, cfg, expect", [
    (["--select", "PC9"], None, ["--select", "'PC9'", "unknown rule selector"]),
    (["--select", "PC1O1"], None, ["--select", "'PC1O1'", "did you mean 'PC101'"]),
    (["--ignore", "growth-rat"], None, ["--ignore", "'growth-rat'", "did you mean 'growth-rate'"]),
    ([], 'select = ["XYZ"]\n', ["plancheck.toml: select", "'XYZ'"]),
    # types are the typed settings model's (plancheck.config): file, key, value, did you mean
    ([], 'ignore = "PC103,PC104"\n', ["plancheck.toml: ignore = 'PC103,PC104'", "expected a list of strings"]),
    ([], "select = 5\n", ["plancheck.toml: select = 5"]),
    ([], '[rules.PC1O1]\nseverity = "warning"\n', ["plancheck.toml", "PC1O1", "did you mean 'PC101'"]),
    ([], "[rules]\nPC101 = 5\n", ["plancheck.toml", "rules.PC101 = 5", "expected a table"]),
    ([], '[rules.PC101]\nseverity = "warnin"\n', ["plancheck.toml", "PC101", "'warnin'", "did you mean 'warning'"]),
])
def test_bad_selectors_and_rule_settings_are_exit_2_naming_where(tmp_path, capsys, args, cfg, expect):
    rc, err = _run(tmp_path, capsys, *args, cfg=cfg)
    assert rc == ExitCode.INPUT, err
    for s in expect:
        assert s in err, (s, err)


def test_selectors_in_pyproject_name_the_table(tmp_path, capsys):
    rc, err = _run(tmp_path, capsys, cfg='[tool.plancheck]\nselect = ["PC9"]\n', name="pyproject.toml")
    assert rc == 2 and "pyproject.toml: [tool.plancheck] select: unknown rule selector 'PC9'" in err, err


def test_good_selectors_still_select(tmp_path, capsys):
    assert _run(tmp_path, capsys, "--select", "pc1,PC000")[0] == ExitCode.FINDINGS  # prefixes, any case
    assert _run(tmp_path, capsys, "--select", "growth-rate")[0] == ExitCode.FINDINGS
    assert _run(tmp_path, capsys, "--select", "PC1", "--ignore", "PC101")[0] == ExitCode.OK


def test_uncaught_exception_is_exit_3_with_a_short_message(monkeypatch, capsys):
    import plancheck.check

    def boom(args):
        raise RuntimeError("something \x1b[2J broke")

    monkeypatch.setattr(plancheck.check, "run_check", boom)
    monkeypatch.delenv("PLANCHECK_TRACEBACK", raising=False)
    assert main(["check", "plans"]) == ExitCode.INTERNAL
    err = capsys.readouterr().err
    assert "internal error: RuntimeError: something \\x1b[2J broke" in err and "please report" in err
    assert "Traceback" not in err and "\x1b" not in err
    assert main(["check", "plans", "-v"]) == ExitCode.INTERNAL
    assert "Traceback" in capsys.readouterr().err
    monkeypatch.setenv("PLANCHECK_TRACEBACK", "1")
    assert main(["check", "plans"]) == ExitCode.INTERNAL
    assert "Traceback" in capsys.readouterr().err


def test_a_crashing_rule_is_exit_3_not_findings(tmp_path, monkeypatch):
    from plancheck.rules import get_rule

    folder = _bad_growth_plan(tmp_path / "plans")
    monkeypatch.setattr(get_rule("PC101"), "check_plan", lambda self, corpus, lp: 1 / 0)
    rc = main(["check", str(folder), "--output-dir", str(tmp_path / "r"), "--no-quality", "--format", "json",
               "--no-cache", "-q"])
    assert rc == ExitCode.INTERNAL


def _closed_pipe(cmd: list[str]) -> subprocess.CompletedProcess:
    """Run `cmd` with its stdout a pipe whose reader is already gone (`cmd | head`, after head exits)."""
    r, w = os.pipe()
    os.close(r)
    try:
        return subprocess.run([sys.executable, "-m", "plancheck", *cmd], stdout=w, stderr=subprocess.PIPE, text=True,
                              cwd=ROOT, env={**os.environ, "GX_ANALYTICS_ENABLED": "false"}, timeout=120)
    finally:
        os.close(w)


def test_closed_pipe_is_a_quiet_exit(tmp_path):
    out = tmp_path / "r"
    main(["check", "plans", "--output-dir", str(out), "--no-quality", "--format", "json", "-q"])
    report = str(out / "report.json")
    for cmd in (["explain", "PC101"], ["rules"], ["rules", "--markdown"], ["diff", report, report]):
        r = _closed_pipe(cmd)
        assert "Traceback" not in r.stderr and "BrokenPipe" not in r.stderr and r.stderr == "", (cmd, r.stderr)
        assert r.returncode == 0, (cmd, r.returncode)


def test_interval_text_of_a_huge_number_does_not_raise():
    """PC106 formatted a 1e999 requirement with quantize and crashed (now exit 3, before exit 2)."""
    from decimal import Decimal

    from plancheck.intervals import Interval

    assert Interval(Decimal("1.5"), Decimal("2")).fmt(2) == "[1.50, 2.00]"
    assert Interval(Decimal("1e999"), Decimal("1e1000")).fmt(2) == "[1E+999, 1E+1000]"
