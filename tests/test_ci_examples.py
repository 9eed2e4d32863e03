"""What we ship for plan-data repositories: the GitHub workflow and the pre-commit hook.

Each is parsed, checked for the parts a user relies on, and its plancheck command is run as
written, in a temporary copy of plans/ laid out as a plan-data repository (no pyproject.toml).
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import yaml

from tests.test_reports import SARIF_SCHEMA, copy_plans

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / "examples" / "github-workflow.yml"
HOOKS = ROOT / ".pre-commit-hooks.yaml"


def _env() -> dict:
    """The environment a user's CI or pre-commit gives: `plancheck` on PATH."""
    bindir = str(Path(sys.executable).parent)
    return {**os.environ, "PATH": bindir + os.pathsep + os.environ.get("PATH", ""), "GX_ANALYTICS_ENABLED": "false"}


def _workflow() -> dict:
    wf = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    if True in wf and "on" not in wf:  # YAML 1.1 reads the key `on` as true
        wf["on"] = wf.pop(True)
    return wf


def test_workflow_sets_up_python_installs_plancheck_checks_and_uploads_sarif():
    wf = _workflow()
    assert {"push", "pull_request"} <= set(wf["on"])
    assert all(any(p.startswith("plans/") for p in wf["on"][ev]["paths"]) for ev in ("push", "pull_request"))
    assert wf["permissions"]["security-events"] == "write"
    (job,) = wf["jobs"].values()
    steps = job["steps"]
    uses = [s.get("uses", "") for s in steps]
    assert any(u.startswith("actions/checkout@") for u in uses)
    setup = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python@"))
    major, minor = map(int, str(setup["with"]["python-version"]).split("."))
    assert (major, minor) >= (3, 11)
    install = next(s for s in steps if "pip install" in s.get("run", ""))
    spec = job["env"]["PLANCHECK_SPEC"]
    assert "$PLANCHECK_SPEC" in install["run"]
    # a real requirement: this distribution, with the quality suite, pinned to the version we ship
    import tomllib

    from packaging.requirements import Requirement

    req, project = Requirement(spec), tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert req.name == project["name"] and req.extras == {"quality"} and req.url is None
    assert str(req.specifier) == f"=={project['version']}"
    assert set(req.extras) <= set(project["optional-dependencies"])
    check = next(s for s in steps if "plancheck check" in s.get("run", ""))
    upload = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@"))
    assert steps.index(install) < steps.index(check) < steps.index(upload)
    assert "always()" in upload["if"]  # the findings are uploaded when the check fails too
    out_dir = shlex.split(check["run"])[shlex.split(check["run"]).index("--output-dir") + 1]
    assert upload["with"]["sarif_file"] == f"{out_dir}/report.sarif"


def test_workflow_check_command_runs_as_written(tmp_path):
    wf = _workflow()
    (job,) = wf["jobs"].values()
    check = next(s for s in job["steps"] if "plancheck check" in s.get("run", ""))
    upload = next(s for s in job["steps"] if s.get("uses", "").startswith("github/codeql-action/upload-sarif@"))
    repo = copy_plans(tmp_path)
    r = subprocess.run(["bash", "-e", "-c", check["run"]], cwd=repo, env=_env(), capture_output=True, text=True, timeout=600)
    assert r.returncode in (0, 1), r.stderr  # 1: findings to gate on; never 2 (an input or setup error)
    assert "input error:" not in r.stderr and " 0 input errors" in r.stderr
    sarif = repo / upload["with"]["sarif_file"]
    log = json.loads(sarif.read_text("utf-8"))
    schema = json.loads(SARIF_SCHEMA.read_text("utf-8"))
    assert list(jsonschema.Draft4Validator(schema).iter_errors(log)) == []
    # every location resolves inside the checked-out repository, as code scanning needs
    for res in log["runs"][0]["results"]:
        for loc in res.get("locations", []):
            art = loc["physicalLocation"]["artifactLocation"]
            assert art.get("uriBaseId") == "%SRCROOT%" and (repo / art["uri"]).is_file()
    assert (repo / "reports" / "report.html").is_file()


