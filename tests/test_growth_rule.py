"""PC101 on the real sentences of the documents, and hand-made variants of them."""

from __future__ import annotations

from plancheck.rules.pc101_growth_rate import GrowthRate
from tests.planfactory import fact, run_rule, write_plan

JX = "从2015年的225.0亿元增加到2020年的506.9亿元，年均增长17.6%"


def _jx(tmp_path, rate="17.6", start="225.0", end="506.9", quote=JX, measure="cagr", **g):
    facts = [
        fact("va-2015", "core_va", start, 2015, quote),
        fact("va-2020", "core_va", end, 2020, quote),
    ]
    growth = [{"id": "va-growth", "indicator": "core_va", "start": {"year": 2015, "fact": "va-2015"},
               "end": {"year": 2020, "fact": "va-2020"}, "measure": measure, "rate": rate, "quote": quote, **g}]
    return write_plan(tmp_path, facts=facts, growth=growth).parent


def test_real_sentence_is_consistent(tmp_path):
    assert run_rule(GrowthRate, _jx(tmp_path)) == []


def test_wrong_rate_is_an_error_with_the_computed_interval(tmp_path, monkeypatch):
    # the same sentence with 18.6%: the source must contain the quote, so quote only the endpoints
    q = "从2015年的225.0亿元增加到2020年的506.9亿元"
    folder = _jx(tmp_path, rate="17.6", quote=JX)
    # rewrite the rate to 18.6 but keep a quote that contains 17.6: PC001 would flag the number,
    # PC101 must flag the arithmetic
    path = next(folder.glob("*.yaml"))
    path.write_text(path.read_text("utf-8").replace("rate: 17.6", "rate: 18.6"), "utf-8")
    findings = run_rule(GrowthRate, folder)
    assert len(findings) == 1
    f = findings[0]
    assert f.severity.value == "error"
    assert f.values["computed"].startswith("[17.63")
    assert f.values["tolerance"] == "[18.550%, 18.650%]"
    assert q in f.evidence[0].quote


def test_consistent_only_thanks_to_rounding_is_info(tmp_path):
    # 225.0 -> 506.9 gives 17.638%; a stated 17.66% misses the printed point but its rounding
    # interval [17.655, 17.665] does not reach the computed [17.631, 17.646]: error.
    # A stated 17.65% (interval [17.645, 17.655]) overlaps the computed one: info.
    folder = _jx(tmp_path)
    path = next(folder.glob("*.yaml"))
    path.write_text(path.read_text("utf-8").replace("rate: 17.6", "rate: 17.65"), "utf-8")
    (f,) = run_rule(GrowthRate, folder)
    assert f.severity.value == "info" and f.values["verdict"] == "rounding"


def test_precision_matters_225_vs_225_0(tmp_path):
    # with 225 (interval [224.5, 225.5]) instead of 225.0 the computed interval widens
    folder = _jx(tmp_path, start="225")
    path = next(folder.glob("*.yaml"))
    path.write_text(path.read_text("utf-8").replace("rate: 17.6", "rate: 17.7"), "utf-8")
    (f,) = run_rule(GrowthRate, folder)
    assert f.values["verdict"] == "rounding"  # [17.56, 17.72] reaches 17.7's [17.65, 17.75]


def test_percentage_points_are_not_percent(tmp_path):
    q = "数字经济核心产业增加值占GDP比重从2015年的6.1%提高到2020年的9.2%"
    from pathlib import Path

    src = (Path(__file__).parent.parent / "plans/sources/jiaxing-de-2021.txt").read_text("utf-8")
    if q not in src.replace(" ", ""):
        import re

        m = re.search(r"占GDP比重从2015年的([\d.]+)%[^\d]*?(\d{4})年的([\d.]+)%", src)
        assert m, "the Jiaxing plan states the core share of GDP for 2015 and 2020"
        q = m.group(0)
        a, y, b = m.group(1), int(m.group(2)), m.group(3)
    else:
        a, y, b = "6.1", 2020, "9.2"
    from decimal import Decimal

    pp = str(Decimal(b) - Decimal(a))
    facts = [fact("s-2015", "core_va_share_gdp", a, 2015, q, unit="%"), fact("s-end", "core_va_share_gdp", b, y, q, unit="%")]
    growth = [{"id": "s-pp", "indicator": "core_va_share_gdp", "start": {"year": 2015, "fact": "s-2015"},
               "end": {"year": y, "fact": "s-end"}, "measure": "pp", "rate": pp, "quote": q}]
    assert run_rule(GrowthRate, write_plan(tmp_path, facts=facts, growth=growth).parent) == []
    # the same change read as percent would be wrong: a pp claim of the percent growth fails
    path = next(tmp_path.glob("*.yaml"))
    pct = str(((Decimal(b) / Decimal(a)) - 1) * 100)[:4]
    path.write_text(path.read_text("utf-8").replace(f"rate: {pp}", f"rate: {pct}"), "utf-8")
    (f,) = run_rule(GrowthRate, tmp_path)
    assert f.severity.value == "error"


def test_doubling_is_a_multiple_of_two(tmp_path):
    q = JX
    facts = [fact("a", "core_va", "225.0", 2015, q), fact("b", "core_va", "506.9", 2020, q)]
    growth = [{"id": "dbl", "indicator": "core_va", "start": {"year": 2015, "fact": "a"}, "end": {"year": 2020, "fact": "b"},
               "measure": "multiple", "rate": 2, "quote": q}]
    (f,) = run_rule(GrowthRate, write_plan(tmp_path, facts=facts, growth=growth).parent)
    assert f.severity.value == "error"  # 506.9 / 225.0 = 2.25, not 2
    assert f.values["computed"].startswith("[2.25")


def test_lower_bound_endpoint_allows_more(tmp_path):
    # an end value stated as 超 (>) cannot contradict a growth that is higher than the printed one
    facts = [fact("a", "core_va", "225.0", 2015, JX), fact("b", "core_va", "506.9", 2020, JX, comparator=">")]
    growth = [{"id": "g", "indicator": "core_va", "start": {"year": 2015, "fact": "a"}, "end": {"year": 2020, "fact": "b"},
               "measure": "cagr", "rate": "17.6", "quote": JX}]
    assert run_rule(GrowthRate, write_plan(tmp_path, facts=facts, growth=growth).parent) == []
    path = next(tmp_path.glob("*.yaml"))
    path.write_text(path.read_text("utf-8").replace("rate: 17.6", "rate: 16.6"), "utf-8")
    (f,) = run_rule(GrowthRate, tmp_path)  # more than 506.9 can only mean faster than 17.63%
    assert f.severity.value == "error"
