"""The main process's end of the data-quality suite's helper process (`plancheck.checks.worker`).

Importing Great Expectations takes ~2.4 s of one core and ~200 MiB; in a helper process started
at the beginning of a run it overlaps with the load and the other rules, and the main process
never holds Great Expectations or pandas. No Great Expectations import here.

`start_early()` starts one at the very beginning of a check that will need it (before
plancheck's own imports: ~0.5 s earlier than the rule could), `take_early()` hands it to PC501
and `discard_early()` stops one nobody took. `SuiteProcess()` starts the worker; `failures(table)` sends the fact table and returns the failed
expectations as plain records (`suite.Failure.record`), or `send(table)` now and `result()` later; `close()` stops a worker whose result is
not needed. A worker that cannot start, dies or reports an exception is a `SuiteError` with its
exit status and the end of what it wrote on stderr: the rule's internal error, never a hang (a
worker whose main process is gone exits at the end of its input, after its import at most).
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import tempfile

STDERR_TAIL = 1500  # characters of the worker's stderr quoted in an error


class SuiteError(RuntimeError):
    """The helper process failed."""


class MissingDependency(SuiteError):
    """Great Expectations or pandas is not installed (`name`: the module)."""

    def __init__(self, name: str):
        super().__init__(f"{name} is not installed")
        self.name = name


class SuiteProcess:
    def __init__(self):
        self._sent = False
        self._sender = None  # join() of a child sending the table (`send(aside=True)`)
        self._err = tempfile.TemporaryFile()
        env = {**os.environ, "GX_ANALYTICS_ENABLED": "false",
               "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}  # the modules this process sees
        try:
            self._proc = subprocess.Popen([sys.executable, "-m", "plancheck.checks.worker"], stdin=subprocess.PIPE,
                                          stdout=subprocess.PIPE, stderr=self._err, env=env)
        except OSError as e:
            self._err.close()
            raise SuiteError(f"cannot start the data-quality suite's helper process: {e}") from e

    def failures(self, table) -> list[dict]:
        """The suite's failed expectations over `table`, then the worker ends. `table`: rows of
        `facts.rows`, or a function of the column names the suite reads returning those columns
        (`facts.fact_columns`: the rows are never all held)."""
        try:
            self.send(table)
            return self.result()
        finally:
            self.close()

    def send(self, table, aside: bool = False) -> None:
        """Wait until the worker is ready, build the columns it reads and send them; `result()`
        then waits for its answer. The worker validates while this process goes on (the engine
        sends the table before the other rules' results come back: `PC501.begin`). `aside`: a
        table given as a function is built and sent by a forked child of this process
        (`forkpool.aside`), so that the columns, and the UTF-8 copies the pickler caches in
        every string it writes, are never this process's (issue 13: ~35 MB at 3,000 plans);
        its failure is `result()`'s."""
        if self._sent:
            return
        self._sent = True
        ready = self._receive()
        if "missing" in ready:
            raise MissingDependency(ready["missing"])
        from plancheck import forkpool  # not at import: this module is imported at the check's very start

        if callable(table) and aside and forkpool.can_fork():
            self._sender = forkpool.aside(self._write, table, ready["columns"])
            self._proc.stdin.close()  # the child holds the pipe now: the worker reads to its end
            return
        try:
            self._write(table, ready["columns"])
        except OSError as e:  # the worker died while reading
            raise self._failed(f"cannot send the fact table ({e})") from e

    def _write(self, table, names: list[str]) -> None:
        if callable(table):
            cols = table(names)
        else:
            from plancheck.checks import facts

            cols = facts.columns(table, names)
        pickle.dump({"table": cols}, self._proc.stdin, protocol=pickle.HIGHEST_PROTOCOL)
        self._proc.stdin.close()

    def _sent_aside(self) -> bool:
        """Wait for the child sending the table, if there is one; False if it failed."""
        sender, self._sender = self._sender, None
        return sender is None or sender()

    def result(self) -> list[dict]:
        """The failed expectations over the table `send` sent (the worker then ends)."""
        try:
            if not self._sent_aside():
                raise self._failed("the process building the fact table failed before it sent the whole table")
            return self._receive()["failures"]
        finally:
            self.close()

    def _receive(self) -> dict:
        try:
            message = pickle.load(self._proc.stdout)
        except (EOFError, pickle.UnpicklingError, OSError) as e:
            raise self._failed(f"no answer ({type(e).__name__})") from e
        if not isinstance(message, dict):
            raise self._failed("an answer that is not a message")
        if "error" in message:
            raise self._failed(message["error"])
        return message

    def _failed(self, what: str) -> SuiteError:
        try:
            rc = self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            rc = self._proc.wait()
        self._err.seek(0)
        tail = self._err.read().decode("utf-8", "replace")[-STDERR_TAIL:].strip()
        return SuiteError(f"the data-quality suite's helper process failed (exit {rc}): {what}"
                          + (f"\n{tail}" if tail else ""))

    def close(self) -> None:
        """End the worker and reap it; idempotent. A worker still importing or waiting for a table
        that will not come is stopped at once (it is this process's own child)."""
        if self._proc.stdin and not self._proc.stdin.closed:
            try:
                self._proc.stdin.close()
            except OSError:
                pass
        if self._proc.poll() is None:
            self._proc.kill()
        self._proc.wait()
        self._sent_aside()  # a sender still writing gets a broken pipe once the worker is gone
        self._proc.stdout.close()
        self._err.close()


_EARLY: SuiteProcess | None = None  # started by `start_early`, for PC501 to take


def start_early() -> None:
    """Start the helper now, for a check that will run the suite (plancheck.check decides). A
    failure to start is left to PC501, which starts its own and reports why."""
    global _EARLY
    if _EARLY is None:
        try:
            _EARLY = SuiteProcess()
        except SuiteError:
            _EARLY = None


def take_early() -> SuiteProcess | None:
    """The helper `start_early` started, now the caller's to use and close; None if none."""
    global _EARLY
    process, _EARLY = _EARLY, None
    return process


def discard_early() -> None:
    """Stop a helper `start_early` started that no rule took (the suite did not run)."""
    process = take_early()
    if process is not None:
        process.close()
