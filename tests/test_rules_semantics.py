"""Rules, second edition (issue 12 semantics, issue 8 item 8): bounded comparisons in large groups,
severity that follows certainty, each case from a real sentence of the documents."""

from __future__ import annotations

from decimal import Decimal

from plancheck.rules import all_rules
from plancheck.rules.pc103_table_vs_text import TableVsText
from plancheck.rules.unitchecks import UnitChecks
from plancheck.rules.yearchecks import YearChecks
from tests.planfactory import fact, run_rule, write_plan

# the year checks (PC104, PC108-PC113) and the unit checks (PC105, PC114-PC116): one concept per rule
YEAR_RULES = [r for r in all_rules() if issubclass(r, YearChecks)]
UNIT_RULES = [r for r in all_rules() if issubclass(r, UnitChecks)]


def run_family(classes, folder):
    return [f for cls in classes for f in run_rule(cls, folder)]

TABLE_VA = "数字经济核心产业增加值 亿元 506.9 1350"
GOAL = "全市数字经济核心产业增加值达到1350亿元，占GDP比重达到15%"
ZJ_RETAIL = "2020年,全省网络零售额达2.3万亿元"


# --- issue 8 item 8: PC103 and PC105 group, then compare a bounded number of statements
def test_table_vs_text_in_a_large_group_finds_the_one_restatement_that_differs(tmp_path):
    facts = [fact("va-table", "core_va", 1350, 2025, TABLE_VA, role="target", place="table", comparator=">=")]
    facts += [fact(f"va-{i:04d}", "core_va", 1350, 2025, GOAL, role="goal", comparator=">=", year_implied=True)
              for i in range(600)]
    facts.append(fact("va-odd", "core_va", 1400, 2025, GOAL, role="goal", comparator=">=", year_implied=True))
    findings = run_rule(TableVsText, write_plan(tmp_path, facts=facts).parent)
    # the odd one against the table and against the first restatement: not against all 600
    assert sorted(f.key.split("/")[-1] for f in findings) == ["va-0000~va-odd", "va-table~va-odd"]


def test_a_unit_slip_in_a_large_group_is_one_finding_for_the_slipped_figure(tmp_path):
    facts = [fact(f"r-{i:04d}", "online_retail", "2.3", 2020, ZJ_RETAIL, unit="万亿元") for i in range(400)]
    facts.append(fact("r-table", "online_retail", "2.3", 2020, ZJ_RETAIL, unit="亿元", role="baseline", place="table"))
    facts += [fact(f"t-{i}", "online_retail", "2.3", 2021, ZJ_RETAIL, unit="亿元", role="baseline", place="table")
              for i in range(3)]  # a column of three cells that slipped alike, against one figure
    facts.append(fact("t", "online_retail", "2.3", 2021, ZJ_RETAIL, unit="万亿元"))
    findings = [f for f in run_family(UNIT_RULES, write_plan(tmp_path, source="zhejiang-de-2021.txt", facts=facts).parent)
                if f.key.endswith("slip")]
    # one finding per (quantity, slipped figure): the 2020 table cell against 400 restatements,
    # the 2021 text figure (stated once) against three cells
    by_year = {f.values["year"]: f for f in findings}
    assert len(findings) == 2 and set(by_year) == {"2020", "2021"}
    f = by_year["2020"]
    assert [e.item for e in f.evidence] == ["r-0000", "r-table"] and f.values["factor"] == "10000"
    assert f.values["restated_a"] == "399" and f.values["restated_a_ids"].endswith(", … (+389)")
    assert f.values["statements"] == "401" and "401" in f.message_en and "401" in f.message_zh
    g = by_year["2021"]
    assert [e.item for e in g.evidence] == ["t", "t-0"] and g.values["restated_b"] == "2"


# --- PC301: a target stated as a number and as a multiple of a base is two claims
def test_number_and_doubling_are_two_claims_with_both_figures(real_corpus):
    from plancheck.rules.pc301_target_outcome import TargetOutcome

    found = {f.key: f for f in TargetOutcome().check(real_corpus)}
    # 全市网络零售额力争突破1600亿元,比2015年翻一番 against 2015年的835.6亿元: doubling needs 1671.2
    f = found["jiaxing-ie-2016/online-retail-double-2015/number-vs-multiple"]
    assert f.severity.value == "info" and f.values["relation"] == "multiple-stronger"
    assert f.values["required_by_multiple"] == "[1671.1, 1671.3] 亿元" and f.values["number"].startswith(">1600")
    assert "835.6" in f.values["base"]


