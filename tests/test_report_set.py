"""The report set is one unit (issue 8, item 12): kill -9 mid-write, concurrent runs, a failing writer.

Every test starts from a complete set of one run and checks that whatever happens to the next
run, the output folder holds one complete set (checked against its manifest), never a mix, and
that temporaries of killed runs are cleaned up.
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from plancheck.cli import main
from plancheck.report import reportset
from tests.planfactory import ROOT

PLANS = str(ROOT / "plans")
FAST = ["--no-quality", "--no-cache", "-q"]


def _run(out: Path, *extra: str) -> int:
    return main(["check", PLANS, "--output-dir", str(out), *FAST, *extra])


def _snapshot(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def _leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.plancheck-"))


@pytest.fixture()
def previous(tmp_path, monkeypatch):
    """A complete English set in tmp/reports, written by a first run."""
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "reports"
    assert _run(out, "--lang", "en") == 1  # the real corpus has errors
    before = _snapshot(out)
    assert set(before) == {".plancheck-set.json", "report.json", "report.md", "report.html", "report.sarif", "junit.xml",
                           "report-summary.md"}
    assert reportset.read(out) == {k: v for k, v in before.items() if k != reportset.MANIFEST}
    return out, before


def test_a_failing_writer_leaves_the_previous_set_and_exits_3(previous, monkeypatch, capsys):
    out, before = previous
    from plancheck.report import html

    def boom(doc, result):
        raise OverflowError("cannot convert float infinity to integer")

    monkeypatch.setattr(html, "render", boom)
    assert _run(out, "--lang", "zh") == 3  # not 1 ("errors found") and not 2 (bad input)
    err = capsys.readouterr().err
    assert "internal error" in err and "html writer" in err and "OverflowError" in err and "unchanged" in err
    assert "Traceback" not in err
    assert _snapshot(out) == before  # json and md were rendered before html, yet nothing changed
    assert _leftovers(out) == []


def test_a_full_disk_leaves_the_previous_set_and_exits_2(previous, monkeypatch, capsys):
    out, before = previous
    real = os.fsync
    calls = []

    def full(fd):  # a full disk shows when the data is flushed: the third report file
        calls.append(fd)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real(fd)

    monkeypatch.setattr(os, "fsync", full)
    assert _run(out, "--lang", "zh") == 2
    err = capsys.readouterr().err
    assert "No space left on device" in err and "unchanged" in err and "Traceback" not in err
    assert _snapshot(out) == before and _leftovers(out) == []


KILLER = textwrap.dedent("""
    import os, signal, sys
    from plancheck.report import html, reportset
    real, real_chunks = reportset.SetWriter.write, reportset.SetWriter.write_chunks
    def write(self, name, text):
        real(self, name, text)
        if name == sys.argv[1]:  # killed with files of the new set already on disk
            os.kill(os.getpid(), signal.SIGKILL)
    def write_chunks(self, name, chunks):  # the streamed formats (report.md, junit.xml ...)
        real_chunks(self, name, chunks)
        if name == sys.argv[1]:
            os.kill(os.getpid(), signal.SIGKILL)
    reportset.SetWriter.write = write
    reportset.SetWriter.write_chunks = write_chunks
    from plancheck.cli import main
    main(["check", sys.argv[2], "--output-dir", sys.argv[3], "--lang", "zh", "--no-quality", "--no-cache", "-q"])
