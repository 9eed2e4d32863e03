"""Cold load of plan files, validated once (pydantic; jsonschema only on the error path) against
validated twice (jsonschema and pydantic on every file, as before), side by side in one run.

    .venv/bin/python bench/validate_once.py --plans 200 --runs 3

Serial (workers=1) and without the cache, so the figures are the per-file validation cost.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--plans", type=int, default=200)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from bench.run import build_corpus
    from plancheck import loader

    def load(folder: Path, twice: bool) -> float:
        loader.VALIDATE_TWICE = twice
        t0 = time.perf_counter()
        res = loader.load_plans([folder], folder, workers=1)
        assert res.plans and not res.errors, res.errors[:3]
        return time.perf_counter() - t0

    with tempfile.TemporaryDirectory() as tmp:
        synthetic = Path(tmp) / "plans"
        build_corpus(synthetic, args.plans)
        for name, folder in (("corpus (5 plans)", ROOT / "plans"), (f"synthetic ({args.plans + 1} plans)", synthetic)):
            load(folder, False)  # imports, OS file cache
            once, twice = [], []
            for _ in range(args.runs):
                once.append(load(folder, False))
                twice.append(load(folder, True))
            o, t = statistics.median(once), statistics.median(twice)
            print(json.dumps({"corpus": name, "once_s": round(o, 3), "twice_s": round(t, 3), "ratio": round(t / o, 2)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