# --- PC107: parts that may overlap are two readings unless the catalog declares them disjoint
ZJ_SMART = "累计培育智能工厂(数字化车间)263家(个)、未来工厂12家"
ZJ_SMART_ROW = "未来工厂、智能工厂(数字化车间) 家(个) 263 1000"


def _smart_facts(total):
    return [fact("t", "smart_factories", total, 2020, ZJ_SMART_ROW, unit="家(个)", role="baseline", place="table"),
            fact("sf", "smart_factories_excl_future", 263, 2020, ZJ_SMART, unit="家(个)", kind="cumulative",
                 year_implied=True),
            fact("ff", "future_factories", 12, 2020, ZJ_SMART, unit="家", kind="cumulative", year_implied=True)]


def test_parts_that_may_overlap_are_a_warning_with_both_readings(tmp_path):
    from plancheck.rules.pc107_parts_sum import PartsSum

    (f,) = run_rule(PartsSum, write_plan(tmp_path, source="zhejiang-de-2021.txt", facts=_smart_facts(263)).parent)
    assert f.severity.value == "warning" and "overlapping" in f.values["readings"]
    # below the largest part no reading agrees: an error
    (e,) = run_rule(PartsSum, write_plan(tmp_path / "b", source="zhejiang-de-2021.txt", facts=_smart_facts(250)).parent)
    assert e.severity.value == "error"


def test_parts_declared_disjoint_make_the_missing_sum_an_error(tmp_path, monkeypatch):
    import dataclasses

    from plancheck import refdata
    from plancheck.models import Catalog
    from plancheck.rules.pc107_parts_sum import PartsSum

    load = refdata.load

    def disjoint(*args, **kw):
        ref, errors = load(*args, **kw)
        inds = [i.model_copy(update={"parts_disjoint": True}) if i.key == "smart_factories" else i
                for i in ref.catalog.indicators]
        return dataclasses.replace(ref, catalog=Catalog(indicators=inds)), errors

    monkeypatch.setattr(refdata, "load", disjoint)
    (f,) = run_rule(PartsSum, write_plan(tmp_path, source="zhejiang-de-2021.txt", facts=_smart_facts(263)).parent)
    assert f.severity.value == "error" and f.values["parts_disjoint"] == "true"


# --- PC201: a floor binds only the regions below the region whose plan sets it
def test_a_floor_of_one_province_never_applies_to_another_provinces_cities():
    from types import SimpleNamespace

    from plancheck.models import RegionRegistry
    from plancheck.models.region import Region
    from plancheck.rules.pc201_framework_floor import floor_for, floors

    reg = RegionRegistry(regions=[Region(code="330000", name="浙江省", level="province"),
                                  Region(code="320000", name="江苏省", level="province"),
                                  Region(code="320100", name="南京市", level="prefecture", parent="320000")])
    corpus = SimpleNamespace(regions=reg)
    assert floors()["one_net_service_rate"][0].region == "330000"
    assert floor_for(corpus, "one_net_service_rate", "330000") is not None
    assert floor_for(corpus, "one_net_service_rate", "320000") is None  # Jiangsu's plan sets no such floor


# --- PC105: a bound thousands of times away from a stated value is a likely 万/亿 slip
SOFTWARE_ROW = "软件和信息服务业业务收入 亿元 87.03 300"
SOFTWARE = "软件业务收入超80亿元"


def test_a_bound_thousands_of_times_away_is_a_slip_warning(tmp_path):
    def plan(folder, unit):
        facts = [fact("sw-table", "software_revenue", "87.03", 2020, SOFTWARE_ROW, role="baseline", place="table"),
                 fact("sw", "software_revenue", 80, 2020, SOFTWARE, unit=unit, comparator=">", year_implied=True)]
        return write_plan(folder, facts=facts).parent

    assert [f for f in run_family(UNIT_RULES, plan(tmp_path / "ok", "亿元")) if f.key.endswith("slip")] == []
    (f,) = [f for f in run_family(UNIT_RULES, plan(tmp_path / "slip", "万元")) if f.key.endswith("slip")]
    assert f.severity.value == "warning" and f.values["factor"] == "10000" and "bound" in f.values["reading"]


