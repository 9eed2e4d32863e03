"""Terminal output of `plancheck check`: formats, levels, -q/-v, colour, progress, SARIF root."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from plancheck.cli import main
from tests.planfactory import ROOT
from tests.test_cli import _bad_growth_plan
from tests.test_reports import copy_plans

LINE = re.compile(r"^(?P<path>[^:\s]+):(?P<line>\d+):(?P<col>\d+): (?P<code>PC\d{3}) \[(?P<sev>error|warning|info)\] \S")


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory):
    """`plancheck check` on a copy of the corpus, as `make check` runs it (without the slow suite)."""
    work = copy_plans(tmp_path_factory.mktemp("corpus"))
    shutil.copy2(ROOT / "waivers.yaml", work / "waivers.yaml")
    (work / "plancheck.toml").write_text("", "utf-8")  # the project root; waivers.yaml by default
    r = subprocess.run([sys.executable, "-m", "plancheck", "check", "plans", "--no-quality", "--output-dir", "reports"],
                       cwd=work, capture_output=True, text=True, timeout=300)
    return work, r


def _check(capsys, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    rc = main(["check", *args, "--no-quality", "--no-cache"])
    out, err = capsys.readouterr()
    return rc, out, err


def test_text_lines_show_every_unwaived_warning_and_error_an_encoder_needs(corpus_run):
    work, r = corpus_run
    assert r.returncode == 0, r.stderr  # the published documents' errors are waived
    doc = json.loads((work / "reports" / "report.json").read_text("utf-8"))
    lines = r.stdout.splitlines()
    assert lines and all(LINE.match(x) for x in lines), [x for x in lines if not LINE.match(x)][:3]
    wanted = [f for f in doc["findings"] if not f["waived"] and f["severity"] in ("error", "warning")]
    assert len(lines) == len(wanted) and wanted  # the warnings (coverage, realism, editions) appear
    files = {p["id"]: p["file"] for p in doc["plans"]}
    for f in wanted:  # at its place in the plan carrying the problem (an edition difference: the copy)
        home = f.get("located") or f["plans"]
        ev = next((e for e in f["evidence"] if e.get("plan_file") and e["plan"] in home), None)
        where = (f"{ev['plan_file']}:{ev['plan_line'] or 1}:{ev.get('plan_column') or 1}:" if ev
                 else f"{files[home[0]]}:1:1:")
        assert any(x.startswith(f"{where} {f['rule']} [{f['severity']}]") and f["id"] in x for x in lines), f
    assert not any("[info]" in x for x in lines)
    waived = sum(1 for f in doc["findings"] if f["waived"])
    assert waived  # the published documents' errors are waived, not absent
    assert re.search(rf"^plancheck: 5 plans, 0 errors, \d+ warnings, \d+ infos, {waived} waived, 0 input errors; "
                     rf"reports in reports/ \(not shown: \d+ infos, {waived} waived", r.stderr, re.M), r.stderr
    assert "\x1b[" not in r.stdout + r.stderr  # not a terminal: no colour


def test_levels_quiet_verbose(tmp_path, capsys):
    folder = _bad_growth_plan(tmp_path / "plans")
    out_dir = str(tmp_path / "r")
    rc, out, err = _check(capsys, str(folder), "--output-dir", out_dir, "--level", "error", "--select", "PC1")
    assert rc == 1 and all(LINE.match(x) and "[error]" in x for x in out.splitlines()) and "PC101 [error]" in out
    rc, out_info, _ = _check(capsys, str(folder), "--output-dir", out_dir, "--level", "info", "--select", "PC1")
    assert len(out_info.splitlines()) >= len(out.splitlines())
    rc, out, err = _check(capsys, str(folder), "--output-dir", out_dir, "-q", "--select", "PC101")
    assert rc == 1 and "PC101 [error]" in out and err == ""  # -q: only the findings (and the exit code)
    assert re.search(r"\[PC101-[0-9a-f]{10}\]$", out.splitlines()[0])  # the id, for a waiver
    w = tmp_path / "w.yaml"
    fid = out.splitlines()[0].rsplit("[", 1)[1].rstrip("]")
    w.write_text(f"waivers:\n  - id: {fid}\n    reason: printed so in the published plan\n    date: 2026-11-23\n", "utf-8")
    rc, out, err = _check(capsys, str(folder), "--output-dir", out_dir, "--select", "PC101", "--waivers", str(w))
    assert rc == 0 and out == "" and "1 waived" in err
    rc, out, err = _check(capsys, str(folder), "--output-dir", out_dir, "-v", "--select", "PC101", "--waivers", str(w))
    assert "(waived: printed so in the published plan)" in out  # -v: waived findings too


def test_input_errors_are_shown_with_quiet(tmp_path, capsys):
    folder = _bad_growth_plan(tmp_path / "plans")
    plan = next(folder.glob("*.yaml"))
    plan.write_text(plan.read_text("utf-8").replace("title:", "titel:"), "utf-8")
    rc, out, err = _check(capsys, str(folder), "--output-dir", str(tmp_path / "r"), "-q")
    assert rc == 2 and re.search(r"^input error: \S*test-plan\.yaml:\d+:\d+: \[titel\]", err, re.M), err
    assert out == ""  # stdout is the findings


def test_github_annotations(tmp_path, capsys):
    folder = _bad_growth_plan(tmp_path / "plans")
    rc, out, _ = _check(capsys, str(folder), "--output-dir", str(tmp_path / "r"), "--output-format", "github",
                        "--select", "PC101")
    (line,) = out.splitlines()
    m = re.fullmatch(r"::error file=(?P<file>[^,]+),line=(?P<line>\d+),col=(?P<col>\d+),title=PC101 PC101-[0-9a-f]{10}::(?P<msg>.+)", line)
    assert m and m["file"].endswith("test-plan.yaml") and "%" not in m["file"], line
    text = Path(m["file"]).read_text("utf-8").splitlines()[int(m["line"]) - 1]
    assert int(m["col"]) > 1 and text[int(m["col"]) - 1:].startswith("id:"), (text, m["col"])  # the entry's column
    assert "17.6" in m["msg"] or "18.6" in m["msg"]
    assert "%25" in m["msg"] and "%" not in m["msg"].replace("%25", "")  # % is escaped for the runner


def test_json_and_sarif_on_stdout_are_the_documents(tmp_path, capsys):
    folder = _bad_growth_plan(tmp_path / "plans")
    rc, out, _ = _check(capsys, str(folder), "--output-dir", str(tmp_path / "r"), "--output-format", "json", "--select", "PC101")
    assert json.loads(out) == json.loads((tmp_path / "r" / "report.json").read_text("utf-8"))
    rc, out, _ = _check(capsys, str(folder), "--output-dir", str(tmp_path / "r"), "--output-format", "sarif", "--select", "PC101")
    assert json.loads(out)["runs"][0]["results"][0]["ruleId"] == "PC101"


def test_colour_always_never_and_no_color(tmp_path, capsys, monkeypatch):
    folder = _bad_growth_plan(tmp_path / "plans")
    args = (str(folder), "--output-dir", str(tmp_path / "r"), "--select", "PC101")
    assert "\x1b[31mPC101" in _check(capsys, *args, "--color", "always")[1]
    assert "\x1b[" not in _check(capsys, *args, "--color", "never")[1]
    from plancheck.terminal import use_color

    class Tty:
        def isatty(self):
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert use_color("auto", Tty())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_color("auto", Tty()) and use_color("always", Tty())  # a flag beats the variable


def test_progress_reports_each_step_on_stderr(tmp_path, capsys):
    from plancheck import engine
    from plancheck.output import Progress

    folder = _bad_growth_plan(tmp_path / "plans")
    rules = engine.build_rules([r for r in engine.selected(["PC1"], [])], {})
    steps = []
    engine.run([folder], rules, progress=lambda label, done, total: steps.append((label, done, total)))
    assert steps[0] == ("loading plans", 0, len(rules) + 1)
    assert [s[1] for s in steps] == list(range(len(rules) + 1)) and steps[-1][0].startswith(rules[-1].code)
    bar = Progress(enabled=True, delay=0, mininterval=0)
    for s in steps:
        bar(*s)
    bar.close()
    assert rules[-1].code in capsys.readouterr().err
    assert Progress(enabled=False).bar is None


def _sarif_uris(report: Path) -> set[tuple[str, str]]:
    log = json.loads(report.read_text("utf-8"))
    return {(loc["physicalLocation"]["artifactLocation"]["uri"], loc["physicalLocation"]["artifactLocation"].get("uriBaseId"))
            for res in log["runs"][0]["results"] for loc in res.get("locations", [])}


@pytest.mark.parametrize("marker", ["plancheck.toml", ".git"])
def test_sarif_locations_are_relative_to_the_project_root_from_any_cwd(tmp_path, marker):
    repo = tmp_path / "repo"
    _bad_growth_plan(repo / "plans")
    if marker == ".git":
        subprocess.run(["git", "init", "-q", str(repo)], check=True)
    else:
        (repo / marker).write_text("", "utf-8")
    r = subprocess.run([sys.executable, "-m", "plancheck", "check", ".", "--no-quality", "--format", "sarif",
                        "--output-dir", str(tmp_path / "out"), "--select", "PC101"], cwd=repo / "plans",
                       capture_output=True, text=True)
    assert r.returncode == 1, r.stderr
    assert _sarif_uris(tmp_path / "out" / "report.sarif") == {("plans/test-plan.yaml", "%SRCROOT%")}
    assert r.stdout.startswith("test-plan.yaml:")  # the terminal shows paths from where you are


def test_edition_differences_are_shown_in_the_copy(corpus_run):
    """PC401 compares a copy with its official text: the line points into the copy (report `located`)."""
    work, r = corpus_run
    lines = [x for x in r.stdout.splitlines() if " PC401 " in x]
    assert lines and all(x.startswith("plans/jiaxing-de-2021-copy.yaml:") for x in lines), lines[:3]
    log = json.loads((work / "reports" / "report.sarif").read_text("utf-8"))
    uris = {res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for res in log["runs"][0]["results"] if res["ruleId"] == "PC401"}
    assert uris == {"plans/jiaxing-de-2021-copy.yaml"}


def test_locations_carry_the_column_of_the_entry_in_the_plan_file(corpus_run):
    """Terminal, SARIF and JUnit name the column where the fact's entry starts (`- id: ...` -> the
    column of `id`), read from the YAML positions, not a constant 1."""
    work, r = corpus_run
    doc = json.loads((work / "reports" / "report.json").read_text("utf-8"))
    placed = [(f, e) for f in doc["findings"] for e in f["evidence"] if e.get("plan_line") and e.get("item")
              and e["plan_file"].endswith(".yaml")]
    assert placed
    for _f, e in placed[:50]:
        text = (work / e["plan_file"]).read_text("utf-8").splitlines()[e["plan_line"] - 1]
        c = e["plan_column"]
        assert c > 1 and text[c - 3:c - 1] in ("- ", "  ") and not text[c - 1].isspace(), (text, e)
    cols = {int(m["col"]) for m in map(LINE.match, r.stdout.splitlines()) if m}
    assert cols - {1}, cols  # the lines show real columns
    sarif = json.loads((work / "reports" / "report.sarif").read_text("utf-8"))
    regions = [loc["physicalLocation"].get("region", {}) for res in sarif["runs"][0]["results"] for loc in res["locations"]]
    assert any(g.get("startColumn", 1) > 1 for g in regions)
