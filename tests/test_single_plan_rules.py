"""PC102-PC106 on real sentences of the documents and hand-made variants of them."""

from __future__ import annotations

from plancheck.rules import all_rules
from plancheck.rules.pc102_implied_total import ImpliedTotal
from plancheck.rules.pc103_table_vs_text import TableVsText
from plancheck.rules.pc106_target_realism import TargetRealism
from plancheck.rules.unitchecks import UnitChecks
from plancheck.rules.yearchecks import YearChecks
from plancheck.vocab import span_of_words
from tests.planfactory import fact, run_rule, write_plan

# the year checks (PC104, PC108-PC113) and the unit checks (PC105, PC114-PC116): one concept per rule
YEAR_RULES = [r for r in all_rules() if issubclass(r, YearChecks)]
UNIT_RULES = [r for r in all_rules() if issubclass(r, UnitChecks)]


def run_family(classes, folder):
    return [f for cls in classes for f in run_rule(cls, folder)]

SHARE = "数字经济核心产业增加值占GDP比重从2015年的6.4%上升至2020年的9.2%"
VA = "全市数字经济核心产业增加值从2015年的225.0亿元增加到2020年的506.9亿元"
GOAL = "全市数字经济核心产业增加值达到1350亿元，占GDP比重达到15%"
TABLE_VA = "数字经济核心产业增加值 亿元 506.9 1350"
SMART = "智能终端产业产值超350亿元"
ZJ_RETAIL = "2020年,全省网络零售额达2.3万亿元"


def _jx_share_plan(tmp_path, goal_share="15"):
    facts = [
        fact("va-2015", "core_va", "225.0", 2015, VA), fact("va-2020", "core_va", "506.9", 2020, VA),
        fact("sh-2015", "core_va_share_gdp", "6.4", 2015, SHARE, unit="%"),
        fact("sh-2020", "core_va_share_gdp", "9.2", 2020, SHARE, unit="%"),
        fact("va-2025", "core_va", 1350, 2025, GOAL, role="goal", comparator=">=", year_implied=True),
        fact("sh-2025", "core_va_share_gdp", goal_share, 2025, GOAL, unit="%", role="goal", comparator=">=", year_implied=True),
    ]
    return write_plan(tmp_path, facts=facts).parent


# --- PC102 implied totals
def test_implied_gdp_growth_is_reported_from_real_sentences(tmp_path):
    findings = run_rule(ImpliedTotal, _jx_share_plan(tmp_path))
    assert {f.severity.value for f in findings} == {"info"}
    by_years = {f.values["years"]: f for f in findings}
    assert set(by_years) == {"2015-2020", "2020-2025"}
    f = by_years["2020-2025"]
    # 1350 / 15% = 9000 亿元: targets are exact numbers chosen (issue 12), not widened by ±0.5;
    # 506.9 / 9.2% = 5509.8 亿元, reported values keep their written precision
    assert f.values["implied_2025"] == "9000"
    assert f.values["implied_2020"].startswith("≈ 5509.8, [54")
    assert f.values["basis"] == "targets read as levels"


def test_two_statements_implying_different_totals_are_an_error(tmp_path):
    folder = _jx_share_plan(tmp_path)
    # the same plan states the 2020 GDP itself, far from what the share implies
    path = next(folder.glob("*.yaml"))
    import yaml

    doc = yaml.safe_load(path.read_text("utf-8"))
    path.unlink()
    facts = doc["facts"] + [fact("gdp-2020", "gdp", 6000, 2020, VA)]  # a quote with some number; PC001 not run
    write_plan(folder, facts=[{k: (str(v) if k == "value" else v) for k, v in f.items()} for f in facts])
    errors = [f for f in run_rule(ImpliedTotal, folder) if f.severity.value == "error"]
    assert len(errors) == 1 and "6000" in errors[0].values["stated"]


# --- PC103 table vs text
def test_table_and_text_agree_on_the_real_target(tmp_path):
    facts = [
        fact("va-2025-table", "core_va", 1350, 2025, TABLE_VA, role="target", place="table", comparator=">="),
        fact("va-2025", "core_va", 1350, 2025, GOAL, role="goal", comparator=">=", year_implied=True),
        fact("va-2020-table", "core_va", "506.9", 2020, TABLE_VA, role="baseline", place="table"),
        fact("va-2020", "core_va", "506.9", 2020, VA),
    ]
    assert run_rule(TableVsText, write_plan(tmp_path, facts=facts).parent) == []


