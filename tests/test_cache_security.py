"""The cache is not an attack surface: entries planted in a repository, forged, tampered with or
of the wrong shape are ignored and rebuilt; a changed rule never serves old findings; the cache
stays within its size limit and lives outside the working tree by default."""

from __future__ import annotations

import os
import pickle
import stat
from pathlib import Path

import pytest

from plancheck import cache as pc_cache
from plancheck import engine
from plancheck.cache import PlanCache
from plancheck.cli import main
from plancheck.findings import Severity
from plancheck.rules.pc101_growth_rate import GrowthRate
from tests.planfactory import PLANS, ROOT, fact, write_plan

JX = "从2015年的225.0亿元增加到2020年的506.9亿元，年均增长17.6%"


def _bad_plan(folder: Path) -> Path:
    """A plan whose stated growth (18.6%) contradicts its endpoints: one PC101 error."""
    facts = [fact("a", "core_va", "225.0", 2015, JX), fact("b", "core_va", "506.9", 2020, JX)]
    growth = [{"id": "g", "indicator": "core_va", "start": {"year": 2015, "fact": "a"},
               "end": {"year": 2020, "fact": "b"}, "measure": "cagr", "rate": "18.6", "quote": JX}]
    path = write_plan(folder, facts=facts, growth=growth)
    return path


class _Evil:
    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (exec, (f"open({str(self.marker)!r}, 'w').write('pwned')",))


def _rules():
    return engine.build_rules([r for r in engine.selected([], []) if r.code != "PC501"], {})


def _errors(result) -> list[str]:
    return sorted(f.id for f in result.findings if f.severity == Severity.error)


def test_a_pickle_committed_to_the_repository_never_runs(tmp_path, monkeypatch):
    """A pull request commits a crafted entry under every name a cache could read, and points
    `cache-dir` at it: the code in it never runs and the plan's error is still reported."""
    repo = tmp_path / "repo"
    plan = _bad_plan(repo / "plans")
    marker = tmp_path / "PWNED"
    evil = pickle.dumps(_Evil(marker))
    (repo / "pyproject.toml").write_text('[tool.plancheck]\ncache-dir = ".plancheck_cache"\n', "utf-8")
    key = PlanCache(None).key(plan.read_bytes())
    for folder in (repo / ".plancheck_cache", repo / ".plancheck_cache" / "plans"):
        folder.mkdir(parents=True, exist_ok=True)
        for name in (f"{key}.pickle", f"{key}.json"):
            (folder / name).write_bytes(evil)
    monkeypatch.chdir(repo)
    rc = main(["check", "plans", "--output-dir", str(tmp_path / "out"), "--format", "json", "--no-quality",
               "-q", "--select", "PC101"])
    assert not marker.exists(), "a cache entry from the repository ran code"
    assert rc == 1  # the growth-rate error is still found


def _tamper(cache_dir: Path) -> int:
    """Overwrite every findings entry with an empty list, in the entry's own format, as an
    attacker with write access to the folder (but not to the key) would."""
    n = 0
    for p in cache_dir.rglob("*"):
        if p.is_file() and "findings" in p.parts:
            if p.suffix == ".pickle":
                p.write_bytes(pickle.dumps([]))
            else:
                head = p.read_bytes().split(b"\n", 1)[0]
                p.write_bytes(head + b"\n[]")  # the old MAC over a new body
            n += 1
    return n


def test_tampered_findings_entries_do_not_hide_errors(tmp_path):
    rules, cache_dir = _rules(), tmp_path / "c"
    fresh = engine.run([PLANS], rules, root=ROOT)
    engine.run([PLANS], rules, root=ROOT, cache_dir=cache_dir)
    assert _tamper(cache_dir) > 0
    again = engine.run([PLANS], rules, root=ROOT, cache_dir=cache_dir)
    assert _errors(again) == _errors(fresh) and len(_errors(fresh)) > 10


def _forge(cache_dir: Path, body: bytes) -> int:
    """Replace every entry with `body`, validly signed under this machine's key (as a bug or an
    old version might write): only its contents are wrong. (A pickle-era entry gets a pickle of
    the wrong shape.)"""
    n = 0
    for p in list(cache_dir.rglob("*")):
        if p.suffix == ".pickle":
            p.write_bytes(pickle.dumps(body))
        elif p.suffix == ".json":
            PlanCache(p.parent).put(p.stem, body)
        else:
            continue
        n += 1
    return n


@pytest.mark.parametrize("body", [b"[]x", b'{"a": 1}', b'[{"rule": 5}]', b"\n".join([b"{}", b"[]"]),
                                  b'[{"rule":"PC101","severity":"fatal","plans":[],"message_zh":"","message_en":"",'
                                  b'"key":"k","values":{},"evidence":[]}]'])
