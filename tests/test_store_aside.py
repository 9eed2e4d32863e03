"""Work done aside in a forked child (`forkpool.aside`), and the whole-run cache entry of a large
corpus written that way (issue 13: what the entry's encoder allocates stays out of the process
that goes on to write the reports)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from plancheck import engine, forkpool
from plancheck.cli import main
from tests.planfactory import fact, write_plan

needs_fork = pytest.mark.skipif(not forkpool.can_fork(), reason="no fork on this system")


@needs_fork
def test_the_work_runs_in_a_child_that_sees_this_process_state(tmp_path):
    state = {"n": 41}

    def work(out: Path) -> None:
        state["n"] += 1  # the child's copy
        out.write_text(f"{os.getpid()} {state['n']}", "utf-8")

    join = forkpool.aside(work, tmp_path / "out")
    assert join() is True
    pid, n = (tmp_path / "out").read_text("utf-8").split()
    assert int(pid) != os.getpid() and n == "42"  # inherited state, changed there only
    assert state == {"n": 41}


@needs_fork
def test_a_failure_in_the_child_is_false_and_this_process_goes_on(tmp_path):
    def work() -> None:
        raise RuntimeError("boom")

    assert forkpool.aside(work)() is False


def test_without_fork_the_work_runs_here(tmp_path, monkeypatch):
    monkeypatch.setattr(forkpool, "can_fork", lambda: False)
    seen = []
    assert forkpool.aside(seen.append, 1)() is True and seen == [1]

    def fails() -> None:
        raise ValueError("no")

    assert forkpool.aside(fails)() is False


JX = "从2015年的225.0亿元增加到2020年的506.9亿元，年均增长17.6%"


@needs_fork
def test_a_large_corpus_entry_is_written_by_a_child_and_read_back_by_the_next_run(tmp_path, monkeypatch):
    monkeypatch.setattr(engine, "STORE_ASIDE_PLANS", 1)
    facts = [fact("va-2015", "core_va", "225.0", 2015, JX), fact("va-2020", "core_va", "506.9", 2020, JX)]
    growth = [{"id": "g", "indicator": "core_va", "start": {"year": 2015, "fact": "va-2015"},
               "end": {"year": 2020, "fact": "va-2020"}, "measure": "cagr", "rate": "18.6", "quote": JX}]
    write_plan(tmp_path / "plans", facts=facts, growth=growth)
    writers: list[int] = []
    real_store = engine._store_run

    def store(*a):
        (tmp_path / "writer").write_text(str(os.getpid()), "utf-8")
        real_store(*a)

    monkeypatch.setattr(engine, "_store_run", store)
    hits = []
    real_hit = engine._cached_run
    monkeypatch.setattr(engine, "_cached_run", lambda *a: hits.append(r := real_hit(*a)) or r)

    def check(out: str):
        rc = main(["check", str(tmp_path / "plans"), "--output-dir", str(tmp_path / out), "--no-quality", "-q",
                   "--select", "PC000,PC101", "--cache-dir", str(tmp_path / "cache")])
        return rc, json.loads((tmp_path / out / "report.json").read_text("utf-8"))

    rc1, doc1 = check("r1")
    writers.append(int((tmp_path / "writer").read_text("utf-8")))
    assert writers[0] != os.getpid()  # written by the forked child
    assert hits == [None] and rc1 == 1 and [f["rule"] for f in doc1["findings"]] == ["PC101"]
    rc2, doc2 = check("r2")  # another folder: not replayed, the findings come from the entry
    assert hits[-1] is not None and (rc2, doc2["findings"]) == (rc1, doc1["findings"])