def test_an_exact_wan_yi_slip_is_a_warning_not_an_error(tmp_path):
    facts = [fact("r", "online_retail", "2.3", 2020, ZJ_RETAIL, unit="万亿元"),
             fact("r-table", "online_retail", "2.3", 2020, ZJ_RETAIL, unit="亿元", role="baseline", place="table")]
    (f,) = [f for f in run_family(UNIT_RULES, write_plan(tmp_path, source="zhejiang-de-2021.txt", facts=facts).parent)
            if f.key.endswith("slip")]
    assert f.severity.value == "warning"


# --- PC103: qualifiers are part of a quantity; built x open rate = opened is a link
FIVE_G_ROW = "5G基站数量 个 4500 14000"
FIVE_G = "5G基站累计建成5361个，累计开通率83.94%"


def _five_g(folder, table_value="4500", table_qualifier=None):
    facts = [fact("bs-table", "base_stations_5g", table_value, 2020, FIVE_G_ROW, unit="个", role="baseline",
                  place="table", **({"qualifier": table_qualifier} if table_qualifier else {})),
             fact("bs", "base_stations_5g", 5361, 2020, "5G基站累计建成5361个", unit="个", qualifier="累计建成",
                  kind="cumulative", year_implied=True),
             fact("rate", "base_stations_5g_open_rate", "83.94", 2020, FIVE_G, unit="%", year_implied=True)]
    return write_plan(folder, facts=facts).parent


def test_built_times_open_rate_is_a_link_not_an_error(tmp_path):
    (f,) = run_rule(TableVsText, _five_g(tmp_path / "a"))
    assert f.severity.value == "warning"  # the table's label leaves its qualifier out
    assert f.values["product"].startswith("4500") and f.values["rate"].startswith("83.94")
    (g,) = run_rule(TableVsText, _five_g(tmp_path / "b", table_qualifier="累计开通"))
    assert g.severity.value == "info"  # both name what they count: a link, information only
    (e,) = run_rule(TableVsText, _five_g(tmp_path / "c", table_value="4000"))
    assert e.severity.value == "error"  # no stated rate turns 5361 into 4000


# --- PC103: 保持在X against a table's >= Y must be about Y
HZ_RD_ROW = "规上数字经济核心产业研究与试验发展(R&D)经费支出占增加值比重(% 9.1* 8"


def test_maintain_against_a_one_sided_target_must_be_about_it(tmp_path):
    def plan(folder, kept):
        facts = [fact("t", "core_rd_share_va", "8", 2025, HZ_RD_ROW, unit="%", role="target", place="table",
                      comparator=">="),
                 fact("m", "core_rd_share_va", kept, 2025, f"保持在{kept}%", unit="%", role="goal", comparator="~",
                      kind="maintain", year_implied=True)]
        return write_plan(folder, source="huzhou-de-2021.txt", facts=facts).parent

    assert run_rule(TableVsText, plan(tmp_path / "a", "8")) == []
    (f,) = run_rule(TableVsText, plan(tmp_path / "b", "12"))  # 保持在12% is not a restatement of >= 8
    assert f.severity.value == "warning"


# --- PC104: empty cells have no year; a wrong column header is one finding; implied years warn
def test_a_wrong_column_header_is_one_finding_and_empty_cells_have_no_year(tmp_path):
    row = "数字经济核心产业增加值 亿元 506.9 1350"
    facts = [fact("va", "core_va", "506.9", 2023, row, role="baseline", place="table"),
             fact("pat", "de_patents", 5000, 2023, "数字经济领域有效发明专利 件 5000 8000", unit="件", role="baseline",
                  place="table"),
             fact("mob", "mobile_office_share", None, 2023, "“掌上办公”比例 % / 100", unit="%", role="baseline",
                  place="table"),
             fact("text", "core_va", "506.9", 2023, "全市数字经济核心产业增加值从2015年的225.0亿元增加到2020年的506.9亿元",
                  year_implied=True)]
    findings = {f.key: f for f in run_family(YEAR_RULES, write_plan(tmp_path, facts=facts).parent)}
    col = findings["test-plan/table/baseline/2023/after-issue"]
    assert col.severity.value == "error" and col.values["cells"] == "va, pat"  # not the `/` cell
    assert not any("/mob/" in k for k in findings)
    # a year the text does not print is the encoder's reading: a warning
    assert findings["test-plan/text/after-issue"].severity.value == "warning"