def test_pre_commit_hook_definition():
    hooks = yaml.safe_load(HOOKS.read_text("utf-8"))
    (hook,) = [h for h in hooks if h["id"] == "plancheck"]
    assert hook["language"] == "python"
    assert shlex.split(hook["entry"])[:2] == ["plancheck", "check"]
    assert hook["pass_filenames"] is False  # the cross-plan rules need every plan
    files = re.compile(hook["files"])
    assert files.search("plans/zhejiang-de-2021.yaml") and files.search("plans/sources/x.txt")
    assert not files.search("README.md") and not files.search("src/plans/x.yaml")
    # pre-commit installs the hook's repository with pip: the entry point must exist there
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert project["scripts"]["plancheck"] == "plancheck.cli:main"


def test_pre_commit_hook_command_runs_as_written(tmp_path):
    hooks = yaml.safe_load(HOOKS.read_text("utf-8"))
    (hook,) = [h for h in hooks if h["id"] == "plancheck"]
    cmd = shlex.split(hook["entry"]) + list(hook.get("args", []))  # pass_filenames: false, so nothing appended
    repo = copy_plans(tmp_path)
    r = subprocess.run(cmd, cwd=repo, env=_env(), capture_output=True, text=True, timeout=600)
    assert r.returncode in (0, 1), r.stderr
    assert "input error:" not in r.stderr and " 0 input errors" in r.stderr
    assert re.search(r"plancheck: \d+ plans, \d+ errors", r.stderr)
    doc = json.loads((repo / "reports" / "report.json").read_text("utf-8"))
    assert doc["summary"]["plans"] == len(list((repo / "plans").glob("*.yaml")))
    # the exit code is the gate: 1 exactly when there are unwaived errors
    assert r.returncode == (1 if doc["summary"]["errors"] else 0)


def test_pre_commit_runs_the_hook_for_real(tmp_path):
    """pre-commit itself installs the hook from a local hook repository (as it would from its URL:
    a clone, `pip install .` into its own virtualenv) and runs it in a scratch plan-data repository."""
    from tests.packaging import GIT_ENV, clean_env, copy_source

    def git(cwd: Path, *args: str) -> str:
        return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout.strip()

    env = clean_env(PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"), **GIT_ENV)
    hook_repo = copy_source(tmp_path / "hook-repo")
    git(hook_repo, "init", "-q")
    git(hook_repo, "add", "-A")
    git(hook_repo, "commit", "-qm", "plancheck")
    rev = git(hook_repo, "rev-parse", "HEAD")

    repo = copy_plans(tmp_path / "data-repo")
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hook_repo}\n    rev: {rev}\n    hooks:\n      - id: plancheck\n", "utf-8")
    shutil.copy2(ROOT / "waivers.yaml", repo / "waivers.yaml")  # read by default: no settings file
    (repo / ".gitignore").write_text("reports/\n", "utf-8")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "plans")
    pre_commit = [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"]
    r = subprocess.run(pre_commit, cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr  # the published documents' errors are all waived
    assert re.search(r"^plancheck\.+Passed$", r.stdout, re.M), r.stdout
    assert (repo / "reports" / "report.json").is_file()

    # a commit that breaks a growth rate is refused, with the finding on the terminal
    plan = repo / "plans" / "jiaxing-de-2021.yaml"
    text = plan.read_text("utf-8")
    assert "rate: 17.6" in text
    plan.write_text(text.replace("rate: 17.6", "rate: 18.6", 1), "utf-8")
    git(repo, "add", "-A")
    r = subprocess.run(pre_commit, cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    assert r.returncode == 1, r.stdout + r.stderr
    assert re.search(r"^plancheck\.+Failed$", r.stdout, re.M) and "PC101" in r.stdout, r.stdout
