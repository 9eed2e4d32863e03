"""The one range type (plancheck.intervals.Interval): open, closed and unbounded ends through the
arithmetic, outward rounding, and what each statement allows."""

from __future__ import annotations

from decimal import Decimal as D
from decimal import localcontext

import pytest

from plancheck.bounds import of_value
from plancheck.intervals import Interval
from plancheck.models.plan import Comparator


def iv(lo, hi, lo_open=False, hi_open=False, approx=False) -> Interval:
    return Interval(None if lo is None else D(lo), None if hi is None else D(hi), lo_open, hi_open, approx)


# -- construction


@pytest.mark.parametrize(("args", "ok"), [
    ((1, 1), True),  # a point
    ((1, 1, True), False),  # (1, 1]: empty
    ((1, 1, False, True), False),  # [1, 1): empty
    ((2, 1), False),
    ((1, None, True), True),
    ((None, None), True),
])
def test_an_empty_interval_cannot_be_built(args, ok):
    if ok:
        iv(*args)
    else:
        with pytest.raises(ValueError, match="empty"):
            iv(*args)
    assert (Interval.of(*(None if a is None else D(a) if not isinstance(a, bool) else a for a in args)) is not None) is ok


def test_an_unbounded_end_is_one_open_end():
    assert iv(1, None, hi_open=True) == iv(1, None)
    assert iv(None, 1, lo_open=True) == iv(None, 1)
    assert iv(1, None).text() == "[1, ∞)" and iv(None, 1).text() == "(-∞, 1]"


def test_above_and_below_read_inclusive_and_exclusive_words():
    # 以上 / 达到 include the number; 超过 / 突破 do not (glossary)
    assert Interval.above(D(350)) == iv(350, None)
    assert Interval.above(D(350), inclusive=False) == iv(350, None, lo_open=True)
    assert Interval.below(D(5)) == iv(None, 5)
    assert Interval.below(D(5), inclusive=False) == iv(None, 5, hi_open=True)
    assert Interval.above(D(8), approx=True).approx


@pytest.mark.parametrize(("comparator", "expected"), [
    (Comparator.eq, iv("224.95", "225.05")),
    (Comparator.about, iv("224.95", "225.05", approx=True)),
    (Comparator.gt, iv("225.0", None, lo_open=True)),
    (Comparator.ge, iv("225.0", None)),
    (Comparator.lt, iv(None, "225.0", hi_open=True)),
    (Comparator.le, iv(None, "225.0")),
])
def test_a_written_number_with_each_comparator(comparator, expected):
    assert of_value(D("225.0"), comparator) == expected


# -- membership at the ends


@pytest.mark.parametrize(("interval", "x", "inside"), [
    (iv(1, 2), 1, True), (iv(1, 2), 2, True),
    (iv(1, 2, lo_open=True), 1, False), (iv(1, 2, hi_open=True), 2, False),
    (iv(1, 2, lo_open=True), "1.0000001", True), (iv(1, 2, hi_open=True), "1.9999999", True),
    (iv(1, None, lo_open=True), "1e30", True), (iv(None, 1), "-1e30", True),
    (iv(1, 2), "0.9999999", False), (iv(1, 2), "2.0000001", False),
])
def test_contains_respects_open_and_closed_ends(interval, x, inside):
    assert interval.contains(D(x)) is inside


# -- arithmetic


def test_a_sum_keeps_open_and_unbounded_ends():
    # 超350 + 100 is more than 450, and unbounded above
    assert iv(350, None, lo_open=True) + iv(100, 100) == iv(450, None, lo_open=True)
    assert iv(1, 2) + iv(3, 4, hi_open=True) == iv(4, 6, hi_open=True)
    assert iv(None, 2) + iv(1, 1) == iv(None, 3)
    assert (iv(1, 2, approx=True) + iv(1, 1)).approx and not (iv(1, 2) + iv(1, 1)).approx


def test_a_difference_swaps_the_ends_of_what_is_subtracted():
    assert iv(10, 20) - iv(1, 2) == iv(8, 19)
    assert iv(10, 20) - iv(1, None, lo_open=True) == iv(None, 19, hi_open=True)  # 20 - (>1) < 19
    assert -iv(1, 2, lo_open=True) == iv(-2, -1, hi_open=True)


