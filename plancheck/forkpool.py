"""An ordered map over forked worker processes that inherit the parent's state (issue 13).

The per-plan work of a large corpus — a plan's HTML page, a province's per-plan rules — reads
the whole loaded corpus. Shipping the corpus to a worker (pickling it) costs more than the work,
so the workers are forked after it is built and read it from memory they share with the parent
(copy-on-write); only the small task (an index) goes to a worker and only its result (text, or
findings) comes back. Results come back in the order of the tasks, whatever order the workers
finish in, so the output is the serial output byte for byte.

At most `window` chunks are in flight: the parent consumes results as they come (writes a page,
extends a list), so it never holds every rendered result at once.

Without `fork` (not POSIX), with one core, or for fewer than `min_items` tasks, the map runs in
this process: same results, no workers.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor

from plancheck import collector

_STATE: object = None  # what the forked workers read: set in the parent just before the fork


def _run_chunk(fn: Callable, chunk: list) -> list:
    return [fn(_STATE, item) for item in chunk]


def default_workers() -> int:
    """The cores this process may use (the affinity mask, where the OS has one)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def aside(fn: Callable, *args) -> Callable[[], bool]:
    """`fn(*args)` in a forked child that inherits this process's state (nothing is pickled on
    the way in, nothing but the exit status comes back), for work whose effect is a file: what
    it allocates stays out of this process (issue 13: the whole-run cache entry's encoder caches
    a UTF-8 copy in every string it writes, ~40 MB held to the end at 3,000 plans). Returns
    `join()`: waits for the child and says whether `fn` returned. Without fork, `fn` runs here
    (an exception in it is `join()`'s False, as in the child). The child leaves by `os._exit`:
    no buffered output of this process is written twice, no exit handler runs there."""
    if not can_fork():
        try:
            fn(*args)
            ok = True
        except Exception:
            ok = False
        return lambda: ok
    pid = os.fork()
    if pid == 0:  # the child: fn, then out, whatever happens
        code = 1
        try:
            with collector.paused():
                fn(*args)
            code = 0
        except BaseException:  # noqa: BLE001, S110 - the parent hears of it by the exit status
            pass
        finally:
            os._exit(code)

    def join() -> bool:
        _, status = os.waitpid(pid, 0)
        return os.waitstatus_to_exitcode(status) == 0
    return join


def ordered_map(fn: Callable, state: object, items: Iterable, *, workers: int | None = None,
                min_items: int = 32, chunk: int = 8, started: Callable[[], None] | None = None,
                collect: bool = True) -> Iterator:
    """`fn(state, item)` for each item, in the order of `items`; in forked workers when worth it.

    `fn` must be a module-level function (it is pickled by name); `state` is not pickled: the
    workers inherit it. An exception in a worker is raised here, as in the serial map.
    `started()`, if given, is called in this process once the workers have their first items
    (never when the map runs serially): work of its own done while they run. `collect`: the
    cyclic collector on in the workers (`collector.worker_init`), or off (`worker_off`: for
    tasks that make next to no cyclic garbage)."""
    items = list(items)
    workers = default_workers() if workers is None else workers
    if workers <= 1 or len(items) < min_items or not can_fork():
        for item in items:
            yield fn(state, item)
        return
    global _STATE
    chunks = [items[i:i + chunk] for i in range(0, len(items), chunk)]
    window = 4 * workers
    previous, _STATE = _STATE, state
    gc.freeze()  # the objects so far are not the collector's in the workers: fewer pages copied
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                                 initializer=collector.worker_init if collect else collector.worker_off) as pool:
            pending: deque = deque()
            todo = iter(chunks)
            for c in todo:
                pending.append(pool.submit(_run_chunk, fn, c))
                if len(pending) >= window:
                    break
            if started is not None:
                started()
            while pending:
                done = pending.popleft().result()
                nxt = next(todo, None)
                if nxt is not None:
                    pending.append(pool.submit(_run_chunk, fn, nxt))
                yield from done
    finally:
        _STATE = previous
        gc.unfreeze()
