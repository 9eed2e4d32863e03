"""The report writers alone, on a real engine result (issue 13: the report phase of a cold run).

`capture` runs `plancheck check` on a corpus once (warm cache: fast) and pickles what the
writers read of the engine result; `time` loads it and times the report.json document build,
each format written on its own into a report set, and the whole `writers.write`, in CPU and wall
seconds, with the peak RSS of each step measured in a fresh process (`--fork`):

    python bench/writers.py capture /tmp/c300/plans --cache /tmp/c300/cache --out /tmp/r300.pkl
    python bench/writers.py time /tmp/r300.pkl [--formats json,sarif] [--profile out.prof]

The rules are not picklable (their classes hold weak references): their codes are kept and the
rules rebuilt with the default settings (the bench corpora have no settings file).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.html_writer import _Pickler as Pickler  # noqa: E402 (after the path)

KEPT = ("corpus", "findings", "input_errors", "tables", "internal_errors", "inputs_key")
FORMATS = ("json", "sarif", "junit", "md", "summary", "html")
OURS = ("json", "md", "sarif", "junit", "summary")  # step `ours`: every format but html, in the default order


def capture(plans: Path, cache: Path, dest: Path) -> None:
    from plancheck.cli import main
    from plancheck.report import writers

    def keep(result, *a, **kw):
        state = {k: getattr(result, k) for k in KEPT}
        state["rule_codes"] = [r.code for r in result.rules]
        with open(dest, "wb") as fh:
            sys.setrecursionlimit(100_000)
            Pickler(fh, protocol=pickle.HIGHEST_PROTOCOL).dump(state)  # the rules' memos as html_writer keeps them
        os._exit(0)  # captured: the writers are what `time` measures

    writers.write = keep
    with tempfile.TemporaryDirectory() as tmp, open(os.devnull, "w") as null, contextlib.redirect_stdout(null):
        main(["check", str(plans), "--output-dir", str(Path(tmp) / "r"), "--cache-dir", str(cache), "-q"])


def load(path: Path):
    from plancheck import engine

    with open(path, "rb") as fh:
        state = pickle.load(fh)
    codes = state.pop("rule_codes")
    rules = {r.code: r for r in engine.build_rules(engine.selected([], []), {})}
    return SimpleNamespace(**state, rules=[rules[c] for c in codes])


def _clock():
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.perf_counter(), own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _since(t0) -> dict:
    w, c = _clock()
    return {"wall_s": round(w - t0[0], 3), "cpu_s": round(c - t0[1], 3)}


def _rss_mib() -> int:
    """The peak RSS of this process since the last `_reset_peak` (Linux VmHWM), else since its start."""
    with contextlib.suppress(OSError), open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) // 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def _reset_peak() -> None:
    """Start the peak RSS anew (Linux: writing 5 to clear_refs resets VmHWM), so a step's peak
    is not the unpickling's."""
    with contextlib.suppress(OSError), open("/proc/self/clear_refs", "w") as fh:
        fh.write("5")


def step(result, what: str, tmp: Path) -> dict:
    """One step in this process: `build` (the report.json document), `write` (the whole
    writers.write, every format), `ours` (every format but html), or one format (writers.write of that format alone: the
    document build and the set key included, as the version under test does them)."""
    from plancheck.report import writers
    from plancheck.report.build import build

    t0 = _clock()
    if what == "build":
        build(result, "zh")
        return _since(t0)
    formats = {"write": list(FORMATS), "ours": list(OURS)}.get(what, [what])
    writers.write(result, tmp / what, formats, "zh")
    out = _since(t0)
    out["mib"] = round(sum(p.stat().st_size for p in (tmp / what).rglob("*") if p.is_file()) / 2**20, 1)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("capture")
    c.add_argument("plans", type=Path)
    c.add_argument("--cache", type=Path, required=True)
    c.add_argument("--out", type=Path, required=True)
    t = sub.add_parser("time")
    t.add_argument("pickle", type=Path)
    t.add_argument("--steps", default="build," + ",".join(FORMATS) + ",write")
    t.add_argument("--profile", type=Path, help="cProfile the whole writers.write into this file")
    t.add_argument("--one", help=argparse.SUPPRESS)  # a single step in this process (the child)
    args = ap.parse_args()
    if args.cmd == "capture":
        capture(args.plans, args.cache, args.out)
        return
    sys.setrecursionlimit(10_000)
    if args.one or args.profile:
        result = load(args.pickle)
        _reset_peak()
        base = _rss_mib()
        with tempfile.TemporaryDirectory() as tmp:
            if args.profile:
                import cProfile

                from plancheck.report import writers
                cProfile.runctx("writers.write(result, Path(tmp) / 'p', list(FORMATS), 'zh')", globals(),
                                {"writers": writers, "result": result, "Path": Path, "tmp": tmp, "FORMATS": FORMATS},
                                str(args.profile))
                return
            out = step(result, args.one, Path(tmp))
        out.update(step=args.one, loaded_mib=base, peak_mib=_rss_mib(), peak_over_load_mib=_rss_mib() - base)
        print(json.dumps(out))
        return
    for s in args.steps.split(","):  # each step in a fresh process: its own peak RSS
        subprocess.run([sys.executable, __file__, "time", str(args.pickle), "--one", s], check=True)


if __name__ == "__main__":
    main()
