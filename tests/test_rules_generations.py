"""PC301 (targets vs outcomes), PC302 (same fact, two documents), PC401 (edition diff).

Each rule runs on the real corpus (`plans/`) and on hand-made variants: real plan files copied to
a temporary folder and edited there (text edits, so `225.0` keeps its written precision).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from plancheck.engine import load_corpus
from plancheck.loader import catalog
from plancheck.models import Catalog
from plancheck.rules.context import Corpus
from plancheck.rules.pc301_target_outcome import TargetOutcome, comparable
from plancheck.rules.pc302_same_fact import SameFact
from plancheck.rules.pc303_growth_vs_base import GrowthVsBase
from plancheck.rules.pc401_edition_diff import EditionDiff
from tests.planfactory import PLANS, copy_sources, fact, write_plan

IE, DE, COPY, ZJ = "jiaxing-ie-2016", "jiaxing-de-2021", "jiaxing-de-2021-copy", "zhejiang-de-2021"


# --- helpers: copy real plans, edit them as text
def plan_text(plan_id: str) -> str:
    """A real plan's text; `write` puts the real source texts beside it (a plan may only cite
    files under its own folder)."""
    text = (PLANS / f"{plan_id}.yaml").read_text("utf-8")
    assert len(re.findall(r'file: "?sources/', text)) == 1, f"{plan_id}: expected one source file line"
    return text


def set_field(text: str, item_id: str, field: str, literal: str) -> str:
    """Set `field` of the fact or growth claim `item_id` (block style) to a YAML literal."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if re.match(rf'^\s*- id: "?{re.escape(item_id)}"?\s*$', line))
    indent = " " * (len(lines[start]) - len(lines[start].lstrip()) + 2)
    for i in range(start + 1, len(lines)):
        line = lines[i]
        if not line.startswith(indent):
            break
        m = re.match(rf"^(\s*){field}:", line)
        if m and len(m.group(1)) == len(indent):
            lines[i] = f"{indent}{field}: {literal}"
            return "\n".join(lines)
    lines.insert(start + 1, f"{indent}{field}: {literal}")
    return "\n".join(lines)


def set_top(text: str, field: str, literal: str) -> str:
    text, n = re.subn(rf"^{field}: .*$", f"{field}: {literal}", text, count=1, flags=re.M)
    assert n == 1, field
    return text


def add_facts(text: str, block: str) -> str:
    """Append fact blocks (YAML text, indented as list items of `facts:`) before `growth:`."""
    text, n = re.subn(r"^growth:", block.rstrip("\n") + "\ngrowth:", text, count=1, flags=re.M)
    assert n == 1
    return text