@pytest.mark.parametrize(("a", "b", "expected"), [
    (iv(1, 2), iv(10, 20), iv(10, 40)),
    (iv(-2, 1), iv(3, 4), iv(-8, 4)),
    (iv(1, 2), iv(3, 4, lo_open=True), iv(3, 8, lo_open=True)),
    (iv(0, 2), iv(3, 4, lo_open=True), iv(0, 8)),  # an attained 0 is attained in the product
    (iv(0, 2, lo_open=True), iv(3, None), iv(0, None, lo_open=True)),
    (iv(2, None), iv(3, 3), iv(6, None)),
    (iv(2, None), iv(-1, -1), iv(None, -2)),
])
def test_products_at_the_corners(a, b, expected):
    assert a * b == expected


@pytest.mark.parametrize(("a", "b", "expected"), [
    (iv(10, 20), iv(1, 2), iv(5, 20)),
    (iv(-4, 2), iv(2, 4), iv(-2, 1)),
    (iv(1, 2), iv(4, None), iv(0, "0.5", lo_open=True)),  # over something at least 4
    (iv(1, 2), iv(0, 4, lo_open=True), iv("0.25", None)),  # over something just above 0
    (iv(0, 2), iv(0, 4, lo_open=True), iv(0, None)),
    (iv(1, 2), iv(-4, 0, hi_open=True), iv(None, "-0.25")),
])
def test_quotients_at_the_corners(a, b, expected):
    assert a / b == expected


@pytest.mark.parametrize("divisor", [iv(-1, 1), iv(0, 1), iv(-1, 0), iv(0, 0), iv(None, None), iv(None, 1)])
def test_division_by_an_interval_that_may_be_zero_is_refused(divisor):
    with pytest.raises(ZeroDivisionError):
        iv(1, 2) / divisor


def test_inexact_quotients_round_outward():
    third = iv(1, 1) / iv(3, 3)
    with localcontext() as ctx:
        ctx.prec = 60
        exact_third = D(1) / D(3)
        assert third.lo < exact_third < third.hi  # 1/3 has no 34-digit decimal: the ends straddle it
        assert (iv(-1, -1) / iv(3, 3)).contains(-exact_third)
    assert (third * iv(3, 3)).contains(D(1))  # and a product built on it still contains the exact value
    assert (iv(2, 2) / iv(3, 3) * iv(3, 3)).contains(D(2))
    assert third.point is not None and abs(third.point - exact_third) < D("1e-30")
    exact = iv(1, 1) / iv(4, 4)
    assert exact == iv("0.25", "0.25") and exact.point == D("0.25")


def test_sums_round_outward_past_the_context_precision():
    tiny = iv("1e-40", "1e-40")
    s = iv(1, 1) + tiny
    assert s.lo <= 1 + D("1e-40") <= s.hi and s.lo < s.hi


def test_a_point_is_only_the_arithmetic_own_rounding():
    assert iv(1, 1).point == 1
    assert iv("224.95", "225.05").point is None
    assert iv(1, None).point is None


def test_percent_of_a_whole():
    assert iv(1, 1).percent_of(iv(4, 4)) == iv(25, 25)
    assert iv(1, 2).percent_of(iv(4, 5)) == iv(20, 50)
    assert iv(1, None).percent_of(iv(4, 4)) == iv(25, None)  # a part without an upper bound
    assert iv(1, 1).percent_of(iv(0, 4)) is None  # a whole that may be 0
    assert iv(1, 1).percent_of(iv(-4, -1)) is None
    assert iv(1, 1).percent_of(iv(None, 4)) is None


def test_scale_keeps_flags_and_swaps_for_a_negative_factor():
    assert iv(2, None, lo_open=True, approx=True).scale(D(10)) == iv(20, None, lo_open=True, approx=True)
    assert iv(1, 2, lo_open=True).scale(D(-1)) == iv(-2, -1, hi_open=True)


def test_width_mid_and_bounded():
    assert iv(1, 3).width == 2 and iv(1, 3).mid == 2
    assert iv(1, None).width == D("Infinity")
    with pytest.raises(ValueError):
        iv(1, None).mid  # noqa: B018
    assert iv(1, 3).bounded and not iv(1, None).bounded and not iv(None, 3).bounded
    assert iv(1, None).one_sided and iv(None, 3).one_sided and not iv(1, 3).one_sided
    assert not iv(None, None).one_sided
    assert iv(1, 3).interval() == iv(1, 3) and iv(1, None).interval() is None


