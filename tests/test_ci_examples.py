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
    # plancheck is not on a package index: the install names its git repository at one commit
    assert job["env"]["PLANCHECK_REPO"] == "${{ vars.PLANCHECK_REPO }}"
    assert job["env"]["PLANCHECK_REV"] == "${{ vars.PLANCHECK_REV }}"
    import tomllib

    from packaging.requirements import Requirement

    line = re.search(r'pip install "([^"]+)"', install["run"]).group(1)
    req = Requirement(line.replace("${PLANCHECK_REPO}", "https://git.example/plancheck").replace("${PLANCHECK_REV}", "0" * 40))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert req.name == project["name"] and req.extras == {"quality"} and req.url.startswith("git+")
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


def _install_step() -> str:
    (job,) = _workflow()["jobs"].values()
    return next(s for s in job["steps"] if "pip install" in s.get("run", ""))["run"]


def test_workflow_install_step_refuses_a_missing_or_movable_pin(tmp_path):
    for repo, rev in (("", "0" * 40), ("https://git.example/plancheck", ""), ("https://git.example/plancheck", "v0.1.0")):
        env = {**os.environ, "PLANCHECK_REPO": repo, "PLANCHECK_REV": rev, "PATH": str(tmp_path) + os.pathsep + os.environ["PATH"]}
        (tmp_path / "python").write_text("#!/bin/sh\necho should-not-run\nexit 99\n", "utf-8")
        (tmp_path / "python").chmod(0o755)
        r = subprocess.run(["bash", "-e", "-c", _install_step()], env=env, capture_output=True, text=True, timeout=60)
        assert r.returncode == 1 and "::error::" in r.stdout and "should-not-run" not in r.stdout, (repo, rev, r.stdout)


def test_workflow_install_step_installs_plancheck_from_its_git_repository_at_a_commit(tmp_path):
    """The install step as written, with the variables set to a git repository of this source tree
    and its commit: pip clones it, builds the wheel and installs it into a fresh virtualenv; pip's
    record of the install names that URL and commit. (Dependencies are left out, PIP_NO_DEPS: the
    packaging test installs them from the index.)"""
    from tests.packaging import GIT_ENV, clean_env, copy_source

    env = clean_env(**GIT_ENV)
    src = copy_source(tmp_path / "plancheck-repo")
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "plancheck"]):
        subprocess.run(["git", *args], cwd=src, env=env, check=True, capture_output=True)
    rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=src, env=env, check=True, capture_output=True, text=True).stdout.strip()
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    # a current pip, as setup-python gives (the pip bundled with Python 3.11 rejects git+file:/// URLs)
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--upgrade", "pip>=24"],
                   check=True, capture_output=True, env=clean_env(), timeout=300)
    env.update(PLANCHECK_REPO=src.as_uri(), PLANCHECK_REV=rev, PIP_NO_DEPS="1", PIP_DISABLE_PIP_VERSION_CHECK="1",
               PATH=str(venv / "bin") + os.pathsep + env.get("PATH", ""))
    r = subprocess.run(["bash", "-e", "-c", _install_step()], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-3000:]
    code = ("import json, importlib.metadata as m; d = m.distribution('plancheck'); "
            "print(json.dumps([d.read_text('direct_url.json'), d.metadata.get_all('Provides-Extra')]))")
    out = subprocess.run([str(venv / "bin" / "python"), "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
                         check=True).stdout
    direct, extras = json.loads(out)
    direct = json.loads(direct)
    assert direct["url"] == src.as_uri() and direct["vcs_info"] == {"vcs": "git", "commit_id": rev, "requested_revision": rev}
    assert "quality" in extras
