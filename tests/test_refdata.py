"""Reference data: the built-in regions and catalog, a plan-data repository's own files merged
with them (settings and the conventional `reference/` folder), clashes, and "did you mean"."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from plancheck import refdata, suggest
from plancheck.cli import main
from plancheck.engine import load_corpus
from plancheck.loader import catalog, regions
from plancheck.models.region import Level
from tests.planfactory import PLANS, ROOT, SOURCES, fact, write_plan

JX = "从2015年的225.0亿元增加到2020年的506.9亿元，年均增长17.6%"
DATA = ROOT / "models" / "data"


# -- built-in data


def test_region_registry_covers_every_prefecture_and_county_of_zhejiang():
    reg = regions()
    by_level = {lv: [r for r in reg.regions if r.level == lv] for lv in Level}
    assert [r.code for r in by_level[Level.province]] == ["330000"]
    assert len(by_level[Level.prefecture]) == 11 and len(by_level[Level.county]) == 90
    assert all(r.parent == "330000" for r in by_level[Level.prefecture])
    assert all(reg.get(r.parent).level == Level.prefecture and r.code[:4] == r.parent[:4] for r in by_level[Level.county])
    assert reg.get("330106").name == "西湖区" and reg.get("331127").name == "景宁畲族自治县"
    assert reg.get("330383").name == "龙港市" and reg.get("330383").parent == "330300"
    assert [r.name for r in reg.children("330500")] == ["吴兴区", "南浔区", "德清县", "长兴县", "安吉县"]
    head = (DATA / "regions.yaml").read_text("utf-8")
    assert "modood/Administrative-divisions-of-China" in head and re.search(r"\b[0-9a-f]{40}\b", head)


def test_catalog_is_organised_by_domain_and_keeps_where_entries_came_from():
    files = sorted(p.name for p in DATA.glob("indicators*.yaml"))
    assert "indicators-infrastructure.yaml" in files and "indicators-government-services.yaml" in files
    plan_ids = {p.stem for p in PLANS.glob("*.yaml")}
    assert not [f for f in files if any(pid.split("-")[0] in f for pid in plan_ids)], files  # no file per document
    cat = catalog()
    assert len(cat.indicators) > 100
    seen = [i.first_seen for i in cat.indicators if i.first_seen]
    assert len(seen) >= len(cat.indicators) - 5 and set(seen) <= plan_ids
    assert cat.get("base_stations_5g").first_seen and cat.get("one_net_service_rate").first_seen


# -- a repository's own reference data


def _repo(tmp_path: Path, settings: str = "") -> Path:
    repo = tmp_path / "repo"
    (repo / "plans").mkdir(parents=True)
    (repo / "pyproject.toml").write_text(f"[tool.plancheck]\ncache-dir = \"\"\n{settings}", "utf-8")
    return repo


LOCAL_IND = """indicators:
  - {key: local_core_va, name: 本地核心产业增加值, en: local core value added, dimension: money, measure: value_added, additive: true}
"""
LOCAL_REG = """regions:
  - {code: "320000", name: 江苏省, level: province}