def test_valid_entries_of_the_wrong_shape_are_ignored(tmp_path, body):
    folder = tmp_path / "plans"
    path = _bad_plan(folder)
    cache_dir = tmp_path / "c"
    (first,) = engine.run([folder], [GrowthRate()], root=folder, cache_dir=cache_dir).findings
    assert _forge(cache_dir, body) >= 2
    (again,) = engine.run([folder], [GrowthRate()], root=folder, cache_dir=cache_dir).findings
    assert again.id == first.id and again.severity == Severity.error
    assert path.exists()


def test_entries_are_json_with_a_mac_and_a_wrong_key_invalidates_them(tmp_path, monkeypatch):
    folder, cache_dir = tmp_path / "plans", tmp_path / "c"
    _bad_plan(folder)
    engine.run([folder], [GrowthRate()], root=folder, cache_dir=cache_dir)
    entries = list(cache_dir.rglob("*.json"))
    assert entries and all(p.read_bytes().startswith(b"plancheck-cache/") for p in entries)
    for p in entries:
        with pytest.raises(pickle.UnpicklingError):
            pickle.loads(p.read_bytes())
    c = PlanCache(cache_dir / "findings")
    key = entries[0].stem if "findings" in entries[0].parts else next(p.stem for p in entries if "findings" in p.parts)
    assert c.get(key) is not None
    other = tmp_path / "other-machine"
    assert PlanCache(cache_dir / "findings", key_dir=other).get(key) is None


def test_the_key_file_is_private_and_a_readable_one_is_replaced(tmp_path):
    d = tmp_path / "keys"
    pc_cache.machine_key.cache_clear()
    try:
        k1 = pc_cache.machine_key(d)
        f = d / "hmac.key"
        assert k1 and len(k1) == 32 and stat.S_IMODE(f.stat().st_mode) == 0o600
        pc_cache.machine_key.cache_clear()
        assert pc_cache.machine_key(d) == k1
        f.chmod(0o644)  # as git checks a committed file out
        pc_cache.machine_key.cache_clear()
        k2 = pc_cache.machine_key(d)
        assert k2 != k1 and stat.S_IMODE(f.stat().st_mode) == 0o600
        f.unlink()
        f.symlink_to(tmp_path / "elsewhere")
        (tmp_path / "elsewhere").write_bytes(b"x" * 32)
        pc_cache.machine_key.cache_clear()
        k3 = pc_cache.machine_key(d)
        assert k3 not in (k1, k2, b"x" * 32) and not f.is_symlink()
    finally:
        pc_cache.machine_key.cache_clear()


class _Silent(GrowthRate):
    """GrowthRate after a change that makes it unable to fire."""

    def check_plan(self, corpus, lp):
        return iter(())


def test_a_changed_rule_never_serves_old_findings(tmp_path):
    folder, cache_dir = tmp_path / "plans", tmp_path / "c"
    _bad_plan(folder)
    assert len(engine.run([folder], [GrowthRate()], root=folder, cache_dir=cache_dir).findings) == 1
    assert engine.run([folder], [_Silent()], root=folder, cache_dir=cache_dir).findings == []


