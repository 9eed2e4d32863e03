"""Sentence patterns the extractor reads, each on real published sentences.

Sources of the sentences not in plans/sources/ (stored public pages):
- Yuhuan 2019 statistical bulletin (玉环市统计局): http://yhsz.yuhuan.gov.cn/art/2021/5/10/art_1631252_58328435.html
- Wenzhou 2017 farm economy analysis (温州市统计局): http://wztjj.wenzhou.gov.cn/art/2018/3/5/art_1243856_15702628.html
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from plancheck.extract import extract_text
from plancheck.models.plan import Comparator

ROOT = Path(__file__).resolve().parent.parent


def _growth(text):
    return [(g.subject, g.measure, str(g.rate.value), g.start_year, g.end_year,
             None if g.end is None else str(g.end.number.value)) for g in extract_text(text).growth]


# -- 同比增长: a growth over the previous year, ending at the figure before it
def test_year_on_year_growth_ends_at_the_figure_before_it():
    s = "2020年，数字经济核心制造业新产品产值达到1376.7亿元，同比增涨28.8％；研发费用达79.3亿元，同比增长26.4％，发展质量不断提高。"
    assert _growth(s) == [("数字经济核心制造业新产品产值", "total", "28.8", 2019, 2020, "1376.7"),
                          ("研发费用", "total", "26.4", 2019, 2020, "79.3")]


def test_year_on_year_growth_in_bulletins_with_real_prices_and_no_year():
    yuhuan = "据初步测算，全市实现生产总值617.50亿元，按可比价格计算，比上年增长5.2%。"
    g = extract_text(yuhuan).growth
    assert [(x.subject, str(x.rate.value), x.real, str(x.end.number.value)) for x in g] == [("生产总值", "5.2", True, "617.50")]
    assert g[0].start_year is None  # the sentence states no year: nothing to count back from
    wenzhou = "据初步核算，全市实现农林牧渔业增加值146.51亿元，扣除价格因素，同比增长3.6%，居全省第三位。"
    g = extract_text(wenzhou).growth
    assert [(x.subject, str(x.rate.value), x.real) for x in g] == [("农林牧渔业增加值", "3.6", True)]


def test_year_on_year_rate_of_another_subject_is_not_tied_to_the_figure():
    g = extract_text("2020年，全市研发费用达79.3亿元，专利授权量同比增长12.5%。").growth
    assert all(x.end is None for x in g)


# -- 近三年增速连续保持25%以上: a growth in each of the last N years
def test_each_of_the_last_years():
    s = "2020年，数字经济核心制造业研发费用达79.3亿元，同比增长26.4％，近三年增速连续保持25%以上，发展质量不断提高。"
    each = [g for g in extract_text(s).growth if g.wording.startswith("连续")]
    assert [(g.start_year, g.end_year) for g in each] == [(2017, 2018), (2018, 2019), (2019, 2020)]
    assert all(g.rate.value == 25 and g.rate.comparator == Comparator.ge for g in each)
    assert [g.end is not None for g in each] == [False, False, True]
    assert not any(q.number.value == 25 for q in extract_text(s).quantities)  # a rate, not a quantity


# -- an elliptical subject: the clause goes on with the subject named before it
def test_elliptical_clause_keeps_the_sentence_subject():
    s = "“十三五”期间，全省数字经济核心产业增加值年均增长15.2%，2020年达7020亿元，对GDP增长贡献率达34.9%"
    qs = {str(q.number.value): q for q in extract_text(s).quantities}
    assert (qs["7020"].subject, qs["7020"].year) == ("数字经济核心产业增加值", 2020)
    assert qs["34.9"].subject != "数字经济核心产业增加值"
    g = extract_text(s).growth[0]
    assert (g.measure, g.start_year, g.end_year) == ("cagr", 2015, 2020)


# -- 分别: figures distributed over the subjects named before 分别
def test_respectively_distributes_figures_over_subjects():
    qs = extract_text("2020年，工业应用指数为40.42，列全省第一；工业设备联网率和装备数控化率分别为55.6%、76.4%，均列全省第一。").quantities
    got = {str(q.number.value): q.subject for q in qs}
    assert got["55.6"] == "工业设备联网率" and got["76.4"] == "装备数控化率"
    qs = extract_text("全市活跃商户“非接”与“双免”改造完成率分别达到84.72%和55.62%，均列全省第二").quantities
    got = {str(q.number.value): q.subject for q in qs}
    assert got == {"84.72": '活跃商户"非接"改造完成率', "55.62": '活跃商户"双免"改造完成率'}


def test_respectively_with_rates_gives_each_subject_a_target_growth():
    s = "到2025年，力争实现网络零售总额3000亿元，数字服务贸易和跨境电商年均增速分别实现10%和20%以上。"
    got = _growth(s)
    assert got == [("数字服务贸易", "cagr", "10", None, 2025, None), ("跨境电商", "cagr", "20", None, 2025, None)]
    rates = [g.rate for g in extract_text(s).growth]
    assert rates[1].comparator == Comparator.ge
    assert [str(q.number.value) for q in extract_text(s).quantities] == ["3000"]


def test_respectively_needs_as_many_subjects_as_figures():
    qs = extract_text("工业设备联网率分别为55.6%、76.4%").quantities
    assert all(q.subject != "工业设备联网率" or q.number.value == Decimal("55.6") for q in qs)


# -- a count whose noun follows it: `12个优势产业入围…`
def test_counted_noun_after_the_count():
    cases = {
        "全市共有12个优势产业入围省级跨境电商产业集群试点进行培育。": ("12", "优势产业"),
        "12个农业主体列为省级数字农业工厂试点示范。": ("12", "农业主体"),
        "51个高频事项实现跨省通办。": ("51", "高频事项"),
        "到2025年，力争完成3000个智能化项目改造。": ("3000", "智能化项目改造"),
        "到2025年，力争培育100家省级以上服务型制造示范企业（平台、项目）。": ("100", "省级以上服务型制造示范企业"),
    }
    for text, (value, subject) in cases.items():
        q = next(q for q in extract_text(text).quantities if str(q.number.value) == value)
        assert q.subject == subject, text


def test_an_amount_or_a_share_does_not_take_the_words_after_it():
    qs = extract_text("实现30亿元数字经济投资。").quantities
    assert [q.subject for q in qs] == [""]


# -- page chunks of a document-sharing copy (the unofficial copy of the Jiaxing plan, as stored)
def test_page_chunks_are_joined_where_a_page_cut_a_sentence():
    from plancheck.extract.chunks import join_chunks
    from plancheck.readers.base import Block, Location

    copy = (ROOT / "plans" / "sources" / "jiaxing-de-2021-copy.txt").read_text("utf-8").splitlines()
    i = next(n for n, line in enumerate(copy) if line.startswith("5、品产值"))
    blocks = join_chunks([Block(t, Location(line=n)) for n, t in enumerate(copy[i - 1:i + 1], i)])
    assert len(blocks) == 1 and "新产5、品产值达到1376.7亿元" in blocks[0].text and blocks[0].location.line == i
    loc = blocks[0].location  # each character keeps its own line (scan's evidence names it)
    assert (loc.line_at(0), loc.line_at(blocks[0].text.index("品产值"))) == (i, i + 1)
    g = extract_text("\n".join(copy[i - 1:i + 1])).growth
    yoy = [(str(x.rate.value), x.start_year, x.end_year) for x in g if x.wording.startswith("同比")]
    assert yoy == [("28.8", 2022, 2023), ("26.4", 2022, 2023)]  # the copy's year (2023), as it reads


def test_a_page_mark_inside_a_joined_sentence_is_read_past_not_as_a_figure():
    # invented after the copy's page breaks: the page number of the next chunk (`7、`) stands
    # between a figure and the rate that grows it; before, `7` was read as a figure of 2023
    text = ("6、" + "推进数字化改造，" * 20 + "全市网络零售额从2015年的835.6亿元上升至2020年的1857.4亿元\n"
            "7、,年均增长17.32%。全市共有12个优势产业入围省级跨境电商产业集群试点。\n")
    claims = extract_text(text)
    (g,) = claims.growth
    assert (str(g.rate.value), g.start_year, g.end_year) == ("17.32", 2015, 2020)
    assert (g.start.number.text, g.end.number.text) == ("835.6亿元", "1857.4亿元")
    assert "7、,年均增长" in g.quote  # the quote stays verbatim, page mark and all
    assert not [q for q in claims.quantities if q.number.value == 7]


def test_a_numbered_list_is_not_joined():
    from plancheck.extract.chunks import join_chunks
    from plancheck.readers.base import Block, Location

    items = ["1、加快建设新型基础设施", "2、推进数字产业化", "3、全市5G基站达到14000个。"]
    assert len(join_chunks([Block(t, Location(line=n)) for n, t in enumerate(items, 1)])) == 3
    long = ["1、" + "加快建设新型基础设施，" * 20 + "。", "2、推进数字产业化"]
    assert len(join_chunks([Block(t, Location(line=n)) for n, t in enumerate(long, 1)])) == 2


# -- a threshold naming a class of things is not a figure; a rank is not a count
def test_a_threshold_inside_a_noun_phrase_is_not_a_figure():
    cases = {  # Jiaxing's plan, Huzhou's plan, Jiaxing's 2016 opinions
        "全市数字产业规模超100亿元企业4家、超10亿元企业30家、上市企业13家。": {"4", "30", "13"},
        "培育十个以上营收超10亿元的数字经济特色楼宇。": set(),
        "——培育5家产值超100亿元以上的互联网经济龙头企业": {"5"},
    }
    for text, values in cases.items():
        assert {str(q.number.value) for q in extract_text(text).quantities} == values, text
    kept = "重点领域数字产业加快集聚发展，智能终端产业产值超350亿元；软件业务收入超80亿元。"
    assert {str(q.number.value) for q in extract_text(kept).quantities} == {"350", "80"}


def test_a_rank_is_not_a_count():
    qs = extract_text("我市排名第一的南湖区进入全省前10位（位列全省第9）").quantities
    assert [q.number.value for q in qs] == []


def test_a_unit_with_its_alternative_in_brackets():
    qs = extract_text("累计培育智能工厂(数字化车间)263家(个)、未来工厂12家").quantities  # Zhejiang's plan
    assert [(q.subject, str(q.number.value), q.number.unit) for q in qs] == [("智能工厂", "263", "家(个)"), ("未来工厂", "12", "家")]
    assert qs[0].number.unit_info.dimension == "count"


def test_a_national_title_held_by_own_firms_is_the_regions_figure():
    s = "培育规上企业354家、上市企业12家,其中全国电子信息百强企业2家、全国电子元件百强企业2家、全省电子信息百强企业13家"
    qs = [q for q in extract_text(s).quantities if "百强" in q.subject]  # Huzhou's plan
    assert [(q.subject, q.scope) for q in qs] == [
        ("全国电子信息百强企业", "own"), ("全国电子元件百强企业", "own"), ("电子信息百强企业", "own")]
    # a wider region's own figure stays other: the NBS figure quoted in a plan
    q = extract_text("2020年，全国数字经济核心产业增加值占GDP比重达到7.8%").quantities[0]
    assert q.scope == "other"


def test_a_count_right_after_an_upper_case_word_is_read_names_with_numbers_are_not():
    q = extract_text("到2025年，累计建成国家级、省级工业互联网试点示范8家、50家，累计开发工业APP5000个").quantities[-1]
    assert (str(q.number.value), q.number.unit) == ("5000", "个")  # Jiaxing's plan
    for name in ("以G60科创走廊为主动脉", "重点公共场所免费W1F1“三个全覆盖”"):  # Jiaxing's plan and its copy
        assert extract_text(name).quantities == [], name
    q = extract_text("互联网协议第六版(IPv6)活跃用户数达到4.6亿").quantities  # the national plan
    assert [str(x.number.value) for x in q] == ["4.6"]
