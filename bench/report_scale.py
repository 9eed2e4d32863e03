"""Reports at country scale (issue 13): build and write every report format for a synthetic
document of N findings over P plans; prints wall time per format and the peak RSS.

    .venv/bin/python bench/report_scale.py --findings 70000 --plans 3000
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def synthetic(n: int, plans: int) -> dict:
    ids = [f"plan-{i:04d}" for i in range(plans)]
    fs = []
    for i in range(n):
        p = ids[i % plans]
        sev = ("error", "warning", "info", "info", "info")[i % 5]
        fs.append({
            "id": f"PC{101 + i % 7:03d}-{i:010x}", "rule": f"PC{101 + i % 7:03d}", "severity": sev, "plans": [p],
            "message": f"指标{i}：所述年均增速 16.6% 与端点不符", "message_zh": f"指标{i}：所述年均增速 16.6% 与端点不符",
            "message_en": f"indicator {i}: the stated growth 16.6% does not match its endpoints",
            "values": {"stated": "16.600%", "computed": "[18.404%, 18.411%]", "tolerance": "[16.550%, 16.650%]"},
            "evidence": [{"plan": p, "file": f"sources/{p}.txt", "line": 20 + i % 50, "quote": "从2015年的173.66亿元增加到2020年的404.2亿元，年均增速16.6%",
                          "plan_file": f"plans/{p}.yaml", "plan_line": 100 + i % 900, "item": f"fact-{i}"}],
            "waived": i % 11 == 0, "located": [p], **({"waiver_reason": "a misprint of the published plan"} if i % 11 == 0 else {}),
        })
    return {"tool": {"name": "plancheck", "version": "bench"}, "lang": "zh",
            "summary": {"errors": 0, "warnings": 0, "infos": 0, "waived": 0, "plans": plans, "input_errors": 0},
            "plans": [{"id": p, "title": f"规划 {p}", "region": "330000", "file": f"plans/{p}.yaml", "source": f"sources/{p}.txt",
                       "facts": 90, "growth": 5, "edition_of": None} for p in ids],
            "rules": [], "input_errors": [], "findings": fs}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--findings", type=int, default=70_000)
    ap.add_argument("--plans", type=int, default=3000)
    args = ap.parse_args()
    from plancheck.report import causes, writers

    doc = synthetic(args.findings, args.plans)
    t0 = time.perf_counter()
    doc["causes"] = causes.group(doc)
    print(f"group causes: {time.perf_counter() - t0:.2f} s")
    result = SimpleNamespace(corpus=None, tables=[])
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in ("json", "md", "html", "summary"):
            t0 = time.perf_counter()
            with writers.SetWriter(Path(tmp) / fmt, writers.REPORT_NAMES) as out:
                writers.write_format(out, fmt, doc, result)
                out.commit()
            size = sum(f.stat().st_size for f in (Path(tmp) / fmt).iterdir())
            print(f"{fmt:8} {time.perf_counter() - t0:6.2f} s  {size / 2**20:8.1f} MiB")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {rss:.0f} MiB ({args.findings} findings, {args.plans} plans)")
    json.dumps  # noqa: B018


if __name__ == "__main__":
    main()
