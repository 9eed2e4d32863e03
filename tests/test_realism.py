"""plancheck.realism: which facts a requirement is built from, and each of its branches."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from plancheck.engine import load_corpus
from plancheck.intervals import Interval
from plancheck.realism import History, history, midpoint, requirement
from tests.planfactory import fact, write_plan

VA = "全市数字经济核心产业增加值从2015年的225.0亿元增加到2020年的506.9亿元"
GOAL = "全市数字经济核心产业增加值达到1350亿元，占GDP比重达到15%"
TABLE_VA = "数字经济核心产业增加值 亿元 506.9 1350"
SHARE = "数字经济核心产业增加值占GDP比重从2015年的6.4%上升至2020年的9.2%"
GROWTH = "从2015年的225.0亿元增加到2020年的506.9亿元，年均增长17.6%"


def _load(tmp_path, facts, growth=(), **kw):
    folder = write_plan(tmp_path, facts=facts, growth=growth, **kw).parent
    corpus, errors = load_corpus([folder], folder)
    assert not errors, [str(e) for e in errors]
    return corpus, corpus.plans[0]


def _va(**kw):
    return [fact("va-2015", "core_va", "225.0", 2015, VA), fact("va-2020", "core_va", "506.9", 2020, VA),
            fact("va-2025", "core_va", 1350, 2025, GOAL, role="goal", comparator=">=", year_implied=True, **kw)]


def test_requirement_from_the_latest_actual_to_the_latest_aim(tmp_path):
    corpus, lp = _load(tmp_path, _va())
    r = requirement(corpus, lp, "core_va")
    assert r.years == (2020, 2025) and r.comparable and not r.ratio and not r.below and not r.held
    assert r.base.fact.id == "va-2020" and r.target.fact.id == "va-2025"
    assert D("21.6") < r.required.lo < r.required.hi < D("21.7")  # (1350/506.9)^(1/5) - 1
    assert r.unit_text() == "%/年"
    h = r.history
    assert h.refs[0].fact.id == "va-2015" and h.refs[1].fact.id == "va-2020" and (h.start, h.end) == (2015, 2020)
    assert D("17.63") < h.rate.lo < h.rate.hi < D("17.65") and not h.pp and h.claim is None
    assert h.text().endswith("%/年 (2015-2020, computed)")
    assert history(corpus, lp, "core_va") == h
    assert 21.6 < midpoint(r.required) < 21.7


def test_the_table_wins_over_the_text_for_the_same_year(tmp_path):
    facts = _va() + [
        fact("va-2020-t", "core_va", "506.9", 2020, TABLE_VA, role="baseline", place="table"),
        fact("va-2025-t", "core_va", 1350, 2025, TABLE_VA, role="target", place="table", comparator=">="),
    ]
    corpus, lp = _load(tmp_path, facts)
    r = requirement(corpus, lp, "core_va")
    assert r.base.fact.id == "va-2020-t" and r.target.fact.id == "va-2025-t"


def test_a_stated_growth_is_the_history(tmp_path):
    growth = [{"id": "g", "indicator": "core_va", "start": {"year": 2015, "fact": "va-2015"},
               "end": {"year": 2020, "fact": "va-2020"}, "measure": "cagr", "rate": "17.6", "quote": GROWTH}]
    corpus, lp = _load(tmp_path, _va(), growth)
    h = requirement(corpus, lp, "core_va").history
    assert h.claim is not None and h.rate == Interval(D("17.55"), D("17.65"))
    assert h.text() == "17.6%/年 (2015-2020, stated)"


def test_a_share_needs_points_not_percent(tmp_path):
    facts = [fact("s15", "core_va_share_gdp", "6.4", 2015, SHARE, unit="%"),
             fact("s20", "core_va_share_gdp", "9.2", 2020, SHARE, unit="%"),
             fact("s25", "core_va_share_gdp", 15, 2025, GOAL, unit="%", role="goal", comparator=">=", year_implied=True)]
    corpus, lp = _load(tmp_path, facts)
    r = requirement(corpus, lp, "core_va_share_gdp")
    assert r.ratio and r.unit_text() == "个百分点"
    assert r.required == Interval(D("5.75"), D("5.85"))  # the target 15 is exact (issue 12) - [9.15, 9.25]
    assert r.history.pp and r.history.rate == Interval(D("2.7"), D("2.9"))
    assert r.history.text() == "[2.70, 2.90] 个百分点 (2015-2020, computed)"


def test_a_target_below_its_baseline(tmp_path):
    facts = _va()[:2] + [fact("low", "core_va", 500, 2025, GOAL.replace("1350", "500"), role="goal",
                              comparator=">=", year_implied=True)]
    corpus, lp = _load(tmp_path, [dict(f, quote=VA) if f["id"] == "low" else f for f in facts])
    assert requirement(corpus, lp, "core_va").below
    # just above the baseline's interval is not below
    facts[2] = fact("low", "core_va", "507.0", 2025, VA, role="goal", comparator=">=", year_implied=True)
    corpus, lp = _load(tmp_path / "b", facts)
    assert not requirement(corpus, lp, "core_va").below


def test_a_held_level(tmp_path):
    facts = _va()[:2] + [fact("keep", "core_va", 1350, 2025, GOAL, role="goal", comparator="~", year_implied=True)]
    corpus, lp = _load(tmp_path, facts)
    assert requirement(corpus, lp, "core_va").held


def test_no_requirement_without_both_ends(tmp_path):
    corpus, lp = _load(tmp_path, _va()[:2])
    assert requirement(corpus, lp, "core_va") is None  # no aim
    assert requirement(corpus, lp, "no_such_indicator") is None
    corpus, lp = _load(tmp_path / "b", _va()[2:])
    assert requirement(corpus, lp, "core_va") is None  # no actual value
    assert history(corpus, lp, "core_va") is None
    # an aim for the base year itself is no requirement
    facts = _va()[:2] + [fact("same", "core_va", 600, 2020, VA, role="goal", comparator=">=", year_implied=True)]
    corpus, lp = _load(tmp_path / "c", facts)
    assert requirement(corpus, lp, "core_va") is None
    # another region's facts are not the plan's own
    corpus, lp = _load(tmp_path / "d", _va())
    assert requirement(corpus, lp, "core_va", region="330500") is None


def test_incompatible_units_give_no_requirement(tmp_path):
    facts = _va()[:2] + [fact("t", "core_va", 1350, 2025, GOAL, unit="件", role="goal", comparator=">=", year_implied=True)]
    corpus, lp = _load(tmp_path, facts)
    assert requirement(corpus, lp, "core_va") is None


def test_no_history_from_one_year(tmp_path):
    corpus, lp = _load(tmp_path, _va()[1:])
    r = requirement(corpus, lp, "core_va")
    assert r is not None and r.history is None


def test_history_text_of_a_computed_rate():
    h = History(Interval(D("17.631"), D("17.646")), 2015, 2020)
    assert h.text() == "[17.63, 17.65] %/年 (2015-2020, computed)"


def _with_better(corpus, key, better):
    ind = corpus.indicator(key).model_copy(update={"better": better})
    corpus.indicator = lambda k: ind if k == key else None
    return corpus


def test_below_the_baseline_depends_on_which_way_is_better(tmp_path):
    from plancheck.models.catalog import Better

    facts = _va()[:2] + [fact("t", "core_va", 400, 2025, VA, role="goal", comparator=">=", year_implied=True)]
    corpus, lp = _load(tmp_path, facts)
    assert requirement(_with_better(corpus, "core_va", Better.higher), lp, "core_va").below
    corpus, lp = _load(tmp_path / "b", facts)
    assert not requirement(_with_better(corpus, "core_va", Better.lower), lp, "core_va").below
    corpus, lp = _load(tmp_path / "c", facts)
    assert not requirement(_with_better(corpus, "core_va", Better.neither), lp, "core_va").below
    up = _va()[:2] + [fact("t", "core_va", 600, 2025, VA, role="goal", comparator=">=", year_implied=True)]
    corpus, lp = _load(tmp_path / "d", up)
    assert requirement(_with_better(corpus, "core_va", Better.lower), lp, "core_va").below  # rising, lower is better
    corpus, lp = _load(tmp_path / "e", up)
    assert not requirement(_with_better(corpus, "core_va", Better.neither), lp, "core_va").below


def test_classification_changes_on_both_ends(tmp_path):
    notes = [{"mark": "**", "meaning": "classification", "text": "口径", "quote": "数字经济核心产业增加值"},
             {"mark": "*", "meaning": "classification", "text": "口径", "quote": "数字经济核心产业增加值"}]
    same = _va(marks=["**"])
    same[1] = dict(same[1], marks=["**"])
    corpus, lp = _load(tmp_path, same, footnotes=notes)
    assert requirement(corpus, lp, "core_va").comparable  # the same classification on both ends
    other = _va(marks=["**"])
    other[1] = dict(other[1], marks=["*"])
    corpus, lp = _load(tmp_path / "b", other, footnotes=notes)
    assert not requirement(corpus, lp, "core_va").comparable  # two different changes


def test_only_a_stated_cagr_of_the_indicator_is_its_history(tmp_path):
    total = [{"id": "g", "indicator": "core_va", "start": {"year": 2015, "fact": "va-2015"},
              "end": {"year": 2020, "fact": "va-2020"}, "measure": "total", "rate": "125.3", "quote": VA}]
    corpus, lp = _load(tmp_path, _va(), total)
    assert requirement(corpus, lp, "core_va").history.claim is None


def test_no_computed_history_from_zero(tmp_path):
    facts = [fact("z", "core_va", 0, 2015, VA.replace("225.0", "0")), fact("va-2020", "core_va", "506.9", 2020, VA)]
    corpus, lp = _load(tmp_path, [dict(f, quote=VA) for f in facts], )
    assert history(corpus, lp, "core_va") is None


def test_the_base_is_of_the_targets_kind(tmp_path):
    facts = _va()[:2] + [
        fact("cum-2019", "core_va", 900, 2019, VA, kind="cumulative", since=2016),
        fact("cum-2025", "core_va", 3000, 2025, GOAL, role="goal", comparator=">=", kind="cumulative", since=2021,
             year_implied=True)]
    corpus, lp = _load(tmp_path, facts)
    r = requirement(corpus, lp, "core_va")
    assert r.target.fact.id == "cum-2025" and r.base.fact.id == "cum-2019"


def test_below_the_baseline_at_the_boundary(tmp_path):
    from plancheck.models.catalog import Better

    # a target is exact (issue 12): 506.85 touches the baseline 506.9's [506.85, 506.95], not below
    touch = _va()[:2] + [fact("t", "core_va", "506.85", 2025, VA, role="goal", comparator=">=", year_implied=True)]
    corpus, lp = _load(tmp_path, touch)
    assert not requirement(corpus, lp, "core_va").below
    up = _va()[:2] + [fact("t", "core_va", "506.95", 2025, VA, role="goal", comparator=">=", year_implied=True)]
    corpus, lp = _load(tmp_path / "b", up)
    assert not requirement(_with_better(corpus, "core_va", Better.lower), lp, "core_va").below


def _yuan(value, year, **kw):
    return fact(f"y{year}{kw.get('role', '')}", "core_va", value, year, VA, unit="元", **kw)


def test_growth_needs_a_positive_base(tmp_path):
    aim = dict(role="goal", comparator=">=", year_implied=True)
    corpus, lp = _load(tmp_path, [_yuan(0, 2020), _yuan(100, 2025, **aim)])
    assert requirement(corpus, lp, "core_va") is None  # 0 元 allows [-0.5, 0.5]
    corpus, lp = _load(tmp_path / "b", [_yuan("0.8", 2020), _yuan(100, 2025, **aim)])
    assert requirement(corpus, lp, "core_va").required.lo > 100
    corpus, lp = _load(tmp_path / "c", [_yuan(0, 2015), _yuan("0.8", 2020)])
    assert history(corpus, lp, "core_va") is None
    corpus, lp = _load(tmp_path / "d", [_yuan("0.8", 2015), _yuan("1.6", 2020)])
    assert history(corpus, lp, "core_va") is not None


def test_no_history_within_one_year(tmp_path):
    facts = [fact("a", "core_va", "506.9", 2020, VA), fact("b", "core_va", "506.9", 2020, TABLE_VA, role="baseline",
                                                           place="table")]
    corpus, lp = _load(tmp_path, facts)
    assert history(corpus, lp, "core_va") is None


def test_the_history_of_a_share_is_in_points(tmp_path):
    facts = [fact("s15", "core_va_share_gdp", "6.4", 2015, SHARE, unit="%"),
             fact("s20", "core_va_share_gdp", "9.2", 2020, SHARE, unit="%")]
    corpus, lp = _load(tmp_path, facts)
    assert history(corpus, lp, "core_va_share_gdp").pp


def test_a_classification_change_is_not_below(tmp_path):
    notes = [{"mark": "**", "meaning": "classification", "text": "口径", "quote": "数字经济核心产业增加值"}]
    facts = _va()[:2] + [fact("t", "core_va", 400, 2025, VA, role="goal", comparator=">=", year_implied=True,
                              marks=["**"])]
    corpus, lp = _load(tmp_path, facts, footnotes=notes)
    r = requirement(corpus, lp, "core_va")
    assert not r.comparable and not r.below and r.required is None


# -- one number model: bounds stay one-sided, counts are whole (issue 12)

TERMINAL = "智能终端产业产值超350亿元"
TERMINAL_GOAL = "到2025年，力争实现智能终端产值1000亿元"


def _terminal(tmp_path, base_comparator, base_value="350"):
    facts = [fact("b", "smart_terminal_output", base_value, 2020, TERMINAL, comparator=base_comparator),
             fact("t", "smart_terminal_output", 1000, 2025, TERMINAL_GOAL, role="goal", comparator=">=")]
    return _load(tmp_path, facts)


@pytest.mark.parametrize(("comparator", "side", "figure"), [
    (">", "less-than", "23.36 %/年"),  # 超350: the base is above 350, the growth needed below 23.36
    (">=", "at-most", "23.36 %/年"),  # 350以上 includes 350
    ("<", "more-than", "23.36 %/年"),
    ("<=", "at-least", "23.36 %/年"),
    ("=", "range", "[23.33, 23.40] %/年"),  # a reported 350 stands for [349.5, 350.5]
])
def test_a_requirement_on_a_bound_is_one_sided(tmp_path, comparator, side, figure):
    corpus, lp = _terminal(tmp_path, comparator)
    r = requirement(corpus, lp, "smart_terminal_output")
    assert (r.side, r.figure()) == (side, figure)
    assert not r.below


def test_below_needs_the_baseline_end_the_target_is_compared_with(tmp_path):
    corpus, lp = _terminal(tmp_path, "<=", base_value="1200")  # at most 1200: may be above or below 1000
    assert not requirement(corpus, lp, "smart_terminal_output").below
    corpus, lp = _terminal(tmp_path / "b", ">", base_value="1200")  # more than 1200 > 1000
    assert requirement(corpus, lp, "smart_terminal_output").below


def test_a_strict_count_target_is_met_at_the_next_whole_unit(tmp_path):
    from plancheck.realism import target_level

    base = fact("b", "base_stations_5g", 4028, 2020, "建成5G基站4028个", unit="个")
    for comparator, level in ((">", 10001), (">=", 10000), ("=", 10000), ("<", 9999), ("<=", 10000)):
        goal = fact("t", "base_stations_5g", 10000, 2025, "到2025年,5G基站数量突破10000个", unit="个", role="goal",
                    comparator=comparator)
        corpus, lp = _load(tmp_path / comparator.replace(">", "g").replace("<", "l").replace("=", "e"), [base, goal])
        t = corpus.fact(lp.plan.id, "t")
        assert target_level(t) == Interval(D(level), D(level)), comparator
    # an amount has no next unit: 超1000亿元 names 1000亿元
    goal = fact("t", "smart_terminal_output", 1000, 2025, TERMINAL_GOAL, role="goal", comparator=">")
    corpus, lp = _load(tmp_path / "money", [fact("b", "smart_terminal_output", 350, 2020, TERMINAL), goal])
    assert target_level(corpus.fact(lp.plan.id, "t")) == Interval(D("1000e8"), D("1000e8"))


def test_a_count_baseline_is_its_whole_number(tmp_path):
    facts = [fact("b", "de_listed_firms", 13, 2020, "上市企业13家", unit="家"),
             fact("t", "de_listed_firms", 30, 2025, "上市公司30家", unit="家", role="goal", comparator=">=")]
    corpus, lp = _load(tmp_path, facts)
    r = requirement(corpus, lp, "de_listed_firms")
    assert r.required.point is None and D("18.20") < r.required.lo < r.required.hi < D("18.21")


def test_an_approximate_target_makes_the_requirement_approximate(tmp_path):
    facts = _va()[:2] + [fact("keep", "core_va", 1350, 2025, GOAL, role="goal", comparator="~", year_implied=True)]
    corpus, lp = _load(tmp_path, facts)
    r = requirement(corpus, lp, "core_va")
    assert r.required.approx and r.side == "range"


def test_bound_text_and_midpoint_of_one_sided_ranges():
    from plancheck.realism import bound_text

    assert bound_text(Interval(None, D("23.364"), hi_open=True)) == "<23.36"
    assert bound_text(Interval(D("4.1"), None)) == ">=4.10"
    assert bound_text(Interval(D("1"), D("2"), approx=True)) == "~[1.00, 2.00]"
    assert History(Interval(None, D("2.849"), hi_open=True), 2020, 2023).text() == "<2.85 %/年 (2020-2023, computed)"
    assert midpoint(Interval(None, D("23.5"))) == 23.5 and midpoint(Interval(D("-2"), None)) == -2.0
    with pytest.raises(ArithmeticError):
        midpoint(Interval(None, None))


def test_a_range_open_on_both_sides_says_so():
    from plancheck.realism import bound_figure, bound_text, side_of

    whole = Interval(None, None)
    assert side_of(whole) == "unbounded" and bound_figure(whole) == "(-∞, ∞)" and bound_text(whole) == "(-∞, ∞)"
    assert bound_figure(Interval(D("1.005"), D("2"))) == "[1.00, 2.00]" and bound_figure(Interval(None, D("2.349"))) == "2.35"