# --- PC401: "a shift by k" only when several different printed years move by k
def test_edition_shift_needs_several_printed_years(tmp_path):
    from plancheck.rules.pc401_edition_diff import EditionDiff
    from tests.test_rules_generations import COPY, DE, _editions, check, plan_text, set_field, set_top

    text = set_top(set_top(plan_text(DE), "id", COPY), "edition_of", DE)
    for item in ("patents-2020-table", "core-va-2020-table", "online-retail-2020"):
        text = set_field(text, item, "year", "2023")
    one = {f.key for f in check(EditionDiff, _editions(tmp_path / "a", text))}
    assert f"{COPY}/{DE}/pattern/year-replaced/2020->2023" in one
    for item in ("core-va-2015", "online-retail-2015"):
        text = set_field(text, item, "year", "2018")
    two = {f.key for f in check(EditionDiff, _editions(tmp_path / "b", text))}
    assert f"{COPY}/{DE}/pattern/year/+3" in two


# --- PC102: only reported values contradict; totals show "≈ X, [lo, hi]" in the part's unit
def test_targets_implying_different_totals_are_information(tmp_path):
    from plancheck.rules.pc102_implied_total import ImpliedTotal

    goal = "全市数字经济核心产业增加值达到1350亿元，占GDP比重达到15%"
    facts = [fact("va", "core_va", 1350, 2025, goal, role="goal", comparator=">=", year_implied=True),
             fact("sh", "core_va_share_gdp", 15, 2025, goal, unit="%", role="goal", comparator=">=", year_implied=True),
             fact("gdp", "gdp", 8000, 2025, goal, role="goal", comparator=">=", year_implied=True)]
    (f,) = run_rule(ImpliedTotal, write_plan(tmp_path, facts=facts).parent)
    assert f.severity.value == "info" and f.values["implied"] == "9000" and f.values["basis"] == "targets read as levels"


# --- issue 11: a finding's id does not change when unrelated plans are added or removed
def test_pc203_ids_do_not_depend_on_the_other_plans_loaded(tmp_path, real_corpus):
    from plancheck.rules.pc203_ratio_vs_province import RatioVsProvince
    from tests.test_rules_generations import plan_text, set_top, write

    before = {f.id for f in RatioVsProvince().check(real_corpus)}
    folder = tmp_path / "plans"
    for pid in ("zhejiang-de-2021", "jiaxing-de-2021", "huzhou-de-2021", "jiaxing-de-2021-copy", "jiaxing-ie-2016"):
        write(folder, pid, plan_text(pid))
    (folder / "reference").mkdir()
    (folder / "reference" / "regional-totals.yaml").write_text(
        (real_corpus.plans[0].path.parent / "reference" / "regional-totals.yaml").read_text("utf-8"), "utf-8")
    # another city's plan (Shaoxing, made from Jiaxing's): the Jiaxing and Huzhou findings keep their ids
    write(folder, "shaoxing-de-2021", set_top(set_top(plan_text("jiaxing-de-2021"), "id", "shaoxing-de-2021"),
                                               "region", '"330600"'))
    from tests.test_rules_generations import corpus_of

    after = {f.id: f for f in RatioVsProvince().check(corpus_of(folder))}
    assert before <= set(after)
    assert any("shaoxing-de-2021" in f.plans for f in after.values())


# --- unknown vocabulary is reported, not skipped
def test_unknown_priority_tiers_and_unit_words_are_reported(real_corpus, tmp_path):
    from plancheck.rules.pc003_coverage import Coverage
    from plancheck.rules.pc205_positioning import Positioning

    found = {f.key: f for f in Positioning().check(real_corpus)}
    f = found["zhejiang-de-2021/unknown-tiers"]  # 专栏6's 产业中心, 核心, 协同 ... name no tier class
    assert f.severity.value == "info" and "产业中心" in f.values["tiers"]
    assert f.values["declare_in"] == "rules/data/industry-aliases.yaml"
    # a unit word the coverage rule does not know: 辆 (vehicles)
    q = "数字经济领域有效发明专利达到8000件"
    facts = [fact("v", "de_patents", 8000, 2025, q, unit="辆", role="goal", comparator=">=", year_implied=True)]
    (u,) = [f for f in run_rule(Coverage, write_plan(tmp_path, facts=facts).parent) if "unknown-unit-word" in f.key]
    assert u.values["word"] == "辆" and "UNIT_AFTER" in u.values["declare_in"]


