"""Country-scale benchmark: everything `plancheck check` does, on a synthetic country.

Builds a corpus with `bench/corpus.py` (provinces, prefectures and counties, seeded perturbed
clones of the real plans, the regions declared in `reference/`), then runs the real command,
`plancheck check PLANS --output-dir R --cache-dir C` (every rule including the data-quality
suite, every report format), in a fresh process: once cold (empty cache), then `--runs` times
warm (nothing changed) into the same output folder (a drafter's repeated check: the run is
replayed, plancheck.replay) and `--runs` times warm into a new output folder (the reports are
rendered again from the cached findings). Each run reports how its time splits:

- load: parse + validate every plan file (in worker processes for a large corpus) and read the
  sources; `parse_1core` is a separate, serial pass of the YAML parser alone over the same files,
  so validate ~ load - parse (on one core);
- rules: every rule but PC501; suite: PC501 (the Great Expectations suite); reports: all formats;
- peak RSS of the main process and of the largest worker.

    python bench/run.py [--plans 3000] [--runs 1] [--counties 8] [--keep DIR]

Prints one JSON line per run and a summary; docs/benchmarks.md records the figures.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child(plans: Path, out: Path, cache: Path) -> dict:
    """One `plancheck check` in this process, with the phases timed by wrapping their functions."""
    from plancheck import engine, replay, rulepool
    from plancheck.cli import main
    from plancheck.report import writers

    times = {"load": 0.0, "rules": 0.0, "suite": 0.0, "reports": 0.0, "replay": 0.0}
    replayed = []

    def timed(name, fn, pick=None):
        def wrapper(*a, **kw):
            t = time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                times[pick(*a) if pick else name] += time.perf_counter() - t
        return wrapper

    engine.load_corpus = timed("load", engine.load_corpus)
    engine.check_rule = timed("rules", engine.check_rule, lambda rule, *a: "suite" if rule.code == "PC501" else "rules")
    rulepool.run = timed("rules", rulepool.run)  # the rules as tasks, in the workers for a large corpus
    writers.write = timed("reports", writers.write)
    _replay = replay.Replay.replay

    def replay_and_note(self, *a, **kw):
        rc = _replay(self, *a, **kw)
        replayed.append(rc is not None)
        return rc

    replay.Replay.replay = timed("replay", replay_and_note)
    t0 = time.perf_counter()
    with open(os.devnull, "w") as null, contextlib.redirect_stdout(null):  # the finding lines (-q keeps them)
        rc = main(["check", str(plans), "--output-dir", str(out), "--cache-dir", str(cache), "-q"])
    total = time.perf_counter() - t0
    # CPU and peak memory before this script reads report.json back (hundreds of MB at 3,000
    # plans: reading it would count in the run's figures)
    usage = {
        # CPU seconds of this process and of its workers: on a shared machine under load the
        # wall time is inflated by the other jobs, the CPU time much less
        "cpu_s": round(sum(getattr(resource.getrusage(w), a) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
                           for a in ("ru_utime", "ru_stime")), 2),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "worker_peak_rss_mib": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
    }
    with (out / "report.json").open("rb") as fh:
        summary = _summary(fh)
    return {
        "exit": rc, "total_s": round(total, 2), **{f"{k}_s": round(v, 2) for k, v in times.items()},
        # the rest: imports, the whole-run cache entry, waivers, the finding lines on stdout
        "other_s": round(total - sum(times.values()), 2),
        **summary, "gx_imported": "great_expectations" in sys.modules, "replayed": any(replayed), **usage,
        "report_mib": round(sum(p.stat().st_size for p in out.iterdir()) / 2**20, 1),
    }


def _summary(fh) -> dict:
    """plans, findings and input errors of a report.json, without holding the whole document:
    its "summary" object is parsed alone (the findings are counted from the summary's counts)."""
    head = b""
    for block in iter(lambda: fh.read(1 << 16), b""):
        head += block
        m = re.search(rb'"summary":\s*(\{[^{}]*\})', head)
        if m:
            s = json.loads(m.group(1))
            counted = s["errors"] + s["warnings"] + s["infos"] + s["waived"]
            return {"plans": s["plans"], "findings": counted + s.get("attached", 0), "input_errors": s["input_errors"]}
    raise SystemExit("report.json has no summary")


def parse_only(plans: Path) -> float:
    """The YAML parser alone over every plan file, serially (the floor of the cold load)."""
    from plancheck import yamlsrc

    files = sorted(plans.glob("*.yaml"))
    t = time.perf_counter()
    for p in files:
        yamlsrc.load(p.read_text("utf-8"))
    return round(time.perf_counter() - t, 2)


def _spawn(*args: str) -> dict:
    env = {**os.environ, "GX_ANALYTICS_ENABLED": "false"}
    r = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, env=env)
    if r.returncode != 0:
        raise SystemExit(f"benchmark child failed:\n{r.stderr[-3000:]}")
    return json.loads(r.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--plans", type=int, default=3000)
    ap.add_argument("--runs", type=int, default=1, help="warm runs after the cold one")
    ap.add_argument("--counties", type=int, default=8, help="counties per prefecture")
    ap.add_argument("--keep", type=Path, default=None, help="build the corpus here and keep it")
    ap.add_argument("--child", nargs=3, type=Path, metavar=("PLANS", "OUT", "CACHE"), help=argparse.SUPPRESS)
    ap.add_argument("--parse-only", type=Path, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    if args.child:
        print(json.dumps(child(*args.child)))
        return 0
    if args.parse_only:
        print(json.dumps({"parse_1core_s": parse_only(args.parse_only)}))
        return 0
    from bench.corpus import build

    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        plans = work / "plans"
        shape = build(plans, args.plans, counties=args.counties)
        print(json.dumps({"corpus": shape}))
        cache = work / "cache"
        runs = [{"mode": "cold", **_spawn("--child", str(plans), str(work / "r-cold"), str(cache))}]
        print(json.dumps(runs[-1]))
        for _ in range(args.runs):  # a drafter's repeated check: same output folder, nothing changed
            runs.append({"mode": "warm", **_spawn("--child", str(plans), str(work / "r-cold"), str(cache))})
            print(json.dumps(runs[-1]))
        for i in range(args.runs):  # the same into a new output folder: the reports are rendered again
            runs.append({"mode": "warm-new-folder", **_spawn("--child", str(plans), str(work / f"r-warm{i}"), str(cache))})
            print(json.dumps(runs[-1]))
        parse = _spawn("--parse-only", str(plans))
        print(json.dumps({"summary": True, **shape, **parse, "cold_total_s": runs[0]["total_s"],
                          "warm_total_s": min((r["total_s"] for r in runs if r["mode"] == "warm"), default=None),
                          "cold_cpu_s": runs[0]["cpu_s"], "warm_cpu_s": min((r["cpu_s"] for r in runs if r["mode"] == "warm"), default=None),
                          "peak_rss_mib": max(max(r["peak_rss_mib"], r["worker_peak_rss_mib"]) for r in runs)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
