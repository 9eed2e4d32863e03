"""Country-scale benchmark: thousands of plans checked by the rule engine.

Builds a synthetic corpus in a temporary folder by cloning the real city plans under new ids
and region codes (every clone cites the real source text, so quote verification does real
work), registers a province of N cities, then times loading + every rule except the
Great Expectations suite: once cold (every file parsed and validated, every rule run), then
warm (validated files and the per-plan rules' findings of unchanged plans served from the cache,
as in CI re-runs and a drafter's repeated `make check`), and records peak memory.

    python bench/run.py [--plans 3000] [--runs 3]

Prints one JSON line per run and a summary; docs/benchmarks.md records the figures.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ["jiaxing-de-2021", "huzhou-de-2021"]


def build_corpus(folder: Path, n: int) -> list[dict]:
    (folder / "sources").mkdir(parents=True)
    for p in (ROOT / "plans" / "sources").glob("*.txt"):
        shutil.copy(p, folder / "sources" / p.name)
    shutil.copy(ROOT / "plans" / "zhejiang-de-2021.yaml", folder / "zhejiang-de-2021.yaml")
    regions = []
    texts = {t: (ROOT / "plans" / f"{t}.yaml").read_text("utf-8") for t in TEMPLATES}
    for i in range(n):
        t = TEMPLATES[i % len(TEMPLATES)]
        code = f"9{i // 100:03d}{i % 100:02d}"  # synthetic 6-digit codes, no clash with GB/T 2260
        pid = f"city{i:05d}-de-2021"
        text = re.sub(r"^id: .*$", f"id: {pid}", texts[t], count=1, flags=re.M)
        text = re.sub(r'^region: .*$', f'region: "{code}"', text, count=1, flags=re.M)
        (folder / f"{pid}.yaml").write_text(text, "utf-8")
        regions.append({"code": code, "name": f"城市{i}", "level": "prefecture", "parent": "330000"})
    return regions


def run_once(folder: Path, regions: list[dict], cache_dir: Path | None) -> dict:
    from plancheck import engine
    from plancheck.cache import PlanCache
    from plancheck.loader import catalog, load_plans
    from plancheck.loader import regions as builtin_regions
    from plancheck.models import RegionRegistry
    from plancheck.rules.context import Corpus

    base = builtin_regions()
    registry = RegionRegistry(regions=[*base.regions, *regions])
    t0 = time.perf_counter()
    loaded = load_plans([folder], folder, cache_dir)
    t1 = time.perf_counter()
    corpus = Corpus(loaded.plans, catalog(), registry)
    rules = engine.build_rules([r for r in engine.selected([], []) if r.code != "PC501"], {})
    findings_cache = PlanCache(cache_dir / "findings") if cache_dir is not None else None
    digest = engine.reference_digest(corpus)
    findings = 0
    per_rule = {}
    for rule in rules:
        r0 = time.perf_counter()
        findings += len(engine.check_rule(rule, corpus, findings_cache, digest))
        per_rule[rule.code] = round(time.perf_counter() - r0, 3)
    t2 = time.perf_counter()
    return {
        "plans": len(loaded.plans),
        "facts": len(corpus.facts),
        "input_errors": len(loaded.errors),
        "load_s": round(t1 - t0, 3),
        "rules_s": round(t2 - t1, 3),
        "total_s": round(t2 - t0, 3),
        "findings": findings,
        "slowest_rules": dict(sorted(per_rule.items(), key=lambda kv: -kv[1])[:4]),
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--plans", type=int, default=3000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "plans"
        regions = build_corpus(folder, args.plans)
        cache_dir = Path(tmp) / "cache"
        cold = run_once(folder, regions, None)  # no cache: every file parsed and validated
        print(json.dumps({"mode": "cold", **cold}, ensure_ascii=False))
        run_once(folder, regions, cache_dir)  # fills the cache
        results = []
        for _ in range(args.runs):
            r = run_once(folder, regions, cache_dir)
            print(json.dumps({"mode": "warm", **r}, ensure_ascii=False))
            results.append(r)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({
        "plans": results[0]["plans"], "facts": results[0]["facts"], "cold_total_s": cold["total_s"],
        "median_total_s": statistics.median(r["total_s"] for r in results),
        "median_load_s": statistics.median(r["load_s"] for r in results),
        "median_rules_s": statistics.median(r["rules_s"] for r in results),
        "peak_rss_mib": round(peak, 1),
    }))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
