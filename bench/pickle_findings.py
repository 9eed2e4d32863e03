"""How fast findings travel from the rules' workers to the main process (pickle, as forkpool
sends them): 130,000 findings sharing 60,000 pieces of evidence, dumped and loaded three times
with the collector off; the best of each, and the bytes.

    .venv/bin/python bench/pickle_findings.py LABEL    # run with each checkout's interpreter
"""

from __future__ import annotations

import gc
import pickle
import sys
import time

from plancheck.findings import Evidence, Finding, Severity


def main() -> int:
    label = sys.argv[1] if len(sys.argv) > 1 else "this checkout"
    ev = [Evidence(f"p{i % 300}", "f.txt", i, f"从2015年的X亿元增加到2020年的Y亿元{i}", "plans/x.yaml", i, f"f{i}", 3)
          for i in range(60000)]
    found = [Finding("PC101", Severity.error, [f"p{i}"], "甲" * 40, "a" * 60, f"k/{i}", {"x": str(i)},
                     [ev[i % 60000], ev[(i * 7) % 60000]]) for i in range(130000)]
    for f in found:
        f.id  # noqa: B018 - computed, as in a worker that has deduplicated its findings
    gc.disable()
    dumps, loads = [], []
    for _ in range(3):
        t = time.perf_counter()
        data = pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL)
        dumps.append(time.perf_counter() - t)
        t = time.perf_counter()
        pickle.loads(data)
        loads.append(time.perf_counter() - t)
    print(f"{label}: dumps {min(dumps):.2f} s, loads {min(loads):.2f} s, {len(data) / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
