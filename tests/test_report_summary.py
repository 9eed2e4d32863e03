"""`--format summary` (report-summary.md): a pull-request comment under 60,000 characters for any corpus."""

from __future__ import annotations

import json

from plancheck.report import summary
from tests.test_report_causes import synthetic_doc
from tests.test_reports import HOSTILE, copy_plans, plancheck, sample_doc


def huge_doc(n: int = 70_000, plans: int = 3000) -> dict:
    doc = synthetic_doc()
    base = doc["findings"][3]
    doc["plans"] = [{"id": f"plan-{i:04d}", "edition_of": None} for i in range(plans)]
    fs = []
    for i in range(n):
        f = json.loads(json.dumps(base))
        f["id"] = f"PC104-{i:010x}"
        f["severity"] = ("error", "warning", "info")[i % 3]
        f["plans"] = [f"plan-{i % plans:04d}"]
        f["evidence"][0]["plan"] = f["plans"][0]
        f["evidence"][0]["item"] = f"item-{i}"
        f["message"] = f"第{i}条：" + "很长的消息" * 40 + HOSTILE
        f["waived"] = i % 7 == 0
        f["waiver_reason"] = "reason " * 30
        f["baseline_status"] = "new" if i % 2 else "unchanged"
        fs.append(f)
    doc["findings"] = fs
    doc["summary"] = {"errors": 1, "warnings": 1, "infos": 1, "waived": 1, "plans": plans, "input_errors": 0,
                      "new": n // 2, "fixed": 3}
    return doc


def test_summary_of_a_huge_corpus_stays_under_the_limit_and_counts_what_it_leaves_out():
    doc = huge_doc()
    text = summary.render(doc)
    assert len(text) < 60_000
    assert "report.html" in text.rstrip().splitlines()[-1]  # the path to the full report survives truncation
    assert "more not listed" in text and "<script" not in text
    # the count of what was left out is right: listed + left out = the findings of the listed sections
    listed = text.count("\n- `PC104`")
    left = int(text.split("… ")[-1].split(" more not listed")[0])
    new = sum(f["baseline_status"] == "new" and not f["waived"] for f in doc["findings"])
    discrepancies = sum(f["severity"] in ("error", "warning") for f in doc["findings"])
    assert listed + left == new + discrepancies


def test_summary_of_the_sample_lists_the_discrepancies_and_what_is_new():
    text = summary.render(sample_doc("en"))
    assert text.startswith("## plancheck summary")
    assert text.index("### Errors") < text.index("### Warnings")
    assert "The published plan misprints it" in text  # a waived error, with its reason
    assert "PC106" not in text  # infos are counted, not listed


def test_check_writes_report_summary_md(tmp_path):
    work = copy_plans(tmp_path)
    r = plancheck(work, "check", "plans", "--output-dir", "out", "--format", "json,summary", "--no-quality")
    assert r.returncode in (0, 1), r.stderr
    text = (work / "out" / "report-summary.md").read_text("utf-8")
    doc = json.loads((work / "out" / "report.json").read_text("utf-8"))
    assert len(text) < 60_000
    shift = next(c for c in doc["causes"] if c["kind"] == "year-shift")
    assert text.count("年份整体平移") == 1 and shift["plans"][0] in text
    assert f"| {doc['summary']['errors']} | {doc['summary']['warnings']} |" in text


def test_html_page_is_bounded_and_report_json_is_streamed_identically():
    from plancheck.report import build, htmlfindings
    from plancheck.report import html as report_html

    doc = huge_doc(n=htmlfindings.MAX_ARTICLES + 500, plans=50)
    doc.update(tool={"name": "plancheck", "version": "0"}, rules=[], input_errors=[])
    for p in doc["plans"]:
        p.update(title=p["id"], file=f"plans/{p['id']}.yaml")
    page = report_html.render(doc)
    assert page.count("<article ") == htmlfindings.MAX_ARTICLES
    assert "more findings are not listed in this page" in page and "500" in page
    first = page.index('id="sec-error"')
    assert page.index("<article ") > first  # the page still opens on the errors
    small = sample_doc("en")
    assert "".join(build.stream_json(small)) == build.dumps(small)
