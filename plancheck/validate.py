"""`python -m plancheck.validate PLAN.yaml ...`: a quick loop for people encoding a plan.

Loads the files and runs the input rules only (PC001 quotes, PC002 references, PC003
coverage), printing each problem with its file and line; no reports are written.

Exit codes are `check`'s (plancheck/exitcodes.py): 2 for bad input (a file that does not load, a
path that does not exist, an unusable setting), 1 for an error finding of the input rules, 3 for
a rule that crashed (a bug), 0 otherwise.
"""

from __future__ import annotations

import sys
from pathlib import Path

from plancheck import engine
from plancheck.exitcodes import EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL, EXIT_OK


def main(argv: list[str] | None = None) -> int:
    from plancheck import config

    args = argv if argv is not None else sys.argv[1:]
    try:
        reference = config.load().reference_data  # the repository's own catalog, regions ...
    except config.ConfigError as e:
        print(f"ERROR {e}")
        return EXIT_INPUT
    paths = [Path(a) for a in args] or [Path("plans")]
    missing = [p for p in paths if not p.exists()]
    if missing:
        print(f"ERROR no such file or folder: {', '.join(map(str, missing))}")
        return EXIT_INPUT
    rules = engine.build_rules([c for c in engine.selected([], []) if c.input_check], {})
    result = engine.run(paths, rules, reference=reference)
    for e in result.input_errors:
        print(f"ERROR {e}")
    for f in result.findings:
        ev = f.evidence[0] if f.evidence else None
        where = f"{ev.plan_file}:{ev.plan_line}" if ev and ev.plan_line else (ev.plan_file if ev else "")
        level = {"error": "ERROR", "warning": "WARN ", "info": "INFO "}[f.severity.value]
        print(f"{level} {where}: {f.rule} {f.message_en}")
    for lp in result.corpus.plans:
        p = lp.plan
        print(f"{lp.display}: {len(p.facts)} facts, {len(p.growth)} growth claims, {len(p.priorities)} priority lists")
    if result.internal_errors:
        return EXIT_INTERNAL
    if result.input_errors:
        return EXIT_INPUT
    return EXIT_FINDINGS if any(f.severity.value == "error" for f in result.findings) else EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
