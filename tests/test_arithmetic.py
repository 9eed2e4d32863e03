"""The arithmetic under every rule, pinned at its boundaries: closed vs open ends, outward rounding,
`<` vs `<=`, whole counts, unit checks. Each test names the mutant it kills (docs/mutation.md)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from plancheck.bounds import of_fact, of_value
from plancheck.intervals import Interval, _root, cagr, half_ulp, total_growth
from plancheck.models.plan import Comparator, Fact

# -- intervals


@pytest.mark.parametrize(("literal", "half"), [
    ("225.0", "0.05"), ("1350", "0.5"), ("6.5", "0.05"), ("0.001", "0.0005"), ("1E+2", "50"),
])
def test_half_a_unit_in_the_last_written_place(literal, half):
    assert half_ulp(D(literal)) == D(half)


def test_a_written_number_stands_for_its_rounding_interval():
    assert Interval.written(D("225.0")) == Interval(D("224.95"), D("225.05"))
    assert Interval.written(D("1350")) == Interval(D("1349.5"), D("1350.5"))
    assert Interval.exact(D("7")) == Interval(D(7), D(7))


def test_an_empty_interval_is_refused_but_a_point_is_not():
    Interval(D(1), D(1))
    with pytest.raises(ValueError):
        Interval(D(2), D(1))


def test_interval_mid_width_and_closed_ends():
    iv = Interval(D(1), D(3))
    assert iv.mid == D(2) and iv.width == D(2)
    assert iv.contains(D(1)) and iv.contains(D(3)) and iv.contains(D(2))
    assert not iv.contains(D("0.999")) and not iv.contains(D("3.001"))


@pytest.mark.parametrize(("a", "b", "expected"), [
    ((1, 2), (2, 3), True),  # touching closed ends overlap
    ((2, 3), (1, 2), True),
    ((1, 2), (D("2.01"), 3), False),
    ((D("2.01"), 3), (1, 2), False),
    ((1, 5), (2, 3), True),
])
def test_interval_overlap_includes_a_shared_end(a, b, expected):
    assert Interval(D(a[0]), D(a[1])).overlaps(Interval(D(b[0]), D(b[1]))) is expected


def test_interval_arithmetic_is_outward():
    a, b = Interval(D(1), D(2)), Interval(D(10), D(20))
    assert a + b == Interval(D(11), D(22))
    assert b - a == Interval(D(8), D(19))
    assert a * b == Interval(D(10), D(40))
    assert Interval(D(-2), D(1)) * Interval(D(3), D(4)) == Interval(D(-8), D(4))
    assert b / a == Interval(D(5), D(20))
    assert Interval(D(-4), D(2)) / Interval(D(2), D(4)) == Interval(D(-2), D(1))
    assert a.scale(D(3)) == Interval(D(3), D(6))
    assert a.scale(D(-1)) == Interval(D(-2), D(-1))  # a negative factor swaps the ends


@pytest.mark.parametrize("divisor", [(0, 1), (-1, 0), (-1, 1)])
def test_division_by_an_interval_reaching_zero_is_refused(divisor):
    with pytest.raises(ZeroDivisionError):
        Interval(D(1), D(2)) / Interval(D(divisor[0]), D(divisor[1]))


def test_interval_fmt():
    assert Interval(D("1.234"), D("5.678")).fmt(2) == "[1.23, 5.68]"
    assert Interval(D("1.234"), D("5.678")).fmt(1) == "[1.2, 5.7]"


@pytest.mark.parametrize(("x", "n"), [(D(2), 5), (D("2.253"), 5), (D("0.5"), 3), (D(8), 3)])
def test_roots_are_rounded_outward_and_only_just(x, n):
    exact = x ** (D(1) / D(n))
    lo, hi = _root(x, n, up=False), _root(x, n, up=True)
    assert lo < exact < hi
    assert (hi - lo) / exact < D("1e-11")


def test_cagr_of_the_real_sentence():
    # 225.0 -> 506.9 over five years, every value the literals allow: [17.631, 17.646] %
    g = cagr(Interval.written(D("225.0")), Interval.written(D("506.9")), 5)
    assert D("17.630") < g.lo < D("17.632") and D("17.645") < g.hi < D("17.647")
    # lowest from the lowest end over the highest start, and the other way round
    assert cagr(Interval.exact(D(100)), Interval.exact(D(121)), 2) .fmt(6) == "[10.000000, 10.000000]"
    w = cagr(Interval(D(99), D(101)), Interval(D(120), D(122)), 2)
    assert w.lo < (D(120) / D(101)).sqrt() * 100 - 100 + D("1e-9")
    assert w.hi > (D(122) / D(99)).sqrt() * 100 - 100 - D("1e-9")
    assert w.lo > (D(120) / D(101)).sqrt() * 100 - 100 - D("1e-6")
    assert w.hi < (D(122) / D(99)).sqrt() * 100 - 100 + D("1e-6")


@pytest.mark.parametrize(("start", "end"), [((0, 1), (5, 6)), ((1, 2), (0, 6)), ((-1, 2), (5, 6))])
def test_cagr_needs_positive_endpoints(start, end):
    with pytest.raises(ValueError):
        cagr(Interval(D(start[0]), D(start[1])), Interval(D(end[0]), D(end[1])), 5)


def test_total_growth():
    assert total_growth(Interval.exact(D(200)), Interval.exact(D(250))) == Interval(D(25), D(25))
    t = total_growth(Interval(D(100), D(200)), Interval(D(300), D(400)))
    assert t == Interval(D(50), D(300))


# -- bounds


def B(lo, hi, lo_open=False, hi_open=False, approx=False):
    return Interval(None if lo is None else D(lo), None if hi is None else D(hi), lo_open, hi_open, approx)


@pytest.mark.parametrize(("a", "b", "expected"), [
    (B(1, 2), B(2, 3), True),  # a shared closed end
    (B(1, 2, hi_open=True), B(2, 3), False),  # <2 against >=2
    (B(1, 2), B(2, 3, lo_open=True), False),  # <=2 against >2
    (B(2, 3, lo_open=True), B(1, 2), False),
    (B(1, 3), B(2, 4), True),
    (B(1, 2), B(3, 4), False),
    (B(3, 4), B(1, 2), False),
    (B(None, 2), B(1, None), True),
    (B(None, 1), B(2, None), False),
    (B(2, None), B(None, 1), False),
    (B(None, None), B(5, 5), True),
    (B(5, None, lo_open=True), B(None, None), True),
    (B(1, 5, lo_open=True), B(1, 1), False),  # equal lows: the open one wins
    (B(1, 1), B(1, 5, lo_open=True), False),
    (B(1, 5, hi_open=True), B(5, 5), False),
    (B(5, 5), B(1, 5, hi_open=True), False),
    (B(1, 5), B(5, 9, lo_open=True), False),
    (B(1, 3), B(1, 3), True),
])
def test_bounds_intersect_only_where_both_allow_a_value(a, b, expected):
    assert a.overlaps(b) is expected


def test_lower_and_upper_of_the_tighter_bound_decide():
    # [1, 10] and (3, 7]: intersect is (3, 7]; it meets a point at 7 but not at 3
    a, b = B(1, 10), B(3, 7, lo_open=True)
    assert a.overlaps(B(7, 7)) and b.overlaps(B(7, 7))
    assert not b.overlaps(B(3, 3)) and a.overlaps(B(3, 3))
    assert B(3, 7, hi_open=True).overlaps(B(1, 10)) and B(1, 10).overlaps(B(3, 7, hi_open=True))
    # the higher low and the lower high, whatever their order
    assert not B(1, 10).overlaps(B(11, 12)) and not B(11, 12).overlaps(B(1, 10))
    assert not B(5, 10).overlaps(B(1, 4)) and not B(1, 4).overlaps(B(5, 10))


@pytest.mark.parametrize(("a", "b", "expected"), [
    (B(92, 92), B(90, None, lo_open=True), True),  # a city's 92 meets a provincial >90
    (B(90, 90), B(90, None, lo_open=True), False),  # a city's 90 does not
    (B(90, None), B(90, None, lo_open=True), False),  # >=90 does not meet >90
    (B(90, None, lo_open=True), B(90, None), True),  # >90 meets >=90
    (B(90, None, lo_open=True), B(90, None, lo_open=True), True),
    (B(89, 95), B(90, None), False),
    (B(None, 95), B(90, None), False),  # unbounded below cannot meet a floor
    (B(90, None), B(None, 95), False),  # unbounded above cannot meet a ceiling
    (B(5, 5), B(None, 5, hi_open=True), False),  # 5 does not meet <5
    (B(None, 5, hi_open=True), B(None, 5), True),
    (B(None, 5), B(None, 5, hi_open=True), False),
    (B(4, 6), B(None, 5), False),
    (B(4, 5), B(None, 5), True),
    (B(1, 2), B(None, None), True),
    (B(1, 2), B(1, 2), True),
])
def test_within_a_floor_or_a_ceiling(a, b, expected):
    assert a.within(b) is expected


def test_bound_scale_keeps_its_flags():
    s = B(2, None, lo_open=True, approx=True).scale(D(10))
    assert s == B(20, None, lo_open=True, approx=True)
    assert B(None, 3, hi_open=True).scale(D(2)) == B(None, 6, hi_open=True)


def test_bound_text_and_interval():
    assert B(1, 2).text() == "[1, 2]"
    assert B(1, None, lo_open=True).text() == "(1, ∞)"
    assert B(None, 2, hi_open=True).text() == "(-∞, 2)"
    assert B(None, 2).text() == "(-∞, 2]"
    assert B("0.5", "1E+1").text() == "[0.5, 10]"
    assert B(1, 2).interval() == Interval(D(1), D(2))
    assert B(1, None).interval() is None and B(None, 1).interval() is None


@pytest.mark.parametrize(("comparator", "expected"), [
    (Comparator.eq, B("506.85", "506.95")),
    (Comparator.about, B("506.85", "506.95", approx=True)),
    (Comparator.gt, B("506.9", None, lo_open=True)),
    (Comparator.ge, B("506.9", None)),
    (Comparator.lt, B(None, "506.9", hi_open=True)),
    (Comparator.le, B(None, "506.9")),
])
def test_what_each_comparator_allows(comparator, expected):
    assert of_value(D("506.9"), comparator) == expected


def test_an_unknown_comparator_is_refused():
    with pytest.raises(ValueError):
        of_value(D(1), "≈")


def _fact(value, unit, comparator="="):
    kw = {"value": D(value)} if value is not None else {"na": "/"}
    return Fact(id="f", indicator="x", name="x", role="history", place="text", year=2020, unit=unit,
                comparator=comparator, quote="引文引文", **kw)


def test_a_count_is_a_whole_number():
    # 26 家 allows [25.5, 26.5] by its literal, but only the integer 26
    assert of_fact(_fact("26", "家")) == B(26, 26)
    # 6.5 万件 keeps [64500, 65500] (in 万件: [6.45, 6.55]); scaled to 件 by the factor
    assert of_fact(_fact("6.5", "万件")) == B("6.45", "6.55")
    assert of_fact(_fact("6.5", "万件"), D(10000)) == B(64500, 65500)
    # 26.2 家 cannot be whole: the literal's range is kept rather than an empty one
    assert of_fact(_fact("26.2", "家")) == B("26.15", "26.25")
    # 25.5 家 is [25.45, 25.55]: no integer in it... 26.0 家 is exactly 26
    assert of_fact(_fact("26.0", "家")) == B(26, 26)
    assert of_fact(_fact("25.8", "家")) == B("25.75", "25.85")


def test_whole_counts_only_for_stated_counts():
    assert of_fact(_fact("26", "亿元")) == B("25.5", "26.5")  # money is not counted
    assert of_fact(_fact("26", "家", ">=")) == B(26, None)  # a target is exact already
    assert of_fact(_fact("26", "家家家乱")) == B("25.5", "26.5")  # an unknown unit: the literal's range
    assert of_fact(_fact(None, "家")) is None
    assert of_fact(_fact("2", "%"), D("0.01")) == B("0.015", "0.025")


def test_a_count_in_ten_thousands_is_whole_in_its_base_unit():
    # 6.5321 万件 is [65320.5, 65321.5] 件: only 65321 件 is a whole count
    assert of_fact(_fact("6.5321", "万件")) == B("6.5321", "6.5321")


def test_division_by_zero_names_the_interval():
    for divisor in [(-1, 0), (0, 1)]:
        with pytest.raises(ZeroDivisionError, match="interval division"):
            Interval(D(1), D(2)) / Interval(D(divisor[0]), D(divisor[1]))


def test_cagr_rounds_each_end_outward():
    g = cagr(Interval.exact(D(100)), Interval.exact(D(121)), 2)
    assert g.lo < D(10) < g.hi
    # endpoints below one are still positive
    assert cagr(Interval(D("0.5"), D("0.5")), Interval(D(2), D(2)), 2).lo > D("99.99")
    assert cagr(Interval(D(1), D(1)), Interval(D("0.25"), D("0.25")), 2).hi > D("-50.01")


def test_interval_fmt_defaults_to_two_places():
    assert Interval(D("1.234"), D("5.678")).fmt() == "[1.23, 5.68]"


def test_whole_counts_round_the_ends_of_unbounded_ranges_inward():
    from plancheck.bounds import _whole_counts

    assert _whole_counts(B(None, 5), "家") == B(None, 5)
    assert _whole_counts(B("1.5", None), "家") == B(2, None)  # a count is whole: at least 1.5 is at least 2
    assert _whole_counts(B("25.5", "26.5"), "家") == B(26, 26)


def test_values_of_the_arithmetic_are_immutable():
    import dataclasses

    from plancheck.growth import GrowthCheck
    from plancheck.realism import History, Requirement
    from plancheck.units import parse

    for obj in (B(1, 2), Interval(D(1), D(2)), parse("亿元"), History(Interval(D(1), D(2)), 2015, 2020),
                GrowthCheck("cagr", 5, "consistent", B(1, 2), None, None, "a", "b"),
                Requirement(None, None, False, True, None, None, False, False)):
        with pytest.raises(dataclasses.FrozenInstanceError):
            obj.lo = D(0)
