"""The text formats written by a forked child while the HTML is written here (issue 13,
plancheck.report.sidewrite): the same set, byte for byte, as the serial writer; a failure of the
child is the writer's failure (exit 3, the previous set unchanged); a failure here stops the child."""

from __future__ import annotations

import json
import os

import pytest

from plancheck import engine, forkpool
from plancheck.cli import main
from plancheck.report import reportset, sidewrite, writers
from tests.planfactory import ROOT

pytestmark = pytest.mark.skipif(not forkpool.can_fork(), reason="the child is forked (POSIX)")

PLANS = str(ROOT / "plans")


@pytest.fixture()
def alongside(monkeypatch):
    """The child writes the text formats even for the five plans (and on one core)."""
    monkeypatch.setattr(sidewrite, "MIN_FINDINGS", 0)
    monkeypatch.setattr(forkpool, "default_workers", lambda: 2)


@pytest.fixture(scope="module")
def country(tmp_path_factory):
    from bench.corpus import build as build_country

    folder = tmp_path_factory.mktemp("country") / "plans"
    build_country(folder, 24, counties=0)
    rules = engine.build_rules(engine.selected([], ["PC501"]), {})
    return engine.run([folder], rules, root=folder.parent)


def _whole(out):
    return reportset.read(out), json.loads((out / reportset.MANIFEST).read_text())


def test_the_set_is_the_serial_set_and_the_child_wrote_the_text_formats(country, tmp_path, monkeypatch):
    formats = list(writers.WRITERS)
    writers.write(country, tmp_path / "serial", formats, "zh")
    assert not sidewrite.worth_it(writers.build(country, "zh"), formats)  # 24 plans: too small to fork for

    who = tmp_path / "who"
    real_chunks, real_write = reportset.SetWriter.write_chunks, reportset.SetWriter.write

    def note(name):
        with open(who, "a") as fh:  # a file: the child's memory is its own
            fh.write(f"{name} {os.getpid()}\n")

    def write_chunks(self, name, chunks):
        note(name)
        real_chunks(self, name, chunks)

    def write(self, name, text):
        note(name)
        real_write(self, name, text)

    monkeypatch.setattr(reportset.SetWriter, "write_chunks", write_chunks)
    monkeypatch.setattr(reportset.SetWriter, "write", write)
    monkeypatch.setattr(sidewrite, "MIN_FINDINGS", 0)
    monkeypatch.setattr(forkpool, "default_workers", lambda: 2)
    writers.write(country, tmp_path / "side", formats, "zh")
    assert _whole(tmp_path / "side") == _whole(tmp_path / "serial")
    by = dict(line.split() for line in who.read_text().splitlines() if "/" not in line.split()[0])
    child = {writers.WRITERS[f][0] for f in sidewrite.ALONGSIDE}  # report.json too: a new folder
    # each text format by a process of its own (a grandchild of the writer child: what one
    # format's writer keeps is gone before the next starts), none of them this one
    assert str(os.getpid()) not in {by[n] for n in child} and len({by[n] for n in child}) == len(child)
    assert by["report.html"] == str(os.getpid())


def test_report_json_is_written_first_here_where_a_set_in_place_may_be_kept(country, tmp_path, monkeypatch):
    """With a set in place that records its inputs, report.json is written first, in this
    process: its digest decides whether the set is this very set (then nothing else is written)."""
    monkeypatch.setattr(sidewrite, "MIN_FINDINGS", 0)
    monkeypatch.setattr(forkpool, "default_workers", lambda: 2)
    monkeypatch.setattr(country, "inputs_key", "inputs-of-this-run", raising=False)
    from plancheck.cache import PlanCache

    monkeypatch.setattr(country, "seals", PlanCache(tmp_path / "cache", key_dir=tmp_path / "key"), raising=False)
    formats = list(writers.WRITERS)
    writers.write(country, tmp_path / "r", formats, "zh")  # a new folder: everything, json in the child
    first = _whole(tmp_path / "r")
    writers.write(country, tmp_path / "serial", formats, "zh")
    assert first[1]["inputs"] == _whole(tmp_path / "serial")[1]["inputs"]  # the same key either way

    written = []
    real = writers.write_format
    monkeypatch.setattr(writers, "write_format", lambda out, fmt, *a: (written.append((fmt, os.getpid())), real(out, fmt, *a)))
    writers.write(country, tmp_path / "r", formats, "zh")  # the same inputs: kept, only report.json rendered
    assert written == [("json", os.getpid())] and _whole(tmp_path / "r") == first
    writers.write(country, tmp_path / "r", formats, "en")  # another document: json first here, then the
    assert written[1:] == [("json", os.getpid()), ("html", os.getpid())]  # html here, the text formats in the child
    assert set(reportset.read(tmp_path / "r")) == set(first[0]) and _whole(tmp_path / "r") != first


