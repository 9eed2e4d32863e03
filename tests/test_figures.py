"""One way of printing a figure (issue 12): plancheck.figures' cases, and the rules' printing
going through it."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from plancheck import figures
from plancheck.growth import GrowthCheck
from plancheck.intervals import Interval


@pytest.mark.parametrize(("value", "text"), [
    (D("16.6"), "16.6"),  # as printed, never 16.600
    (D("225.0"), "225.0"),  # a written trailing zero is part of the figure
    (D("8000"), "8000"),
    (D("1E+3"), "1000"),  # no exponent
    (D("0.05"), "0.05"),
    (7, "7"),
])
def test_a_stated_figure_is_printed_with_its_written_digits(value, text):
    assert figures.stated(value) == text


@pytest.mark.parametrize(("x", "places", "kw", "text"), [
    (D("18.40449"), 3, {}, "18.404"),
    (D("17.6"), 4, {"whole": True}, "17.6000"),  # a sum in 万个 of figures written to 1 个
    (D("30"), 2, {"whole": True}, "30"),  # a whole number needs no decimals: 30 家
    (D("30"), 2, {}, "30.00"),
    (D("176000"), 4, {"whole": True, "factor": D("1e4")}, "17.6000"),
    (D("26.6666666"), 2, {}, "26.67"),
    (None, 2, {}, "∞"),  # an unbounded end
    (D("1e999"), 2, {}, format(D("1e999"), "f")),  # too long for the context: as it is
])
def test_a_computed_figure_is_printed_to_the_places_asked(x, places, kw, text):
    assert figures.computed(x, places, **kw) == text


def test_the_places_of_a_computed_figure_come_from_its_inputs():
    wan = D("1e4")
    # 14000 个 and 10000 个 summed in 万个: the units digit is the fourth decimal
    assert figures.places_of([(D(14000), D(1)), (D(10000), D(1))], wan, least=2) == 4
    assert figures.places_of([(D("6.5"), wan)], wan) == 1  # 6.5 万件 in 万件
    assert figures.places_of([(D("6.5"), wan)], wan, least=2) == 2  # never fewer than asked
    assert figures.places_of([(D("0.0000001"), D(1))], D("1e8")) == 8  # capped
    assert figures.places_of([], wan) == 0


@pytest.mark.parametrize(("iv", "kw", "text"), [
    (Interval(D("1.25"), D("1.35")), {}, "[1.25, 1.35]"),
    (Interval(D("350"), None, lo_open=True), {}, "(350, ∞)"),  # ∞ for an open end
    (Interval(None, D("5")), {}, "(-∞, 5]"),
    (Interval(D("1.234"), D("5.678"), hi_open=True), {"places": 2}, "[1.23, 5.68)"),
    (Interval(D("350"), None), {"places": 2}, "[350.00, ∞)"),
])
def test_an_interval_is_printed_with_its_open_and_unbounded_ends(iv, kw, text):
    assert figures.interval(iv, **kw) == text


def test_an_interval_end_printer_is_applied_to_finite_ends_only():
    iv = Interval(D("7.63"), None)
    assert figures.interval(iv, lambda x: f"{x}%") == "[7.63%, ∞)"


def test_a_computed_value_with_its_interval():
    iv = Interval(D("1671.1"), D("1671.3"))
    assert figures.approx(D("1671.2333"), iv, 1) == "≈ 1671.2, [1671.1, 1671.3]"
    assert figures.approx(None, iv, 1) == "[1671.1, 1671.3]"  # no point: the interval alone


def test_interval_text_and_fmt_are_the_figures_printing():
    iv = Interval(D("9.4712"), D("10.5049"))
    assert iv.fmt(2) == figures.interval(iv, places=2) == "[9.47, 10.50]"
    assert iv.text() == "[9.4712, 10.5049]"


def test_a_growth_check_prints_its_stated_rate_as_printed_and_computed_to_three_places():
    g = GrowthCheck(measure="cagr", years=5, verdict="inconsistent", stated=Interval(D("16.55"), D("16.65")),
                    computed=Interval(D("18.40449"), D("18.41101")), point=None, start_text="", end_text="",
                    printed="16.6%")
    assert g.stated_text == "16.6%"
    assert g.computed_text == "[18.404%, 18.411%]"


def test_one_end_of_a_range_prints_as_the_range_prints_it():
    from plancheck.realism import bound_figure

    assert figures.fixed(D("23.3612"), 2) == "23.36"
    assert bound_figure(Interval(None, D("23.3612"), hi_open=True)) == "23.36"  # less than 23.36% a year
    assert bound_figure(Interval(D("5.9"), None)) == "5.90"
    assert bound_figure(Interval(D("5.92"), D("9"))) == "[5.92, 9.00]"


def test_a_zero_end_is_never_printed_negative():
    from decimal import Decimal

    from plancheck.figures import fixed

    assert fixed(Decimal("-0.00001"), 4) == "0.0000"
    assert fixed(Decimal("-0"), 2) == "0.00"
    assert fixed(Decimal("-0.5"), 1) == "-0.5"
