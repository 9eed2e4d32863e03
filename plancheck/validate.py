"""`python -m plancheck.validate PLAN.yaml ...`: load plans and verify quotes, catalog keys and units.

A quick loop for people encoding a plan; `plancheck check` runs the same checks as rules.
"""

from __future__ import annotations

import sys
from pathlib import Path

from plancheck.loader import catalog, load_plans, regions
from plancheck.quotes import quote_problems
from plancheck.units import UnitError, parse


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    result = load_plans([Path(a) for a in args] or [Path("plans")])
    for e in result.errors:
        print(f"ERROR {e}")
    bad = bool(result.errors)
    cat, reg = catalog(), regions()
    for lp in result.plans:
        p = lp.plan
        for prob, _lines in quote_problems(lp):
            line = lp.line_of(*prob.path)
            print(f"{'WARN ' if prob.kind == 'number-in-run' else 'ERROR'} {lp.path}:{line}: {prob.item_id or prob.path}: {prob.kind}: {prob.detail}: {prob.quote!r}")
            bad = bad or prob.kind != "number-in-run"
        for i, f in enumerate(p.facts):
            if f.indicator not in cat:
                print(f"ERROR {lp.path}:{lp.line_of('facts', i)}: {f.id}: unknown indicator key {f.indicator!r}")
                bad = True
            try:
                parse(f.unit)
            except UnitError as e:
                print(f"ERROR {lp.path}:{lp.line_of('facts', i)}: {f.id}: {e}")
                bad = True
            if (f.region or p.region) and reg.get(f.region or p.region) is None:
                print(f"ERROR {lp.path}:{lp.line_of('facts', i)}: {f.id}: unknown region {f.region}")
                bad = True
        for i, g in enumerate(p.growth):
            if g.indicator not in cat:
                print(f"ERROR {lp.path}:{lp.line_of('growth', i)}: {g.id}: unknown indicator key {g.indicator!r}")
                bad = True
        print(f"{lp.path}: {len(p.facts)} facts, {len(p.growth)} growth claims, {len(p.priorities)} priority lists")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
