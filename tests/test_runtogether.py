"""Tables whose cells run together (plancheck.extract.runtogether, .splits): the candidate
splits of a row's run of digits, their ranking by general evidence, and the draft's reviewed
facts. Rows from the re-typed Jiaxing copy and rows invented after other plans' tables."""

from __future__ import annotations

import pytest

from plancheck import yamlsrc
from plancheck.cli import main
from plancheck.engine import load_corpus
from plancheck.extract import extract_text
from plancheck.extract.splits import candidates, rank, verdict, well_formed
from plancheck.rules.pc001_source_quote import SourceQuote

Y = (2020, 2025)


def _best(cells, unit, years=Y, **kw):
    r = rank(cells, years, unit, **kw)
    return r[0].text(), verdict(r), [s.text() for s in r[1:]]


def test_well_formed_numbers_have_no_leading_zero_and_no_bare_point():
    assert well_formed("0") and well_formed("0.5") and well_formed("1350") and well_formed("87.03")
    assert not any(well_formed(x) for x in ("08000", "00", ".5", "5.", "1.2.3", ""))


def test_every_split_into_the_columns_is_a_candidate():
    got = {c for c, _ in candidates("50008000", 2)}
    assert got == {("5000", "8000"), ("5000800", "0")}  # 500|08000, 50|008000 ... have leading zeros
    assert {c for c, _ in candidates("/100", 2)} == {(None, "100")}
    assert {c for c, _ in candidates("100/", 2)} == {("100", None)}
    assert candidates("1.6523", 3) and all(len(c) == 3 for c, _ in candidates("1.6523", 3))
    assert candidates("5", 2) == []  # one digit cannot hold two cells
    assert candidates("9" * 30, 2) == []  # not a table row


@pytest.mark.parametrize(("cells", "unit", "best", "sure"), [
    ("50008000", "件", "5000 | 8000", "clear"),  # the other split ends in a zero target
    ("277500", "家", "277 | 500", "clear"),
    ("1.6523", "万台", "1.652 | 3", "clear"),  # 1.65 | 23 grows fourteen-fold
    ("101.24120", "", "101.24 | 120", "clear"),
    ("87.03300", "亿元", "87.03 | 300", "likely"),  # 87.0 | 3300, 8 | 7.03300: steep, odd decimals
    ("450014000", "个", "4500 | 14000", "likely"),
    ("506.91350", "亿元", "506.9 | 1350", "tie"),  # over the copy's two years: a steep rise or a fall
    ("9.215", "%", "9.2 | 15", "likely"),  # 9 | 215 is over 100%; 9.21 | 5 a fall
    ("/100", "%", "/ | 100", "only"),
])
def test_the_copys_rows_are_ranked_by_general_evidence(cells, unit, best, sure):
    got, v, _ = _best(cells, unit, (2023, 2025))
    assert (got, v) == (best, sure)


def test_a_percent_over_100_and_a_fraction_of_whole_things_count_against_a_split():
    # invented after a provincial table: 上云企业数 in 万家 may have decimals, 家 may not
    in_wan = {s.cells: s.points for s in rank("1.215", Y, "万家")}
    r = rank("1.215", Y, "家")
    assert all("a count of whole things" in " ".join(s.reasons) for s in r)
    assert all(s.points == in_wan[s.cells] + 6 for s in r)
    assert any("over 100" in " ".join(s.reasons) for s in rank("4550", Y, "%"))
    assert _best("4550", "%")[0] == "45 | 50"


def test_a_tie_is_said_to_be_one_and_not_decided():
    # 软件业务收入 12.5 -> 150 and 12.51 -> 50 are both steady growth over ten years
    best, sure, others = _best("12.5150", "亿元", (2020, 2030))
    assert sure == "tie" and {best, others[0]} == {"12.5 | 150", "12.51 | 50"}


def test_the_span_of_the_years_matters():
    # 1.65 -> 23 is 69% a year over five years (steep) but 273% a year over two (implausible)
    assert _best("1.6523", "万台", (2020, 2025))[:2] == ("1.652 | 3", "likely")
    assert _best("1.6523", "万台", (2023, 2025))[:2] == ("1.652 | 3", "clear")
    # 506.9 -> 1350 over the official five years is steady growth; 506.91 -> 350 a fall
    assert _best("506.91350", "亿元", (2020, 2025))[:2] == ("506.9 | 1350", "likely")


def test_three_year_columns():
    best, sure, _ = _best("100150300", "个", (2020, 2022, 2025))
    assert best == "100 | 150 | 300" and sure in ("clear", "likely")