""")


@pytest.mark.parametrize("after", ["report.md", "junit.xml"])
def test_kill_9_mid_write_leaves_the_previous_set_and_the_next_run_cleans_up(previous, tmp_path, after):
    out, before = previous
    r = subprocess.run([sys.executable, "-c", KILLER, after, PLANS, str(out)], cwd=tmp_path, capture_output=True)
    assert r.returncode == -9, r.stderr
    assert _snapshot(out) == before  # the English set, whole
    assert len(_leftovers(out)) == 1  # the killed run's staging folder
    assert _run(out, "--lang", "zh") == 1
    assert _leftovers(out) == []
    files = reportset.read(out)
    assert json.loads(files["report.json"])["lang"] == "zh" and "html" in files["report.html"].decode()[:20].lower()


def test_kill_9_between_rename_steps_of_the_fallback(previous, tmp_path, monkeypatch):
    """Without renameat2 the old folder is renamed away first: killed there, the next run recovers."""
    out, before = previous
    code = KILLER.replace("reportset.SetWriter.write = write", textwrap.dedent("""
        reportset._exchange = lambda a, b: False
        real_rename = os.rename
        def rename(a, b):
            real_rename(a, b)
            if str(b).endswith('.old'):
                os.kill(os.getpid(), signal.SIGKILL)
        os.rename = rename
    """))
    r = subprocess.run([sys.executable, "-c", code, "-", PLANS, str(out)], cwd=tmp_path, capture_output=True)
    assert r.returncode == -9, r.stderr
    assert not out.exists()  # missing for that moment, never mixed
    assert _run(out, "--lang", "en") == 1
    assert _snapshot(out) == before and _leftovers(out) == []


def test_the_fallback_without_renameat2_writes_the_same_set(previous, monkeypatch):
    out, before = previous
    monkeypatch.setattr(reportset, "_exchange", lambda a, b: False)
    assert _run(out, "--lang", "en") == 1
    assert _snapshot(out) == before and _leftovers(out) == []


def test_two_concurrent_runs_leave_one_whole_set_and_readers_never_see_a_mix(previous, tmp_path):
    out, _ = previous
    seen: list[str] = []
    stop = threading.Event()

    def reader():
        while not stop.is_set():
            try:
                files = reportset.read(out)
            except (FileNotFoundError, NotADirectoryError):
                continue  # the old folder was removed under the reader: read again
            lang = json.loads(files["report.json"])["lang"]
            md_lang = "en" if b"plancheck consistency report" in files["report.md"][:300] else "zh"
            seen.append(lang if lang == md_lang else f"mix {lang}/{md_lang}")

    t = threading.Thread(target=reader)
    t.start()
    procs = [subprocess.Popen([sys.executable, "-m", "plancheck", "check", PLANS, "--output-dir", str(out), "--lang", lang,
                               "--format", "json,md", *FAST], cwd=tmp_path, stderr=subprocess.PIPE)
             for lang in ("zh", "en", "zh", "en")]
    codes = [p.wait(timeout=120) for p in procs]
    stop.set()
    t.join()
    assert codes == [1, 1, 1, 1], [p.stderr.read() for p in procs]
    assert seen and not [s for s in seen if s.startswith("mix")]
    files = reportset.read(out)
    assert set(files) == {"report.json", "report.md"}  # formats this run did not write are gone, not stale
    assert _leftovers(out) == []


def test_a_second_run_waits_for_the_lock(previous, tmp_path):
    out, before = previous
    fd = os.open(out.parent, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        p = subprocess.Popen([sys.executable, "-m", "plancheck", "check", PLANS, "--output-dir", str(out), "--lang", "zh",
                              *FAST], cwd=tmp_path, stderr=subprocess.PIPE, text=True)
        line = p.stderr.readline()  # blocks until the run reaches the lock
        assert "waiting for another run" in line
        assert _snapshot(out) == before and _leftovers(out) == []  # nothing written while locked out
    finally:
        os.close(fd)
    assert p.wait(timeout=120) == 1
    assert json.loads(reportset.read(out)["report.json"])["lang"] == "zh"


def test_entries_that_are_not_reports_are_carried_over(previous):
    out, _ = previous
    (out / "data-docs").mkdir()
    (out / "data-docs" / "index.html").write_text("docs", "utf-8")
    assert _run(out, "--lang", "zh", "--format", "json") == 1
    assert (out / "data-docs" / "index.html").read_text("utf-8") == "docs"
    assert not (out / "report.html").exists()  # the English run's html is not part of this set


def test_a_symlinked_output_folder_stays_a_symlink(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    assert _run(tmp_path / "link", "--format", "json") == 1
    assert (tmp_path / "link").is_symlink() and (real / "report.json").is_file()
    assert _run(tmp_path / "link", "--format", "json") == 1
    assert (tmp_path / "link").is_symlink() and _leftovers(real) == []


def test_same_input_same_bytes(previous):
    out, before = previous
    assert _run(out, "--lang", "en") == 1
    assert _snapshot(out) == before
