"""A plan may only cite source texts inside its own folder: `..`, absolute paths, /proc and
symbolic links pointing outside are input errors (exit 2), and nothing about the outside file
(its hash, its existence) is reported."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from plancheck.cli import main
from plancheck.loader import load_plans
from tests.planfactory import SOURCES, write_plan

SECRET = b"root:x:0:0:secret\n"


def _plan_citing(folder: Path, cited: str) -> Path:
    path = write_plan(folder)
    text = path.read_text("utf-8")
    good = "sources/jiaxing-de-2021.txt"
    assert good in text
    path.write_text(text.replace(good, cited), "utf-8")
    return path


def _outside(tmp_path: Path) -> Path:
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir(parents=True, exist_ok=True)
    secret.write_bytes(SECRET)
    return secret


def _errors(folder: Path):
    res = load_plans([folder], folder)
    assert not res.plans
    return res.errors


def _cases(tmp_path: Path) -> dict[str, str]:
    secret = _outside(tmp_path)
    depth = len(tmp_path.parts) + 4
    return {
        "dotdot": "../outside/secret.txt",
        "dotdot-deep": "../" * depth + str(secret).lstrip("/"),
        "inner-dotdot": "sources/../../outside/secret.txt",
        "absolute": str(secret),
        "proc": "/proc/self/environ",
        "windows-drive": "C:/Windows/win.ini",
        "nul": '"sources/x\\0.txt"',  # a YAML escape: a NUL byte in the path
    }


@pytest.mark.parametrize("case", ["dotdot", "dotdot-deep", "inner-dotdot", "absolute", "proc", "windows-drive", "nul"])
def test_paths_out_of_the_plan_folder_are_refused(tmp_path, case):
    folder = tmp_path / "plans"
    cited = _cases(tmp_path)[case]
    _plan_citing(folder, cited)
    (err,) = _errors(folder)
    assert err.field == "source.file" and err.line is not None
    assert hashlib.sha256(SECRET).hexdigest() not in err.message
    assert "secret:" not in err.message


def test_a_symlink_out_of_the_folder_is_refused(tmp_path):
    folder = tmp_path / "plans"
    secret = _outside(tmp_path)
    _plan_citing(folder, "sources/link.txt")
    (folder / "sources" / "link.txt").symlink_to(secret)
    (err,) = _errors(folder)
    assert err.field == "source.file" and "outside" in err.message
    assert hashlib.sha256(SECRET).hexdigest() not in err.message


def test_a_linked_sources_folder_pointing_out_is_refused(tmp_path):
    folder = tmp_path / "plans"
    secret = _outside(tmp_path)
    _plan_citing(folder, "ext/secret.txt")
    os.symlink(secret.parent, folder / "ext")
    (err,) = _errors(folder)
    assert "outside" in err.message


def test_a_symlink_inside_the_folder_is_followed(tmp_path):
    folder = tmp_path / "plans"
    _plan_citing(folder, "sources/alias.txt")
    (folder / "sources" / "alias.txt").symlink_to(folder / "sources" / "jiaxing-de-2021.txt")
    res = load_plans([folder], folder)
    assert not res.errors and len(res.plans) == 1


def test_a_folder_is_not_a_source(tmp_path):
    folder = tmp_path / "plans"
    _plan_citing(folder, "sources")
    (err,) = _errors(folder)
    assert "regular file" in err.message


def test_the_cli_exits_2_and_checks_the_other_plans(tmp_path, capsys):
    folder = tmp_path / "plans"
    secret = _outside(tmp_path)
    bad = _plan_citing(folder, "../outside/secret.txt")
    bad.rename(folder / "evil.yaml")
    (folder / "evil.yaml").write_text((folder / "evil.yaml").read_text("utf-8").replace("id: test-plan", "id: evil"), "utf-8")
    write_plan(folder, "good-plan")
    rc = main(["check", str(folder), "--output-dir", str(tmp_path / "out"), "--format", "json", "--no-quality", "--no-cache"])
    err = capsys.readouterr().err
    assert rc == 2 and "evil.yaml" in err and "source.file" in err
    assert hashlib.sha256(secret.read_bytes()).hexdigest() not in err
    assert "1 plans" in err


def test_real_sources_still_resolve():
    assert (SOURCES / "jiaxing-de-2021.txt").is_file()