# --- PC202: which parts a sum may add (rules/links.py parts_of)


def test_the_clause_leading_to_a_figure_holds_its_qualifier():
    from decimal import Decimal

    from plancheck.rules.links import lead

    assert lead("到2025年，全市5G基站累计开通1.4万个", Decimal("1.4")) == "全市5G基站累计开通"
    assert lead("建成5G基站6.3万个，开通5G基站5万个", Decimal("5")) == "开通5G基站"
    assert lead("建成5G基站6.3万个，开通5G基站5万个", Decimal("6.3")) == "建成5G基站"
    assert lead("5G 基站数量 万个 6.3 20", Decimal("6.3")) == ""
    assert lead("开通5G基站五万个", Decimal("5")) == "开通5G基站五万个"  # not printed in digits: the whole quote


def test_parts_of_a_total_by_their_qualifiers(tmp_path):
    from plancheck.engine import load_corpus
    from plancheck.rules.links import parts_of
    from plancheck.rules.pc201_framework_floor import pick

    facts = [fact("top", "base_stations_5g", "1.4", 2025, "到2025年，全市5G基站累计开通1.4万个", unit="万个", role="goal"),
             fact("a", "base_stations_5g", 3000, 2025, "全市累计开通5G基站3000个", unit="个", role="goal"),
             fact("b", "base_stations_5g", 9000, 2025, "累计建成5G基站9000个", unit="个", role="goal"),
             fact("c", "base_stations_5g", 2000, 2025, "5G基站数量2000个", unit="个", role="goal"),
             fact("c2", "base_stations_5g", 2100, 2025, "累计开通5G基站2100个", unit="个", role="goal")]
    folder = write_plan(tmp_path, facts=facts).parent
    corpus, errors = load_corpus([folder], folder)
    assert not errors, [str(e) for e in errors]
    r = {f.id: corpus.fact(corpus.plans[0].plan.id, f.id) for f in corpus.plans[0].plan.facts}
    parts = parts_of(r["top"], {"A": [r["a"]], "B": [r["b"]], "C": [r["c"], r["c2"]]}, pick)
    assert {k: v.fact.id for k, v in parts.kept.items()} == {"A": "a", "C": "c2"}  # the same words win
    assert {k: v.fact.id for k, v in parts.apart.items()} == {"B": "b"} and parts.unsure == {}
    bare = parts_of(r["c"], {"A": [r["a"]], "B": [r["b"]]}, pick)  # 开通 and 建成 under a bare label
    assert bare.kept == {} and sorted(bare.apart) == ["A", "B"]
    one = parts_of(r["c"], {"A": [r["a"]], "C": [r["c"]]}, pick)
    assert sorted(one.kept) == ["A", "C"] and one.unsure == {"A": ("state", "flow")}


def test_slip_pairs_pair_each_statement_of_either_figure_with_the_other_figure_once():
    # the scan rule's reading (PC610): 2.3万亿元 stated twice, 2.3亿元 stated twice -> each
    # statement of the bigger figure against the smaller's first, the smaller's others against
    # the bigger's first; no pair twice
    from types import SimpleNamespace as NS

    from plancheck.intervals import Interval
    from plancheck.rules.unitchecks import _slip_pairs

    class Ref:
        lp = NS(plan=NS(edition_of=None))

        def __init__(self, name, value, factor):
            self.name, self.fact = name, NS(value=Decimal(value), comparator=None)
            self.iv = Interval.written(Decimal(value)).scale(Decimal(factor))

        def base_interval(self):
            return self.iv

    refs = [Ref("big1", "2.3", 10**12), Ref("small1", "2.3", 10**8), Ref("big2", "2.3", 10**12),
            Ref("small2", "2.3", 10**8)]
    got = [(b.name, s.name, format(k, "f")) for b, s, _, k, _ in _slip_pairs(refs)]
    assert got == [("big1", "small1", "10000"), ("big2", "small1", "10000"), ("big1", "small2", "10000")]