def test_fmt_and_text_show_open_and_unbounded_ends():
    assert iv("1.234", "5.678").fmt(2) == "[1.23, 5.68]"
    assert iv("350", None, lo_open=True).fmt(1) == "(350.0, ∞)"
    assert iv(None, "5", hi_open=True).text() == "(-∞, 5)"
    assert iv("0.5", "1E+1").text() == "[0.5, 10]"


# -- a count is a whole number: its range rounds inward to integers


def _count(value, comparator, unit="家"):
    from plancheck.bounds import of_fact
    from plancheck.models.plan import Fact

    return of_fact(Fact.model_validate({"id": "f", "indicator": "x", "name": "x", "role": "history", "place": "text",
                                        "year": 2020, "value": value, "unit": unit, "comparator": comparator,
                                        "quote": "测试句子"}))


@pytest.mark.parametrize(("value", "comparator", "unit", "expected"), [
    ("26", "=", "家", iv(26, 26)),  # [25.5, 26.5] holds one whole number
    ("26", ">", "家", iv(27, None)),  # 超过26家: 27 or more
    ("26", ">=", "家", iv(26, None)),  # 26家以上
    ("10", "<", "个", iv(None, 9)),  # 不足10个
    ("10", "<=", "个", iv(None, 10)),
    ("1.4", ">", "万个", iv("1.4001", None)),  # 超1.4万个: 14001 or more
    ("6.5", "=", "万件", iv("6.45", "6.55")),  # 64500..65500 are all whole numbers
    ("26", "~", "家", iv("25.5", "26.5", approx=True)),  # 26家左右 keeps its soft range
    ("100", ">", "亿元", iv(100, None, lo_open=True)),  # money is not counted in wholes
])
def test_count_ranges_round_inward(value, comparator, unit, expected):
    assert _count(value, comparator, unit) == expected


# -- growth between bounds (issue 12: a result built on a bound is one-sided)


def test_growth_from_a_lower_bound_is_bounded_above_only():
    from plancheck.intervals import cagr_of_bounds

    g = cagr_of_bounds(iv(350, None, lo_open=True), iv(1000, 1000), 5)  # 超350 -> 1000
    assert g.lo is None and g.hi_open and D("23.36") < g.hi < D("23.37") and not g.approx
    closed = cagr_of_bounds(iv(350, None), iv(1000, 1000), 5)  # 350以上: the end itself is allowed
    assert closed.lo is None and not closed.hi_open and closed.hi == g.hi


def test_growth_from_an_upper_bound_is_bounded_below_only_and_keeps_approx():
    from plancheck.intervals import cagr, cagr_of_bounds

    g = cagr_of_bounds(iv(None, 350), iv(1000, 1000, approx=True), 5)  # 不超过350 -> 1000左右
    assert g.hi is None and not g.lo_open and D("23.36") < g.lo < D("23.37") and g.approx
    assert cagr_of_bounds(iv(None, 350, hi_open=True), iv(1000, 1000), 5).lo_open  # 不足350
    assert cagr_of_bounds(iv(1000, 1000), iv(350, None, lo_open=True), 5).lo_open  # a strict end target
    both = cagr_of_bounds(iv("349.5", "350.5"), iv(1000, 1000), 5)
    assert both == cagr(iv("349.5", "350.5"), iv(1000, 1000), 5)


@pytest.mark.parametrize(("start", "end"), [(iv(0, 5), iv(1, 1)), (iv(1, 1), iv(0, 2)), (iv(-1, None), iv(1, 1))])
def test_growth_from_or_to_zero_is_refused(start, end):
    from plancheck.intervals import cagr_of_bounds

    with pytest.raises(ValueError, match="positive"):
        cagr_of_bounds(start, end, 5)


def test_scale_by_a_positive_factor_is_the_product_with_the_exact_factor():
    cases = [Interval(D("1.25"), D("1.35")), Interval(D("80"), None, lo_open=True), Interval(None, D("5")),
             Interval(D("0"), D("3"), lo_open=True, hi_open=True), Interval(D("-2.5"), D("-0.5"), approx=True),
             Interval(D("1") / D("3"), D("2") / D("3"))]
    for x in cases:
        for k in (D("1e8"), D("0.0001"), D("1") / D("7"), D(3)):
            assert x.scale(k) == x * Interval.exact(k), (x, k)
    # a factor of 0 or below takes the general product (the ends swap or collapse)
    assert Interval(D(1), D(2)).scale(D(-1)) == Interval(D(-2), D(-1))
    assert Interval(D(1), D(2)).scale(D(0)) == Interval.exact(D(0))
