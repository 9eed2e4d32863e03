"""How fast the HTML report opens at country scale (issue 13): writes the HTML report of a
synthetic corpus (bench/report_scale.py's: N findings over P plans), then opens the index page
and the largest plan page in Debian's Chromium (Playwright, headless, from file://) and prints
the time to the load event (scripts run) and the page's size; median of --runs.

    .venv/bin/python bench/html_open.py --findings 70000 --plans 3000
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from report_scale import synthetic  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--findings", type=int, default=70_000)
    ap.add_argument("--plans", type=int, default=3000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    from plancheck.report import causes, writers

    doc = synthetic(args.findings, args.plans)
    doc["causes"] = causes.group(doc)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "reports"
        t0 = time.perf_counter()
        with writers.SetWriter(out, writers.REPORT_NAMES) as w:
            writers.write_format(w, "html", doc, SimpleNamespace(corpus=None, tables=[]))
            w.commit()
        pages = sorted(out.rglob("*.html"))
        size = sum(p.stat().st_size for p in pages)
        print(f"write html: {time.perf_counter() - t0:.1f} s, {len(pages)} pages, {size / 2**20:.1f} MiB")
        largest = max((p for p in pages if p.name != "report.html"), key=lambda p: p.stat().st_size, default=None)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            small = Path(tmp) / "small.html"  # the browser's own cost on this machine now: a page of 50 findings
            small.write_text(__import__("plancheck.report.html", fromlist=["render"]).render(
                {**synthetic(50, 5), "causes": []}), "utf-8")
            for page_file in [small, out / "report.html"] + ([largest] if largest else []):
                times = []
                for _ in range(args.runs):
                    ctx = browser.new_context(viewport={"width": 1366, "height": 900})
                    page = ctx.new_page()
                    t0 = time.perf_counter()
                    page.goto(page_file.as_uri(), wait_until="load")
                    times.append(time.perf_counter() - t0)
                    n = page.locator("article.finding").count()
                    ctx.close()
                rel = page_file.relative_to(out) if page_file != small else "a page of 50 findings (reference)"
                print(f"open {rel}: median {statistics.median(times):.2f} s (runs {', '.join(f'{x:.2f}' for x in times)}), "
                      f"{page_file.stat().st_size / 2**20:.2f} MiB, {n} findings in the page")
            browser.close()


if __name__ == "__main__":
    main()
