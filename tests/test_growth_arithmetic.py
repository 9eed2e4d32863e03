"""plancheck.growth on its own: each measure, each comparator, each verdict and its boundary."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal as D

import pytest

from plancheck.growth import GrowthCheck, _rate, check_growth, endpoint_bound, stated_bound
from plancheck.intervals import Interval
from plancheck.models.plan import Comparator, Fact, GrowthClaim
from plancheck.units import Unit, UnitError, parse


@dataclass
class Ref:
    """What check_growth needs of a fact reference: .fact, .unit, .label()."""

    fact: Fact

    @property
    def unit(self) -> Unit | None:
        try:
            return parse(self.fact.unit)
        except UnitError:
            return None

    def label(self) -> str:
        return f"{self.fact.value} {self.fact.unit} ({self.fact.year})"


def ref(value, unit="亿元", year=2015, comparator="="):
    return Ref(Fact(id=f"f{year}", indicator="x", name="x", role="history", place="text", year=year,
                    value=D(value), unit=unit, comparator=comparator, quote="引文引文"))


def claim(rate, measure="cagr", comparator="=", start=2015, end=2020):
    return GrowthClaim(id="g", indicator="x", start={"year": start}, end={"year": end}, measure=measure,
                       rate=D(rate), comparator=comparator, quote="引文引文")


# -- the rate of each measure


def test_rates_of_each_measure():
    assert _rate("pp", D(5), D("7.5"), 5) == D("2.5")
    assert _rate("pp", D(5), D(3), 5) == D(-2)
    assert _rate("multiple", D(100), D(250), 5) == D("2.5")
    assert _rate("total", D(200), D(250), 5) == D(25)
    c = _rate("cagr", D(100), D(121), 2)
    assert abs(c - D(10)) < D("1e-9")
    assert _rate("cagr", D(100), D(121), 2, up=True) > _rate("cagr", D(100), D(121), 2, up=False)


def test_rates_at_zero_and_below():
    # no growth from nothing; a fall to zero is -100% (total and cagr alike); a negative end has none
    for m in ("multiple", "total", "cagr"):
        assert _rate(m, D(0), D(5), 5) is None
        assert _rate(m, D(-1), D(5), 5) is None
        assert _rate(m, D(5), D(-1), 5) is None
    assert _rate("total", D(5), D(0), 5) == D(-100)
    assert _rate("cagr", D(5), D(0), 5) == D(-100)
    assert _rate("multiple", D(5), D(0), 5) == D(0)
    assert _rate("pp", D(0), D(-1), 5) == D(-1)  # points are differences: any sign


# -- what a stated growth allows


@pytest.mark.parametrize(("comparator", "expected"), [
    ("=", Interval(D(2), D(2))),
    ("~", Interval(D(2), D(2), approx=True)),
    (">=", Interval(D(2), None)),
    (">", Interval(D(2), None, lo_open=True)),
    ("<=", Interval(None, D(2))),
    ("<", Interval(None, D(2), hi_open=True)),
])
def test_a_multiple_is_a_word_and_exact(comparator, expected):
    assert stated_bound(claim("2", "multiple", comparator)) == expected


def test_a_rate_stands_for_its_written_interval():
    assert stated_bound(claim("17.6")) == Interval(D("17.55"), D("17.65"))
    assert stated_bound(claim("17.6", comparator=">")) == Interval(D("17.6"), None, lo_open=True)


def test_endpoints_in_base_units_but_points_in_printed_percent():
    assert endpoint_bound(ref("2.3", "万亿元"), "cagr") == Interval(D("2.25e12"), D("2.35e12"))
    assert endpoint_bound(ref("7.5", "%"), "pp") == Interval(D("7.45"), D("7.55"))
    assert endpoint_bound(ref("7.5", "%"), "cagr") == Interval(D("0.0745"), D("0.0755"))
    assert endpoint_bound(ref("7.5", "乱乱"), "cagr") is None


# -- verdicts


def test_the_real_sentence_is_consistent_at_its_point():
    c = check_growth(claim("17.6"), ref("225.0"), ref("506.9", year=2020))
    assert c.verdict == "consistent" and c.years == 5
    assert D("17.63") < c.computed.lo < c.computed.hi < D("17.65")
    assert D("17.637") < c.point < D("17.639")


def test_consistent_only_within_rounding():
    c = check_growth(claim("17.65"), ref("225.0"), ref("506.9", year=2020))
    assert c.verdict == "rounding"


def test_a_wrong_rate_is_inconsistent():
    c = check_growth(claim("18.6"), ref("225.0"), ref("506.9", year=2020))
    assert c.verdict == "inconsistent"
    assert c.computed_text.startswith("[17.63") and c.tolerance_text == "[18.550%, 18.650%]"


def test_the_span_can_be_given():
    c = check_growth(claim("17.6"), ref("225.0"), ref("506.9", year=2020), years=4)
    assert c.years == 4 and c.verdict == "inconsistent"


def test_bounded_endpoints_are_consistent_when_the_ranges_meet():
    # 超506.9: the end allows (506.9, ∞): a growth of at least 17.6% is possible, not proven
    c = check_growth(claim("17.6"), ref("225.0"), ref("506.9", year=2020, comparator=">"))
    assert c.verdict == "consistent" and c.computed.hi is None
    c = check_growth(claim("30"), ref("225.0"), ref("506.9", year=2020, comparator=">"))
    assert c.verdict == "consistent"
    c = check_growth(claim("10"), ref("225.0"), ref("506.9", year=2020, comparator=">"))
    assert c.verdict == "inconsistent"
    # an approximate endpoint: a point inside the stated range is consistent, not rounding
    c = check_growth(claim("17.6"), ref("225.0", comparator="~"), ref("506.9", year=2020))
    assert c.verdict == "consistent"
    c = check_growth(claim("17.65"), ref("225.0", comparator="~"), ref("506.9", year=2020))
    assert c.verdict == "rounding"


def test_lower_bound_ends_leave_the_computed_range_open_below():
    c = check_growth(claim("17.6"), ref("225.0", comparator=">"), ref("506.9", year=2020))
    assert c.computed.lo is None and c.computed.hi is not None
    assert c.verdict == "consistent"


def test_unknown_and_incomparable():
    assert check_growth(claim("17.6"), ref("225.0", "乱乱"), ref("506.9", year=2020)).verdict == "unknown"
    assert check_growth(claim("17.6"), ref("225.0"), ref("506.9", "乱乱", 2020)).verdict == "unknown"
    assert check_growth(claim("17.6"), ref("225.0"), ref("506.9", "件", 2020)).verdict == "incomparable"
    # points need two shares
    assert check_growth(claim("2", "pp"), ref("5", "亿元"), ref("7", "亿元", 2020)).verdict == "incomparable"
    assert check_growth(claim("2", "pp"), ref("5", "%"), ref("7", "亿元", 2020)).verdict == "incomparable"
    assert check_growth(claim("2", "pp"), ref("5", "%"), ref("7", "%", 2020)).verdict == "consistent"
    assert check_growth(claim("3", "pp"), ref("5", "%"), ref("7", "%", 2020)).verdict == "rounding"  # [1, 3] meets [2.5, 3.5]
    assert check_growth(claim("4", "pp"), ref("5", "%"), ref("7", "%", 2020)).verdict == "inconsistent"


def test_units_convert_before_the_rate():
    # 2.3万亿元 -> 30000亿元 is a 1.304 multiple; the same in 亿元 throughout
    c = check_growth(claim("1.3", "multiple"), ref("2.3", "万亿元"), ref("30000", year=2020))
    assert c.verdict == "rounding" and D("1.30") < c.point < D("1.31")
    c = check_growth(claim("1.3", "multiple"), ref("23000"), ref("30000", year=2020))
    assert c.point == check_growth(claim("1.3", "multiple"), ref("2.3", "万亿元"), ref("30000", year=2020)).point


def _gc(measure, stated, computed=None, point=None):
    return GrowthCheck(measure, 5, "consistent", stated, computed, point, "a", "b")


def test_texts_of_a_check():
    g = _gc("cagr", Interval(D("17.55"), D("17.65")), Interval(D("17.631"), D("17.646")), D("17.638"))
    assert g.stated_text == "17.600%" and g.tolerance_text == "[17.550%, 17.650%]"
    assert g.computed_text == "[17.631%, 17.646%]" and g.point_text == "17.638%"
    assert g.label_zh == "年均增速" and g.label_en == "average annual growth"
    m = _gc("multiple", Interval(D(2), D(2)))
    assert m.stated_text == "2.000x" and m.computed_text == "?" and m.point_text == "?"
    assert _gc("total", Interval(D(5), None)).stated_text == ">=5.000%"
    assert _gc("total", Interval(D(5), None, lo_open=True)).stated_text == ">5.000%"
    assert _gc("pp", Interval(None, D(5))).stated_text == "<=5.000pp"
    assert _gc("pp", Interval(None, D(5), hi_open=True)).stated_text == "<5.000pp"
    assert _gc("pp", Interval(None, D(5), hi_open=True)).tolerance_text == "(-∞, 5.000pp)"
    assert _gc("pp", Interval(D(1), None, lo_open=True)).tolerance_text == "(1.000pp, ∞)"
    assert _gc("pp", Interval(D(1), D(2), lo_open=True)).tolerance_text == "(1.000pp, 2.000pp]"
    assert _gc("pp", Interval(D(1), D(2), hi_open=True)).tolerance_text == "[1.000pp, 2.000pp)"
    assert _gc("pp", Interval(D(1), D(2))).tolerance_text == "[1.000pp, 2.000pp]"
    assert Comparator("=") is Comparator.eq


def test_a_point_rate_is_rounded_down_unless_asked():
    assert _rate("cagr", D(100), D(121), 2) < D(10) < _rate("cagr", D(100), D(121), 2, up=True)
    assert abs(_rate("cagr", D(5), D(5), 5)) < D("1e-9")  # no change is no growth, not -100%
    assert _rate("total", D("0.5"), D(1), 5) == D(100)  # endpoints below one
    assert _rate("total", D(5), D("0.5"), 5) == D(-90)


def test_the_computed_range_is_rounded_outward_at_both_ends():
    # exact bound ends (>=100 ... <=121) make the highest rate exactly 10%: it must still be covered
    c = check_growth(claim("10"), ref("100", comparator=">="), ref("121", year=2017, comparator="<="), years=2)
    assert c.computed.lo is None and c.computed.hi > D(10)
    c = check_growth(claim("10"), ref("100", comparator="<="), ref("121", year=2017, comparator=">="), years=2)
    assert c.computed.hi is None and c.computed.lo < D(10)
