"""The data-quality suite's result is cached (issue 13): a warm run never imports Great Expectations.

The key is the fact table's inputs (every plan's bytes, source and display path, the catalog and
registry), the rule's settings and code, and the suite's version (Great Expectations, pandas and
numpy versions, the suite's definition). Subprocesses: only a fresh interpreter shows whether
the suite ran (its helper process started); the main process never imports Great Expectations.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.planfactory import ROOT

PROBE = """
import json, sys
from plancheck.checks import helper
started = []
_init = helper.SuiteProcess.__init__
def counted(self):
    started.append(1)
    _init(self)
helper.SuiteProcess.__init__ = counted
from plancheck.cli import main
rc = main(sys.argv[1:])
print(json.dumps({"rc": rc, "suite": bool(started), "gx": "great_expectations" in sys.modules,
                  "pandas": "pandas" in sys.modules}))
"""


def _run(work: Path, cache: Path, out: str, *extra: str) -> dict:
    env = {**os.environ, "GX_ANALYTICS_ENABLED": "false"}
    r = subprocess.run([sys.executable, "-c", PROBE, "check", "plans", "--select", "PC501", "--cache-dir", str(cache),
                        "--output-dir", out, "--format", "json", "-q", *extra],
                       cwd=work, env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    got = json.loads(r.stdout.strip().splitlines()[-1])
    got["findings"] = json.loads((work / out / "report.json").read_text("utf-8"))["findings"]
    return got


def test_warm_run_serves_the_suite_from_the_cache_without_importing_gx_and_misses_on_change(tmp_path):
    shutil.copytree(ROOT / "plans", tmp_path / "plans")
    cache = tmp_path / "cache"
    cold = _run(tmp_path, cache, "r1")
    assert cold["suite"] and cold["findings"], "the real corpus has data-quality findings"
    assert not cold["gx"] and not cold["pandas"]  # the suite ran in its helper process
    assert {f["rule"] for f in cold["findings"]} == {"PC501"}
    warm = _run(tmp_path, cache, "r2")
    assert not warm["suite"] and not warm["gx"] and not warm["pandas"]
    assert warm["findings"] == cold["findings"]
    assert (tmp_path / "r1" / "report.json").read_bytes() == (tmp_path / "r2" / "report.json").read_bytes()

    # a tampered entry (emptied, its signature kept) is ignored and rebuilt
    for entry in (cache / "findings").glob("*.json"):
        head, _, _body = entry.read_bytes().partition(b"\n")
        entry.write_bytes(head + b"\n[]")
    again = _run(tmp_path, cache, "r2b")
    assert again["suite"] and again["findings"] == cold["findings"]

    # a changed fact table is a miss: the suite runs again and sees the change
    plan = tmp_path / "plans" / "jiaxing-de-2021.yaml"
    text = plan.read_text("utf-8")
    assert "    value: 506.9\n" in text
    plan.write_text(text.replace("    value: 506.9\n", "    value: -506.9\n", 1), "utf-8")
    changed = _run(tmp_path, cache, "r3")
    assert changed["suite"]
    new = {f["id"] for f in changed["findings"]} - {f["id"] for f in cold["findings"]}
    assert any(f["id"] in new and f["values"]["check"] == "non-negative" for f in changed["findings"])

    # other settings of the rule are another key
    cfg = tmp_path / "plancheck.toml"
    cfg.write_text('[rules.PC501]\nseverity = "warning"\n', "utf-8")
    plan.write_text(text, "utf-8")
    capped = _run(tmp_path, cache, "r4", "--config", str(cfg))
    assert capped["suite"] and {f["severity"] for f in capped["findings"]} <= {"warning", "info"}