def test_lower_bound_is_not_an_equality(tmp_path):
    def plan(table_value):
        folder = tmp_path / table_value
        facts = [
            fact("st-2020", "smart_terminal_output", "350", 2020, SMART, comparator=">", year_implied=True),
            fact("st-2020-table", "smart_terminal_output", table_value, 2020, SMART, role="baseline", place="table"),
        ]
        return write_plan(folder, facts=facts).parent

    assert run_rule(TableVsText, plan("362")) == []  # 362 is above 350
    (f,) = run_rule(TableVsText, plan("340"))  # 340 is not
    assert f.severity.value == "error" and f.values["allowed_b"].startswith("(35000000000")


def test_unit_conversion_before_comparing(tmp_path):
    q = "数字经济领域有效发明专利达6.5万件"
    facts = [fact("p", "de_patents", "6.5", 2020, q, unit="万件", year_implied=True),
             fact("p-table", "de_patents", "65000", 2020, q, unit="件", role="baseline", place="table")]
    assert run_rule(TableVsText, write_plan(tmp_path, facts=facts).parent) == []
    facts[1]["value"] = "6500"
    (f,) = run_rule(TableVsText, write_plan(tmp_path / "b", facts=facts).parent)
    assert f.severity.value == "error"


def test_different_aims_for_the_same_year_disagree(tmp_path):
    facts = [fact("a", "core_va", 1350, 2025, TABLE_VA, role="target", place="table", comparator=">="),
             fact("b", "core_va", 1400, 2025, GOAL, role="goal", comparator=">=", year_implied=True)]
    (f,) = run_rule(TableVsText, write_plan(tmp_path, facts=facts).parent)
    assert f.severity.value == "error"


# --- PC104 years
def test_span_words():
    assert span_of_words("十三五期间") == (2015, 2020, 5)
    assert span_of_words("5年内") == (None, None, 5)
    assert span_of_words("比2015年") == (2015, None, None)
    assert span_of_words("近三年") == (None, None, 3)


def test_data_after_issue_and_baseline_year(tmp_path):
    facts = [fact("late", "core_va", "506.9", 2023, TABLE_VA, role="baseline", place="table"),
             fact("early", "core_va", "506.9", 2018, TABLE_VA, role="baseline", place="table"),
             fact("ok", "core_va", "506.9", 2020, TABLE_VA, role="baseline", place="table")]
    findings = run_family(YEAR_RULES, write_plan(tmp_path, facts=facts).parent)
    # a baseline after the issue date is reported as such (the stronger finding), once; table
    # cells of one role and year are one column: one finding for the column (issue 12)
    assert sorted(f.key for f in findings) == ["test-plan/table/baseline/2018/baseline-year",
                                               "test-plan/table/baseline/2023/after-issue"]


def test_footnoted_baseline_year_is_fine(tmp_path):
    q = "公共数据开放率 % 13* 30"
    notes = [{"mark": "*", "meaning": "data_year", "year": 2019, "text": "带*为2019年数据", "quote": "注：带*为2019年数据。"}]
    facts = [fact("o", "public_data_open_rate", "13", 2020, q, unit="%", role="baseline", place="table", marks=["*"])]
    folder = write_plan(tmp_path, source="zhejiang-de-2021.txt", facts=facts, footnotes=notes).parent
    assert run_family(YEAR_RULES, folder) == []
    # without the mark, a 2019 baseline is unexplained
    facts[0].pop("marks")
    facts[0]["year"] = 2019
    (f,) = run_family(YEAR_RULES, write_plan(tmp_path / "b", source="zhejiang-de-2021.txt", facts=facts, footnotes=notes).parent)
    assert f.key.endswith("baseline-year")


