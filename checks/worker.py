"""The data-quality suite in a helper process: `python -m plancheck.checks.worker` (started by
`plancheck.checks.helper`, not by hand).

The process imports Great Expectations (with `deferred`'s stand-ins for the modules it imports
and the suite never uses) and builds the suite's passes (`suite.prepare`) as soon
as it starts, while the main process loads the plans and runs the other rules; then it waits for
the fact table. Messages are pickled, one each way in turn, on stdin and stdout (the two ends are
the same installation of plancheck; nothing else is read):

1. worker -> main: `{"columns": [...]}` once the suite is ready (the columns it reads), or
   `{"missing": "module"}` when Great Expectations or pandas is not installed;
2. main -> worker: `{"table": {column: [values]}}` (`facts.columns`), or end of input when the
   suite is not needed after all (the worker then exits 0);
3. worker -> main: `{"failures": [Failure.record(), ...]}`, or `{"error": "..."}`.
"""

from __future__ import annotations

import pickle
import sys
import traceback


def _send(stream, message: dict) -> None:
    pickle.dump(message, stream, protocol=pickle.HIGHEST_PROTOCOL)
    stream.flush()


def main() -> int:
    out, inp = sys.stdout.buffer, sys.stdin.buffer
    sys.stdout = sys.stderr  # nothing but the messages goes to the main process's pipe
    from plancheck.checks import deferred

    deferred.defer()  # scipy.stats and altair: imported by Great Expectations, never used by the suite
    try:
        from plancheck.checks import facts, suite
    except ModuleNotFoundError as e:
        if not (e.name or "").startswith(("great_expectations", "pandas")):
            raise
        _send(out, {"missing": e.name})
        return 0
    suite.unfingerprinted()  # the batch markers' digest of the whole table: never read
    try:
        prepared = suite.prepare()
        _send(out, {"columns": prepared.columns})
        try:
            message = pickle.load(inp)
        except EOFError:
            return 0  # the main process did not need the suite (its result was cached, or no facts)
        outcome = suite.validate(prepared, facts.frame(message["table"]))
        _send(out, {"failures": [f.record() for f in outcome.failures]})
    except Exception as e:  # reported to the main process, which reports it as PC501's internal error
        traceback.print_exc(limit=-4)  # on stderr, which the main process quotes
        _send(out, {"error": f"{type(e).__name__}: {e}"})
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
