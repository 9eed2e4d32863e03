"""`make mutation`: cosmic-ray over plancheck's arithmetic and its rules; prints the score table.

Each session (a .toml beside this file) mutates its modules in place, one mutant at a time, and
runs its test command; the files are restored after each mutant. A name selects that session or
every session it prefixes ("rules" is rules-pc101, rules-pc102, ...); the score table adds a
total per group (the name before the first "-"). Everything runs at the lowest CPU priority
(nice 19): the machine is shared. Sessions are kept in
.mutation/ (gitignored) so a run can be resumed: `python tests/mutation/run.py [SESSION ...]
[--fresh] [--retest-survivors]`. Do not edit the mutated files while a session runs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sqlite3
import subprocess
import sys
import tomllib
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
STORE = ROOT / ".mutation"
BIN = Path(sys.executable).parent


def cr(*args: str) -> None:
    subprocess.run([str(BIN / args[0]), *args[1:]], cwd=ROOT, check=True)


def scores(db: Path) -> dict[str, Counter]:
    con = sqlite3.connect(db)
    rows = con.execute(
        "SELECT m.module_path, r.worker_outcome, r.test_outcome FROM mutation_specs m "
        "LEFT JOIN work_results r ON m.job_id = r.job_id")
    out: dict[str, Counter] = {}
    for module, worker, test in rows:
        if worker == "SKIPPED":
            continue
        c = out.setdefault(module, Counter())
        if worker is None:
            c["pending"] += 1
        elif test in ("KILLED", "INCOMPETENT") or worker == "ABNORMAL":  # ABNORMAL: timed out
            c["killed"] += 1
        else:
            c[(test or worker).lower()] += 1
    return out


def survivors(db: Path) -> list[tuple]:
    con = sqlite3.connect(db)
    return list(con.execute(
        "SELECT m.module_path, m.start_pos_row, m.operator_name, m.occurrence FROM mutation_specs m "
        "JOIN work_results r ON m.job_id = r.job_id WHERE r.test_outcome = 'SURVIVED' "
        "ORDER BY m.module_path, m.start_pos_row"))


def _sample(db: Path, fraction: float) -> None:
    """Keep a fixed random sample of the mutants (`sample = 0.5` in a session's .toml): a mutant is
    in it when the hash of its place and operator falls below `fraction`, so the same source
    gives the same sample on every machine. The others are marked skipped, as filtered ones are."""
    con = sqlite3.connect(db)
    rows = con.execute(
        "SELECT m.job_id, m.module_path, m.start_pos_row, m.start_pos_col, m.operator_name, m.occurrence "
        "FROM mutation_specs m LEFT JOIN work_results r ON m.job_id = r.job_id "
        "WHERE r.worker_outcome IS NULL OR r.worker_outcome != 'SKIPPED'").fetchall()
    for job, *place in rows:
        h = int.from_bytes(hashlib.sha256(":".join(map(str, place)).encode()).digest()[:8], "big")
        if h / 2**64 >= fraction:
            con.execute("INSERT OR REPLACE INTO work_results (worker_outcome, output, test_outcome, diff, job_id) "
                        "VALUES ('SKIPPED', 'Not in the sample', NULL, NULL, ?)", (job,))
    con.commit()


def _forget_survivors(db: Path) -> None:
    con = sqlite3.connect(db)
    con.execute("DELETE FROM work_results WHERE test_outcome = 'SURVIVED'")
    con.commit()


def _row(session: str, module: str, c: Counter) -> str:
    done = c["killed"] + c["survived"]
    score = f"{100 * c['killed'] / done:.1f}%" if done else "-"
    return f"| {session} | {module} | {c['killed']} | {c['survived']} | {c['pending']} | {score} |"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sessions", nargs="*", help="session names (default: all .toml here)")
    ap.add_argument("--fresh", action="store_true", help="start the sessions anew")
    ap.add_argument("--retest-survivors", action="store_true", help="run the survivors again (after new tests)")
    ap.add_argument("--report", action="store_true", help="print the scores of the stored sessions only")
    ap.add_argument("--sample", type=float, help="keep this fraction of the mutants (overrides the .toml's `sample`)")
    a = ap.parse_args(argv)
    every = sorted(p.stem for p in HERE.glob("*.toml"))
    names = [n for n in every if not a.sessions or any(n == s or n.startswith(s + "-") for s in a.sessions)]
    if a.sessions and not names:
        ap.error(f"no session named {' or '.join(a.sessions)} (have: {', '.join(every)})")
    if hasattr(os, "nice"):
        os.nice(19)
    STORE.mkdir(exist_ok=True)
    for name in names:
        cfg, db = HERE / f"{name}.toml", STORE / f"{name}.sqlite"
        if a.report:
            continue
        if a.fresh and db.exists():
            db.unlink()
        settings = tomllib.loads(cfg.read_text("utf-8")).get("plancheck-mutation", {})
        if not db.exists():
            cr("cosmic-ray", "init", str(cfg), str(db))
            cr("cr-filter-operators", str(db), str(cfg))
        fraction = a.sample if a.sample is not None else settings.get("sample")
        if fraction:
            _sample(db, float(fraction))
        if a.retest_survivors:
            _forget_survivors(db)
        cr("cosmic-ray", "exec", str(cfg), str(db))
        confirm = settings.get("confirm-test-command")
        if confirm:  # stage 2: the survivors of the fast tests against the slower whole-engine tests
            text = cfg.read_text("utf-8")
            slow = STORE / f"{name}.confirm.toml"
            line = "test-command = " + json.dumps(confirm)
            slow.write_text(re.sub(r"(?m)^test-command = .*$", lambda _m, line=line: line, text), "utf-8")
            _forget_survivors(db)
            cr("cosmic-ray", "exec", str(slow), str(db))
    print("| session | module | killed | survived | pending | score |\n|---|---|---|---|---|---|")
    groups: dict[str, Counter] = {}
    for name in names:
        db = STORE / f"{name}.sqlite"
        if not db.exists():
            continue
        total = groups.setdefault(name.split("-")[0], Counter())
        for module, c in sorted(scores(db).items()):
            total.update(c)
            print(_row(name, module, c))
    for group, total in groups.items():
        print(_row(group, "**all**", total))
    for name in names:
        db = STORE / f"{name}.sqlite"
        if db.exists():
            for s in survivors(db):
                print(f"survivor {name}: {s[0]}:{s[1]} {s[2]} #{s[3]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
