"""Hostile and broken input on the output side (issue 8, item 9): exit 2 with a clear message naming
the file and what is wrong, never a traceback; the rest of the corpus is still checked.

The tests run as root in CI, where permissions do not stop writes, so "unwritable" is simulated
by making `os.access` and the folder creation answer as they would for an ordinary user.
"""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

from plancheck.cli import main
from tests.planfactory import ROOT

PLANS = str(ROOT / "plans")
FAST = ["--no-quality", "--no-cache", "--format", "json,md"]


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # settings defaults, no writes into the repository


def _check(capsys, *args: str) -> tuple[int, str]:
    rc = main(["check", PLANS, *FAST, *args])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return rc, err


# ---------------------------------------------------------------- --output-dir


def test_output_dir_that_is_a_file(tmp_path, capsys):
    (tmp_path / "out").write_text("x", "utf-8")
    rc, err = _check(capsys, "--output-dir", "out")
    assert rc == 2 and "output folder out is a file" in err
    assert (tmp_path / "out").read_text("utf-8") == "x"


def test_output_dir_under_a_file(tmp_path, capsys):
    (tmp_path / "f").write_text("x", "utf-8")
    rc, err = _check(capsys, "--output-dir", "f/reports")
    assert rc == 2 and "is not a writable folder" in err and str(tmp_path / "f") in err


def _unwritable(monkeypatch, *paths: Path) -> None:
    real = os.access
    blocked = {str(p) for p in paths}
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if str(p) in blocked and mode & os.W_OK else real(p, mode, **kw))


def test_output_dir_that_is_not_writable(tmp_path, capsys, monkeypatch):
    (tmp_path / "reports").mkdir()
    _unwritable(monkeypatch, tmp_path / "reports")
    rc, err = _check(capsys, "--output-dir", "reports")
    assert rc == 2 and "output folder reports is not writable" in err
    assert list((tmp_path / "reports").iterdir()) == []


def test_output_dir_under_an_unwritable_parent(tmp_path, capsys, monkeypatch):
    (tmp_path / "ro").mkdir()
    _unwritable(monkeypatch, tmp_path / "ro")
    rc, err = _check(capsys, "--output-dir", "ro/reports")
    assert rc == 2 and f"{tmp_path / 'ro'} is not a writable folder" in err
    assert list((tmp_path / "ro").iterdir()) == []


def test_a_folder_that_cannot_be_created_at_write_time(tmp_path, capsys, monkeypatch):
    """os.access can say yes and the write still fail (read-only mount, ACLs): still exit 2."""
    real = Path.mkdir

    def refuse(self, *a, **kw):
        if ".plancheck-" in self.name:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self, *a, **kw)

    monkeypatch.setattr(Path, "mkdir", refuse)
    rc, err = _check(capsys, "--output-dir", "reports")
    assert rc == 2 and "cannot write reports to reports: Permission denied" in err


@pytest.mark.parametrize("out", [".", "..", "plans-copy", "plans-copy/sub/.."])
def test_output_dir_holding_the_work_or_the_plans_is_refused(tmp_path, capsys, out):
    import shutil

    shutil.copytree(ROOT / "plans", tmp_path / "plans-copy")
    before = sorted(p.name for p in tmp_path.iterdir())
    rc = main(["check", "plans-copy", *FAST, "--output-dir", out])
    err = capsys.readouterr().err
    assert rc == 2 and "replaces the whole output folder" in err, err
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_output_dir_with_foreign_files_is_refused(tmp_path, capsys):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "notes.txt").write_text("mine", "utf-8")
    rc, err = _check(capsys, "--output-dir", "docs")
    assert rc == 2 and "holds files that are not reports (notes.txt)" in err
    assert [p.name for p in (tmp_path / "docs").iterdir()] == ["notes.txt"]


def test_a_folder_of_subfolders_only_is_refused_and_left_as_it_was(tmp_path, capsys):
    """A pull request's settings (or a committed link) can name any folder: one that is not a
    report set is not rebuilt, even when it holds only folders (a home, a project)."""
    (tmp_path / "mine" / "secret").mkdir(parents=True)
    (tmp_path / "mine" / "secret").chmod(0o700)
    (tmp_path / "mine" / "secret" / "key").write_bytes(b"k")
    before = (tmp_path / "mine" / "secret").stat().st_ino
    rc, err = _check(capsys, "--output-dir", "mine")
    assert rc == 2 and "holds files that are not reports (secret)" in err
    assert (tmp_path / "mine" / "secret").stat().st_ino == before
    assert sorted(p.name for p in (tmp_path / "mine").iterdir()) == ["secret"]


def test_a_folder_holding_only_the_data_docs_site_is_taken_over_and_the_site_kept(tmp_path, capsys):
    (tmp_path / "reports" / "data-docs").mkdir(parents=True)  # `make docs` before the first check
    (tmp_path / "reports" / "data-docs" / "index.html").write_text("<html></html>", "utf-8")
    rc, _ = _check(capsys, "--output-dir", "reports")
    assert rc == 1 and (tmp_path / "reports" / "report.json").is_file()
    assert (tmp_path / "reports" / "data-docs" / "index.html").read_text("utf-8") == "<html></html>"


