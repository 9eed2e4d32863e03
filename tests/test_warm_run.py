"""A warm run (nothing changed): the findings of the whole run come from one cache entry and the
report set in place is kept; any change to what they are a function of runs and writes again."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from plancheck import engine
from plancheck.cli import main
from plancheck.report import reportset
from plancheck.rules.pc101_growth_rate import GrowthRate
from tests.planfactory import fact, write_plan

JX = "从2015年的225.0亿元增加到2020年的506.9亿元，年均增长17.6%"


def _plan(folder: Path, rate: str = "18.6") -> Path:
    facts = [fact("va-2015", "core_va", "225.0", 2015, JX), fact("va-2020", "core_va", "506.9", 2020, JX)]
    growth = [{"id": "g", "indicator": "core_va", "start": {"year": 2015, "fact": "va-2015"},
               "end": {"year": 2020, "fact": "va-2020"}, "measure": "cagr", "rate": rate, "quote": JX}]
    return write_plan(folder, facts=facts, growth=growth)


@pytest.fixture()
def runs(tmp_path, monkeypatch):
    """check(*extra) -> (exit code, PC101 runs, report.json doc); counts how often PC101 ran."""
    monkeypatch.chdir(tmp_path)
    calls = []
    real = GrowthRate.check_plan

    def counted(self, corpus, lp):
        calls.append(lp.plan.id)
        return real(self, corpus, lp)

    monkeypatch.setattr(GrowthRate, "check_plan", counted)
    hits = []
    real_run = engine._cached_run
    monkeypatch.setattr(engine, "_cached_run", lambda *a: hits.append(r := real_run(*a)) or r)
    engine_runs = []
    real_engine = engine.run
    monkeypatch.setattr(engine, "run", lambda *a, **kw: engine_runs.append(1) or real_engine(*a, **kw))
    _plan(tmp_path / "plans")

    def check(*extra: str, out: str = "r", cache: str = "cache"):
        calls.clear()
        hits.clear()
        engine_runs.clear()
        cache_opts = ["--no-cache"] if cache is None else ["--cache-dir", str(tmp_path / cache)]
        rc = main(["check", str(tmp_path / "plans"), "--output-dir", str(tmp_path / out), "--no-quality", "-q",
                   "--select", "PC000,PC101", *cache_opts, *extra])
        check.hit = bool(hits) and hits[-1] is not None  # the whole run's findings came from the cache
        check.replayed = not engine_runs  # the whole run's outcome came from its record (plancheck.replay)
        return rc, len(calls), json.loads((tmp_path / out / "report.json").read_text("utf-8"))

    return tmp_path, check


def _stat(out: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in sorted(out.iterdir())}


def test_nothing_changed_runs_no_rule_and_keeps_the_set(runs, capsys):
    tmp, check = runs
    rc1, ran1, doc1 = check()
    assert rc1 == 1 and ran1 == 1 and [f["rule"] for f in doc1["findings"]] == ["PC101"]
    before = _stat(tmp / "r")
    capsys.readouterr()
    rc2, ran2, doc2 = check()
    assert (rc2, ran2, doc2) == (1, 0, doc1) and check.replayed  # no rule ran, same findings and exit code
    assert _stat(tmp / "r") == before  # the same files: not rewritten
    assert "PC101" in capsys.readouterr().out  # the findings are still printed
    # into another folder the run is not replayed: the findings come from the whole-run entry
    rc3, ran3, doc3 = check(out="r2")
    assert (rc3, ran3, doc3) == (1, 0, doc1) and check.hit and not check.replayed
    # the kept set is what a run without any cache writes, byte for byte
    check(out="fresh", cache=None)
    assert reportset.read(tmp / "r") == reportset.read(tmp / "fresh")


def test_a_changed_plan_runs_the_rules_and_rewrites(runs):
    tmp, check = runs
    check()
    _plan(tmp / "plans", rate="17.6")  # now consistent
    rc, ran, doc = check()
    assert (rc, ran, doc["findings"]) == (0, 1, []) and not check.hit


def test_a_new_file_beside_the_plans_runs_the_cross_plan_rules_again(runs):
    tmp, check = runs
    check()
    shutil.copy(tmp / "plans" / "test-plan.yaml", tmp / "plans" / "notes.txt")
    # the per-plan findings still come from their cache; the whole-run entry no longer matches
    rc, ran, _ = check()
    assert rc == 1 and ran == 0 and not check.hit and not check.replayed
    check(out="r2")
    assert check.hit


def test_a_new_waiver_rewrites_the_reports_without_running_the_rules(runs):
    tmp, check = runs
    _, _, doc = check()
    before = _stat(tmp / "r")
    w = tmp / "waivers.yaml"
    w.write_text(f"waivers:\n  - id: {doc['findings'][0]['id']}\n    reason: the published plan prints 18.6%\n"
                 "    date: 2026-11-23\n    plans: [test-plan]\n", "utf-8")
    rc, ran, doc2 = check("--waivers", str(w))
    assert (rc, ran) == (0, 0) and check.hit and doc2["findings"][0]["waived"]
    assert _stat(tmp / "r") != before


@pytest.mark.parametrize("change", ["delete", "edit", "format", "lang"])
def test_a_damaged_set_or_other_options_are_written_again(runs, change):
    tmp, check = runs
    check()
    extra: tuple[str, ...] = ()
    if change == "delete":
        (tmp / "r" / "report.md").unlink()
    elif change == "edit":
        (tmp / "r" / "report.md").write_text("edited by hand\n", "utf-8")
    elif change == "format":
        extra = ("--format", "json,md")
    else:
        extra = ("--lang", "en")
    before = _stat(tmp / "r")
    check(*extra)
    assert _stat(tmp / "r") != before
    files = reportset.read(tmp / "r")  # a complete set that matches its manifest
    assert ("report.html" in files) == (change != "format")
    assert json.loads(files["report.json"])["lang"] == ("en" if change == "lang" else "zh")


def test_a_report_set_committed_from_elsewhere_is_rewritten(runs, monkeypatch):
    """A pull request can commit an output folder with a manifest of its own. Every input of the
    set's key is public (plans, sources, the tool's code), so the key is bound to this machine's
    secret: a set written with another machine's key — the stranger's own run, then edited to
    the same sizes — is rewritten, never kept and shown as this run's reports."""
    tmp, check = runs
    monkeypatch.setenv("PLANCHECK_CACHE_DIR", str(tmp / "stranger"))
    rc, _, doc = check()
    assert rc == 1 and any(f["rule"] == "PC101" for f in doc["findings"])
    md = tmp / "r" / "report.md"
    real = md.read_bytes()
    forged = b"x" * len(real)  # same size: the manifest's size check alone would keep it
    md.write_bytes(forged)
    monkeypatch.setenv("PLANCHECK_CACHE_DIR", str(tmp / "ci-machine"))
    check()
    assert md.read_bytes() == real
    # on the machine that wrote the set, an unchanged set is still kept (the warm path)
    check()
    before = _stat(tmp / "r")
    check()
    assert _stat(tmp / "r") == before


