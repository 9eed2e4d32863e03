"""A target table flattened to one cell per line, blank lines between cells, rows led by their
serial numbers (no tabs): read as table rows with the unit from the indicator's brackets."""

from __future__ import annotations

from plancheck.extract import extract_text

TABLE = "\n\n".join([
    "表1 主要目标表", "序号", "类别", "指 标", "2020年", "2025年", "备注",
    "1", "数字", "产业化", "软件业务收入(亿元)", "37.6", "90**",
    "2", "示范企业(家)", "12*", "30",
    "3", "治理", "数字化", "等级保护落实率(%", "90",
    "4", "公共数据开放率(%)", "——", "30",
    "二、重点任务",
])


def test_serial_rows_one_cell_per_line():
    rows = extract_text(TABLE, 2021).rows
    got = [(r.indicator, r.unit, r.category, [(y, n.text if n else None) for y, n in r.cells]) for r in rows]
    assert got == [
        ("软件业务收入", "亿元", "数字产业化", [(2020, "37.6"), (2025, "90**")]),
        ("示范企业", "家", "数字产业化", [(2020, "12*"), (2025, "30")]),
        ("等级保护落实率", "%", "治理数字化", [(2020, None), (2025, "90")]),  # a blank cell: the earlier column
        ("公共数据开放率", "%", "治理数字化", [(2020, None), (2025, "30")]),
    ]


def test_a_numbered_list_is_not_a_table():
    text = "\n\n".join(["序号", "名称", "1", "数字经济核心产业增加值达到1350亿元", "2", "网络零售额2000亿元"])
    assert extract_text(text, 2021).rows == []


def test_a_cell_wrapped_onto_a_line_of_its_own_stays_one_cell():
    lines = ["\t类别", "\t指标", "\t单位", "\t2020年", "\t2025年", "",
             "\t数字", "\t网络零售额", "\t亿元", "\t1857.4", "\t3000", "",
             "\t数字基础", "", "设施", "\t互联网普及率", "\t%", "\t81.7", "\t90", "",
             "\t", "\t5G基站数量", "\t个", "\t4500", "\t14000", "", "二、重点任务"]
    rows = extract_text("\n".join(lines), 2021).rows
    got = [(r.indicator, r.category, [n.text for _, n in r.cells]) for r in rows]
    assert got == [("网络零售额", "数字", ["1857.4", "3000"]), ("互联网普及率", "数字基础设施", ["81.7", "90"]),
                   ("5G基站数量", "数字基础设施", ["4500", "14000"])]
