"""The suite's helper process starts with the check (plancheck.check `_suite_will_run`), before
plancheck's own imports, when the suite will run afresh; PC501 takes that process, and a check
that does not need it starts none or stops it (issue 13: the five-plan cold check)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.planfactory import ROOT

PROBE = """
import json, sys, time
from plancheck.checks import helper
events = []
_init, _close = helper.SuiteProcess.__init__, helper.SuiteProcess.close
def init(self):
    events.append(("start", "plancheck.engine" in sys.modules))
    _init(self)
def close(self):
    events.append(("close", None))
    _close(self)
helper.SuiteProcess.__init__, helper.SuiteProcess.close = init, close
from plancheck.cli import main
rc = main(sys.argv[1:])
print(json.dumps({"rc": rc, "events": events, "left": helper._EARLY is not None}))
"""


def _run(tmp: Path, cache: Path | None, *extra: str) -> dict:
    env = {**os.environ, "GX_ANALYTICS_ENABLED": "false"}
    where = ["--cache-dir", str(cache)] if cache is not None else ["--no-cache"]
    r = subprocess.run([sys.executable, "-c", PROBE, "check", str(ROOT / "plans"), *where, "--output-dir",
                        str(tmp / "r"), "--format", "json", "-q", *extra],
                       cwd=tmp, env=env, capture_output=True, text=True, timeout=300)
    assert r.stdout.strip(), r.stderr
    return json.loads(r.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def gx():
    pytest.importorskip("great_expectations")


def test_a_cold_check_starts_the_suite_before_the_engine_is_imported_and_uses_that_process(tmp_path, gx):
    got = _run(tmp_path, tmp_path / "c")
    assert got["rc"] == 1 and not got["left"]
    starts = [e for e in got["events"] if e[0] == "start"]
    assert starts == [["start", False]]  # one helper, started before plancheck.engine was imported
    warm = _run(tmp_path, tmp_path / "c")  # replayed: no helper at all
    assert warm["events"] == [] and warm["rc"] == 1
    again = _run(tmp_path, None)  # no cache: the suite runs every time, started early
    assert [e for e in again["events"] if e[0] == "start"] == [["start", False]]


@pytest.mark.parametrize("extra", [["--no-quality"], ["--select", "PC1"], ["--ignore", "data-quality"]])
def test_a_check_without_the_suite_starts_no_helper(tmp_path, gx, extra):
    got = _run(tmp_path, tmp_path / "c", *extra)
    assert got["events"] == [] and not got["left"]


def test_a_helper_started_for_a_check_that_stops_early_is_stopped(tmp_path, gx):
    got = _run(tmp_path, tmp_path / "c", "--select", "PC5,PC9")  # PC9 is unknown: exit 2 after the start
    assert got["rc"] == 2
    assert got["events"] == [["start", False], ["close", None]] and not got["left"]
