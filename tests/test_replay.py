"""An unchanged `plancheck check` is replayed (plancheck.replay, issue 13: warm <= 5 s at 3,000
plans): the same stdout, stderr and exit code without loading a plan. Every input the run read
that changes, and every option, makes it a normal run again."""

from __future__ import annotations

import json
import os
import shutil

import orjson
import pytest

from plancheck import engine, replay, terminal
from plancheck.cache import PlanCache
from plancheck.cli import main
from tests.planfactory import copy_corpus


@pytest.fixture
def work(tmp_path, monkeypatch):
    copy_corpus(tmp_path)
    shutil.copy(os.path.join(os.path.dirname(__file__), "..", "waivers.yaml"), tmp_path / "waivers.yaml")
    monkeypatch.chdir(tmp_path)
    runs = []
    real = engine.run

    def counted(*a, **kw):
        runs.append(1)
        return real(*a, **kw)

    monkeypatch.setattr(engine, "run", counted)
    return tmp_path, runs


ARGS = ["check", "plans", "--no-quality", "--cache-dir", "cache", "--output-dir", "reports",
        "--waivers", "waivers.yaml"]


def _check(capsys, runs, *extra) -> tuple[int, str, str, bool]:
    before = len(runs)
    rc = main([*ARGS, *extra])
    out, err = capsys.readouterr()
    return rc, out, err, len(runs) == before  # replayed: the engine did not run


def test_an_unchanged_check_is_replayed_byte_for_byte(work, capsys):
    _, runs = work
    first = _check(capsys, runs)
    assert not first[3] and first[0] == 0 and "plans/" in first[1]  # the finding lines
    again = _check(capsys, runs)
    assert again == (*first[:3], True)
    assert _check(capsys, runs, "-q")[3] is False  # another option: another record
    assert _check(capsys, runs, "-q")[3] is True


def _edit(path, text: str = "\n# edited\n"):
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(text)


