"""plancheck.vocab: cycles derived from their number, span words, numerals, magnitudes, quotes."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from plancheck.models.plan import Cycle as CycleEnum
from plancheck.vocab import (
    Span,
    cn_number,
    cycle,
    cycle_name,
    cycle_of,
    cycle_years,
    find_cycles,
    fold,
    magnitude_pattern,
    magnitudes,
    match_form,
    span_of_words,
)


@pytest.mark.parametrize(("name", "years"), [
    ("十四五", (2021, 2025)), ("十三五", (2016, 2020)), ("十二五", (2011, 2015)), ("十五五", (2026, 2030)),
    ("十一五", (2006, 2010)), ("十五", (2001, 2005)), ("九五", (1996, 2000)), ("三五", (1966, 1970)),
    ("一五", (1953, 1957)), ("二五", (1958, 1962)), ("“十四五”", (2021, 2025)),
])
def test_cycles_are_derived_from_their_number(name, years):
    assert cycle_years(name) == years


def test_every_cycle_of_the_plan_schema_has_its_years():
    for c in CycleEnum:
        assert c.years == cycle_years(c.value)
        assert c.years[1] - c.years[0] == 4


def test_cycle_names_and_numbers_round_trip():
    for n in range(1, 30):
        assert cycle_of(cycle_name(n)) == cycle(n)
    assert cycle_name(14) == "十四五" and cycle_name(10) == "十五" and cycle_name(20) == "二十五"
    assert cycle(14).span == (2020, 2025)  # as a growth span: from the base year
    for bad in (0, -1):
        with pytest.raises(ValueError):
            cycle(bad)
    with pytest.raises(ValueError):
        cycle_name(100)
    with pytest.raises(ValueError):
        cycle_years("规划")
    assert cycle_of("五") is None and cycle_of("十四") is None and cycle_of("乱五") is None


def test_cycle_names_in_running_text():
    text = "“十三五”期间，全市新增十五个项目，“十五”时期起步，九五计划，共二十五个，十四五"
    found = [(c.number, fold(text)[a:b]) for a, b, c in find_cycles(text)]
    assert found == [(13, "十三五"), (10, "十五"), (9, "九五"), (14, "十四五")]
    assert find_cycles("一百十四五") == []  # inside a longer numeral


@pytest.mark.parametrize(("words", "span"), [
    ("十三五期间", (2015, 2020, 5)), ("“十三五”以来", (2015, 2020, 5)), ("十四五时期", (2020, 2025, 5)),
    ("比2015年", (2015, None, None)), ("较2020年", (2020, None, None)), ("与2015年相比", (2015, None, None)),
    ("5年内", (None, None, 5)), ("近三年", (None, None, 3)), ("三年来", (None, None, 3)),
    ("十年间", (None, None, 10)), ("两年", (None, None, 2)), ("5 年内", (None, None, 5)),
    ("2015年", (None, None, None)), ("2016—2020年", (None, None, None)), ("未知", (None, None, None)),
    ("", (None, None, None)),
])
def test_span_words(words, span):
    assert span_of_words(words) == Span(*span)


@pytest.mark.parametrize(("text", "n"), [
    ("二十", 20), ("两", 2), ("十", 10), ("一百零五", 105), ("二〇三五", 2035), ("二零二五", 2025),
    ("3", 3), ("１２", 12), ("五十万", 500000), ("abc", None), ("", None), ("十四五", None), ("半", None),
])
def test_numerals(text, n):
    assert cn_number(text) == n


def test_magnitudes_come_from_the_unit_definitions():
    m = magnitudes()
    assert m["万"] == D(10) ** 4 and m["亿"] == D(10) ** 8 and m["万亿"] == D(10) ** 12
    assert all(not w.isascii() for w in m)
    assert magnitude_pattern().index("万亿") < magnitude_pattern().index("万|")  # longest first


def test_one_folding_of_quotes_and_dashes():
    assert fold("“十四五”—‘数字’–２０２１％") == "\"十四五\"-'数字'-2021%"
    assert match_form(" 《浙江省数字经济发展“十四五”规划》 ") == "浙江省数字经济发展十四五规划"
    assert match_form("「数字 经济」") == match_form("数字经济") == "数字经济"


# -- quantity qualifiers (issue 12: qualifiers are part of a quantity)


def test_qualifier_classes_per_axis():
    from plancheck.vocab import qualifier_axes, qualifiers_of

    assert qualifier_axes() == ("state", "flow", "measure")
    q = qualifiers_of("5G基站累计开通")
    assert (q.on("state"), q.on("flow"), q.on("measure")) == ({"opened"}, {"cumulative"}, frozenset())
    assert q.words == ("累计", "开通") and q.hits[1] == ("开通", "state", "opened")
    assert qualifiers_of("规上数字经济核心产业营业收入").on("measure") == {"revenue"}
    assert qualifiers_of("智能终端产业产值").on("measure") == {"output"}
    assert qualifiers_of("5G基站数量").classes == (frozenset(), frozenset(), frozenset())
    assert qualifiers_of("５Ｇ基站新增").on("flow") == {"added"}  # matched on the folded text


def test_qualifiers_differ_only_where_both_say():
    from plancheck.vocab import qualifiers_of

    built, opened, bare = qualifiers_of("累计建成"), qualifiers_of("累计开通"), qualifiers_of("5G基站数量")
    assert built.differ(opened) == ("state",) and built.unsure(opened) == ()
    assert built.differ(bare) == () and built.unsure(bare) == ("state", "flow")
    assert bare.differ(bare) == () and bare.unsure(bare) == ()
    assert qualifiers_of("新增").differ(qualifiers_of("累计")) == ("flow",)
    assert qualifiers_of("产值").differ(qualifiers_of("增加值")) == ("measure",)


def test_numerals_below_100_read_as_cn2an_reads_them_without_importing_it():
    import subprocess
    import sys

    import cn2an

    from plancheck.vocab import _below_hundred

    d = "一二三四五六七八九"
    forms = {*d, "两", "十", *("十" + x for x in d), *(x + "十" for x in d), *(x + "十" + y for x in d for y in d)}
    for f in forms:
        assert _below_hundred(f) == int(cn2an.cn2an(f, "normal")), f
    for f in ("两十", "十两", "一一", "十十", "百", "一百", "零"):  # not the standard form below 100: cn2an decides
        assert _below_hundred(f) is None, f
    code = "import sys; from plancheck.vocab import cycle_years; print(cycle_years('十四五'), 'cn2an' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "(2021, 2025) False"


def test_the_cycle_a_year_falls_in_is_derived_not_listed():
    from plancheck.vocab import cycle_containing

    assert cycle_containing(2021).name == "十四五" and cycle_containing(2025).name == "十四五"
    assert cycle_containing(2026).name == "十五五" and (cycle_containing(2030).start, cycle_containing(2030).end) == (2026, 2030)
    assert cycle_containing(2008).name == "十一五"
    assert cycle_containing(1966).name == "三五" and cycle_containing(1953).name == "一五"
    assert cycle_containing(1964) is None and cycle_containing(1950) is None