"""


def _local_plan(repo: Path, indicator="local_core_va", **kw) -> Path:
    return write_plan(repo / "plans", "local-de-2021", SOURCES / "jiaxing-de-2021.txt",
                      facts=[fact("va-2015", indicator, "225.0", 2015, JX, **kw)], **({"region": "320000"}))


def _check(repo: Path, monkeypatch, *args) -> tuple[int, dict]:
    monkeypatch.chdir(repo)
    rc = main(["check", "plans", *args, "--output-dir", "out", "--format", "json", "--no-quality", "-q"])
    return rc, json.loads((repo / "out" / "report.json").read_text("utf-8"))


def test_settings_add_catalog_regions_and_floors(tmp_path, monkeypatch):
    repo = _repo(tmp_path, 'catalog = ["ref/ind-*.yaml"]\nregions = "ref/regions.yaml"\nfloors = "ref/floors.yaml"\n')
    (repo / "ref").mkdir()
    (repo / "ref" / "ind-local.yaml").write_text(LOCAL_IND, "utf-8")
    (repo / "ref" / "regions.yaml").write_text(LOCAL_REG, "utf-8")
    (repo / "ref" / "floors.yaml").write_text("floors:\n  - {indicator: local_core_va, reason: a uniform standard}\n", "utf-8")
    _local_plan(repo)
    rc, doc = _check(repo, monkeypatch)
    assert doc["input_errors"] == [] and not [f for f in doc["findings"] if f["rule"] == "PC002"], doc["findings"]
    assert rc == 0
    from plancheck import config

    corpus, errors = load_corpus([repo / "plans"], repo, reference=config.load(repo / "pyproject.toml").reference_data)
    assert not errors and "local_core_va" in corpus.floors and "one_net_service_rate" in corpus.floors
    assert corpus.catalog.get("core_va") is not None and corpus.regions.get("330400") is not None


def test_without_the_settings_the_same_keys_are_unknown(tmp_path, monkeypatch):
    repo = _repo(tmp_path)
    _local_plan(repo)
    rc, doc = _check(repo, monkeypatch)
    msgs = [f["message_en"] for f in doc["findings"] if f["rule"] == "PC002"]
    assert rc == 1 and any("local_core_va" in m for m in msgs) and any("320000" in m for m in msgs)


def test_conventional_reference_folder_beside_the_plans(tmp_path):
    repo = _repo(tmp_path)
    (repo / "plans" / "reference").mkdir()
    (repo / "plans" / "reference" / "indicators-local.yaml").write_text(LOCAL_IND, "utf-8")
    (repo / "plans" / "reference" / "regions-jiangsu.yaml").write_text(LOCAL_REG, "utf-8")
    _local_plan(repo)
    corpus, errors = load_corpus([repo / "plans"], repo)
    assert not errors and corpus.catalog.get("local_core_va").name == "本地核心产业增加值"
    assert corpus.regions.get("320000").name == "江苏省"


def test_a_clash_is_an_input_error_naming_both_files(tmp_path, monkeypatch):
    repo = _repo(tmp_path, 'catalog = "ref/ind.yaml"\n')
    (repo / "ref").mkdir()
    (repo / "ref" / "ind.yaml").write_text(
        "indicators:\n  - {key: core_va, name: 别的东西, en: something else, dimension: count, measure: stock, additive: true}\n", "utf-8")
    write_plan(repo / "plans", "local-de-2021", SOURCES / "jiaxing-de-2021.txt", facts=[fact("va-2015", "core_va", "225.0", 2015, JX)])
    rc, doc = _check(repo, monkeypatch)
    assert rc == 2
    (err,) = doc["input_errors"]
    assert err["file"] == "ref/ind.yaml" and err["line"] == 2
    assert "core_va" in err["message"] and "models/data/indicators-digital-economy.yaml:" in err["message"]
    # the built-in definition is kept and the plan is still checked
    assert doc["summary"]["plans"] == 1 and not [f for f in doc["findings"] if f["rule"] == "PC002"]


def test_identical_duplicates_are_not_a_clash_and_missing_files_are_errors(tmp_path):
    text = (DATA / "regions.yaml").read_text("utf-8")
    copy = tmp_path / "regions.yaml"
    copy.write_text(text, "utf-8")
    ref, errors = refdata.load({"regions": [copy], "catalog": [tmp_path / "nope.yaml"]}, tmp_path)
    assert len(ref.regions.regions) == len(regions().regions)
    assert [e.file for e in errors] == ["nope.yaml"] and "cannot read" in errors[0].message


def test_a_user_totals_file_is_used_by_pc203(tmp_path):
    from plancheck.rules.pc203_ratio_vs_province import find_totals

    f = tmp_path / "totals.yaml"
    f.write_text("totals:\n  - {region: '330000', indicator: gdp, year: 2020, value: 64613, unit: 亿元, source: 统计公报}\n", "utf-8")
    write_plan(tmp_path / "plans", facts=[fact("va-2015", "core_va", "225.0", 2015, JX)])
    corpus, errors = load_corpus([tmp_path / "plans"], tmp_path, reference={"reference": [str(f)]})
    assert not errors and find_totals(corpus, None).get("gdp", "330000", 2020).value == 64613


# -- did you mean


@pytest.mark.parametrize(("kw", "expect"), [
    (dict(indicator="core_value_added"), "did you mean core_va"),
    (dict(indicator="core_va_shares_gdp"), "did you mean core_va_share_gdp"),
    (dict(indicator="TODO", name="数字经济核心产业增加值"), "indicator to be chosen (closest catalog keys: core_va"),
    (dict(indicator="core_va", unit="亿园"), "did you mean 亿元"),
    (dict(indicator="core_va", region="330401"), "330402 (南湖区)"),
])
def test_unknown_keys_get_suggestions(tmp_path, kw, expect):
    from plancheck.rules.pc002_references import References
    from tests.planfactory import run_rule

    kw = dict(kw)
    write_plan(tmp_path, facts=[fact("va-2015", kw.pop("indicator"), "225.0", 2015, JX, **kw)])
    msgs = [f.message_en for f in run_rule(References, tmp_path)]
    assert any(expect in m for m in msgs), msgs


def test_region_suggestion_from_the_title():
    assert suggest.regions(regions(), "339999", "湖州市数字经济发展规划")[0] == "330500"


# -- one plan checked without the rest of the corpus


@pytest.mark.parametrize("plan", sorted(p.name for p in PLANS.glob("*.yaml")))
def test_checking_one_plan_alone_adds_no_warning_or_error(plan, tmp_path):
    out_all, out_one = tmp_path / "all", tmp_path / "one"
    args = ["--no-quality", "--no-cache", "--format", "json", "-q", "--waivers", str(ROOT / "waivers.yaml")]
    main(["check", str(PLANS), "--output-dir", str(out_all), *args])
    rc = main(["check", str(PLANS / plan), "--output-dir", str(out_one), *args])
    full = {f["id"] for f in json.loads((out_all / "report.json").read_text("utf-8"))["findings"]}
    one = json.loads((out_one / "report.json").read_text("utf-8"))
    new = [f for f in one["findings"] if f["id"] not in full and f["severity"] != "info"]
    assert new == [] and rc == 0
    assert not [f for f in one["findings"] if f["rule"] == "PC000"]  # other plans' waivers are not stale


def test_a_reference_total_is_immutable():
    # one RegionalTotals object is shared by every rule of a run (Corpus.totals): no rule may change it
    import pydantic

    from plancheck.rules.pc203_ratio_vs_province import RegionalTotal

    t = RegionalTotal(region="330400", indicator="gdp", year=2020, value="5509.52", unit="亿元", source="2020年嘉兴市统计公报")
    with pytest.raises(pydantic.ValidationError):
        t.value = 1
