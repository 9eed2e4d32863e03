"""Dense-plan benchmark: one plan with N facts sharing a few indicators and one year.

PC103 (table vs text) and PC105 (units) compare facts of the same indicator and year with each
other. They were quadratic in the size of such a group (1k facts 5.1 s, 4k 73.6 s, 100k not
finished after 580 s); they now group and compare each fact with a bounded number of others.
This script builds one plan of `--facts` facts (default 100k) over `--indicators` indicators
(default 2, so each group holds N/2 facts) for one year, a mix of table cells and text
statements, many of them restating the same figure and some disagreeing or slipping by 万, then
times loading and every rule except PC501 (the data-quality suite), one rule at a time.

    .venv/bin/python bench/dense_plan.py [--facts 100000] [--indicators 2]

Prints one JSON object; docs/benchmarks.md records the figures. Goal: the whole run under 30 s
for 100k facts on the 2-core development machine.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "plans" / "sources" / "jiaxing-de-2021.txt"
# real sentences of the Jiaxing source text, reused as quotes
QUOTES = ["数字经济核心产业增加值达到1350亿元", "数字经济领域有效发明专利达到8000件"]
INDICATORS = [("core_va", "亿元", "1350"), ("de_patents", "件", "8000")]


def build(folder: Path, n: int, n_ind: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    src = folder / "source.txt"
    src.write_bytes(SOURCE.read_bytes())
    lines = [
        "id: dense-plan", "title: 密集规划", "region: '330400'", "issuers: [测试]",
        "issued: {date: 2021-12-31, quote: 2021年12月31日}",
        "period: {start: 2021, end: 2025, quote: 期限为2021-2025年}", "cycle: 十四五", "vision_year: 2035",
        f"source: {{file: source.txt, sha256: {hashlib.sha256(src.read_bytes()).hexdigest()}}}", "facts:",
    ]
    for i in range(n):
        key, unit, value = INDICATORS[i % n_ind % len(INDICATORS)]
        quote = QUOTES[i % n_ind % len(QUOTES)]
        place = "table" if i % 10 == 0 else "text"
        if i % 97 == 1:
            value = str(int(value) + 1 + i % 5)  # a few disagreeing restatements
        if i % 991 == 3 and unit == "亿元":
            unit = "万元"  # a few 万/亿 slips
        # the sentence implies its year (the paragraph's 到2025年), as real plans encode it
        implied = ", year_implied: true" if place == "text" else ""
        lines.append(f"  - {{id: f{i:06d}, indicator: {key}, name: {key}, role: target, place: {place}, "
                     f"year: 2025{implied}, value: {value}, unit: {unit}, comparator: '>=', quote: {quote}}}")
    path = folder / "dense-plan.yaml"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--facts", type=int, default=100_000)
    ap.add_argument("--indicators", type=int, default=2)
    args = ap.parse_args(argv)
    from plancheck import engine
    from plancheck.loader import catalog, load_plans, regions
    from plancheck.rules.context import Corpus

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "plans"
        build(folder, args.facts, args.indicators)
        t0 = time.perf_counter()
        loaded = load_plans([folder], folder, None)
        corpus = Corpus(loaded.plans, catalog(), regions())
        t1 = time.perf_counter()
        rules = engine.build_rules([r for r in engine.selected([], []) if not r.quality], {})
        per_rule, findings = {}, {}
        for rule in rules:
            r0 = time.perf_counter()
            found = engine.check_rule(rule, corpus, None, "")
            per_rule[rule.code] = round(time.perf_counter() - r0, 3)
            findings[rule.code] = len(found)
        t2 = time.perf_counter()
    out = {
        "facts": len(corpus.facts), "input_errors": len(loaded.errors), "load_s": round(t1 - t0, 3),
        "rules_s": round(t2 - t1, 3), "total_s": round(t2 - t0, 3),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "per_rule_s": per_rule, "findings": findings,
    }
    print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
