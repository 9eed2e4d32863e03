"""plancheck.realism: which facts a requirement is built from, and each of its branches."""

from __future__ import annotations

from decimal import Decimal as D

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
    assert r.required == Interval(D("5.25"), D("6.35"))  # [14.5, 15.5] - [9.15, 9.25]
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