def test_only_with_the_html_a_large_document_and_a_second_core(monkeypatch):
    big = {"findings": [{}] * sidewrite.MIN_FINDINGS}
    monkeypatch.setattr(forkpool, "default_workers", lambda: 2)
    assert sidewrite.worth_it(big, ["json", "md", "html"])
    assert not sidewrite.worth_it(big, ["json", "md", "sarif"])  # nothing to overlap with
    assert sidewrite.worth_it(big, ["json", "html"])  # report.json alone beside the HTML (a new folder)
    assert not sidewrite.worth_it(big, ["html"])  # nothing to send
    assert not sidewrite.worth_it({"findings": big["findings"][1:]}, ["md", "html"])
    monkeypatch.setattr(forkpool, "default_workers", lambda: 1)
    assert not sidewrite.worth_it(big, ["md", "html"])
    assert sidewrite.split(["json", "md", "html", "sarif", "junit", "summary"]) == (
        ["json", "md", "sarif", "junit", "summary"], ["html"])


@pytest.fixture()
def previous(tmp_path, monkeypatch, alongside):
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "reports"
    assert main(["check", PLANS, "--output-dir", str(out), "--no-quality", "--no-cache", "-q", "--lang", "en"]) == 1
    return out, {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def _again(out) -> int:
    return main(["check", PLANS, "--output-dir", str(out), "--no-quality", "--no-cache", "-q", "--lang", "zh"])


def _unchanged(out, before) -> bool:
    leftovers = [p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.plancheck-")]
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())} == before and not leftovers


def test_a_writer_failing_in_the_child_is_an_internal_error_and_the_set_stays(previous, monkeypatch, capsys):
    from plancheck.report import sarif

    def boom(doc):
        raise OverflowError("cannot convert float infinity to integer")
        yield  # a generator, as the real one

    monkeypatch.setattr(sarif, "byte_chunks", boom)  # what the set is written from
    out, before = previous
    assert _again(out) == 3
    err = capsys.readouterr().err
    assert "internal error: the sarif writer failed on report.sarif: OverflowError: cannot convert float infinity" in err
    assert "Traceback" not in err and _unchanged(out, before)


def test_a_child_killed_mid_write_is_an_internal_error_and_the_set_stays(previous, monkeypatch, capsys):
    from plancheck.report import junit

    def killed(doc):
        os._exit(9)
        yield

    monkeypatch.setattr(junit, "chunks", killed)
    out, before = previous
    assert _again(out) == 3
    err = capsys.readouterr().err
    assert "the junit writer failed on junit.xml: SideError: the writer process ended with exit code 9" in err
    assert "Traceback" not in err
    assert _unchanged(out, before)


def test_a_failure_here_stops_the_child_and_the_set_stays(previous, monkeypatch, capsys, tmp_path):
    from plancheck.report import html, junit

    started = tmp_path / "started"
    real = junit.chunks

    def slow(doc):
        started.write_text(str(os.getpid()))
        import time

        time.sleep(30)  # stopped long before: the test would take 30 s if the child were waited for
        yield from real(doc)

    def boom(doc, result):
        while not started.exists():
            pass
        raise OverflowError("cannot convert float infinity to integer")

    monkeypatch.setattr(junit, "chunks", slow)
    monkeypatch.setattr(html, "render", boom)
    out, before = previous
    assert _again(out) == 3
    assert "html writer" in capsys.readouterr().err
    assert _unchanged(out, before)
    writer = int(started.read_text())  # the grandchild writing junit.xml: killed with the writer child
    assert writer != os.getpid()
    for _ in range(100):  # it is not our child: its end is seen as the pid gone (or a zombie on its way)
        try:
            os.kill(writer, 0)
        except ProcessLookupError:
            break
        if _zombie(writer):
            break
        __import__("time").sleep(0.05)
    else:
        raise AssertionError("the grandchild writing junit.xml outlived the abandoned set")


def _zombie(pid: int) -> bool:
    try:
        return open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def test_without_a_process_to_fork_the_writer_child_writes_the_formats_itself(monkeypatch):
    """A fork that fails (EAGAIN: a process limit) is not the set's failure: the formats are
    written by the writer child itself, in their order."""
    class Conn:
        def send(self, reply):
            self.reply = reply

        def close(self):
            pass

    def no_fork():
        raise BlockingIOError(11, "Resource temporarily unavailable")

    written = []

    def write_format(out, fmt, doc, result):
        written.append((fmt, os.getpid()))
        out.files[fmt + ".txt"], out.sizes[fmt + ".txt"] = "digest", 1

    monkeypatch.setattr(sidewrite, "_stop_grandchild_with_me", lambda: None)  # no handler in pytest's process
    monkeypatch.setattr(sidewrite.os, "fork", no_fork)
    out, conn = type("Out", (), {"files": {}, "sizes": {}})(), Conn()
    sidewrite._child(conn, out, ["json", "md", "junit"], {}, None, write_format)
    assert written == [("json", os.getpid()), ("md", os.getpid()), ("junit", os.getpid())]
    assert conn.reply.error is None and sorted(conn.reply.files) == ["json.txt", "junit.txt", "md.txt"]
