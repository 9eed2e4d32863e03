"""The rules phase alone, on a corpus folder: wall and CPU seconds, findings cache written.

Loads the corpus (warm plan cache in CACHE/plans when given), then runs every rule but PC501
(the data-quality suite: its own phase) exactly as `engine.run` does, with an empty findings
cache, and reports the phase's wall and CPU seconds (this process and its reaped workers),
the number of findings cache files written and their bytes. `--serial` runs without workers
(to profile the whole phase in one process); `--profile F` writes a cProfile of the phase;
`--dump F` writes the findings (JSON, en), the tables and the input errors for an A/B comparison.

    python bench/rules.py PLANS [--cache DIR] [--serial] [--profile F] [--dump F]

Run it with the interpreter of the checkout to measure (`/tmp/rules-base/.venv/bin/python
bench/rules.py ...` measures that tree): it imports the installed plancheck.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import tempfile
import time
from pathlib import Path


def _cpu(who=(resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN), what=("ru_utime", "ru_stime")) -> float:
    return sum(getattr(resource.getrusage(w), a) for w in who for a in what)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("plans", type=Path)
    ap.add_argument("--cache", type=Path, default=None, help="a folder whose plans/ cache is reused")
    ap.add_argument("--serial", action="store_true")
    ap.add_argument("--profile", type=Path, default=None)
    ap.add_argument("--dump", type=Path, default=None)
    args = ap.parse_args()

    from plancheck import engine, forkpool

    if args.serial:
        forkpool.default_workers = lambda: 1
    marks: dict[str, float] = {}
    real_load = engine.load_corpus

    def load(*a, **kw):
        out = real_load(*a, **kw)
        marks["wall"], marks["cpu"], marks["main"], marks["sys"] = (
            time.perf_counter(), _cpu(), _cpu((resource.RUSAGE_SELF,)), _cpu(what=("ru_stime",)))
        if args.profile:
            prof.enable()
        return out

    engine.load_corpus = load
    if args.profile:
        import cProfile

        prof = cProfile.Profile()
    rules = engine.build_rules(engine.selected([], ["PC501"]), {})
    with tempfile.TemporaryDirectory(prefix="rules-bench-") as tmp:
        cache = Path(tmp) / "cache"
        if args.cache is not None and (args.cache / "plans").is_dir():
            shutil.copytree(args.cache / "plans", cache / "plans")
        res = engine.run([args.plans], rules, root=args.plans.parent, cache_dir=cache)
        wall, cpu = time.perf_counter() - marks["wall"], _cpu() - marks["cpu"]
        main_cpu = _cpu((resource.RUSAGE_SELF,)) - marks["main"]
        sys_cpu = _cpu(what=("ru_stime",)) - marks["sys"]
        if args.profile:
            prof.disable()
            prof.dump_stats(args.profile)
        entries = list((cache / "findings").glob("*.json"))
        out = {"rules_wall_s": round(wall, 2), "rules_cpu_s": round(cpu, 2), "main_cpu_s": round(main_cpu, 2), "sys_cpu_s": round(sys_cpu, 2), "findings": len(res.findings),
               "cache_files": len(entries), "cache_mib": round(sum(p.stat().st_size for p in entries) / 2**20, 2)}
        if args.cache is not None and not (args.cache / "plans").is_dir():
            shutil.copytree(cache / "plans", args.cache / "plans")
    if args.dump:
        doc = {"findings": [f.to_json("en") for f in res.findings], "tables": res.tables,
               "input_errors": [(e.file, e.message.splitlines()[0]) for e in res.input_errors]}
        args.dump.write_text(json.dumps(doc, ensure_ascii=False, indent=0), "utf-8")
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