def test_growth_span_must_match_its_wording(tmp_path):
    q = "“十三五”期间，全省数字经济核心产业增加值年均增长15.2%，2020年达7020亿元"
    g = {"id": "g", "indicator": "core_va", "start": {"year": 2016}, "end": {"year": 2020}, "measure": "cagr",
         "rate": "15.2", "span_words": "十三五期间", "quote": q}
    (f,) = run_family(YEAR_RULES, write_plan(tmp_path, source="zhejiang-de-2021.txt", growth=[g]).parent)
    assert f.values.items() >= {"stated": "2016", "expected": "2015", "span": "2016-2020"}.items()
    assert f.message_en == "g: the growth span's start is 2016, but its wording (十三五期间) says 2015"
    g["start"] = {"year": 2015}
    assert run_family(YEAR_RULES, write_plan(tmp_path / "ok", source="zhejiang-de-2021.txt", growth=[g]).parent) == []


def test_period_must_match_cycle(tmp_path):
    folder = write_plan(tmp_path, header={"period": {"start": 2021, "end": 2026, "quote": "期限为2021-2025年"}}).parent
    (f,) = run_family(YEAR_RULES, folder)
    assert f.key.endswith("/period")


# --- PC105 units
def test_wan_yi_slip(tmp_path):
    facts = [fact("r", "online_retail", "2.3", 2020, ZJ_RETAIL, unit="万亿元"),
             fact("r-table", "online_retail", "2.3", 2020, ZJ_RETAIL, unit="亿元", role="baseline", place="table")]
    findings = run_family(UNIT_RULES, write_plan(tmp_path, source="zhejiang-de-2021.txt", facts=facts).parent)
    (f,) = [f for f in findings if f.key.endswith("slip")]
    assert f.values["factor"] == "10000"
    facts[1]["unit"] = "万亿元"
    assert run_family(UNIT_RULES, write_plan(tmp_path / "ok", source="zhejiang-de-2021.txt", facts=facts).parent) == []


def test_dimension_and_percent_bounds(tmp_path):
    q = "公共数据开放率 % 13* 30"
    facts = [fact("a", "public_data_open_rate", "130", 2025, q, unit="%", role="target", place="table"),
             fact("b", "public_data_open_rate", "30", 2025, q, unit="亿元", role="target", place="table")]
    findings = run_family(UNIT_RULES, write_plan(tmp_path, source="zhejiang-de-2021.txt", facts=facts).parent)
    assert sorted(f.key.split("/")[-1] for f in findings) == ["dimension", "percent-range"]


# --- PC106 realism
def test_required_growth_next_to_history(tmp_path):
    facts = [fact("va-2015", "core_va", "225.0", 2015, VA), fact("va-2020", "core_va", "506.9", 2020, VA),
             fact("va-2025", "core_va", 1350, 2025, GOAL, role="goal", comparator=">=", year_implied=True)]
    (f,) = run_rule(TargetRealism, write_plan(tmp_path, facts=facts).parent)
    assert f.severity.value == "info"
    assert f.values["required"].startswith("[21.6")  # (1350/506.9)^(1/5) - 1 = 21.64%
    assert f.values["historical"].startswith("[17.6")


def test_target_below_baseline_unless_maintained(tmp_path):
    q = "规上数字经济核心产业研究与试验发展(R&D)经费支出占增加值比重(% 9.1* 8"
    facts = [fact("b", "core_rd_share_va", "9.1", 2020, q, unit="%", role="baseline", place="table"),
             fact("t", "core_rd_share_va", "8", 2025, q, unit="%", role="target", place="table", comparator=">=")]
    (f,) = run_rule(TargetRealism, write_plan(tmp_path, source="huzhou-de-2021.txt", facts=facts).parent)
    assert f.key.endswith("below-baseline")
    facts.append(fact("m", "core_rd_share_va", "8", 2025, "保持在8%", unit="%", role="goal", comparator="~", kind="maintain",
                      year_implied=True))
    (f,) = run_rule(TargetRealism, write_plan(tmp_path / "m", source="huzhou-de-2021.txt", facts=facts).parent)
    assert f.key.endswith("required")


def test_no_growth_across_a_classification_change(tmp_path):
    q = "规上数字经济核心产业营业收入(亿元) 745.2 800**"
    notes = [{"mark": "**", "meaning": "classification", "text": "口径", "quote": "数字产业化规模2025年指标按"}]
    facts = [fact("b", "core_revenue_above_size", "745.2", 2020, q, role="baseline", place="table"),
             fact("t", "core_revenue_above_size", 800, 2025, q, role="target", place="table", comparator=">=", marks=["**"])]
    (f,) = run_rule(TargetRealism, write_plan(tmp_path, source="huzhou-de-2021.txt", facts=facts, footnotes=notes).parent)
    assert f.key.endswith("not-comparable") and f.severity.value == "warning"


