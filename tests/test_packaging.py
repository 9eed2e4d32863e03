"""The package as users get it: every file in the wheel, and the wheel working outside the checkout."""

from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.packaging import ROOT, build_wheel, clean_env, fresh_venv, package_dirs, source_files
from tests.test_reports import copy_plans


@pytest.fixture(scope="session")
def wheel(tmp_path_factory) -> Path:
    return build_wheel(tmp_path_factory.mktemp("wheel"))


@pytest.fixture(scope="session")
def installed(wheel, tmp_path_factory) -> Path:
    """The bin folder of a fresh venv (outside the checkout) with only the wheel and its dependencies."""
    return fresh_venv(tmp_path_factory.mktemp("venv") / "venv", f"plancheck @ {wheel.as_uri()}")


def test_every_file_of_every_package_is_in_the_wheel(wheel):
    """Data files (units, catalogs, schemas, templates, strings) and modules: an editable install
    reads them from the checkout, so only a wheel shows one missing."""
    names = set(zipfile.ZipFile(wheel).namelist())
    expected, dirs = {}, package_dirs()
    files = [f for f in source_files() if "__pycache__" not in f and not f.endswith((".pyc", ".pyo"))]
    for pkg, folder in sorted(dirs.items(), key=lambda kv: -len(kv[1])):
        for f in files:
            if f.startswith(folder + "/") and f not in expected:
                expected[f] = pkg.replace(".", "/") + f[len(folder):]
    missing = sorted(src for src, inside in expected.items() if inside not in names)
    assert missing == [], f"not in the wheel (add the package to [tool.setuptools] packages): {missing}"
    assert "plancheck/data/units.txt" in names and "plancheck/schema/plan.schema.json" in names
    # folders holding Python modules are packages of the wheel, so nothing is left behind silently
    py_folders = {str(Path(f).parent) for f in files if f.endswith(".py") and not f.startswith(("tests/", "bench/"))}
    unlisted = sorted(d for d in py_folders if d not in dirs.values() and d != ".")
    assert unlisted == [], f"folders with modules that are not packages of the wheel: {unlisted}"
    # one import package in site-packages: nothing generic at the top level
    assert {n.split("/")[0] for n in names} == {"plancheck", wheel.name.split("-py")[0] + ".dist-info"}


def test_wheel_in_a_fresh_venv_checks_the_corpus(installed, tmp_path):
    where = subprocess.run([installed / "python", "-c", "import plancheck; print(plancheck.__file__)"],
                           cwd=tmp_path, capture_output=True, text=True, env=clean_env(), check=True).stdout
    assert Path(where.strip()).is_relative_to(installed.parent), where  # the wheel's copy, not the checkout
    repo = copy_plans(tmp_path)
    r = subprocess.run([installed / "plancheck", "check", "plans", "--no-quality", "--output-dir", "reports"],
                       cwd=repo, capture_output=True, text=True, env=clean_env(), timeout=300)
    assert r.returncode in (0, 1), r.stderr
    assert "Traceback" not in r.stderr
    doc = json.loads((repo / "reports" / "report.json").read_text("utf-8"))
    assert doc["summary"]["input_errors"] == 0, doc["input_errors"]
    assert doc["summary"]["plans"] == len(list((ROOT / "plans").glob("*.yaml")))
    assert {"PC101", "PC201", "PC401"} <= {f["rule"] for f in doc["findings"]}
    assert (repo / "reports" / "report.html").stat().st_size > 10_000
    for cmd in (["rules"], ["explain", "PC101"], ["--version"]):
        r = subprocess.run([installed / "plancheck", *cmd], cwd=tmp_path, capture_output=True, text=True, env=clean_env())
        assert r.returncode == 0 and r.stdout, (cmd, r.stderr)
