"""The report formats (HTML, SARIF, JUnit, diff), the published report schema, and gating end to end.

Exact expectations use a hand-made report document (`sample_doc`); runs over the real corpus only
check shapes and relations, since rules and plans are added all the time.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
import yaml

from plancheck.findings import Evidence, Finding, Severity
from plancheck.report import diff as report_diff
from plancheck.report import html as report_html
from plancheck.report import junit as report_junit
from plancheck.report import sarif as report_sarif
from plancheck.report.bilingual import BiDict
from plancheck.report.schema import Report
from tests.planfactory import copy_corpus, write_plan

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SARIF_SCHEMA = DATA / "sarif-schema-2.1.0.json"
SARIF_SCHEMA_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"
REPORT_SCHEMA = ROOT / "plancheck" / "schema" / "report.schema.json"
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
HOSTILE = SCRIPT + IMG


# ---------------------------------------------------------------- a hand-made report


def _finding(rule, sev, plans, key, zh, en, values=None, evidence=(), waived=False, reason=None, baseline=None):
    f = Finding(rule=rule, severity=Severity(sev), plans=list(plans), message_zh=zh, message_en=en, key=key,
                values=values or {}, evidence=list(evidence))
    f.waived, f.waiver_reason, f.baseline_status = waived, reason, baseline
    return f


def _ev(plan, quote, line, plan_line, item=None, plan_file=None):
    return Evidence(plan=plan, file=f"sources/{plan}.txt", line=line, quote=quote,
                    plan_file=plan_file or f"plans/{plan}.yaml", plan_line=plan_line, item=item)


def sample_findings(hostile: bool = False) -> list[Finding]:
    h = HOSTILE if hostile else ""
    q = "从2015年的225.0亿元增加到2020年的506.9亿元，年均增长17.6%" + h
    return [
        _finding("PC101", "error", ["alpha-de-2021"], "alpha-de-2021/va-growth/inconsistent",
                 f"va-growth：所述年均增速 17.6% 与端点不符{h}", f"va-growth: stated 17.6% does not match{h}",
                 {"stated": "17.600%", "computed": "[18.35%, 18.45%]", "tolerance": f"0.05 pp{h}"},
                 [_ev("alpha-de-2021", q, 12, 40, "va-growth")]),
        _finding("PC106", "info", ["alpha-de-2021"], "alpha-de-2021/core_va",
                 "核心产业增加值：需年均 21.6%", "core_va: requires 21.6% a year",
                 {"baseline": "506.9 亿元 (2020)", "target": ">=1350 亿元 (2025)", "required": "[21.6, 21.7] %/年"},
                 [_ev("alpha-de-2021", "数字经济核心产业增加值 亿元 506.9 1350", 30, 52),
                  _ev("alpha-de-2021", "数字经济核心产业增加值 亿元 506.9 1350", 30, 63)]),
        _finding("PC001", "error", ["beta-de-2021"], "beta-de-2021/x-2020/quote-missing",
                 "x-2020：引文在来源文本中找不到", "x-2020: the quote does not occur in sources/beta-de-2021.txt",
                 {"check": "quote-missing"}, [_ev("beta-de-2021", "2020年达7020亿元" + h, None, 22, "x-2020")],
                 waived=True, reason=f"The published plan misprints it; reported to the drafters.{h}"),
        _finding("PC000", "warning", [], "waiver/PC101-0123456789",
                 "豁免 PC101-0123456789 没有对应的发现", "waiver PC101-0123456789 matches no finding",
                 {"waiver": "PC101-0123456789"},
                 [Evidence(plan="", file="waivers.yaml", line=3, quote="an old reason", plan_file="waivers.yaml", plan_line=3)]),
        _finding("PC103", "warning", ["alpha-de-2021", "beta-de-2021"], "alpha/beta/core_va/2020",
                 "两份规划的2020年数值不同", "the two plans differ for 2020",
                 {"stated_a": "506.9 亿元", "stated_b": "507 亿元"},
                 [_ev("alpha-de-2021", "2020年的506.9亿元", 12, 41), _ev("beta-de-2021", "2020年达507亿元", 5, 18)],
                 baseline="new"),
        _finding("PC101", "error", ["beta-de-2021"], "beta-de-2021/g/inconsistent",
                 "g：所述增速与端点不符", "g: the stated growth does not match", {"stated": "10%"},
                 [_ev("beta-de-2021", "年均增长10%", 8, 30, "g")]),
    ]


def sample_doc(lang: str = "zh", hostile: bool = False, findings: list[Finding] | None = None) -> dict:
    from plancheck.rules import get_rule

    h = HOSTILE if hostile else ""
    fs = sorted(findings if findings is not None else sample_findings(hostile), key=Finding.sort_key)
    live = [f for f in fs if not f.waived]
    rules = []
    for code in ("PC000", "PC001", "PC101", "PC103", "PC106"):
        r = get_rule(code)
        rules.append({"code": code, "name": r.name, "severity": r.severity.value, "scope": r.scope.value, "summary": r.summary()})
    doc = {
        "tool": {"name": "plancheck", "version": "0.1.0"},
        "lang": lang,
        "summary": {"errors": sum(f.severity == Severity.error for f in live),
                    "warnings": sum(f.severity == Severity.warning for f in live),
                    "infos": sum(f.severity == Severity.info for f in live),
                    "waived": sum(f.waived for f in fs), "plans": 2, "input_errors": 1},
        "plans": [
            {"id": "alpha-de-2021", "title": f"甲市数字经济发展“十四五”规划{h}", "region": "330400",
             "file": "plans/alpha-de-2021.yaml", "source": "sources/alpha-de-2021.txt", "facts": 3, "growth": 1, "edition_of": None},
            {"id": "beta-de-2021", "title": "乙市数字经济发展“十四五”规划", "region": "330500",
             "file": "plans/beta-de-2021.yaml", "source": "sources/beta-de-2021.txt", "facts": 2, "growth": 1, "edition_of": None},
        ],
        "rules": rules,
        "input_errors": [{"file": "plans/gamma.yaml", "line": 3, "column": 5, "field": "facts[0].value",
                          "message": f"Input should be a valid decimal{h}"}],
        "findings": [f.to_json(lang) for f in fs],
    }
    Report.model_validate(doc)  # the hand-made document keeps the published contract
    return doc


def by_rule_plan(doc: dict) -> dict:
    return {(f["rule"], tuple(f["plans"])): f for f in doc["findings"]}


# ---------------------------------------------------------------- HTML


def test_html_ui_strings_are_complete_in_both_languages():
    zh, en = report_html.T["zh"], report_html.T["en"]
    assert set(zh) == set(en)
    assert all(zh[k].strip() and en[k].strip() for k in zh)
    for lang in ("zh", "en"):
        page = report_html.render(sample_doc(lang))
        assert f'<html lang="{report_html.T[lang]["html_lang"]}" data-ui="{lang}">' in page
        assert re.search(rf"<title data-i18n=\"text\" [^>]*>{re.escape(report_html.T[lang]['title'])}</title>", page)
        for key in ("summary", "sec_error", "sec_warning", "sec_info", "charts", "tables", "stale_sec", "reset", "rules_sec"):
            for both in ("zh", "en"):  # the page carries both languages; the switch shows one
                assert report_html.T[both][key] in page, (lang, key)


def test_html_is_self_contained_and_deterministic():
    doc = sample_doc("en")
    page = report_html.render(doc)
    assert page == report_html.render(sample_doc("en"))
    assert "<link" not in page and "@import" not in page and "url(" not in page
    assert not re.search(r"\ssrc\s*=", page)
    # the only URL is the SVG namespace name, which is never fetched
    assert set(re.findall(r"https?://[^\s\"'<>]+", page)) <= {"http://www.w3.org/2000/svg"}
    assert "@media print" in page
    # the page's Content-Security-Policy allows exactly its own script, by hash
    script = re.search(r"<script>(.*?)</script>", page, re.S).group(1)
    digest = __import__("base64").b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in page
    assert "default-src 'none'" in page


def test_html_summary_groups_sections_and_finding_details():
    doc = sample_doc("en")
    page = report_html.render(doc)
    # summary by plan and severity: alpha has 1 error (PC101), 1 warning (PC103), 1 info (PC106)
    row = re.search(r"<tr><td><code>alpha-de-2021</code>.*?</tr>", page).group(0)
    assert re.findall(r'<td class="n[^"]*">(\d+)</td>', row) == ["1", "1", "1", "0"]
    row = re.search(r"<tr><td><code>beta-de-2021</code>.*?</tr>", page).group(0)
    assert re.findall(r'<td class="n[^"]*">(\d+)</td>', row) == ["1", "1", "0", "1"]
    # every finding is one article, with the attributes the filters read
    arts = re.findall(r"<article ([^>]*)>", page)
    assert len(arts) == len(doc["findings"]) == 6
    # discrepancies lead: errors (unwaived, then waived with the reason), then warnings, then infos (folded)
    errors = page.split('<section id="sec-error"')[1].split('<section id="sec-warning"')[0]
    warnings = page.split('<section id="sec-warning"')[1].split('<section id="sec-info"')[0]
    infos = page.split('<section id="sec-info"')[1].split("</section>")[0]
    assert errors.count("<article ") == 3 and 'data-sev="error"' in errors and 'data-sev="warning"' not in errors
    waived = ['data-waived="1"' in a for a in re.findall(r'<article [^>]*data-sev="error"[^>]*>', errors)]
    assert waived == sorted(waived) and not waived[0] and waived[-1]  # (an unwaived finding: no attribute)
    assert "The published plan misprints it" in errors  # the waiver's reason, with the error
    assert warnings.count("<article ") == 2 and infos.count("<article ") == 1
    assert '<details class="infos">' in infos
    assert page.index('id="sec-error"') < page.index('id="sec-warning"') < page.index('id="sec-info"')
    assert 'data-plans="alpha-de-2021 beta-de-2021"' in warnings
    # stale waivers have their own callout
    assert 'id="stale"' in page and "PC101-0123456789" in page
    # the stated and computed numbers, the tolerance, the rule's summary and its full doc
    f = by_rule_plan(doc)[("PC101", ("alpha-de-2021",))]
    art = page.split(f'id="f-{f["id"]}"')[1].split("</article>")[0]
    assert "17.600%" in art and "[18.35%, 18.45%]" in art and '<tr class="v tol"><th class="v-tolerance" title="tolerance">' in art
    assert "plans/alpha-de-2021.yaml:40" in art and "sources/alpha-de-2021.txt:12" in art
    assert "A stated growth rate matches the two values it connects." in page
    assert "所述增速与其连接的两个数值相符。" in page  # the rule's summary in both languages
    assert "<details class=\"ruledoc\"><summary>" in page and "<strong>What it does.</strong>" in page
    # the input error is listed
    assert "plans/gamma.yaml:3:5" in page
    # baseline status badge and filter appear when a finding has one
    assert 'id="f-baseline"' in page and 'class="badge b-new"' in page


def test_html_highlights_the_cited_number_in_the_quote():
    q = "从2015年的225.0亿元增加到2020年的506.9亿元，年均增长17.6%"
    out = report_html.highlight(q, {Decimal("506.9")})
    assert out.count("<mark>") == 1 and "<mark>506.9</mark>" in out
    # numbers are whole tokens: 2 does not light up inside 2020, 17.6 matches 17.600
    assert report_html.highlight("2020年 2 个", {Decimal("2")}) == "2020年 <mark>2</mark> 个"
    f = by_rule_plan(sample_doc())[("PC101", ("alpha-de-2021",))]
    nums = report_html.cited_numbers(f, f["evidence"][0], None)
    assert Decimal("17.6") in nums and Decimal("2015") not in nums
    assert "<mark>17.6</mark>" in report_html.highlight(q, nums)
    # escaping happens around the marks
    assert report_html.highlight("<b>5</b>", {Decimal(5)}) == "&lt;b&gt;<mark>5</mark>&lt;/b&gt;"


def test_html_escapes_every_text_from_the_plans():
    page = report_html.render(sample_doc("zh", hostile=True))
    assert SCRIPT not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    # the only <script> elements are the page's own two
    assert page.count("<script") == 2


def test_script_json_cannot_close_the_script_element():
    s = report_html.script_json({"a": "</script><!-- & \u2028"})
    assert "<" not in s and ">" not in s and "&" not in s
    assert json.loads(s) == {"a": "</script><!-- & \u2028"}


def test_trajectory_labels_required_and_historical_growth(tmp_path):
    from plancheck.engine import load_corpus

    src = ROOT / "plans" / "sources" / "jiaxing-de-2021.txt"
    q = "从2015年的225.0亿元增加到2020年的506.9亿元"
    facts = [
        {"id": "va-2015", "indicator": "core_va", "name": "数字经济核心产业增加值", "role": "history", "place": "text",
         "year": 2015, "value": "225.0", "unit": "亿元", "quote": q},
        {"id": "va-2020", "indicator": "core_va", "name": "数字经济核心产业增加值", "role": "baseline", "place": "text",
         "year": 2020, "value": "506.9", "unit": "亿元", "quote": q},
        {"id": "va-2025", "indicator": "core_va", "name": "数字经济核心产业增加值", "role": "target", "place": "table",
         "year": 2025, "value": "1350", "unit": "亿元", "comparator": ">=", "quote": "数字经济核心产业增加值 亿元 506.9 1350"},
    ]
    write_plan(tmp_path / "plans", "t-plan", src, facts=facts)
    corpus, errors = load_corpus([tmp_path / "plans"], tmp_path)
    assert not errors, [str(e) for e in errors]
    series = report_html.trajectories(corpus)["t-plan"]
    assert [s.indicator for s in series] == ["core_va"]
    s = series[0]
    assert [(p.year, p.role) for p in s.points] == [(2015, "history"), (2020, "baseline"), (2025, "target")]
    labels = report_html.growth_labels(s, corpus)
    assert round(labels.required.per_year, 1) == 21.6
    assert (labels.required.a, labels.required.b) == (2020, 2025)
    assert round(labels.historical.per_year, 1) == 17.6
    svg = report_html.trajectory_svg(s, BiDict("en"), labels)
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "required: +21.6%/yr (2020→2025)" in svg and "historical: +17.6%/yr (2015→2020)" in svg
    assert "≥1350" in svg and ">225.0<" in svg
    # the page draws it, in the plan's chart section
    from types import SimpleNamespace

    page = report_html.render(sample_doc("en"), SimpleNamespace(corpus=corpus, tables=[]))
    assert 'data-chart-plan="t-plan"' in page and 'data-indicator="core_va"' in page


PC202_TABLE = {
    "title": "数字经济核心产业增加值 (core_va): 浙江省 / 下级地区" + HOSTILE,
    "columns": ["指标 / indicator", "年份 / year", "口径 / basis", "浙江省", "嘉兴市", "湖州市",
                "合计 / sum", "占比 / share", "其余 / remainder"],
    "rows": [{"指标 / indicator": "数字经济核心产业增加值 (core_va)", "年份 / year": "2020", "口径 / basis": "实际 / actual",
              "浙江省": "7020 亿元", "嘉兴市": "506.9 亿元", "湖州市": "1643 亿元" + HOSTILE,
              "合计 / sum": "[671.10, 671.30] 亿元", "占比 / share": "[9.56%, 9.56%]", "其余 / remainder": "[6348.70, 6348.90] 亿元"},
             {"指标 / indicator": "专利 (de_patents)", "年份 / year": "2025", "口径 / basis": "目标 / target",
              "浙江省": ">=8 万件", "嘉兴市": "5000 件", "湖州市": "—",
              "合计 / sum": "[0.5, 0.5] 万件", "占比 / share": "[6.25%, 6.25%]", "其余 / remainder": "[7.5, ∞] 万件"}],
    "notes": ["2020 actual: regions without a value: 杭州市" + HOSTILE],
}


def test_province_table_is_drawn_with_cities_stacked_and_the_remainder():
    svg = report_html.province_chart(PC202_TABLE, BiDict("zh"))
    assert svg.startswith("<svg")
    # one province bar per row, the cities stacked under it, the remainder dashed
    assert svg.count('fill="#c2410c"') == 1 + 2  # legend swatch + two province bars
    assert svg.count('stroke-dasharray="3 2"') == 2
    assert "<title>嘉兴市: 5000 件</title>" in svg  # converted to 万件 for drawing, labelled as printed
    assert SCRIPT not in svg and "&lt;script&gt;" in svg
    assert report_html.parse_quantity("[6348.70, 6348.90] 亿元") == (pytest.approx(6348.8), "亿元")
    assert report_html.parse_quantity(">=8 万件") == (8.0, "万件")
    assert report_html.parse_quantity("[7.5, ∞] 万件") == (7.5, "万件")
    page = report_html.render(sample_doc("zh"), type("R", (), {"corpus": None, "tables": [PC202_TABLE]})())
    assert SCRIPT not in page and "<img" not in page and 'class="xtable"' in page


def test_other_tables_get_one_bar_per_numeric_column_without_years_or_codes():
    tab = {"title": "PC301", "columns": ["地区 region", "指标 indicator", "年份 year", "目标 target", "报告 reported"],
           "rows": [{"地区 region": "330400", "指标 indicator": "a", "年份 year": "2020", "目标 target": "90 %", "报告 reported": "92.5 %"},
                    {"地区 region": "330400", "指标 indicator": "b", "年份 year": "2020", "目标 target": "1350 亿元", "报告 reported": "1200 亿元"}]}
    svg, per_row = report_html.table_chart(tab, BiDict("en"))
    assert per_row  # two units: each row on its own scale
    assert svg.count("<rect") == 2 + 4  # legend + 2 rows x 2 columns
    assert "年份 year" not in svg and "地区 region" not in svg


# ---------------------------------------------------------------- SARIF


@pytest.fixture(scope="session")
def sarif_validator():
    raw = SARIF_SCHEMA.read_bytes()
    assert hashlib.sha256(raw).hexdigest() == SARIF_SCHEMA_SHA256, "tests/data/README.md names the vendored schema's sha256"
    schema = json.loads(raw)
    assert schema["id"].endswith("/sarif-schema-2.1.0.json")
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)


def _sarif_errors(validator, log: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(log)]


def test_sarif_is_valid_and_carries_locations_rules_levels_and_suppressions(sarif_validator):
    doc = sample_doc("en")
    sev = {"PC000": "warning", "PC001": "error", "PC101": "error", "PC103": "warning", "PC106": "info"}
    for r in doc["rules"]:  # the configured severities, as report.json lists them
        r["severity"] = sev[r["code"]]
    text = report_sarif.render(doc, None)
    log = json.loads(text)
    assert _sarif_errors(sarif_validator, log) == []
    assert log["version"] == "2.1.0" and text == report_sarif.render(doc, None)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["PC000", "PC001", "PC101", "PC103", "PC106"]
    r101 = rules[2]
    assert r101["name"] == "growth-rate"
    assert r101["shortDescription"]["text"] == "A stated growth rate matches the two values it connects."
    assert "**What it does.**" in r101["help"]["text"] and r101["fullDescription"]["text"].startswith("**What it does.**")
    assert r101["defaultConfiguration"]["level"] == "error"
    assert rules[0]["defaultConfiguration"]["level"] == "warning" and rules[4]["defaultConfiguration"]["level"] == "note"
    results = run["results"]
    assert len(results) == len(doc["findings"])
    by_id = {r["partialFingerprints"]["plancheckFindingId/v1"]: r for r in results}
    assert set(by_id) == {f["id"] for f in doc["findings"]}
    f = by_rule_plan(doc)[("PC101", ("alpha-de-2021",))]
    res = by_id[f["id"]]
    assert res["level"] == "error" and res["ruleId"] == "PC101" and rules[res["ruleIndex"]]["id"] == "PC101"
    loc = res["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "plans/alpha-de-2021.yaml", "uriBaseId": "%SRCROOT%"}
    assert loc["region"]["startLine"] == 40
    rel = res["relatedLocations"][0]["physicalLocation"]
    assert rel["artifactLocation"]["uri"] == "plans/sources/alpha-de-2021.txt" and rel["region"]["startLine"] == 12
    assert res["suppressions"] == []
    waived = [r for r in results if r["suppressions"]]
    assert len(waived) == 1 and waived[0]["suppressions"][0]["kind"] == "external"
    assert waived[0]["suppressions"][0]["justification"].startswith("The published plan misprints it")
    info = by_id[by_rule_plan(doc)[("PC106", ("alpha-de-2021",))]["id"]]
    assert info["level"] == "note"
    assert by_id[by_rule_plan(doc)[("PC103", ("alpha-de-2021", "beta-de-2021"))]["id"]]["baselineState"] == "new"
    # input errors become tool notifications, and the run says it did not succeed
    inv = run["invocations"][0]
    assert inv["executionSuccessful"] is False and len(inv["toolExecutionNotifications"]) == 1


def test_sarif_uris_are_encoded(sarif_validator):
    fs = [_finding("PC001", "error", ["规划 a"], "k", "中", "en", evidence=[
        Evidence(plan="规划 a", file="../sources/来源 文本.txt", line=2, quote="q",
                 plan_file="plans/规划 a.yaml", plan_line=1)])]
    doc = sample_doc("zh", findings=fs)
    log = json.loads(report_sarif.render(doc, None))
    assert _sarif_errors(sarif_validator, log) == []
    res = log["runs"][0]["results"][0]
    assert res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "plans/%E8%A7%84%E5%88%92%20a.yaml"
    assert res["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("sources/")


def test_sarif_source_of_an_absolute_plan_path_is_a_three_slash_file_uri(sarif_validator):
    # a plan outside the project root is reported by its absolute path; its source text, named
    # relative to the plan, must join to /abs/sources/..., not //abs/... (file://// in the URI)
    fs = [_finding("PC001", "error", ["a"], "k", "中", "en", evidence=[
        Evidence(plan="a", file="sources/a.txt", line=2, quote="q", plan_file="/tmp/corpus/plans/a.yaml", plan_line=1)])]
    log = json.loads(report_sarif.render(sample_doc("en", findings=fs), None))
    assert _sarif_errors(sarif_validator, log) == []
    res = log["runs"][0]["results"][0]
    assert res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "file:///tmp/corpus/plans/a.yaml"
    assert res["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "file:///tmp/corpus/plans/sources/a.txt"


def test_sarif_result_without_evidence_points_at_its_plan_file_and_extra_places_are_related(sarif_validator):
    doc = sample_doc("en", findings=[
        _finding("PC106", "info", ["beta-de-2021"], "k", "中", "no evidence"),
        _finding("PC103", "warning", ["alpha-de-2021", "beta-de-2021"], "k2", "中", "two places", evidence=[
            _ev("alpha-de-2021", "q1", 1, 10), _ev("beta-de-2021", "q2", 2, 20)]),
    ])
    log = json.loads(report_sarif.render(doc, None))
    assert _sarif_errors(sarif_validator, log) == []
    two, none = sorted(log["runs"][0]["results"], key=lambda r: r["message"]["text"], reverse=True)
    assert none["locations"] == [{"physicalLocation": {"artifactLocation": {"uri": "plans/beta-de-2021.yaml", "uriBaseId": "%SRCROOT%"}}}]
    assert len(two["locations"]) == 1 and two["locations"][0]["physicalLocation"]["region"]["startLine"] == 10
    related = [(r["physicalLocation"]["artifactLocation"]["uri"], r["physicalLocation"].get("region", {}).get("startLine"))
               for r in two["relatedLocations"]]
    assert related == [("plans/sources/alpha-de-2021.txt", 1), ("plans/beta-de-2021.yaml", 20), ("plans/sources/beta-de-2021.txt", 2)]
    assert [r["id"] for r in two["relatedLocations"]] == [1, 2, 3]


# ---------------------------------------------------------------- JUnit


def test_junit_one_case_per_rule_and_plan():
    doc = sample_doc("en", hostile=True)
    text = report_junit.render(doc, None)
    root = ET.fromstring(text.encode("utf-8"))  # well-formed, whatever the plans contain
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    cases = {(c.get("classname"), c.get("name")): c for c in root.iter("testcase")}
    # 5 rules x 2 plans, PC000's corpus-level case, one input-error case
    assert len(cases) == 5 * 2 + 1 + 1
    assert root.get("tests") == "12" and root.get("failures") == "2" and root.get("skipped") == "1" and root.get("errors") == "1"
    fail = cases[("plancheck.PC101", "alpha-de-2021")].find("failure")
    assert fail is not None and "va-growth" in fail.get("message") and SCRIPT in fail.text  # text, parsed back
    assert cases[("plancheck.PC101", "beta-de-2021")].find("failure") is not None
    assert cases[("plancheck.PC001", "beta-de-2021")].find("skipped") is not None
    assert cases[("plancheck.PC001", "alpha-de-2021")].find("*") is None  # passes
    pc000 = cases[("plancheck.PC000", "(corpus)")]
    assert pc000.find("failure") is None and "PC101-0123456789" in pc000.find("system-out").text
    for plan in ("alpha-de-2021", "beta-de-2021"):  # the cross-plan warning is listed for both plans
        assert cases[("plancheck.PC103", plan)].find("system-out") is not None
    assert cases[("plancheck.input", "plans/gamma.yaml")].find("error") is not None
    assert SCRIPT not in text  # escaped in the file


def test_junit_strips_characters_xml_cannot_carry():
    fs = sample_findings()
    fs[0].message_en = "bad \x00\x1b char"
    text = report_junit.render(sample_doc("en", findings=fs), None)
    root = ET.fromstring(text.encode("utf-8"))
    assert "\x00" not in text and "\x1b" not in text
    messages = [f.get("message") for f in root.iter("failure")]
    assert any(m.endswith("bad \ufffd\ufffd char") for m in messages), messages  # replaced, visibly


# ---------------------------------------------------------------- diff


def test_diff_lists_new_fixed_and_unchanged(tmp_path, capsys):
    old_fs = sample_findings()
    new_fs = sample_findings()[:-1] + [
        _finding("PC106", "info", ["beta-de-2021"], "beta-de-2021/x", "新的提示", "a new info", evidence=[])]
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(json.dumps(sample_doc("en", findings=old_fs)), "utf-8")
    b.write_text(json.dumps(sample_doc("en", findings=new_fs)), "utf-8")
    assert report_diff.main(a, b) == 0
    out = capsys.readouterr().out
    gone, came = old_fs[-1].id, new_fs[-1].id
    new_sec, rest = out.split("Fixed (1):")
    fixed_sec, unchanged_sec = rest.split("Unchanged (5):")
    assert new_sec.startswith("New (1):") and came in new_sec and gone not in new_sec
    assert gone in fixed_sec and "plans/beta-de-2021.yaml:30" in fixed_sec
    assert all(f.id in unchanged_sec for f in old_fs[:-1])
    assert out.rstrip().endswith("1 new, 1 fixed, 5 unchanged")
    # through the command line, and an unreadable file is exit 2
    from plancheck.cli import main

    assert main(["diff", str(a), str(a)]) == 0
    assert "0 new, 0 fixed, 6 unchanged" in capsys.readouterr().out
    (tmp_path / "bad.json").write_text("{", "utf-8")
    assert main(["diff", str(a), str(tmp_path / "bad.json")]) == 2


# ---------------------------------------------------------------- the published report schema


def test_published_report_schema_is_current():
    from plancheck.schemas import generated

    assert REPORT_SCHEMA.read_text("utf-8") == generated()["report.schema.json"], "run `make schema`"


def test_hand_made_documents_validate_against_the_published_schema():
    schema = json.loads(REPORT_SCHEMA.read_text("utf-8"))
    v = jsonschema.Draft202012Validator(schema)
    for lang in ("zh", "en"):
        assert list(v.iter_errors(sample_doc(lang, hostile=True))) == []
    bad = sample_doc()
    bad["findings"][0]["severity"] = "fatal"
    assert list(v.iter_errors(bad))


# ---------------------------------------------------------------- real runs, end to end


def plancheck(cwd: Path, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    env = {**os.environ, "GX_ANALYTICS_ENABLED": "false"}
    return subprocess.run([sys.executable, "-m", "plancheck", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)


def copy_plans(dest: Path) -> Path:
    """The pinned corpus (tests.planfactory.CORPUS) in `dest/plans`, not whatever plans/ holds."""
    return copy_corpus(dest)


@pytest.fixture(scope="module")
def real_run(tmp_path_factory):
    """One run of every format over a copy of the real plans (without the slow data-quality suite)."""
    work = copy_plans(tmp_path_factory.mktemp("real"))
    r = plancheck(work, "check", "plans", "--output-dir", "reports", "--no-quality")
    assert r.returncode in (0, 1), r.stderr
    return work, r


def test_real_report_json_validates_against_the_published_schema(real_run):
    work, _ = real_run
    doc = json.loads((work / "reports" / "report.json").read_text("utf-8"))
    schema = json.loads(REPORT_SCHEMA.read_text("utf-8"))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in jsonschema.Draft202012Validator(schema).iter_errors(doc)]
    assert errors == []
    assert doc["summary"]["input_errors"] == 0, doc["input_errors"]


def test_real_run_writes_every_format_and_they_agree(real_run, sarif_validator):
    work, _ = real_run
    out = work / "reports"
    assert sorted(p.name for p in out.iterdir()) == [".plancheck-set.json", "junit.xml", "report-summary.md", "report.html", "report.json",
                                                     "report.md", "report.sarif"]
    doc = json.loads((out / "report.json").read_text("utf-8"))
    log = json.loads((out / "report.sarif").read_text("utf-8"))
    assert _sarif_errors(sarif_validator, log) == []
    results = log["runs"][0]["results"]
    assert len(results) == len(doc["findings"])
    for res in results:
        for loc in res.get("locations", []):
            uri = loc["physicalLocation"]["artifactLocation"]["uri"]
            assert (work / uri).is_file(), uri  # relative to the folder plancheck ran in
    root = ET.parse(out / "junit.xml").getroot()
    errors = [f for f in doc["findings"] if f["severity"] == "error" and not f["waived"]]
    failed = {(c.get("classname").split(".")[1], c.get("name")) for c in root.iter("testcase") if c.find("failure") is not None}
    assert failed == {(f["rule"], p) for f in errors for p in (f["plans"] or ["(corpus)"])}
    page = (out / "report.html").read_text("utf-8")
    assert page.count("<article ") == len(doc["findings"])
    for p in doc["plans"]:
        assert f'value="{p["id"]}"' in page


def test_reports_are_byte_for_byte_deterministic(real_run):
    work, _ = real_run
    r = plancheck(work, "check", "plans", "--output-dir", "again", "--no-quality")
    assert r.returncode in (0, 1), r.stderr
    for p in sorted((work / "reports").iterdir()):
        assert (work / "again" / p.name).read_bytes() == p.read_bytes(), p.name


def _mutate_one_quote(work: Path, avoid: set[str]) -> tuple[str, str]:
    """Change the number in one fact's quote (not its value), in the copy: the quote no longer occurs
    in the source text. Returns (plan id, fact id)."""
    from plancheck.loader import attach_source, plan_files, read_plan

    for path in plan_files([work / "plans"]):
        lp, errs = read_plan(path)
        if lp is None or errs or attach_source(lp, str(path)):
            continue
        for i, fact in enumerate(lp.plan.facts):
            lit = None if fact.value is None else format(fact.value, "f")
            if lit is None or (lp.plan.id, fact.id) in avoid or fact.quote.count(lit) != 1:
                continue
            line = lp.line_of("facts", i, "quote")
            lines = path.read_text("utf-8").split("\n")
            if line is None or lines[line - 1].count(lit) != 1:
                continue
            new_quote = fact.quote.replace(lit, format(fact.value + 1, "f"))
            if lp.source.find(new_quote):
                continue
            lines[line - 1] = lines[line - 1].replace(lit, format(fact.value + 1, "f"))
            path.write_text("\n".join(lines), "utf-8")
            return lp.plan.id, fact.id
    raise AssertionError("no fact to mutate")


def _waive(path: Path, findings: list[dict], extra: list[str] = ()) -> None:
    ws = [{"id": f["id"], "reason": "known in the published document (test)", "date": "2026-01-01"} for f in findings]
    ws += [{"id": i, "reason": "a waiver that matches nothing (test)", "date": "2026-01-01"} for i in extra]
    path.write_text(yaml.safe_dump({"waivers": ws}, sort_keys=False), "utf-8")


def test_gating_a_new_inconsistency_fails_and_the_baseline_shows_exactly_it(tmp_path):
    work = copy_plans(tmp_path)
    r1 = plancheck(work, "check", "plans", "--output-dir", "r1", "--no-quality")
    assert r1.returncode in (0, 1), r1.stderr
    doc1 = json.loads((work / "r1" / "report.json").read_text("utf-8"))
    assert doc1["input_errors"] == []
    # waive what the published documents already get wrong: the unchanged corpus passes
    _waive(work / "waivers.yaml", [f for f in doc1["findings"] if f["severity"] in ("error", "warning")])
    r2 = plancheck(work, "check", "plans", "--waivers", "waivers.yaml", "--fail-on", "warning", "--output-dir", "r2", "--no-quality")
    assert r2.returncode == 0, r2.stderr
    doc2 = json.loads((work / "r2" / "report.json").read_text("utf-8"))
    assert doc2["summary"]["errors"] == doc2["summary"]["warnings"] == 0

    # the same corpus with its own report as baseline: nothing new, passes without waivers
    rb = plancheck(work, "check", "plans", "--baseline", "r1/report.json", "--output-dir", "rb", "--no-quality")
    assert rb.returncode == 0, rb.stderr
    assert json.loads((work / "rb" / "report.json").read_text("utf-8"))["summary"]["new"] == 0

    # a reviewer's edit changes a quoted number: the quote no longer occurs in the source
    touched = {(f["plans"][0], e["item"]) for f in doc1["findings"] for e in f["evidence"] if f["plans"] and e.get("item")}
    plan_id, fact_id = _mutate_one_quote(work, touched)
    r3 = plancheck(work, "check", "plans", "--waivers", "waivers.yaml", "--output-dir", "r3", "--no-quality")
    assert r3.returncode == 1, r3.stderr
    doc3 = json.loads((work / "r3" / "report.json").read_text("utf-8"))
    live_errors = [f for f in doc3["findings"] if not f["waived"] and f["severity"] == "error"]
    assert [(f["rule"], f["plans"], f["evidence"][0]["item"]) for f in live_errors] == [("PC001", [plan_id], fact_id)]
    assert f"[{live_errors[0]['id']}]" in r3.stdout  # the finding's line (findings go to stdout)

    # the same change against the previous report as baseline: exactly that one finding is new
    r4 = plancheck(work, "check", "plans", "--baseline", "r1/report.json", "--output-dir", "r4", "--no-quality")
    assert r4.returncode == 1, r4.stderr
    doc4 = json.loads((work / "r4" / "report.json").read_text("utf-8"))
    new = [f for f in doc4["findings"] if f["baseline_status"] == "new"]
    assert doc4["summary"]["new"] == 1 and [f["id"] for f in new] == [live_errors[0]["id"]]
    assert all(f["baseline_status"] == "unchanged" for f in doc4["findings"] if f not in new)
    assert doc4["summary"]["fixed"] == 0
    assert "1 new" in r4.stderr
    # the other formats say so too
    log = json.loads((work / "r4" / "report.sarif").read_text("utf-8"))
    assert [r["partialFingerprints"]["plancheckFindingId/v1"] for r in log["runs"][0]["results"]
            if r.get("baselineState") == "new"] == [new[0]["id"]]
    assert 'class="badge b-new"' in (work / "r4" / "report.html").read_text("utf-8")
    # and `plancheck diff` lists it as the one new finding
    d = plancheck(work, "diff", "r1/report.json", "r4/report.json")
    assert d.returncode == 0
    assert d.stdout.startswith("新增 (1):") and new[0]["id"] in d.stdout.split("已修复")[0]


def test_fail_on_warning_and_stale_waivers(tmp_path):
    work = copy_plans(tmp_path)
    r1 = plancheck(work, "check", "plans", "--output-dir", "r1", "--no-quality", "--format", "json")
    assert r1.returncode in (0, 1), r1.stderr
    doc1 = json.loads((work / "r1" / "report.json").read_text("utf-8"))
    # waive every error, and add one waiver that matches nothing: a stale waiver (PC000, a warning)
    errors = [f for f in doc1["findings"] if f["severity"] == "error"]
    _waive(work / "waivers.yaml", errors, extra=["PC101-0123456789"])
    r2 = plancheck(work, "check", "plans", "--waivers", "waivers.yaml", "--output-dir", "r2", "--no-quality", "--lang", "en")
    assert r2.returncode == 0, r2.stderr  # fail-on error (the default): warnings pass
    r3 = plancheck(work, "check", "plans", "--waivers", "waivers.yaml", "--fail-on", "warning", "--output-dir", "r3", "--no-quality")
    assert r3.returncode == 1  # the stale waiver (and any other warning) fails at --fail-on warning
    assert "PC000" in r3.stdout and "PC101-0123456789" in r3.stdout  # the finding lines (stdout)
    doc2 = json.loads((work / "r2" / "report.json").read_text("utf-8"))
    stale = [f for f in doc2["findings"] if f["rule"] == "PC000"]
    assert len(stale) == 1 and stale[0]["values"]["waiver"] == "PC101-0123456789"
    assert stale[0]["evidence"][0]["plan_file"] == "waivers.yaml" and stale[0]["evidence"][0]["plan_line"]
    # waived errors lead every human format (known discrepancies, each with its reason), and stale
    # waivers are shown
    out = work / "r2"
    assert doc2["summary"]["waived"] == len(errors)
    md = (out / "report.md").read_text("utf-8")
    md_errors = md.split("\n## Errors")[1].split("\n## Warnings")[0]
    assert all(f["id"] in md_errors for f in errors) and md_errors.count("*waived*") >= len(errors)
    assert stale[0]["id"] in md
    page = (out / "report.html").read_text("utf-8")
    errors_sec = page.split('<section id="sec-error"')[1].split('<section id="sec-warning"')[0]
    assert errors_sec.count('data-sev="error" data-plans') >= len(errors)  # every waived error, up front
    assert all(f'id="f-{f["id"]}"' in errors_sec for f in errors)
    assert 'id="stale"' in page and "PC101-0123456789" in page.split('id="stale"')[1].split("</div>")[0]
    root = ET.parse(out / "junit.xml").getroot()
    assert root.get("failures") == "0" and int(root.get("skipped")) >= (1 if errors else 0)
    log = json.loads((out / "report.sarif").read_text("utf-8"))
    assert sum(1 for r in log["runs"][0]["results"] if r["suppressions"]) == len(errors)


# ---------------------------------------------------------------- hostile strings in plan files


def hostile_corpus(tmp_path: Path) -> Path:
    """A plan whose title, fact name and quote (and its source text, so the quote verifies) carry markup."""
    src = tmp_path / "plans" / "sources" / "hostile.txt"
    src.parent.mkdir(parents=True)
    base = (ROOT / "plans" / "sources" / "jiaxing-de-2021.txt").read_text("utf-8")
    line = f"数字经济核心产业增加值{SCRIPT}从2015年的225.0亿元增加到2020年的506.9亿元{IMG}"
    src.write_text(base + "\n" + line + "\n", "utf-8")
    name = f"核心产业增加值{HOSTILE}"
    facts = [
        {"id": "va-2015", "indicator": "core_va", "name": name, "role": "history", "place": "text",
         "year": 2015, "value": "225.0", "unit": "亿元", "quote": line},
        {"id": "va-2020", "indicator": "core_va", "name": name, "role": "baseline", "place": "text",
         "year": 2020, "value": "506.9", "unit": "亿元", "quote": line},
        {"id": "va-2025", "indicator": "core_va", "name": name, "role": "target", "place": "table",
         "year": 2025, "value": "1350", "unit": "亿元", "comparator": ">=", "quote": "数字经济核心产业增加值 亿元 506.9 1350"},
        {"id": "va-2020-bad", "indicator": "core_va", "name": name, "role": "history", "place": "text",
         "year": 2020, "value": "506.9", "unit": "亿元", "quote": f"{SCRIPT}{IMG} 506.9 not in the source"},
    ]
    write_plan(tmp_path / "plans", "hostile-de-2021", src, facts=facts, title=f"嘉兴市规划{HOSTILE}")
    return tmp_path


def test_hostile_strings_from_plan_files_are_escaped_in_every_format(tmp_path):
    work = hostile_corpus(tmp_path)
    r = plancheck(work, "check", "plans", "--output-dir", "reports", "--no-quality")
    assert r.returncode == 1, r.stderr  # the quote that is not in the source is a PC001 error
    doc = json.loads((work / "reports" / "report.json").read_text("utf-8"))
    assert doc["input_errors"] == [] and doc["plans"][0]["title"].endswith(HOSTILE)
    assert any(f["rule"] == "PC001" and SCRIPT in f["evidence"][0]["quote"] for f in doc["findings"])
    page = (work / "reports" / "report.html").read_text("utf-8")
    assert SCRIPT not in page and "<img" not in page and "onerror=alert(1)>" not in page
    assert page.count("<script") == 2
    assert "嘉兴市规划&lt;script&gt;alert(1)&lt;/script&gt;&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<mark>506.9</mark>" in page
    ET.parse(work / "reports" / "junit.xml")
    json.loads((work / "reports" / "report.sarif").read_text("utf-8"))