def test_folders_a_user_keeps_in_a_report_set_are_kept_with_their_modes(tmp_path, capsys):
    rc, _ = _check(capsys, "--output-dir", "reports")
    assert rc == 1 and (tmp_path / "reports" / ".plancheck-set.json").is_file()
    (tmp_path / "reports" / "screenshots").mkdir()
    (tmp_path / "reports" / "screenshots").chmod(0o700)
    (tmp_path / "reports" / "screenshots" / "a.png").write_bytes(b"png")
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "reports" / "screenshots" / "pipe")  # linked, or left out: never opened
    rc, _ = _check(capsys, "--output-dir", "reports")  # no cache: the set is written again
    assert rc == 1
    kept = tmp_path / "reports" / "screenshots"
    assert (kept / "a.png").read_bytes() == b"png" and (kept.stat().st_mode & 0o777) == 0o700


def test_an_old_report_folder_without_manifest_is_taken_over(tmp_path, capsys):
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "report.json").write_text("{}", "utf-8")  # a set from before manifests
    (tmp_path / "reports" / "data-docs").mkdir()
    rc, _ = _check(capsys, "--output-dir", "reports")
    assert rc == 1 and json.loads((tmp_path / "reports" / "report.json").read_text("utf-8"))["findings"]
    assert (tmp_path / "reports" / "data-docs").is_dir()


# ---------------------------------------------------------------- --waivers


def test_waivers_that_is_a_folder(tmp_path, capsys):
    (tmp_path / "w").mkdir()
    rc, err = _check(capsys, "--waivers", "w", "--output-dir", "r")
    assert rc == 2 and "input error: w: is a folder, not a waivers file" in err
    assert json.loads((tmp_path / "r" / "report.json").read_text("utf-8"))["summary"]["plans"] == 5  # still checked


@pytest.mark.parametrize("data", ["waivers: []\n# café\n".encode("latin-1"),
                                  "waivers: []  # 豁免\n".encode("gbk"), "waivers: []\n".encode("utf-16")])
def test_waivers_that_are_not_utf8(tmp_path, capsys, data):
    (tmp_path / "w.yaml").write_bytes(data)
    rc, err = _check(capsys, "--waivers", "w.yaml", "--output-dir", "r")
    assert rc == 2 and "w.yaml:" in err and "not UTF-8 text" in err
    doc = json.loads((tmp_path / "r" / "report.json").read_text("utf-8"))
    assert doc["summary"]["plans"] == 5 and doc["input_errors"][0]["file"] == "w.yaml"


# ---------------------------------------------------------------- --baseline and diff

BAD_REPORTS = [
    ("[]", "the top level is a list, not an object"),
    ("5", "the top level is a number, not an object"),
    ('{"summary": {}}', 'no "findings" list'),
    ('{"findings": {"a": 1}}', 'no "findings" list'),
    ('{"findings": [1]}', "findings[0] is a number, not an object"),
    ('{"findings": [{"rule": "PC101"}]}', 'findings[0] has no string "id"'),
    ('{"findings": [{"id": 5}]}', 'findings[0] has no string "id"'),
    ('{"findings": [{"id": "PC101-0123456789", "plans": "x"}]}', "findings[0].plans is not a list"),
    ('{"findings": [{"id": "PC101-0123456789", "evidence": [1]}]}', "findings[0].evidence is not a list of objects"),
    ('{"findings": [{"id": "PC101-0123456789", "rule": 101}]}', "findings[0].rule is a number, not a string"),
    ('{"findings": [', "not JSON: Expecting value at line 1, column 15"),
    (b'{"findings": []}\n\xff', "not UTF-8 text (byte 17, line 2)"),
]


@pytest.mark.parametrize("text,why", BAD_REPORTS)
def test_baseline_of_the_wrong_shape(tmp_path, capsys, text, why):
    p = tmp_path / "base.json"
    p.write_bytes(text if isinstance(text, bytes) else text.encode())
    rc, err = _check(capsys, "--baseline", "base.json", "--output-dir", "r")
    assert rc == 2 and "cannot read baseline base.json" in err and why in err, err
    assert not (tmp_path / "r").exists()


def test_baseline_that_is_a_folder(tmp_path, capsys):
    (tmp_path / "b").mkdir()
    rc, err = _check(capsys, "--baseline", "b", "--output-dir", "r")
    assert rc == 2 and "cannot read baseline b: is a folder" in err


@pytest.mark.parametrize("text,why", BAD_REPORTS[:6])
def test_diff_of_a_report_of_the_wrong_shape(tmp_path, capsys, text, why):
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_text('{"findings": [{"id": "PC101-0123456789"}]}', "utf-8")
    bad.write_bytes(text if isinstance(text, bytes) else text.encode())
    assert main(["diff", str(good), str(bad)]) == 2
    err = capsys.readouterr().err
    assert why in err and "Traceback" not in err
    assert main(["diff", str(good), str(good)]) == 0  # a minimal well-formed report is fine
