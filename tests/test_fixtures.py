"""The suite's pinned figures come from its own fixture list (tests.planfactory.CORPUS), so a
user adding a consistent plan to plans/ breaks no test: proved here on a copy of plans/ with an
extra plan that changes the whole folder's figures but not the fixtures'."""

from __future__ import annotations

import shutil
from pathlib import Path

from plancheck.engine import build_rules, load_corpus, run, selected
from plancheck.rules.pc202_additive_sum import AdditiveSum
from plancheck.rules.pc203_ratio_vs_province import RatioVsProvince
from tests.planfactory import CORPUS, PLANS, corpus_files, fact, write_plan

NINGBO = """宁波市数字经济发展“十四五”规划
宁波市人民政府办公厅 2021年12月30日
规划期限为2021—2025年。
2020年，全市累计建成5G基站1.2万个。
到2025年，数字经济核心产业增加值占GDP比重达到16%。
"""


def _with_extra_plan(tmp_path: Path) -> Path:
    folder = tmp_path / "plans"
    shutil.copytree(PLANS, folder)
    src = folder / "sources" / "ningbo-de-2021.txt"
    src.write_text(NINGBO, "utf-8")
    write_plan(folder, "ningbo-de-2021", src, title="宁波市数字经济发展“十四五”规划", header={
        "region": "330200", "issued": {"date": "2021-12-30", "quote": "2021年12月30日"},
        "period": {"start": 2021, "end": 2025, "quote": "规划期限为2021—2025年"}}, facts=[
        fact("base-stations-5g-2020", "base_stations_5g", "1.2", 2020, "2020年，全市累计建成5G基站1.2万个",
             unit="万个", kind="cumulative"),
        fact("core-va-share-gdp-2025", "core_va_share_gdp", "16", 2025, "到2025年，数字经济核心产业增加值占GDP比重达到16%",
             unit="%", role="goal", comparator=">=", qualifier="达到"),
    ])
    (folder / "ningbo-de-2021.yaml").write_text(
        (folder / "ningbo-de-2021.yaml").read_text("utf-8").replace(f"file: {src}", "file: sources/ningbo-de-2021.txt"), "utf-8")
    return folder


def _figures(paths, root):
    corpus, errors = load_corpus(paths, root)
    assert not errors, [str(e) for e in errors]
    five_g = [f for f in AdditiveSum().check(corpus)
              if f.values.get("indicator") == "base_stations_5g" and f.values.get("year") == "2020" and "coverage" in f.values]
    rest = {f.values["year"]: f.values["rest_share"] for f in RatioVsProvince().check(corpus) if "rest_share" in f.values}
    return len(corpus.plans), five_g[0].values["coverage"], rest.get("2025")


def test_an_extra_consistent_plan_in_plans_changes_no_pinned_figure(tmp_path):
    folder = _with_extra_plan(tmp_path)
    # the extra plan is consistent: no error, no input error, when the whole folder is checked
    result = run([folder], build_rules(selected([], ["PC501"]), {}), root=tmp_path)
    assert result.input_errors == [] and not [f for f in result.unwaived() if "ningbo-de-2021" in f.plans]
    # the whole folder's figures move ...
    assert _figures([folder], tmp_path) != (len(CORPUS), "2/11", "15.46%")
    # ... the fixture list's do not: the suite's pinned expectations hold
    assert _figures(corpus_files(folder), tmp_path) == (len(CORPUS), "2/11", "15.46%")
    assert _figures(corpus_files(), PLANS.parent) == (len(CORPUS), "2/11", "15.46%")

