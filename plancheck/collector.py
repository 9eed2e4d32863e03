"""The cyclic garbage collector during a check (issue 13).

A check builds a large heap that lives until the end (the loaded corpus, the findings, the report
document) and makes little cyclic garbage. With the collector on, each full collection walks the
whole heap, and the number of full collections grows with it: at 300 plans 6.7 s of the main
process's time went to the collector (7 full collections, 4.7 s), 12 % of the run's CPU
(docs/benchmarks.md, "The collector"). So the main process runs the check with the collector
paused; what it allocates is freed by reference counting as before, and cycles wait for the end.

Forked workers (`plancheck.forkpool`) that render pages turn it back on for themselves: the
parent's heap is frozen before the fork, so their collections see only what they allocate, and a
worker that renders many pages (Jinja2 makes cyclic garbage) stays small. The rules' workers keep
it off (`worker_off`): their tasks leave a few dozen unreachable objects each, and re-enabling it
after each task made a collection of everything the task had allocated (~1 CPU-s a worker at
3,000 plans).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """The collector off inside the block (as it was before, after it); nestable."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def worker_init() -> None:
    """In a forked worker: the collector on, over the worker's own objects only (the parent froze
    its heap before forking)."""
    gc.enable()


def worker_off() -> None:
    """In a forked worker whose tasks make next to no cyclic garbage (the rules): the collector
    off for the worker's life. Each task's objects are freed by reference counting; what the
    tasks cache on the shared corpus stays to the worker's end either way."""
    gc.disable()