def write(folder: Path, plan_id: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    copy_sources(folder)
    (folder / f"{plan_id}.yaml").write_text(text, "utf-8")


def corpus_of(folder: Path):
    corpus, errors = load_corpus([folder], folder)
    assert not errors, [str(e) for e in errors]
    return corpus


def check(rule_cls, folder: Path, **params):
    return list(rule_cls(params=params or None).check(corpus_of(folder)))


def by_key(findings):
    return {f.key: f for f in findings}


# ===================================================================== PC301 targets vs outcomes
def test_pc301_real_corpus_jiaxing_2016_targets_against_2021_reports(real_corpus):
    rule = TargetOutcome()
    found = by_key(rule.check(real_corpus))
    # 培育5家产值超100亿元以上的互联网经济龙头企业 against 全市数字产业规模超100亿元企业4家: missed
    missed = found[f"{IE}/internet-leading-firms-2020-goal/330400/2020"]
    assert missed.severity.value == "warning"
    assert missed.values["verdict"] == "missed"
    assert missed.values["target_range"] == "[5, ∞)" and missed.values["reported_range"] == "[4, 4]"  # a count of firms is a whole number
    assert missed.plans == [DE, IE]
    assert "internet_leading_firms" in missed.message_en and "scopes differ" in missed.message_en  # catalog scope note
    assert {e.item for e in missed.evidence} == {"internet-leading-firms-2020-goal", "de-firms-over-10bn-2020"}
    # 智能终端及配套产品产值突破400亿元 against 智能终端产业产值超350亿元: cannot be shown
    unknown = found[f"{IE}/smart-terminal-output-2020-goal/330400/2020"]
    # a reviewer must chase it: a warning naming the figure that would settle it (issue 12)
    assert unknown.severity.value == "warning" and unknown.values["verdict"] == "not demonstrated"
    assert "exact 2020 figure for smart_terminal_output" in unknown.values["would_settle"]
    assert unknown.values["target_range"] == "(400, ∞)" and unknown.values["reported_range"] == "(350, ∞)"
    assert "配套产品" in unknown.message_en  # the names differ: the scope note is quoted
    # met targets give no finding ...
    assert f"{IE}/online-retail-2020-goal/330400/2020" not in found
    assert f"{IE}/online-retail-double-2015/330400/2020" not in found
    # ... and are listed in the summary table
    rows = rule.tables(real_corpus)[0]["rows"]
    verdicts = {(r["指标 indicator"], r["目标 target"]): r["结论 verdict"] for r in rows}
    assert verdicts[("online_retail", f"{IE}: >1600 亿元（力争突破）")].endswith("met")
    growth_row = next(r for r in rows if "2倍" in r["目标 target"])
    assert growth_row["结论 verdict"].endswith(" met") and "[2.223x, 2.223x]" in growth_row["报告 reported"]
    # 重点企业机器设备联网率达到35% against 工业设备联网率 55.6%: met through successor_of, scopes noted
    net = next(r for r in rows if r["指标 indicator"] == "equipment_networking_rate_key_firms")
    assert net["结论 verdict"].endswith(" met") and "重点企业" in net["口径 scope"]
    # no target is judged against the unofficial copy or against itself
    for f in found.values():
        assert COPY not in f.plans
        assert all(e.plan != COPY for e in f.evidence)


def _ie_de(tmp_path, de_edits=(), ie_edits=()):
    de, ie = plan_text(DE), plan_text(IE)
    for item, field, lit in de_edits:
        de = set_field(de, item, field, lit) if item else set_top(de, field, lit)
    for item, field, lit in ie_edits:
        ie = set_field(ie, item, field, lit) if item else set_top(ie, field, lit)
    write(tmp_path, DE, de)
    write(tmp_path, IE, ie)
    return tmp_path


def test_pc301_missed_when_the_reported_value_is_below_the_target(tmp_path):
    folder = _ie_de(tmp_path, de_edits=[("online-retail-2020", "value", "1500.0"),
                                        ("online-retail-2020-table", "value", "1500.0")])
    found = by_key(check(TargetOutcome, folder))
    f = found[f"{IE}/online-retail-2020-goal/330400/2020"]
    assert f.severity.value == "warning" and f.values["verdict"] == "missed"
    assert f.values["target_range"] == "(1600, ∞)" and f.values["reported_range"] == "[1499.95, 1500.05]"
    # the doubling from 2015 (835.6) is missed too: 1500 / 835.6 = 1.80
    g = found[f"{IE}/online-retail-double-2015/330400/2020"]
    assert g.values["verdict"] == "missed" and g.values["target_range"] == "[2, ∞)"


def test_pc301_a_lower_bound_as_high_as_the_target_shows_it_met(tmp_path):
    folder = _ie_de(tmp_path, de_edits=[("smart-terminal-output-2020", "value", "400")])
    keys = by_key(check(TargetOutcome, folder))
    assert f"{IE}/smart-terminal-output-2020-goal/330400/2020" not in keys  # 超400 within 突破400: met
    folder = _ie_de(tmp_path, de_edits=[("smart-terminal-output-2020", "value", "300")])
    f = by_key(check(TargetOutcome, folder))[f"{IE}/smart-terminal-output-2020-goal/330400/2020"]
    assert f.values["verdict"] == "not demonstrated"  # 超300 may or may not exceed 400


def test_pc301_only_later_official_documents_report_outcomes(tmp_path):
    # the reporting plan issued before the target's plan: nothing to judge
    folder = _ie_de(tmp_path, de_edits=[(None, "issued", '{date: 2016-01-01, quote: "2021年12月31日"}')])
    # (a target stated as a number and a multiple is compared with any document's base value:
    # that is not an outcome)
    assert [f for f in check(TargetOutcome, folder) if not f.key.endswith("/number-vs-multiple")] == []
    # the reporting plan is an unofficial edition: nothing to judge either
    folder = _ie_de(tmp_path, de_edits=[(None, "edition_of", IE)])
    assert check(TargetOutcome, folder) == []


def test_pc301_finding_id_does_not_change_with_the_value(tmp_path):
    first = by_key(check(TargetOutcome, _ie_de(tmp_path)))
    again = by_key(check(TargetOutcome, _ie_de(tmp_path, de_edits=[("de-firms-over-10bn-2020", "value", "3")])))
    key = f"{IE}/internet-leading-firms-2020-goal/330400/2020"
    assert first[key].id == again[key].id
    assert first[key].values["reported"] != again[key].values["reported"]


def test_pc301_never_matches_output_with_value_added(tmp_path):
    """产值 vs 增加值: even a (wrong) successor_of link across measures is not followed."""
    folder = _ie_de(tmp_path)
    base = corpus_of(folder)
    inds = []
    for i in catalog().indicators:
        if i.key == "core_mfg_va":  # 增加值 claiming to continue 信息产业产值 (产值)
            i = i.model_copy(update={"successor_of": ["info_industry_output"]})
        if i.key == "core_mfg_new_product_output":  # 产值 continuing 产值: followed
            i = i.model_copy(update={"successor_of": ["info_industry_output"]})
        inds.append(i)
    corpus = Corpus(base.plans, Catalog(indicators=inds), base.regions)
    assert corpus.lineage("info_industry_output") == corpus.lineage("core_mfg_va")
    assert not comparable(corpus, "info_industry_output", "core_mfg_va")
    assert comparable(corpus, "info_industry_output", "core_mfg_new_product_output")
    found = by_key(TargetOutcome().check(corpus))
    # 信息产业产值力争突破2000亿元 against 数字经济核心制造业新产品产值达到1376.7亿元 (产值): missed;
    # never against 核心制造业增加值 404.2
    f = found[f"{IE}/info-industry-output-2020-goal/330400/2020"]
    assert f.values["verdict"] == "missed"
    assert {e.item for e in f.evidence} == {"info-industry-output-2020-goal", "core-mfg-new-product-output-2020"}


def test_catalog_successor_links_keep_measure_and_dimension():
    cat = catalog()
    for ind in cat.indicators:
        for old in ind.successor_of:
            prev = cat.get(old)
            assert prev is not None, f"{ind.key}: successor_of unknown key {old}"
            assert (prev.measure, prev.dimension) == (ind.measure, ind.dimension), f"{old} -> {ind.key}"


# ===================================================================== PC302 same fact, two documents
def test_pc302_real_corpus_documents_agree(real_corpus):
    # Jiaxing 2016 `比2015年翻一番` with the 2015 value of the 2021 plan (835.6 x 2 = 1671.2 > 1600)
    # and every value two official documents both report: no disagreement
    assert list(SameFact().check(real_corpus)) == []


def _second_report(tmp_path, edits=(), extra_facts=None, footnotes=None):
    """The official Jiaxing plan and a second official document restating its facts (id jiaxing-report-2022)."""
    other = set_top(plan_text(DE), "id", "jiaxing-report-2022")
    other = set_top(other, "issued", '{date: 2022-03-01, quote: "2021年12月31日"}')
    for item, field, lit in edits:
        other = set_field(other, item, field, lit)
    if extra_facts:
        other = add_facts(other, extra_facts)
    if footnotes:
        other = set_top(other, "footnotes", footnotes)
    write(tmp_path, DE, plan_text(DE))
    write(tmp_path, "jiaxing-report-2022", other)
    return tmp_path


def test_pc302_two_documents_restating_the_same_values_agree(tmp_path):
    assert check(SameFact, _second_report(tmp_path)) == []


def test_pc302_a_different_value_for_the_same_year_is_an_error(tmp_path):
    found = check(SameFact, _second_report(tmp_path, edits=[("online-retail-2015", "value", "935.6")]))
    assert len(found) == 1
    f = found[0]
    assert f.severity.value == "error"
    assert f.key == f"{DE}/online-retail-2015/jiaxing-report-2022/online-retail-2015"
    assert f.values["range_a"] == "[835.55, 835.65]" and f.values["range_b"] == "[935.55, 935.65]"
    assert [e.plan for e in f.evidence] == [DE, "jiaxing-report-2022"]


def test_pc302_converts_units_and_respects_written_precision(tmp_path):
    # 4500 个 stated as 0.45 万个: the same number
    ok = _second_report(tmp_path, edits=[("base-stations-5g-2020-table", "value", "0.45"),
                                         ("base-stations-5g-2020-table", "unit", "万个")])
    assert check(SameFact, ok) == []
    bad = _second_report(tmp_path, edits=[("base-stations-5g-2020-table", "value", "0.46"),
                                          ("base-stations-5g-2020-table", "unit", "万个")])
    [f] = check(SameFact, bad)
    assert "base-stations-5g-2020-table" in f.key and f.values["range_b"] == "[4550, 4650]"


def test_pc302_a_lower_bound_agrees_with_any_value_above_it(tmp_path):
    # 超350 (jiaxing-de-2021) against a plain 362 and a plain 340
    fine = _second_report(tmp_path, edits=[("smart-terminal-output-2020", "value", "362"),
                                           ("smart-terminal-output-2020", "comparator", '"="')])
    assert check(SameFact, fine) == []
    clash = _second_report(tmp_path, edits=[("smart-terminal-output-2020", "value", "340"),
                                            ("smart-terminal-output-2020", "comparator", '"="')])
    [f] = check(SameFact, clash)
    assert f.values["range_a"] == "(350, ∞)"


def test_pc302_a_starred_cell_counts_for_its_footnote_year(tmp_path):
    # 4000 patents for 2020 clashes with the plan's 5000 ...
    clash = _second_report(tmp_path, edits=[("patents-2020-table", "value", "4000")])
    assert [f.key for f in check(SameFact, clash)] == [f"{DE}/patents-2020-table/jiaxing-report-2022/patents-2020-table"]
    # ... but not when its `*` says the figure is 2019 data
    starred = _second_report(
        tmp_path,
        edits=[("patents-2020-table", "value", "4000"), ("patents-2020-table", "marks", '["*"]')],
        footnotes='[{mark: "*", meaning: data_year, year: 2019, text: 带*为2019年数据, quote: "2020年"}]',
    )
    assert check(SameFact, starred) == []


def test_pc302_unofficial_editions_are_left_to_pc401(tmp_path):
    folder = _second_report(tmp_path, edits=[("online-retail-2015", "value", "935.6")])
    other = (folder / "jiaxing-report-2022.yaml").read_text("utf-8")
    (folder / "jiaxing-report-2022.yaml").write_text(set_top(other, "edition_of", DE), "utf-8")
    assert check(SameFact, folder) == []


def test_pc303_doubling_target_against_another_documents_base_value(tmp_path):
    # real: 835.6 x 2 = 1671.2 lies above 1600: consistent
    folder = _ie_de(tmp_path)
    assert check(GrowthVsBase, folder) == []
    # had the 2021 plan said 700.0 for 2015, a doubling would reach 1400, not above 1600
    folder = _ie_de(tmp_path, de_edits=[("online-retail-2015", "value", "700.0")])
    found = by_key(check(GrowthVsBase, folder))
    f = found[f"{IE}/online-retail-double-2015/{DE}/online-retail-2015"]
    assert f.severity.value == "warning"  # a target's two formulations; the base may have been revised
    assert f.values["stated"] == "2x" and f.values["computed"].startswith("[2.286x")
    assert f.plans == [DE, IE]


def test_pc303_history_growth_against_a_start_value_from_another_document(tmp_path):
    # Zhejiang: 十三五期间核心产业增加值年均增长15.2%，2020年达7020亿元; the plan gives no 2015 value.
    write(tmp_path, ZJ, plan_text(ZJ))
    quote = "“十三五”期间，全省数字经济核心产业增加值年均增长15.2%"

    def other(value):
        write_plan(tmp_path, "zj-report", "zhejiang-de-2021.txt", header={"issued": {"date": "2022-01-01", "quote": "2021年6月16日"}},
                   facts=[fact("core-va-2015", "core_va", value, 2015, quote)])
        return check(GrowthVsBase, tmp_path)

    assert other("3462") == []  # 7020 / 1.152^5 = 3462
    [f] = other("4000")  # 4000 -> 7020 is 11.9% a year, not 15.2%
    assert f.severity.value == "error"
    assert f.key == f"{ZJ}/core-va-growth-13th/zj-report/core-va-2015"
    assert f.values["computed"].startswith("[11.")


# ===================================================================== PC401 edition diff
def test_pc401_real_copy_replaces_2020_with_2023_throughout(real_corpus):
    found = list(EditionDiff().check(real_corpus))
    keys = by_key(found)
    # located in the document that carries the difference: the copy first (issue 11)
    assert all(f.plans == [COPY, DE] for f in found)
    # only 2020 -> 2023 is printed (2019 -> 2022 comes from 同比, 2017 -> 2020 from 近三年):
    # one year replaced, not "a shift by +3" (issue 12)
    pattern = keys[f"{COPY}/{DE}/pattern/year-replaced/2020->2023"]
    assert pattern.severity.value == "warning"
    items = pattern.values["items"].split(",")
    assert {"patents-2020-table", "core-va-2020-table", "online-retail-2020", "core-va-growth-13th"} <= set(items)
    assert len(items) >= 30
    assert pattern.values["replacements"].startswith("2020->2023: ")
    # each fact is also its own finding, with both quotes as evidence
    f = keys[f"{COPY}/{DE}/patents-2020-table"]
    assert f.values["year"] == "2020 -> 2023" and f.values["fields"] == "year"
    assert [e.plan for e in f.evidence] == [COPY, DE]
    assert f.evidence[0].quote == "数字经济领域有效发明专利件50008000"
    # the growth claims' end year too
    assert keys[f"{COPY}/{DE}/core-va-growth-13th"].values["end_year"] == "2020 -> 2023"
    # the plan period 期限为20232025年
    assert keys[f"{COPY}/{DE}/period"].values.items() >= {"official": "2021-2025", "copy": "2023-2025"}.items()
    # a mistyped value: 11.98% printed as I198%
    v = keys[f"{COPY}/{DE}/core-mfg-va-share-industry-2015"]
    assert v.values["value"] == "11.98 -> 198"
    # the copy is partial: it ends early, one finding (information) for the absent tail
    ends = keys[f"{COPY}/{DE}/ends-early"]
    assert ends.severity.value == "info" and int(ends.values["count"]) >= 10
    assert not [f for f in found if f.key.endswith("/missing")]
    assert all(f.severity.value == "warning" for f in found if f is not ends)
    # years inferred from 同比 / 近三年 that only follow the printed year are not differences
    assert f"{COPY}/{DE}/core-mfg-rd-spending-growth-3y-first" not in keys
    # a fact the copy states as the official does gives nothing
    assert f"{COPY}/{DE}/patents-2025-table" not in keys


def _editions(tmp_path, copy_text=None):
    write(tmp_path, DE, plan_text(DE))
    write(tmp_path, COPY, copy_text if copy_text is not None else plan_text(COPY))
    return tmp_path


def test_pc401_a_faithful_copy_gives_nothing(tmp_path):
    faithful = set_top(set_top(plan_text(DE), "id", COPY), "edition_of", DE)
    assert check(EditionDiff, _editions(tmp_path, faithful)) == []


def test_pc401_value_unit_comparator_differences(tmp_path):
    text = set_top(set_top(plan_text(DE), "id", COPY), "edition_of", DE)
    text = set_field(text, "patents-2025-table", "value", "9000")
    text = set_field(text, "industrial-robots-2020-table", "value", "1.65")  # 1.652 as 1.65
    text = set_field(text, "base-stations-5g-2020-table", "unit", "万个")
    text = set_field(text, "core-va-2025-table", "comparator", '">"')
    found = by_key(check(EditionDiff, _editions(tmp_path, text)))
    assert found[f"{COPY}/{DE}/patents-2025-table"].values["value"] == "8000 -> 9000"
    assert found[f"{COPY}/{DE}/industrial-robots-2020-table"].values["value"] == "1.652 -> 1.65"
    assert found[f"{COPY}/{DE}/base-stations-5g-2020-table"].values["unit"] == "个 -> 万个"
    assert found[f"{COPY}/{DE}/core-va-2025-table"].values["comparator"] == ">= -> >"
    assert len(found) == 4  # one difference each, no pattern (below pattern_min)


def test_pc401_extra_facts_fallback_and_unmatched(tmp_path):
    text = set_top(set_top(plan_text(DE), "id", COPY), "edition_of", DE)
    # the same table cell under another id: matched by indicator + role + place
    text = re.sub(r'- id: "?patents-2020-table"?\s*$', "- id: patents-base", text, count=1, flags=re.M)
    text = add_facts(text, """  - id: gdp-2020-extra
    indicator: gdp
    name: 地区生产总值
    role: history
    place: text
    year: 2020
    value: 6355.28
    unit: 亿元
    quote: "2020年"
""")
    found = by_key(check(EditionDiff, _editions(tmp_path, text)))
    matched = found[f"{COPY}/{DE}/patents-2020-table~patents-base"]
    assert matched.values["fields"] == "id" and "indicator, role and place" in matched.message_en
    extra = found[f"{COPY}/{DE}/gdp-2020-extra/extra"]
    assert extra.severity.value == "warning"
    assert f"{COPY}/{DE}/patents-2020-table/missing" not in found


def test_pc401_pattern_needs_pattern_min_items(tmp_path):
    real = plan_text(COPY)
    assert any("/pattern/year" in f.key for f in check(EditionDiff, _editions(tmp_path, real)))
    assert not any("/pattern/" in f.key for f in check(EditionDiff, _editions(tmp_path, real), pattern_min=1000))


def test_pc401_finding_ids_survive_an_unrelated_value_edit(tmp_path):
    before = by_key(check(EditionDiff, _editions(tmp_path)))
    text = set_field(plan_text(COPY), "patents-2020-table", "value", "5001")
    after = by_key(check(EditionDiff, _editions(tmp_path, text)))
    key = f"{COPY}/{DE}/patents-2020-table"
    assert before[key].id == after[key].id
    assert after[key].values["fields"] == "value,year"


@pytest.mark.parametrize("rule", [TargetOutcome, SameFact, GrowthVsBase, EditionDiff])
def test_docstrings_follow_the_rule_doc_form(rule):
    doc = rule.doc()
    for part in ("**What it does.**", "**Why is this bad?**", "**Example (fails).**", "**Example (passes).**"):
        assert part in doc
