"""Benchmark of `plancheck scan`: one 50 KB plan text, and 1,000 documents on a process pool.

    python bench/scan.py [--docs 1000] [--runs 5]

1. One document: the Jiaxing plan (50 KB of text) through read + extract + the document rules,
   in process (imports paid once, then the median of --runs), and the whole command as a
   process (`plancheck scan FILE --format json`), next to `plancheck --help` in the same run.
2. Many documents: --docs texts cloned from the five sources (every clone's figures shifted,
   so no two texts are equal), scanned with 1 worker and with 2, then --docs/10 and 3*--docs/10
   with 2 workers, to show the peak memory does not grow with the number of documents (RSS of
   the parent and of the largest worker). Each line also gives the CPU seconds used (parent and
   workers) and how idle the machine's cores were meanwhile (/proc/stat): on a shared machine
   whose cores are busy, a second worker cannot shorten the wall time, and the equal CPU time
   shows the pool itself costs nothing.

Prints one JSON line per measurement; docs/benchmarks.md records the figures.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "plans" / "sources"
PLANCHECK = [sys.executable, "-m", "plancheck"]


def _one(runs: int) -> None:
    from plancheck.engine import selected
    from plancheck.scan.run import scan_one

    rules = [c() for c in selected([], [], documents=True)]
    path = SOURCES / "jiaxing-de-2021.txt"
    t0 = time.perf_counter()
    scan_one(path, "x", rules, None)
    first = time.perf_counter() - t0
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        scan_one(path, "x", rules, None)
        times.append(time.perf_counter() - t0)
    print(json.dumps({"what": "one 50 KB text, in process", "bytes": path.stat().st_size, "first_s": round(first, 3),
                      "median_s": round(statistics.median(times), 4), "min_s": round(min(times), 4)}))
    with tempfile.TemporaryDirectory() as out:
        cmd = [*PLANCHECK, "scan", str(path), "--format", "json", "--output-dir", out, "-q", "--waivers", "/dev/null"]
        procs = {"scan one file (process)": cmd, "plancheck --help (process)": [*PLANCHECK, "--help"]}
        res = {}
        for name, c in procs.items():
            ts = []
            for _ in range(runs):
                t0 = time.perf_counter()
                subprocess.run(c, cwd=ROOT, capture_output=True)
                ts.append(time.perf_counter() - t0)
            res[name] = statistics.median(ts)
        print(json.dumps({"what": "whole process, median", **{k: round(v, 3) for k, v in res.items()},
                          "ratio_scan_to_help": round(res["scan one file (process)"] / res["plancheck --help (process)"], 2)}))


def _corpus(folder: Path, n: int) -> list[Path]:
    texts = [p.read_text("utf-8") for p in sorted(SOURCES.glob("*.txt"))]
    out = []
    for i in range(n):
        shift = i % 9 + 1
        text = re.sub(r"(\d+)\.(\d)", lambda m, s=shift: f"{m.group(1)}.{(int(m.group(2)) + s) % 10}", texts[i % len(texts)])
        p = folder / f"doc-{i:05d}.txt"
        p.write_text(text, "utf-8")
        out.append(p)
    return out


def _idle() -> tuple[int, int]:
    """(all, idle) jiffies of the whole machine since boot (/proc/stat): how free the cores were."""
    v = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return sum(v), v[3] + v[4]


def _many(n: int, workers: int) -> dict:
    """Scan n cloned documents in a child process: its wall time, the CPU time it and its workers
    used (equal CPU for 1 and 2 workers = no pool overhead), how idle the machine was meanwhile,
    and the peak memory of the parent and of the largest worker."""
    code = (
        "import sys, time, resource\n"
        "from pathlib import Path\n"
        "from plancheck.engine import selected\n"
        "from plancheck.scan.run import run\n"
        "rules = [c() for c in selected([], [], documents=True)]\n"
        "t0 = time.perf_counter()\n"
        f"r = run([Path(sys.argv[1])], rules, None, None, workers={workers})\n"
        "t = time.perf_counter() - t0\n"
        "s, k = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "cpu = s.ru_utime + s.ru_stime + k.ru_utime + k.ru_stime\n"
        "print(t, s.ru_maxrss // 1024, k.ru_maxrss // 1024, len(r.corpus.plans), len(r.findings), cpu)\n"
    )
    with tempfile.TemporaryDirectory() as tmp:
        _corpus(Path(tmp), n)
        a0, i0 = _idle()
        t0 = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", code, tmp], capture_output=True, text=True, cwd=ROOT, check=True)
        wall = time.perf_counter() - t0
        a1, i1 = _idle()
    t, own, kids, docs, findings, cpu = out.stdout.split()
    return {"what": f"{n} documents, {workers} worker(s)", "scan_s": round(float(t), 2), "process_s": round(wall, 2),
            "cpu_s": round(float(cpu), 2), "machine_idle": f"{(i1 - i0) / max(a1 - a0, 1):.0%}",
            "peak_parent_mib": int(own), "peak_worker_mib": int(kids), "documents": int(docs), "findings": int(findings)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    _one(a.runs)
    for n, w in ((a.docs, 2), (a.docs, 1), (a.docs // 10, 2), (a.docs * 3 // 10, 2)):
        print(json.dumps(_many(max(n, 8), w)), flush=True)
    print("max RSS of this script:", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, "MiB", file=sys.stderr)


if __name__ == "__main__":
    main()
