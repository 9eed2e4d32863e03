"""The HTML report set of a `bench/writers.py capture`, page by page: CPU and wall seconds of
`htmlsplit.render_files` (this process and its forked workers), and the sha256 of every file, to
compare two checkouts on one capture (issue 13). Run it with each checkout's own interpreter:
the script puts no checkout on the path, so `plancheck` is the one that interpreter has installed.

    A/.venv/bin/python bench/html_files.py CAPTURE [--workers N] [--write DIR] [--sums FILE]
    B/.venv/bin/python bench/html_files.py CAPTURE --sums b.sha256 && cmp a.sha256 b.sha256
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import pickle
import resource
import sys
import time
from pathlib import Path
from types import SimpleNamespace


def _cpu() -> float:
    return sum(getattr(resource.getrusage(w), a) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
               for a in ("ru_utime", "ru_stime"))


def load(path: Path):
    """A `bench/writers.py capture` (its `load`, without importing the bench package)."""
    from plancheck import engine

    with path.open("rb") as fh:
        state = pickle.load(fh)
    codes = state.pop("rule_codes")
    rules = {r.code: r for r in engine.build_rules(engine.selected([], []), {})}
    return SimpleNamespace(**state, rules=[rules[c] for c in codes])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("capture", type=Path)
    ap.add_argument("--workers", type=int, help="forked workers (default: the cores); 1: serial")
    ap.add_argument("--write", type=Path, help="write the files into this folder")
    ap.add_argument("--sums", type=Path, help="write `sha256  name` of every file here, sorted by name")
    args = ap.parse_args()
    sys.setrecursionlimit(100_000)
    import plancheck
    from plancheck import units
    from plancheck.report import htmlsplit
    from plancheck.report.build import build

    result = load(args.capture)
    units.registry()  # loaded by the rules in a check: not the writer's cost
    doc = build(result, "zh")
    gc.freeze()  # the loaded document lives to the end, as in a check
    w0, c0 = time.perf_counter(), _cpu()
    sums, size = {}, 0
    for name, text in htmlsplit.render_files(doc, result, workers=args.workers):
        b = text.encode("utf-8")
        sums[name], size = hashlib.sha256(b).hexdigest(), size + len(b)
        if args.write:
            (args.write / name).parent.mkdir(parents=True, exist_ok=True)
            (args.write / name).write_bytes(b)
    out = {"plancheck": str(Path(plancheck.__file__).parent), "wall_s": round(time.perf_counter() - w0, 2),
           "cpu_s": round(_cpu() - c0, 2), "files": len(sums), "mib": round(size / 2**20, 1)}
    if args.sums:
        args.sums.write_text("".join(f"{h}  {n}\n" for n, h in sorted(sums.items())))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
