"""`python -m plancheck.validate PLAN.yaml ...`: a quick loop for people encoding a plan.

Loads the files and runs the input rules only (PC001 quotes, PC002 references, PC003
coverage), printing each problem with its file and line; no reports are written.
"""

from __future__ import annotations

import sys
from pathlib import Path

from plancheck import engine

INPUT_RULES = ["PC001", "PC002", "PC003"]


def main(argv: list[str] | None = None) -> int:
    from plancheck import config

    args = argv if argv is not None else sys.argv[1:]
    try:
        reference = config.load().reference_data  # the repository's own catalog, regions ...
    except config.ConfigError as e:
        print(f"ERROR {e}")
        return 2
    rules = engine.build_rules(engine.selected(INPUT_RULES, []), {})
    result = engine.run([Path(a) for a in args] or [Path("plans")], rules, reference=reference)
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
    bad = result.input_errors or any(f.severity.value == "error" for f in result.findings)
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
