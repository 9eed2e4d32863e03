"""When a cold check of `plans/` starts the data-quality suite's helper, when the helper is ready,
when it answers, and when the reports are written (docs/benchmarks.md):

    python bench/five_timeline.py [PLANS]

Seconds from this script's start, on stderr; a fresh cache and output folder each run. What the
check finds is not printed (the exit code is).
"""

from __future__ import annotations

import sys
import tempfile
import time

T0 = time.perf_counter()
LOG: list[tuple[float, str]] = []


def mark(what: str) -> None:
    LOG.append((time.perf_counter() - T0, what))


def instrument() -> None:
    from plancheck import engine
    from plancheck.checks import helper
    from plancheck.report import writers

    spawn, receive = helper.SuiteProcess.__init__, helper.SuiteProcess._receive

    def init(self, *a, **kw):
        mark("helper spawned")
        spawn(self, *a, **kw)

    def recv(self):
        mark("main waits for the helper")
        message = receive(self)
        mark("helper answers: " + ", ".join(message))
        return message

    helper.SuiteProcess.__init__, helper.SuiteProcess._receive = init, recv
    for module, name in ((engine, "load_corpus"), (writers, "write")):
        fn = getattr(module, name)

        def wrapped(*a, _fn=fn, _name=name, **kw):
            mark(f"{_name} starts")
            try:
                return _fn(*a, **kw)
            finally:
                mark(f"{_name} ends")

        setattr(module, name, wrapped)


def main() -> int:
    instrument()
    from plancheck.cli import main as cli

    plans = sys.argv[1] if len(sys.argv) > 1 else "plans"
    d = tempfile.mkdtemp()
    mark("check starts")
    rc = cli(["check", plans, "--output-dir", f"{d}/r", "--cache-dir", f"{d}/c", "-q"])
    mark(f"check ends (exit {rc})")
    for t, what in LOG:
        print(f"{t:7.3f} s  {what}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