COPY_TABLE = (
    "到2035年,数字经济迈入全面发展的繁荣成熟期。表1嘉兴数字经济发展主要目标表一级指标二级指标单位2023年2025年"
    "科技创新数字经济领域有效发明专利件50008000数字经济领域国家高新技术企业家277500数字产业化数字经济核心产业增加值亿元506.91350"
)
# a page chunk of its own, as the copy prints it (plancheck.extract.chunks joins it to the page before)
COPY_PAGE2 = "15、数字经济核心产业增加值占GDP比重%9.215“两化”融合指数/101.24120互联网普及率%81.7905G基站数量个450014000三、构建创新创业新生态(一)积极承接世界互联网大会红利。"


def _copy_text() -> str:
    return "14、" + "加快" * 80 + COPY_TABLE + "\n" + COPY_PAGE2 + "\n"


def test_a_run_together_table_across_a_page_mark_is_read_row_by_row():
    claims = extract_text(_copy_text())
    (table,) = claims.runs
    assert table.title == "表1嘉兴数字经济发展主要目标表" and table.years == (2023, 2025) and table.name_columns == 2
    got = [(r.name, r.unit, r.best.text(), r.location.line) for r in table.rows]
    assert got == [
        ("科技创新数字经济领域有效发明专利", "件", "5000 | 8000", 1),
        ("数字经济领域国家高新技术企业", "家", "277 | 500", 1),
        ("数字产业化数字经济核心产业增加值", "亿元", "506.9 | 1350", 1),
        ("数字经济核心产业增加值占GDP比重", "%", "9.2 | 15", 2),  # `15、` is the page mark, not a figure
        ("“两化”融合指数", "", "101.24 | 120", 2),  # `/` is the unit cell: no unit
        ("互联网普及率", "%", "81.7 | 90 (5…)", 2),  # the 5 of 5G is the next row's name
        ("5G基站数量", "个", "4500 | 14000", 2),
    ]
    text = _copy_text()
    assert all(r.quote in text for r in table.rows)
    assert table.rows[5].quote == "互联网普及率%81.790"
    assert not claims.rows  # not read as table figures: no rule compares a split it guessed


@pytest.mark.parametrize("text", [
    "表1 嘉兴数字经济发展主要目标表\n\t单位\n\t2020年\n\t2025年\n",  # a flattened table, one cell per line
    "各单位2020年2025年分别完成任务。",
    "指标单位2020年2025年数字经济核心产业增加值 亿元 506.9 1350",  # separated cells
])
def test_no_run_together_table_without_one(text):
    assert extract_text(text).runs == []


def test_the_draft_writes_the_best_split_marked_for_review_and_passes_pc001(tmp_path):
    folder = tmp_path / "plans" / "sources"
    folder.mkdir(parents=True)
    text = "某市数字经济发展“十四五”规划\n期限为2021-2025年。\n" + _copy_text()
    (folder / "copy.txt").write_text(text, "utf-8")
    out = tmp_path / "plans" / "copy.yaml"
    assert main(["draft", str(folder / "copy.txt"), "-o", str(out), "--region", "330400"]) == 0
    written = out.read_text("utf-8")
    plan, _ = yamlsrc.load(written)
    facts = {(f["name"], f["year"]): f for f in plan["facts"] if f["place"] == "table"}
    va = facts[("数字经济核心产业增加值", 2025)]
    assert (str(va["value"]), va["unit"], va["comparator"], va["category"]) == ("1350", "亿元", ">=", "数字产业化")
    base = facts[("数字经济核心产业增加值", 2023)]
    assert (str(base["value"]), base["role"], base["comparator"]) == ("506.9", "baseline", "=")
    assert va["quote"] in text and "506.91350" in va["quote"]
    assert facts[("数字经济领域国家高新技术企业", 2023)]["category"] == "科技创新"  # the group's category
    assert "cells run together in the source (`506.91350`): read as 506.9 | 1350, a tie: no evidence prefers it over 506.91 | 350" in written
    assert "other splits: 506.91 | 350 (506.91 (2023) to 350 (2025): a fall)" in written
    assert "(`9.215`): read as 9.2 | 15, the likelier split" in written
    assert written.count("# REVIEW: the table's cells run together") == 2 * 7
    corpus, errors = load_corpus([out.parent], tmp_path)
    assert errors == [], [str(e) for e in errors]
    kinds = {f.values["check"] for f in SourceQuote().check(corpus) if f.values["where"] != "issued"}
    assert kinds == {"number-in-run"}, kinds  # the run's figures are there, only not separated


def test_a_row_that_would_need_millions_of_splits_is_not_ranked():
    """Hostile input: twelve year columns over 24-digit runs would be C(23, 11) = 1.35 million
    cut placements per row; the row is left unread (no candidates) instead."""
    from plancheck.extract.splits import MAX_SPLITS, candidates

    assert candidates("123456789123456789123456", 12) == []
    # an ordinary row of two columns is still split
    assert any(c == ("5000", "8000") for c, _ in candidates("50008000", 2))
    assert MAX_SPLITS >= 253  # two cuts in a 24-digit run, the widest three-column row
