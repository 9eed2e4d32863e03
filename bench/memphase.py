"""The main process's resident memory (MiB) at the end of each phase of one `plancheck check`
(docs/benchmarks.md, "Memory: equal values once"), sampled every 50 ms, with the phase the peak
fell in. A format written by the forked text writer prints that child's RSS.

    python bench/memphase.py PLANS OUT CACHE     (fresh OUT and CACHE: a cold check)
"""
import resource
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
def rss():
    return int(open('/proc/self/statm').read().split()[1]) * 4096 / 2**20
peak = [0.0, ""]
label = ["start"]
def sampler():
    while True:
        r = rss()
        if r > peak[0]:
            peak[0], peak[1] = r, label[0]
        time.sleep(0.05)
threading.Thread(target=sampler, daemon=True).start()  # before the imports: they are part of the memory
from plancheck import cli, engine, rulepool  # noqa: E402
from plancheck.report import writers  # noqa: E402


def wrap(mod, name, tag):
    fn = getattr(mod, name)
    def w(*a, **k):
        label[0] = tag
        r = fn(*a, **k)
        print(f"{tag:14s} end rss {rss():7.0f}  peak so far {peak[0]:7.0f} ({peak[1]})", flush=True)
        return r
    setattr(mod, name, w)
wrap(engine, "load_corpus", "load")
wrap(rulepool, "run", "rules-pool")
wrap(engine, "_store_run", "run-entry")
wrap(writers, "build", "doc-build")
orig = writers.write_format
def wf(out, fmt, doc, result):
    label[0] = "fmt-" + fmt
    r = orig(out, fmt, doc, result)
    print(f"fmt {fmt:10s} end rss {rss():7.0f}  peak so far {peak[0]:7.0f} ({peak[1]})", flush=True)
    return r
writers.write_format = wf
plans, out, cache = sys.argv[1:4]
rc = cli.main(["check", plans, "--output-dir", out, "--cache-dir", cache, "-q"])
print("rc", rc, "maxrss", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "sampled peak", peak)
