"""Issue 8 items 3 and 5: Markdown that code hosts render carries no live HTML or control
characters; numbers of any size (1e999, a 400-digit integer) never crash the HTML charts."""

from __future__ import annotations

import math
import re
from decimal import Decimal

import pytest

from plancheck.report import charts, markdown, mdtext, tablecharts
from plancheck.report import html as report_html
from plancheck.report.bilingual import BiDict
from plancheck.report.charts import Growth, GrowthLabels, Point, Trajectory
from tests.planfactory import write_plan
from tests.test_reports import HOSTILE, ROOT, plancheck, sample_doc

CONTROL = "\x1b[31mred\x1b[0m\x07\u202eevil\x00"


# ---------------------------------------------------------------- Markdown


def outside_code_spans(md: str) -> str:
    """The Markdown text with its code spans (any fence length) removed, as CommonMark parses them."""
    return re.sub(r"(?<!`)(`+)(?!`).*?(?<!`)\1(?!`)", "", md)


def test_markdown_escapes_html_links_and_control_characters_outside_code_spans():
    doc = sample_doc("zh", hostile=True)
    doc["plans"][0]["id"] = "alpha<b>" + CONTROL
    doc["findings"][0]["message"] += " [click](http://x.invalid) ![px](http://x.invalid/p.png) " + CONTROL
    doc["findings"][0]["evidence"][0]["quote"] += "\n# heading" + CONTROL
    full = markdown.render(doc)
    md = outside_code_spans(full)
    assert "<script" in full  # inside a code span, shown as text
    assert "<script" not in md and "<img" not in md and "<b>" not in md
    assert "&lt;script&gt;" in md
    assert "](http" not in md.replace("\\](http", "")  # no live link or image
    assert "\\[click\\]" in md and "!\\[px\\]" in md.replace("\\!", "!")
    for ch in ("\x1b", "\x07", "\x00", "\u202e"):
        assert ch not in full
    assert "\\u001b" in md and "\\u202e" in md
    assert "\n# heading" not in md  # a line break in a quote cannot start a heading


def test_code_spans_cannot_be_closed_by_backticks_and_show_html_as_text():
    assert mdtext.code("a`b") == "``a`b``"
    assert mdtext.code("`x`") == "`` `x` ``"
    assert mdtext.code("<script>") == "`<script>`"  # inert inside a code span
    assert mdtext.code("a|b", in_table=True) == "`a\\|b`"
    assert mdtext.text("a|b_c*d") == "a\\|b\\_c\\*d"
    assert mdtext.visible("a\r\nb\tc\x1b") == "a b c\\u001b"


# ---------------------------------------------------------------- chart numbers


@pytest.mark.parametrize("lo,hi", [(0.0, math.inf), (-math.inf, 1.0), (math.nan, 1.0), (1e20, 1e20 + 1),
                                   (1e308, 1.7e308), (-1.7e308, 1.7e308), (5.0, 5.0), (1e-320, 2e-320)])
def test_axis_ticks_are_bounded_for_any_range(lo, hi):
    ticks = charts.nice_ticks(lo, hi)
    assert 2 <= len(ticks) <= 50
    assert all(isinstance(t, float) for t in ticks)


def test_nice_ticks_still_round():
    assert charts.nice_ticks(0, 100) == [0, 25, 50, 75, 100]


@pytest.mark.parametrize("big", ["1e999", "9" * 400, "-1e400000", "1e-999"])
def test_trajectory_with_huge_numbers_does_not_crash(big):
    pts = (Point(2015, Decimal("225.0"), "history", "=", "225.0", "text", "", "a", "x"),
           Point(2020, Decimal(big), "baseline", "=", big, "text", "", "b", "x"),
           Point(2025, Decimal("1350"), "target", ">=", "1350", "table", "", "c", "x"))
    series = Trajectory(plan="p", indicator="i", region="r", region_name="r", other_region=False, name="x", name_en="x",
                        unit="亿元", ratio=False, points=pts)
    labels = GrowthLabels(required=Growth(2020, 2025, per_year=1e300))
    svg = charts.trajectory_svg(series, BiDict("zh"), labels)
    assert svg.startswith("<svg") and "nan" not in svg and "inf" not in svg


def test_table_cells_with_huge_numbers_are_not_drawn():
    assert tablecharts.parse_quantity("9" * 400 + " 亿元") is None
    assert tablecharts.parse_quantity(Decimal("1e999")) is None
    assert tablecharts.parse_quantity("[1, " + "9" * 400 + "] 亿元") is None
    tab = {"title": "t", "columns": ["地区 region", "目标 target", "报告 reported"],
           "rows": [{"地区 region": "a", "目标 target": "9" * 400, "报告 reported": "92.5 %"},
                    {"地区 region": "b", "目标 target": "1e308", "报告 reported": "-1e308"}]}
    svg, _ = tablecharts.table_chart(tab, BiDict("en"))
    assert "nan" not in svg and "inf" not in svg


@pytest.mark.parametrize("big", ["9" * 400, "1e999"])
def test_a_huge_value_in_a_plan_never_crashes_the_report_set(tmp_path, big):
    src = ROOT / "plans" / "sources" / "jiaxing-de-2021.txt"
    q = "从2015年的225.0亿元增加到2020年的506.9亿元"
    facts = [
        {"id": "va-2015", "indicator": "core_va", "name": "增加值", "role": "history", "place": "text",
         "year": 2015, "value": "225.0", "unit": "亿元", "quote": q},
        {"id": "va-2020", "indicator": "core_va", "name": "增加值", "role": "baseline", "place": "text",
         "year": 2020, "value": "506.9", "unit": "亿元", "quote": q},
        {"id": "va-2025", "indicator": "core_va", "name": "增加值", "role": "target", "place": "table",
         "year": 2025, "value": big, "unit": "亿元", "comparator": ">=", "quote": "数字经济核心产业增加值 亿元 506.9 1350"},
    ]
    path = write_plan(tmp_path / "plans", "big-de-2021", src, facts=facts)
    text = path.read_text("utf-8").replace(f"'{big}'", big)  # a YAML number, as a hostile file would write it
    path.write_text(text, "utf-8")
    r = plancheck(tmp_path, "check", "plans", "--output-dir", "out", "--no-quality")
    assert r.returncode in (1, 2), r.stderr  # a finding about it, or an input error naming it
    assert "report/html.py" not in r.stderr and "report/charts.py" not in r.stderr, r.stderr
    if (tmp_path / "out" / "report.json").exists():  # the plan was accepted: the whole set is written
        page = (tmp_path / "out" / "report.html").read_text("utf-8")
        assert page.endswith("</html>\n")


def test_page_with_hostile_and_huge_strings_renders():
    page = report_html.render(sample_doc("en", hostile=True))
    assert HOSTILE not in page


def test_a_one_sided_growth_says_its_side_in_both_languages():
    g = Growth(2020, 2025, per_year=23.36, side="less-than")
    both = charts.growth_text(g, BiDict("en"))
    assert "less than" in str(both.en) and "不到" in str(both.zh) and "23.4" in str(both.en)
    plain = charts.growth_text(Growth(2020, 2025, per_year=23.36), BiDict("en"))
    assert "less than" not in str(plain.en) and "23.4" in str(plain.en)
