"""The unit registry: every unit of the five documents, exact conversions, percent vs points."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from plancheck.units import UnitError, convert, parse


@pytest.mark.parametrize(("printed", "dimension"), [
    ("亿元", "money"), ("万亿元", "money"), ("万元/人", "money_per_person"), ("件", "count"), ("万件", "count"),
    ("家", "count"), ("个", "count"), ("家(个)", "count"), ("万台", "count"), ("万个", "count"), ("%", "ratio"),
    ("/", "index"), ("个百分点", "pp"), ("件/万人", "count_per_person"), ("Gbps", "bandwidth"),
    ("％", "ratio"), ("万元／人", "money_per_person"), ("家（个）", "count"),
])
def test_every_unit_of_the_documents_parses(printed, dimension):
    assert parse(printed).dimension == dimension


@pytest.mark.parametrize(("value", "frm", "to", "expected"), [
    ("6.5", "万件", "件", "65000"), ("1", "万亿元", "亿元", "10000"), ("1.4", "万个", "个", "14000"),
    ("2.3", "万亿元", "亿元", "23000"), ("1.652", "万台", "台", "16520"), ("0.1", "亿元", "万元", "1000"),
])
def test_conversions_are_exact(value, frm, to, expected):
    assert convert(D(value), parse(frm), parse(to)) == D(expected)


def test_conversion_keeps_the_written_precision():
    # 6.5 万件 stands for [64500, 65500]: the converted literal keeps its exponent (hundreds)
    assert convert(D("6.5"), parse("万件"), parse("件")).as_tuple().exponent == 3


def test_incompatible_units_do_not_convert():
    for a, b in [("亿元", "件"), ("%", "个百分点"), ("件", "家"), ("万元/人", "亿元"), ("%", "/")]:
        with pytest.raises(UnitError):
            convert(D(1), parse(a), parse(b))


def test_the_generic_count_word_matches_any_count():
    # 家(个) and 个 count anything; 件 (patents) and 家 (firms) are different things
    assert parse("个").compatible(parse("家")) and parse("家(个)").compatible(parse("件"))
    assert not parse("件").compatible(parse("家"))


def test_percent_is_a_fraction_and_points_are_not():
    assert parse("%").factor == D("0.01") and parse("个百分点").factor == D(1)
    assert not parse("%").compatible(parse("个百分点"))


@pytest.mark.parametrize("bad", ["亿园", "米", "元+件", "", "\x1b", "亿元亿元元元元元元元元元元元元元元元元"])
def test_unknown_units_are_errors(bad):
    if bad == "":
        assert parse(bad).dimension == "index"  # an empty unit cell reads as an index, like "/"
        return
    with pytest.raises(UnitError):
        parse(bad)


def test_units_outside_the_either_form_and_people():
    assert parse("/").factor == 1 and parse("—").dimension == "index"
    with pytest.raises(UnitError):
        parse("件(个)")  # only 家(个) and 个(家) mean either count word
    assert parse("个(家)").dimension == "count"
    assert parse("人").dimension == "count" and parse("万人").factor == D(10000)
    assert parse("万人").count_word == "[person]"


def test_units_of_two_dimensions_only_per_person():
    for bad in ("元/件", "Gbps/人", "个(件)"):
        with pytest.raises(UnitError):
            parse(bad)
    assert parse("万元").base(D("2.5")) == D(25000)
