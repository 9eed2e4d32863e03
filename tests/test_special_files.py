"""A pull request controls every file a CI job reads: a named pipe or a link to a device where a
waivers, settings, reference, baseline or plan file is expected must be an input error (exit 2,
naming the file), never a run that waits forever or reads without end (plancheck.safeio)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from plancheck.safeio import read_regular
from tests.planfactory import copy_corpus

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need POSIX")


def _check(work, *args):
    env = {**os.environ, "GX_ANALYTICS_ENABLED": "false"}
    # a hang is the failure this guards against: the timeout turns it into a failed test
    return subprocess.run([sys.executable, "-m", "plancheck", "check", "--no-quality", "-q", "--output-dir", "r",
                           "--no-cache", *args], cwd=work, env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("where", ["waivers", "reference", "config", "baseline", "plan"])
def test_a_named_pipe_is_an_input_error_not_a_hang(tmp_path, where):
    copy_corpus(tmp_path)
    args = ["plans"]
    if where == "waivers":
        os.mkfifo(tmp_path / "w.yaml")
        args += ["--waivers", "w.yaml"]
    elif where == "reference":
        (tmp_path / "plans" / "reference" / "regional-totals.yaml").unlink()
        os.mkfifo(tmp_path / "plans" / "reference" / "regional-totals.yaml")
    elif where == "config":
        os.mkfifo(tmp_path / "settings.toml")
        args += ["--config", "settings.toml"]
    elif where == "baseline":
        os.mkfifo(tmp_path / "old.json")
        args += ["--baseline", "old.json"]
    else:
        os.mkfifo(tmp_path / "extra.yaml")
        args += ["extra.yaml"]
    r = _check(tmp_path, *args)
    assert r.returncode == 2, r.stderr
    assert "named pipe" in r.stderr and "Traceback" not in r.stderr


def test_read_regular_refuses_devices_and_folders(tmp_path):
    for path, kind in (("/dev/zero", "a device"), (str(tmp_path), "a folder")):
        with pytest.raises(OSError, match=kind):
            read_regular(path)
    (tmp_path / "f").write_bytes(b"ok")
    os.symlink(tmp_path / "f", tmp_path / "link")
    assert read_regular(tmp_path / "link") == b"ok"  # a link to a regular file is read
    assert read_regular(os.devnull) == b""  # "no file": read as empty, as before


def _check_cached(work, cache, *args):
    env = {**os.environ, "GX_ANALYTICS_ENABLED": "false", "PLANCHECK_CACHE_DIR": str(work / "key")}
    return subprocess.run([sys.executable, "-m", "plancheck", "check", "--no-quality", "-q", "--cache-dir", cache,
                           *args], cwd=work, env=env, capture_output=True, text=True, timeout=120)


def test_named_pipes_under_the_cache_entries_names_are_not_read(tmp_path):
    """A cache folder inside the checkout is the pull request's: the entries' names are public
    (digests of the plans and the tool's code), so it can hold a named pipe under each."""
    copy_corpus(tmp_path)
    first = _check_cached(tmp_path, "pc", "plans", "--output-dir", "r1")
    assert first.returncode in (0, 1), first.stderr
    names = [p.relative_to(tmp_path / "pc") for p in (tmp_path / "pc").rglob("*.json")]
    assert names, "the first run wrote cache entries"
    for name in names:
        (tmp_path / "pc" / name).unlink()
        os.mkfifo(tmp_path / "pc" / name)
    (tmp_path / "r1" / ".plancheck-set.json").unlink()
    os.mkfifo(tmp_path / "r1" / ".plancheck-set.json")  # a committed report set's manifest, too
    again = _check_cached(tmp_path, "pc", "plans", "--output-dir", "r1")  # a hang fails by the timeout
    assert again.returncode == first.returncode, again.stderr
    assert "Traceback" not in again.stderr
    assert (tmp_path / "r1" / ".plancheck-set.json").is_file()  # the set was written again, whole