CHANGES = {
    "a plan file": lambda w: _edit(w / "plans" / "huzhou-de-2021.yaml"),
    "a source text": lambda w: _edit(w / "plans" / "sources" / "huzhou-de-2021.txt", "补"),
    "a new plan file": lambda w: shutil.copy(w / "plans" / "huzhou-de-2021.yaml", w / "plans" / "huzhou-copy.yaml"),
    "a new file beside the plans": lambda w: (w / "plans" / "notes.txt").write_text("x", "utf-8"),
    "the waivers": lambda w: _edit(w / "waivers.yaml"),
    "a new reference file": lambda w: shutil.copy(w / "plans" / "reference" / "regional-totals.yaml",
                                                  w / "plans" / "reference" / "regional-totals-2.yaml"),
    "a report file removed": lambda w: os.remove(w / "reports" / "report.md"),
    "a report file resized": lambda w: _edit(w / "reports" / "report.md"),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_any_changed_input_or_report_is_a_normal_run(work, capsys, change):
    w, runs = work
    _check(capsys, runs)
    CHANGES[change](w)
    assert _check(capsys, runs)[3] is False, f"{change}: replayed a stale outcome"
    assert _check(capsys, runs)[3] is True  # and that run is the new record


def test_a_plan_kept_out_by_its_missing_source_counts_that_source(work, capsys):
    w, runs = work
    src = w / "plans" / "sources" / "huzhou-de-2021.txt"
    kept = src.read_bytes()
    src.unlink()
    first = _check(capsys, runs)
    assert first[0] == 2 and "source text not found" in first[2]
    assert _check(capsys, runs) == (*first[:3], True)  # bad input is an outcome too: replayed
    src.write_bytes(kept)  # the plan now loads: its findings return
    rc2, _, _, replayed = _check(capsys, runs)
    assert not replayed and rc2 == 0


def test_a_tampered_record_is_ignored(work, capsys):
    w, runs = work
    first = _check(capsys, runs)
    for entry in (w / "cache" / "findings").glob("*.json"):
        body = entry.read_bytes()
        if b'"stdout"' in body:  # the record: its output replaced, its signature kept
            entry.write_bytes(body.replace(b'"rc":0', b'"rc":1'))
    again = _check(capsys, runs)
    assert again == (*first[:3], False)


def test_an_internal_error_is_never_replayed(work, capsys, monkeypatch):
    """A rule that crashes still lets the reports be written (exit 3 with a set in place): only
    the exit code keeps that run from being recorded and replayed once the rule works again."""
    from plancheck.rules.pc101_growth_rate import GrowthRate

    _, runs = work
    real = GrowthRate.check_plan

    def broken(self, corpus, lp):
        raise RuntimeError("boom")

    monkeypatch.setattr(GrowthRate, "check_plan", broken)
    rc, _, err, _ = _check(capsys, runs)
    assert rc == 3 and "boom" in err
    monkeypatch.setattr(GrowthRate, "check_plan", real)  # same code digest: only rc 3 is not kept
    rc, _, err, replayed = _check(capsys, runs)
    assert (rc, replayed) == (0, False) and "boom" not in err


def test_no_cache_records_nothing(work, capsys):
    w, runs = work
    assert main(["check", "plans", "--no-quality", "--no-cache", "--output-dir", "reports"]) == 0
    assert not (w / "cache").exists()


def test_a_passing_notice_is_not_part_of_the_recorded_output(capsys):
    with replay.capturing() as (out, err):
        terminal.notice("plancheck: waiting for another run writing reports ...")
        print("kept", file=__import__("sys").stderr)
    assert err.text() == "kept\n"
    assert "waiting" in capsys.readouterr().err


def test_the_record_holds_each_file_with_its_digest(work, capsys):
    w, runs = work
    _check(capsys, runs)
    records = [json.loads(p.read_bytes().split(b"\n", 1)[1]) for p in (w / "cache" / "findings").glob("*.json")
               if b'"stdout"' in p.read_bytes()]
    assert len(records) == 1
    files = records[0]["state"]["files"]
    assert {"plans/huzhou-de-2021.yaml", "plans/sources/huzhou-de-2021.txt", "waivers.yaml"} <= set(files)
    assert any(f.endswith("plans/reference/regional-totals.yaml") for f in files)  # found as an absolute path
    assert all(v is None or len(v[1]) == 64 for v in files.values())


def test_a_baseline_the_run_rewrites_is_hashed_as_it_was_read(work, capsys):
    """`--baseline reports/report.json` while writing reports/: each run compares with the
    previous run's report, so the second run's outcome differs from the first (no finding is new
    any more) although no plan changed; it must not be replayed from the first."""
    w, runs = work
    _check(capsys, runs)  # a first report to compare with
    _edit(w / "plans" / "huzhou-de-2021.yaml")  # not replayable: the plans changed since
    base = ("--baseline", "reports/report.json")
    _check(capsys, runs, *base)
    second = _check(capsys, runs, *base)
    assert not second[3], "the baseline it read was the first run's own report: a new input"
    assert _check(capsys, runs, *base)[3] is True


class _Sink:
    def write(self, s: str) -> int:
        return len(s)


def _captured(parts: list[str]) -> replay.Capture:
    cap = replay.Capture(_Sink())
    for p in parts:
        cap.write(p)
    return cap


@pytest.mark.parametrize("size", [1, 3, 7, 1 << 20])
def test_the_streamed_record_is_the_whole_record_s_bytes(size):
    """The record is written in pieces, the captured text escaped a piece at a time: put
    together, the same bytes as encoding the whole record (escapes across piece boundaries,
    CJK, quotes, control characters, an empty stream)."""
    written = ["plans/甲.yaml:3:1: error PC101 \"年均增长\" 8.5%\n", "\\", "\t\x01\x7f\r\n", "", "尾\r", "\n"]
    out, err = _captured(written), _captured([])
    head = {"state": {"files": {"a": ["b", "c"]}}, "rc": 1, "set": "k"}
    got = b"".join(replay.record_chunks(head, out, err, size))
    assert got == orjson.dumps({**head, "stdout": "".join(written), "stderr": ""})
    assert out.text() == "".join(written) and err.text() == ""
    assert all(len(p) == size for p in list(out.pieces(size))[:-1])
    out.write("more")  # a write after the pieces were read goes at the end
    assert out.text() == "".join(written) + "more"


def test_output_json_cannot_hold_leaves_no_record(tmp_path):
    """A lone surrogate in the captured output: no entry (and no temporary) is written."""
    cache = PlanCache(tmp_path / "cache", key_dir=tmp_path / "key")
    out, err = _captured(["fine\n", "bad \ud800\n"]), _captured([])
    assert not cache.put_chunks("k" * 64, replay.record_chunks({"rc": 0}, out, err, 1))
    assert cache.put_chunks("j" * 64, replay.record_chunks({"rc": 0}, _captured(["fine\n"]), err, 1))
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == ["j" * 64 + ".json"]


def test_a_record_head_carrying_output_fields_is_refused():
    with pytest.raises(ValueError):
        list(replay.record_chunks({"stdout": "x"}, _captured([]), _captured([])))


def test_a_copy_that_cannot_be_written_drops_the_record_not_the_output(tmp_path):
    """A full disk under the temporary copy: the output still goes through, no record is kept."""
    class Full:
        def write(self, s):
            raise OSError(28, "No space left on device")

        def close(self):
            pass

    shown = []
    sink = _Sink()
    sink.write = lambda s: shown.append(s) or len(s)
    out = replay.Capture(sink)
    out._copy.close()
    out._copy = Full()
    out.write("plans/a.yaml:1:1: error\n")
    out.write("more\n")
    assert shown == ["plans/a.yaml:1:1: error\n", "more\n"]
    cache = PlanCache(tmp_path / "cache", key_dir=tmp_path / "key")
    assert not cache.put_chunks("k" * 64, replay.record_chunks({"rc": 0}, out, _captured([])))
    assert not any((tmp_path / "cache").glob("*.json"))
