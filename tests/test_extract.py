"""The claim extractor on real published sentences (plans and statistical bulletins).

Sources of the sentences not in plans/sources/ (stored public pages):
- 2019 Yuhuan bulletin: http://yhsz.yuhuan.gov.cn/art/2021/5/10/art_1631252_58328435.html
- a city bulletin: http://111.229.73.81/look/Statslisth?Id=2494
- 2011 Zhuhai bulletin (traditional characters): http://xiaomonv0755.com/tjgb/19gd/24000.html
- National Bureau of Statistics via Xinhua (traditional): https://www.axyjyo.cn/c/2017-07-11/1648493.shtml
- NBS via People's Daily: http://news.dzwww.com/guoneixinwen/201707/t20170711_16145555.htm
"""

from __future__ import annotations

from decimal import Decimal

from plancheck.extract import extract_text, normalize
from plancheck.models.plan import Comparator

JIAXING = "全市数字经济核心产业增加值从2015年的225.0亿元增加到2020年的506.9亿元，年均增长17.6%，增加值增速接近同期GDP和规上工业增速的2倍"


def test_growth_with_endpoints_keeps_precision_and_spans():
    c = extract_text(JIAXING)
    assert len(c.growth) == 1
    g = c.growth[0]
    assert (g.measure, g.start_year, g.end_year, g.subject) == ("cagr", 2015, 2020, "数字经济核心产业增加值")
    assert str(g.start.number.value) == "225.0" and g.start.number.unit == "亿元"
    assert str(g.rate.value) == "17.6" and g.rate.unit == "%"
    a, b = g.start.number.span
    assert JIAXING[a:b] == "225.0亿元"
    assert g.quote == JIAXING and g.location.line == 1


def test_full_width_and_spaces_are_normalised_but_quoted_as_written():
    text = "２０２０年，全市实现地区生产总值 １０７７．９ 亿元，增长３％"
    n = normalize(text)
    assert "2020年" in n.text and "1077.9亿元" in n.text
    c = extract_text(text)
    q = next(q for q in c.quantities if q.number.unit == "亿元")
    assert q.number.value == Decimal("1077.9") and q.year == 2020 and q.subject == "地区生产总值"
    a, b = q.number.span
    assert text[a:b] == "１０７７．９ 亿元"
    assert q.quote == text


def test_traditional_characters_become_simplified_for_matching():
    text = "2011年全市實現地區生產總值(GDP)1403.24億元,比上年增長11.3%。其中,第一產業增加值37.70億元,增長3.2%;第二產業增加值786.42億元,增長14.4%;第三產業增加值579.11億元,增長7.9%。"
    c = extract_text(text)
    p = next(p for p in c.parts if p.kind == "sum")
    assert p.total.number.value == Decimal("1403.24") and p.total.number.unit == "亿元"
    assert [q.number.value for q in p.parts] == [Decimal("37.70"), Decimal("786.42"), Decimal("579.11")]
    assert p.opener == "其中" and "實現" in p.total.quote


def test_a_rate_belongs_to_the_quantity_its_clause_names():
    text = "全省数字经济核心产业增加值年均增长15.2%，网络零售额从2015年的835.6亿元增长至2020年的1857.4亿元"
    c = extract_text(text)
    assert not any(g.start is not None for g in c.growth), "15.2% is not the rate of 网络零售额"


def test_multiples_tell_growth_by_n_times_from_n_times_as_much():
    c = extract_text("2004年至2009年，我国酒类商品总进口额由2.46亿美元增加到10.47亿美元，增长3.3倍；出口额由1.97亿美元增加到3.7亿美元，增长87.8%")
    m = next(g for g in c.growth if g.measure == "multiple")
    assert m.wording == "增长" and m.rate.value == Decimal("3.3") and m.start.number.value == Decimal("2.46")
    t = next(g for g in c.growth if g.measure == "total")
    assert t.rate.value == Decimal("87.8") and t.end.number.value == Decimal("3.7")


def test_doubling_word_with_a_base_year():
    c = extract_text("——全市网络零售额力争突破1600亿元,比2015年翻一番。")
    g = c.growth[0]
    assert (g.measure, g.rate.value, g.start_year, g.start) == ("multiple", 2, 2015, None)
    assert g.end.number.comparator == Comparator.gt and g.end.role == "target"


def test_structure_in_every_colon_form():
    for sep in (":", "：", "∶", "比"):
        c = extract_text(f"三次产业结构6.8{sep}42.7{sep}50.5，与上年相比，第一产业比重提高0.3个百分点")
        p = next(p for p in c.parts if p.kind == "structure")
        assert [q.number.value for q in p.parts] == [Decimal("6.8"), Decimal("42.7"), Decimal("50.5")], sep