def test_two_shares_of_the_same_total_must_agree(tmp_path):
    # Zhejiang 2020: 数字经济增加值 30218亿元 占GDP 46.8%; 核心产业增加值 7020亿元, table share 10.9%:
    # GDP [64498, 64637] and [64110, 64697] overlap. A share of 11.9% would not.
    q1 = "2020年数字经济增加值达30218亿元、占GDP比重46.8%"
    q2 = "“十三五”期间，全省数字经济核心产业增加值年均增长15.2%，2020年达7020亿元"
    q3 = "数字经济核心产业增加值占 GDP 比重 % 10.9 15"

    def plan(folder, core_share):
        facts = [fact("de", "de_va", 30218, 2020, q1), fact("de-sh", "de_va_share_gdp", "46.8", 2020, q1, unit="%"),
                 fact("core", "core_va", 7020, 2020, q2),
                 fact("core-sh", "core_va_share_gdp", core_share, 2020, q3, unit="%", role="baseline", place="table")]
        return write_plan(folder, source="zhejiang-de-2021.txt", facts=facts).parent

    assert run_rule(ImpliedTotal, plan(tmp_path / "a", "10.9")) == []
    (f,) = run_rule(ImpliedTotal, plan(tmp_path / "b", "11.9"))
    assert f.severity.value == "error" and f.values["year"] == "2020"


# --- PC107 parts and totals; counts are whole numbers
ZJ_SMART = "累计培育智能工厂(数字化车间)263家(个)、未来工厂12家"
ZJ_SMART_ROW = "未来工厂、智能工厂(数字化车间) 家(个) 263 1000"


def _smart(tmp_path, total):
    from plancheck.rules.pc107_parts_sum import PartsSum

    facts = [fact("t", "smart_factories", total, 2020, ZJ_SMART_ROW, unit="家(个)", role="baseline", place="table"),
             fact("sf", "smart_factories_excl_future", 263, 2020, ZJ_SMART, unit="家(个)", kind="cumulative", year_implied=True),
             fact("ff", "future_factories", 12, 2020, ZJ_SMART, unit="家", kind="cumulative", year_implied=True)]
    return run_rule(PartsSum, write_plan(tmp_path, source="zhejiang-de-2021.txt", facts=facts).parent)


def test_parts_must_add_up_to_the_total(tmp_path):
    (f,) = _smart(tmp_path / "a", 263)  # the published table: 263 for both together
    assert f.values["parts_sum"] == "[275, 275]" and f.values["complete"] == "true"
    assert _smart(tmp_path / "b", 275) == []


def test_counts_are_whole_numbers_so_26_is_not_27(tmp_path):
    q = "培育省级智能工厂(数字化车间)26家"
    facts = [fact("a", "smart_factories", 27, 2020, q, unit="家", role="baseline", place="table"),
             fact("b", "smart_factories", 26, 2020, q, unit="家", year_implied=True)]
    (f,) = run_rule(TableVsText, write_plan(tmp_path, source="huzhou-de-2021.txt", facts=facts).parent)
    assert f.values["allowed_a"] == "[27, 27]"


def test_a_share_history_is_in_percentage_points(tmp_path):
    # Jiaxing: core share of GDP 6.4% (2015) -> 9.2% (2020) -> >=15% (2025): both changes in points
    facts = [fact("s15", "core_va_share_gdp", "6.4", 2015, SHARE, unit="%"),
             fact("s20", "core_va_share_gdp", "9.2", 2020, SHARE, unit="%"),
             fact("s25", "core_va_share_gdp", "15", 2025, GOAL, unit="%", role="goal", comparator=">=", year_implied=True)]
    (f,) = run_rule(TargetRealism, write_plan(tmp_path, facts=facts).parent)
    assert f.values["required"] == "[5.75, 5.85] 个百分点"  # the target 15 is exact; 9.2 is [9.15, 9.25]
    assert f.values["historical"] == "[2.70, 2.90] 个百分点 (2015-2020, computed)"