def test_a_copy_of_this_machines_own_set_with_a_report_changed_is_rewritten(runs):
    """The manifest's `inputs` is published with every set (a CI artifact): a pull request can
    commit a copy of a set this machine wrote, with a report changed at the same size. Its files
    are new files, not the ones written (their identity is recorded in the cache), so the run is
    not replayed and the set is rewritten."""
    tmp, check = runs
    check()
    before = _stat(tmp / "r")
    check()
    assert check.replayed and _stat(tmp / "r") == before  # this machine's set in place: kept
    md = tmp / "r" / "report.md"
    real = md.read_bytes()
    shutil.copytree(tmp / "r", tmp / "artifact")
    shutil.rmtree(tmp / "r")
    (tmp / "artifact" / "report.md").write_bytes(b"x" * len(real))  # same size, the manifest as it was
    shutil.copytree(tmp / "artifact", tmp / "r")  # the checkout: new files
    check()
    assert not check.replayed and md.read_bytes() == real
    reportset.read(tmp / "r")  # whole, and matching its manifest


def test_a_set_is_in_place_only_as_the_files_written_and_sealed(tmp_path):
    from plancheck.cache import PlanCache

    seals = PlanCache(tmp_path / "cache", key_dir=tmp_path / "key")
    out = tmp_path / "r"
    with reportset.SetWriter(out, {"a.txt", "b.txt"}) as w:
        w.write("a.txt", "alpha")
        w.write("b.txt", "beta")
        w.commit(inputs="k")
    assert not reportset.in_place(out, "k", seals)  # written, never sealed
    reportset.record_seal(seals, out, "k")
    assert reportset.in_place(out, "k", seals) and not reportset.in_place(out, "other", seals)
    assert not reportset.in_place(out, "k", None)  # no cache: nothing is known to be in place
    shutil.move(out, tmp_path / "moved")
    shutil.copytree(tmp_path / "moved", out)  # the same bytes, sizes and manifest: other files
    assert not reportset.in_place(out, "k", seals)