def test_the_code_digest_covers_rules_and_arithmetic(tmp_path, monkeypatch):
    import importlib.util

    rules_dir = Path(importlib.util.find_spec("plancheck.rules").submodule_search_locations[0])
    pkg_dir = Path(importlib.util.find_spec("plancheck").submodule_search_locations[0])
    copy = {"plancheck.rules": tmp_path / "rules", "plancheck": tmp_path / "pkg"}
    import shutil

    shutil.copytree(rules_dir, copy["plancheck.rules"], ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(pkg_dir, copy["plancheck"], ignore=shutil.ignore_patterns("__pycache__"))
    real = importlib.util.find_spec

    class _Spec:
        def __init__(self, loc):
            self.submodule_search_locations = [str(loc)]

    monkeypatch.setattr(importlib.util, "find_spec", lambda name: _Spec(copy[name]) if name in copy else real(name))
    digests = []
    for edit in (None, copy["plancheck.rules"] / "pc103_table_vs_text.py", copy["plancheck"] / "growth.py",
                 copy["plancheck.rules"] / "data" / "floors.yaml"):
        if edit is not None:
            edit.write_bytes(edit.read_bytes() + b"\n# changed\n")
        pc_cache.code_digest.cache_clear()
        digests.append(pc_cache.code_digest())
    pc_cache.code_digest.cache_clear()
    assert len(set(digests)) == len(digests)


def test_the_cache_is_bounded_least_recently_used_first(tmp_path):
    c = PlanCache(tmp_path / "c" / "plans")
    for i in range(20):
        c.put(f"{i:064x}", b"x" * 10_000)
        os.utime(tmp_path / "c" / "plans" / f"{i:064x}.json", (1_000_000 + i, 1_000_000 + i))
    stale = tmp_path / "c" / "plans" / ".entry-crashed.tmp"
    stale.write_bytes(b"partial")
    os.utime(stale, (1, 1))
    mine = tmp_path / "c" / "plans" / "notes.json"  # not an entry: never touched
    mine.write_text("{}", "utf-8")
    pc_cache.prune(tmp_path / "c", 100_000)
    left = sorted(int(p.stem, 16) for p in (tmp_path / "c" / "plans").glob("*.json") if p != mine)
    assert sum((tmp_path / "c" / "plans" / f"{i:064x}.json").stat().st_size for i in left) <= 100_000
    assert left == list(range(20 - len(left), 20)) and left  # the oldest went first
    assert not stale.exists() and mine.exists()


def test_a_run_prunes_its_cache(tmp_path):
    folder, cache_dir = tmp_path / "plans", tmp_path / "c"
    _bad_plan(folder)
    junk = PlanCache(cache_dir / "findings")
    for i in range(30):
        junk.put(f"{i:064x}", b"y" * 100_000)
        os.utime(cache_dir / "findings" / f"{i:064x}.json", (1000 + i, 1000 + i))
    engine.run([folder], [GrowthRate()], root=folder, cache_dir=cache_dir, cache_max_mb=1)
    size = sum(p.stat().st_size for p in cache_dir.rglob("*.json"))
    assert size <= 1024 * 1024


def test_pruning_keeps_what_the_run_itself_used(tmp_path):
    """A run whose own entries exceed the cap keeps them (else its next run would miss them);
    the older entries still go first."""
    c = PlanCache(tmp_path / "c" / "plans")
    for i in range(20):
        c.put(f"{i:064x}", b"x" * 10_000)
        os.utime(tmp_path / "c" / "plans" / f"{i:064x}.json", (1_000_000 + i, 1_000_000 + i))
    pc_cache.prune(tmp_path / "c", 50_000, keep_since=1_000_005)  # entries 5.. used by this run
    left = sorted(int(p.stem, 16) for p in (tmp_path / "c" / "plans").glob("*.json"))
    assert left == list(range(5, 20))  # over the cap, but every old one gone and no used one


def test_a_run_over_the_cap_keeps_its_own_entries(tmp_path):
    folder, cache_dir = tmp_path / "plans", tmp_path / "c"
    _bad_plan(folder)
    engine.run([folder], [GrowthRate()], root=folder, cache_dir=cache_dir, cache_max_mb=0)
    mine = sorted(p.name for p in cache_dir.rglob("*.json"))
    assert mine  # the plan and its findings: kept whatever the cap
    engine.run([folder], [GrowthRate()], root=folder, cache_dir=cache_dir, cache_max_mb=0)
    assert sorted(p.name for p in cache_dir.rglob("*.json")) == mine


def test_the_default_cache_is_the_user_cache_directory(tmp_path, monkeypatch):
    monkeypatch.delenv("PLANCHECK_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert pc_cache.user_cache_dir() == tmp_path / "xdg" / "plancheck"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert pc_cache.user_cache_dir() == tmp_path / "home" / ".cache" / "plancheck"


def test_check_writes_no_cache_into_the_working_tree(tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    _bad_plan(repo / "plans")
    monkeypatch.chdir(repo)
    main(["check", "plans", "--output-dir", str(tmp_path / "out"), "--format", "json", "--no-quality", "-q"])
    assert sorted(p.name for p in repo.iterdir()) == ["plans"]
    assert any(Path(os.environ["PLANCHECK_CACHE_DIR"]).rglob("*.json"))


def test_an_entry_written_in_pieces_is_the_entry_written_whole(tmp_path):
    """put_chunks signs as it writes: the same file, the same MAC, as `put` of the joined bytes;
    an encoder that gives up midway (NotCached) leaves neither an entry nor a temporary."""
    whole, pieces = PlanCache(tmp_path / "a", key_dir=tmp_path / "k"), PlanCache(tmp_path / "b", key_dir=tmp_path / "k")
    chunks = [b"[", "增长".encode() * 5000, b",", b"", b"\n" * 3, b"]"]
    whole.put("e" * 64, b"".join(chunks))
    assert pieces.put_chunks("e" * 64, iter(chunks))
    assert (tmp_path / "a" / f"{'e' * 64}.json").read_bytes() == (tmp_path / "b" / f"{'e' * 64}.json").read_bytes()
    assert pieces.get("e" * 64) == b"".join(chunks)
    assert PlanCache(tmp_path / "b", key_dir=tmp_path / "other").get("e" * 64) is None  # still bound to the key

    def gives_up():
        yield b"[1"
        raise pc_cache.NotCached("a value JSON cannot hold")

    assert not pieces.put_chunks("f" * 64, gives_up())
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == [f"{'e' * 64}.json"]
    assert pieces.get("f" * 64) is None