def test_parts_of_a_count_total():
    c = extract_text("2016年末，我国城市数量达到657个。其中，直辖市4个，副省级城市15个，地级市278个，县级市360个。")
    p = c.parts[0]
    assert p.total.number.value == 657 and [q.number.value for q in p.parts] == [4, 15, 278, 360]


def test_percentage_points_and_a_year_on_year_change():
    c = extract_text("户籍人口城镇化率54.9%,比上年提高1.5个百分点;常住人口城镇化率65.9%,比上年提高0.8个百分点。")
    # 比上年 changes: a growth ending at the figure before it; the sentence states no year, so
    # neither end has one (nothing to look up, nothing to check)
    assert [(g.measure, str(g.rate.value), str(g.end.number.value), g.start_year, g.end_year) for g in c.growth] == [
        ("pp", "1.5", "54.9", None, None), ("pp", "0.8", "65.9", None, None)]
    assert [g.end.subject for g in c.growth] == ["户籍人口城镇化率", "常住人口城镇化率"]
    c = extract_text("常住人口城鎮化率已經達到57.4%,比2012年末提高4.8個百分點")
    g = c.growth[0]
    assert (g.measure, g.rate.value, g.start_year) == ("pp", Decimal("4.8"), 2012)
    assert g.end.number.value == Decimal("57.4")


def test_shares_with_a_fraction_word():
    c = extract_text("智能光伏产业产值超300亿元，占全省的三分之一，位列全省第一")
    s = c.shares[0]
    assert s.whole == "全省" and s.value.exact and abs(s.value.value - Decimal(100) / 3) < Decimal("1e-9")
    assert s.of_value.number.value == 300 and s.of_value.number.comparator == Comparator.gt


def test_comparators_ranges_and_magnitudes():
    c = extract_text("智能终端产业产值超350亿元；有效发明专利达到8000件；近44万家市场主体；30%以上；新增1—2家；300多亿元；1.4万个")
    by = {q.number.text: q.number for q in c.quantities}
    assert by["超350亿元"].comparator == Comparator.gt
    assert by["30%以上"].comparator == Comparator.ge
    assert by["近44万家"].comparator == Comparator.about and by["近44万家"].unit == "万家"
    assert by["1—2家"].hi == 2
    assert by["300多亿元"].comparator == Comparator.gt
    assert by["1.4万个"].unit_info.factor * by["1.4万个"].value == 14000


def test_years_periods_and_relative_years():
    c = extract_text("“十三五”期间，全市累计建成5G基站5361个；期限为20232025年；2016-2019年；去年全市网络零售额增长17%")
    kinds = {y.text: (y.kind, y.start, y.end) for y in c.years}
    assert kinds["“十三五”期间"] == ("period", 2015, 2020)
    assert kinds["20232025年"][0] == "impossible"
    assert kinds["2016-2019年"] == ("range", 2016, 2019)
    assert kinds["去年"] == ("relative", None, None)
    resolved = extract_text("去年全市网络零售额增长17%", doc_year=2021)
    assert resolved.years[0].start == 2020


def test_flattened_tab_table_rows():
    text = "\t指标\t单位\t2020 年\t2025 年\n数字产业化\t数字经济核心产业增加值占 GDP 比重\t%\t10.9\t15\n\t数字经济领域有效发明专利\t万件\t6.5*\t8\n"
    c = extract_text(text)
    assert [(r.indicator, r.unit) for r in c.rows] == [("数字经济核心产业增加值占GDP比重", "%"), ("数字经济领域有效发明专利", "万件")]
    cells = dict(c.rows[0].cells)
    assert cells[2020].value == Decimal("10.9") and cells[2025].value == 15
    marked = [q for q in c.quantities if q.subject == "数字经济领域有效发明专利" and q.number.value == Decimal("6.5")]
    assert marked and marked[0].year is None  # a footnoted figure: its year is the footnote's


def test_compared_with_form_names_the_start_after_the_end():
    # the 与A年X相比 form (constructed in that form from figures of the kind the plans print)
    c = extract_text("2020年，全市地区生产总值达到5509.5亿元，与2015年的3517.8亿元相比，年均增长9.4%。")
    g = c.growth[0]
    assert (g.measure, g.start_year, g.end_year) == ("cagr", 2015, 2020)
    assert g.start.number.value == Decimal("3517.8") and g.end.number.value == Decimal("5509.5")
