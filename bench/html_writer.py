"""The HTML writer alone at country scale: capture a check's report document and result once,
then time `htmlsplit.render_files` on it (wall and CPU seconds, this process and its forked
workers), with the bytes and pages it gives.

    .venv/bin/python bench/html_writer.py capture PLANS --cache DIR --pickle FILE
    .venv/bin/python bench/html_writer.py time FILE [--runs 3] [--write DIR]

`capture` runs `plancheck check` (every rule) and pickles the engine's result and the report
document `writers.write` would render, writing nothing; `time` loads the pickle in a fresh process (so two checkouts
can be compared A/B on the same input) and renders the pages without writing them, unless
`--write` is given (then they are written once, for a browser to open).
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import pickle
import resource
import statistics
import sys
import tempfile
import time
import weakref
from collections import defaultdict
from pathlib import Path


def _cpu() -> float:
    return sum(getattr(resource.getrusage(w), a) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
               for a in ("ru_utime", "ru_stime"))


class _Pickler(pickle.Pickler):
    """Weak-key caches (the rules' memos) are pickled empty: they cannot be, and rendering does not need them."""

    def reducer_override(self, obj):
        if isinstance(obj, (weakref.WeakKeyDictionary, weakref.WeakValueDictionary)):
            return type(obj), ()
        if isinstance(obj, defaultdict) and getattr(obj.default_factory, "__name__", "") == "<lambda>":
            return dict, (dict(obj),)  # a rule's index (read with .get): its factory cannot be pickled
        return NotImplemented


def capture(plans: Path, cache: Path, out: Path) -> None:
    from plancheck.cli import main
    from plancheck.report import writers
    from plancheck.report.build import build

    def keep(result, out_dir, formats, lang, baseline=None, protected=()):
        doc = build(result, lang, baseline)  # the document writers.write renders (nothing written)
        sys.setrecursionlimit(100_000)
        with out.open("wb") as fh:
            _Pickler(fh, protocol=pickle.HIGHEST_PROTOCOL).dump((result, doc))
        return doc

    writers.write = keep
    with tempfile.TemporaryDirectory() as tmp:
        main(["check", str(plans), "--output-dir", tmp, "--cache-dir", str(cache), "-q", "--format", "html"])


def run_once(result, doc, write: Path | None = None) -> dict:
    from plancheck.report import htmlsplit, writers

    gc.collect()
    w0, c0 = time.perf_counter(), _cpu()
    n, size, largest, index, digest = 0, 0, 0, 0, hashlib.sha256()
    if write is None:
        for name, text in htmlsplit.render_files(doc, result):
            b = text.encode("utf-8")
            n, size, largest = n + 1, size + len(b), max(largest, len(b))
            index = len(b) if name == "report.html" else index
            digest.update(name.encode() + b"\0" + b)
    else:
        with writers.SetWriter(write, writers.REPORT_NAMES) as w:
            for name, text in htmlsplit.render_files(doc, result):
                b = text.encode("utf-8")
                n, size, largest = n + 1, size + len(b), max(largest, len(b))
                index = len(b) if name == "report.html" else index
                digest.update(name.encode() + b"\0" + b)
                w.write(name, text)
            w.commit()
    return {"wall_s": time.perf_counter() - w0, "cpu_s": _cpu() - c0, "pages": n, "mib": size / 2**20,
            "largest_mib": largest / 2**20, "index_mib": index / 2**20, "sha256": digest.hexdigest()[:16]}


def main() -> None:
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("capture")
    c.add_argument("plans", type=Path)
    c.add_argument("--cache", type=Path, required=True)
    c.add_argument("--pickle", type=Path, required=True)
    t = sub.add_parser("time")
    t.add_argument("pickle", type=Path)
    t.add_argument("--runs", type=int, default=3)
    t.add_argument("--write", type=Path)
    args = ap.parse_args()
    if args.cmd == "capture":
        capture(args.plans, args.cache, args.pickle)
        return
    sys.setrecursionlimit(100_000)
    with args.pickle.open("rb") as fh:
        result, doc = pickle.load(fh)
    from plancheck import units

    units.registry()  # loaded by the rules in a check (the tables' charts convert units): not the writer's cost
    gc.freeze()  # the loaded document lives to the end, as in a check (plancheck.collector)
    runs = [run_once(result, doc, args.write if i == 0 else None) for i in range(args.runs)]
    for r in runs:
        print({k: round(v, 2) if isinstance(v, float) else v for k, v in r.items()})
    print(f"median wall {statistics.median(r['wall_s'] for r in runs):.2f} s, "
          f"cpu {statistics.median(r['cpu_s'] for r in runs):.2f} s, {runs[0]['mib']:.1f} MiB, {runs[0]['pages']} pages, "
          f"index {runs[0]['index_mib']:.2f} MiB, largest {runs[0]['largest_mib']:.2f} MiB, sha {runs[0]['sha256']}")


if __name__ == "__main__":
    main()
