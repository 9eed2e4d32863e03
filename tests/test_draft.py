"""`plancheck draft`: a plan file from a document, that loads and passes PC001 as written, with
unsure fields marked for review; `--update` keeps hand-made decisions; and the recall bench's
own comparison."""

from __future__ import annotations

import re
import shutil
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from plancheck import yamlsrc
from plancheck.cli import main
from plancheck.engine import load_corpus
from plancheck.extract.meta import extract_meta
from plancheck.rules.pc001_source_quote import SourceQuote
from plancheck.rules.pc002_references import References
from plancheck.rules.pc003_coverage import Coverage
from tests.planfactory import CORPUS, PLANS, ROOT, SOURCES

sys.path.insert(0, str(ROOT))
from bench.draft_recall import compare  # noqa: E402

OFFICIAL = ("zhejiang-de-2021", "jiaxing-de-2021", "huzhou-de-2021", "jiaxing-ie-2016")


def _draft(tmp_path: Path, pid: str, *extra: str, source: Path | None = None) -> Path:
    folder = tmp_path / "plans"
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    src = folder / "sources" / f"{pid}.txt"
    shutil.copy(source or SOURCES / f"{pid}.txt", src)
    out = folder / f"{pid}.yaml"
    assert main(["draft", str(src), "-o", str(out), *extra]) == 0
    return out


@pytest.mark.parametrize("pid", OFFICIAL)
def test_meta_reads_the_particulars_the_hand_encoding_has(pid):
    hand, _ = yamlsrc.load((PLANS / f"{pid}.yaml").read_text("utf-8"))
    m = extract_meta((SOURCES / f"{pid}.txt").read_text("utf-8"))
    assert m.issuers and [f.value for f in m.issuers] == hand["issuers"]
    assert (m.document_number.value if m.document_number else None) == hand.get("document_number")
    assert m.issued.value == str(hand["issued"]["date"])
    assert [b.value for b in m.bases] == [b["title"] for b in hand.get("bases") or []]
    assert (m.vision_year.value if m.vision_year else None) == hand.get("vision_year")
    if pid != "jiaxing-ie-2016":  # the 2016 opinions state no period: the draft marks it for review
        assert m.title.value == hand["title"] and m.period.value == (hand["period"]["start"], hand["period"]["end"])


@pytest.mark.parametrize("pid", CORPUS)
def test_a_draft_loads_and_passes_source_verification_as_written(tmp_path, pid):
    out = _draft(tmp_path, pid)
    text = out.read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=") and "# REVIEW:" in text
    corpus, errors = load_corpus([out.parent], tmp_path)
    assert errors == [], [str(e) for e in errors]
    (lp,) = corpus.plans
    assert len(lp.plan.facts) >= 15
    problems = [f for f in SourceQuote().check(corpus) if f.severity.value != "info"]
    if pid in OFFICIAL:
        assert problems == [], [f.message_en for f in problems]
    else:  # the re-typed copy prints no issue date and no period: exactly those are to review
        assert sorted(f.message_en.split(":")[0] for f in problems) == ["issued"]
        assert re.search(r"^issued: .*# REVIEW", text, re.M) and re.search(r"^period: .*# REVIEW", text, re.M)
    # coverage lists only figures the draft chose not to encode: never a drafted fact's own figure
    drafted = {(str(f.value), lp.source.find(f.quote)[0]) for f in lp.plan.facts if f.value is not None}
    uncovered = {(f.values["number"], int(f.values["source_line"])) for f in Coverage().check(corpus)
                 if "/unknown-unit-word/" not in f.key}  # (a unit word note names no figure)
    assert not drafted & uncovered


def test_unmatched_indicators_are_placeholders_reported_with_the_closest_keys(tmp_path):
    out = _draft(tmp_path, "huzhou-de-2021", "--region", "330500")
    text = out.read_text("utf-8")
    assert 'indicator: "TODO"  # REVIEW: indicator to be chosen; closest: ' in text
    assert 'region: "330500"\n' in text  # given, so not marked
    corpus, _ = load_corpus([out.parent], tmp_path)
    todo = [f for f in References().check(corpus) if "indicator to be chosen" in f.message_en]
    assert todo and all("closest catalog keys" in f.message_en for f in todo)
    lp = corpus.plans[0]
    matched = {f.indicator for f in lp.plan.facts} - {"TODO"}
    assert {"core_va", "core_patents_per_10k_people"} <= matched
    assert all(corpus.catalog.get(k) is not None for k in matched)


def test_growth_claims_are_linked_to_their_endpoint_facts(tmp_path):
    out = _draft(tmp_path, "jiaxing-de-2021")
    corpus, _ = load_corpus([out.parent], tmp_path)
    p = corpus.plans[0].plan
    g = next(g for g in p.growth if str(g.rate) == "17.6")
    start, end = p.fact(g.start.fact), p.fact(g.end.fact)
    assert (g.measure, g.start.year, g.end.year) == ("cagr", 2015, 2020)
    assert (str(start.value), start.year, str(end.value), end.year) == ("225.0", 2015, "506.9", 2020)


def test_without_o_the_draft_is_printed_and_nothing_is_written(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plans" / "sources").mkdir(parents=True)
    src = tmp_path / "plans" / "sources" / "x.txt"
    shutil.copy(SOURCES / "zhejiang-de-2021.txt", src)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    assert main(["draft", str(src)]) == 0
    assert "id: \"x\"" in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_a_docx_source_is_drafted_from_its_text(tmp_path):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    for line in ["某市数字经济发展“十四五”规划", "规划期限为2021—2025年。",
                 "2020年，全市数字经济核心产业增加值达到120.5亿元。", "到2025年，全市数字经济核心产业增加值达到300亿元。"]:
        d.add_paragraph(line)
    src = tmp_path / "draft.docx"
    d.save(src)
    out = tmp_path / "plans" / "moushi-de-2021.yaml"
    assert main(["draft", str(src), "-o", str(out), "--region", "330100"]) == 0
    assert (tmp_path / "plans" / "sources" / "moushi-de-2021.txt").is_file()
    corpus, errors = load_corpus([out.parent], tmp_path)
    assert errors == [] and [f.message_en for f in SourceQuote().check(corpus) if f.severity.value != "info"] == [
        "issued: the quote does not occur in sources/moushi-de-2021.txt"]
    facts = {(str(f.value), f.year, f.role.value, f.comparator.value) for f in corpus.plans[0].plan.facts}
    assert facts == {("120.5", 2020, "history", "="), ("300", 2025, "goal", ">=")}


def test_update_keeps_hand_decisions_adds_new_figures_and_lists_removed(tmp_path, capsys):
    folder = tmp_path / "plans"
    (folder / "sources").mkdir(parents=True)
    shutil.copy(PLANS / "jiaxing-de-2021.yaml", folder)
    text = (SOURCES / "jiaxing-de-2021.txt").read_text("utf-8").replace("1857.4亿元", "1957.4亿元", 1)
    (folder / "sources" / "jiaxing-de-2021.txt").write_text(text + "\n到2025年，全市工业互联网平台数量达到88个。\n", "utf-8")
    plan = folder / "jiaxing-de-2021.yaml"
    before = plan.read_bytes()
    new = folder / "jiaxing-de-2021.new.yaml"
    assert main(["draft", str(folder / "sources" / "jiaxing-de-2021.txt"), "--update", str(plan), "-o", str(new)]) == 0
    err = capsys.readouterr().err
    assert "removed (its quote no longer matches the source): fact online-retail-2020" in err
    assert "growth online-retail-growth-13th" in err
    assert plan.read_bytes() == before  # -o names another file: the plan is not touched
    hand, _ = yamlsrc.load(before.decode("utf-8"))
    got, _ = yamlsrc.load(new.read_text("utf-8"))
    kept = {f["id"]: f for f in got["facts"]}
    for f in hand["facts"]:
        if f["id"] != "online-retail-2020":
            assert kept[f["id"]] == f  # ids, keys, notes exactly as hand-made
    assert got["bases"] == hand["bases"] and got["title"] == hand["title"]
    assert any(f.get("value") == 88 and f["year"] == 2025 for f in got["facts"])
    assert any(str(f.get("value")) == "1957.4" for f in got["facts"])
    assert "# REVIEW: new in this update" in new.read_text("utf-8")
    shutil.move(new, plan)  # the user accepts the update: it loads against the changed source
    corpus, errors = load_corpus([folder], tmp_path)
    assert errors == [], [str(e) for e in errors]
    assert not [f for f in SourceQuote().check(corpus) if f.severity.value != "info"]


def test_update_on_a_real_changed_text_the_retyped_copy(tmp_path, capsys):
    """A real change of a source text: the hand-encoded Jiaxing plan updated to the re-typed copy
    of the same plan (its years changed to 2023, its notice header and 《》 lost, its pages cut)."""
    folder = tmp_path / "plans"
    (folder / "sources").mkdir(parents=True)
    shutil.copy(PLANS / "jiaxing-de-2021.yaml", folder)
    shutil.copy(SOURCES / "jiaxing-de-2021-copy.txt", folder / "sources" / "jiaxing-de-2021.txt")
    plan, new = folder / "jiaxing-de-2021.yaml", folder / "new.yaml"
    before = plan.read_bytes()
    assert main(["draft", str(folder / "sources" / "jiaxing-de-2021.txt"), "--update", str(plan), "-o", str(new)]) == 0
    err = capsys.readouterr().err
    assert plan.read_bytes() == before
    hand, _ = yamlsrc.load(before.decode("utf-8"))
    got, _ = yamlsrc.load(new.read_text("utf-8"))
    by_id = {f["id"]: f for f in got["facts"]}
    kept = [f for f in hand["facts"] if by_id.get(f["id"]) == f]
    # every hand fact whose quote the copy still has is kept exactly; every other one is listed
    from plancheck.sources import SourceText

    copy = SourceText.read(folder / "sources" / "jiaxing-de-2021.txt")
    assert {f["id"] for f in kept} == {f["id"] for f in hand["facts"] if copy.find(f["quote"])}
    assert len(kept) >= 60
    for f in hand["facts"]:
        if f not in kept:
            assert f"removed (its quote no longer matches the source): fact {f['id']}:" in err
    # the changed year: 2020 -> 2023 in the copy's text, drafted anew and marked
    assert "fact core-va-2020:" in err
    assert any(str(f.get("value")) == "506.9" and f["year"] == 2023 and f["place"] == "text" for f in got["facts"])
    assert "# REVIEW: new in this update" in new.read_text("utf-8")
    # header quotes the copy lost are listed and marked, not silently replaced
    for key in ("issued: 2021年12月31日", "period: 期限为2021-2025年", "bases: 浙江省数字经济促进条例"):
        assert f"removed (its quote no longer matches the source): {key}" in err
    assert "the plan's issued quoted '2021年12月31日', no longer in the source" in new.read_text("utf-8")
    assert got["title"] == hand["title"] and got["region"] == hand["region"]
    shutil.move(new, plan)
    corpus, errors = load_corpus([folder], tmp_path)
    assert errors == [], [str(e) for e in errors]


def test_recall_comparison_of_a_plan_with_itself_is_complete():
    from plancheck.sources import SourceText

    hand, _ = yamlsrc.load((PLANS / "jiaxing-de-2021.yaml").read_text("utf-8"))
    r = compare(hand, hand, SourceText.read(SOURCES / "jiaxing-de-2021.txt"))
    assert (r["fact_recall"], r["growth_recall"], r["extra"]) == (100.0, 100.0, 0)
    shifted = {**hand, "facts": [{**f, "year": f["year"] + 1} for f in hand["facts"]]}
    r = compare(hand, shifted, SourceText.read(SOURCES / "jiaxing-de-2021.txt"))
    assert r["recovered"] == 0 and r["extra"] == len(hand["facts"])


OUTSIDE = ROOT / "tests" / "data" / "yuhuan-bulletin-2019.txt"  # a published bulletin not in the corpus

# the user's own catalog entries for the names the built-in catalog does not know (README step 2)
_LOCAL_CATALOG = """indicators:
  - {key: primary_industry_va, name: 第一产业增加值, en: value added of the primary industry, dimension: money, measure: value_added, additive: true, first_seen: yuhuan-bulletin-2019}
  - {key: secondary_industry_va, name: 第二产业增加值, en: value added of the secondary industry, dimension: money, measure: value_added, additive: true, first_seen: yuhuan-bulletin-2019}
  - {key: tertiary_industry_va, name: 第三产业增加值, en: value added of the tertiary industry, dimension: money, measure: value_added, additive: true, first_seen: yuhuan-bulletin-2019}
  - {key: farm_output, name: 农林牧渔业总产值, en: "gross output of farming, forestry, animal husbandry and fishery", dimension: money, measure: output, additive: true, first_seen: yuhuan-bulletin-2019}
"""
_ITEM = re.compile(r"(?m)^(?=  (?:# REVIEW[^\n]*\n  )?- id: )")


def _fix_review(text: str, chosen: dict[str, str], header: dict[str, str]) -> str:
    """What the README tells a user to do with a draft: set the header fields it could not find,
    give each `indicator: TODO` a catalog key or delete the item, delete the REVIEW comments."""
    for old, new in header.items():
        text = text.replace(old, new)
    head, _, rest = text.partition("\nfacts:\n")
    facts, _, tail = rest.partition("\ngrowth:\n")
    kept, dropped = [], []
    for block in _ITEM.split(facts):
        if 'indicator: "TODO"' in block:
            name = re.search(r'name: "([^"]*)"', block).group(1)
            if name not in chosen:
                dropped.append(re.search(r'- id: "([^"]+)"', block).group(1))
                continue
            block = re.sub(r'indicator: "TODO".*', f'indicator: "{chosen[name]}"', block)
        kept.append(block)
    for fid in dropped:  # a growth claim keeps its year when its endpoint fact is deleted
        tail = tail.replace(f'fact: "{fid}"', "fact: null")
    growth, _, rest = tail.partition("\npriorities:")
    growth = "".join(b for b in _ITEM.split(growth) if 'indicator: "TODO"' not in b)
    text = f"{head}\nfacts:\n{''.join(kept)}\ngrowth:\n{growth}\npriorities:{rest}"
    return re.sub(r"(?m)^\s*# REVIEW:.*\n", "", re.sub(r"  # REVIEW:.*$", "", text, flags=re.M))


def test_workflow_on_a_published_bulletin_not_in_the_corpus(tmp_path, monkeypatch):
    """The README's drafting workflow, step by step, in a fresh plan-data repository, on a real
    published text that has no plan anywhere (tests/data/README.md names its source): draft it,
    the draft loads, fix what it marks for review, list what is not encoded under `omissions`,
    and `plancheck check` passes with no finding at all."""
    import json

    repo = tmp_path / "repo"
    (repo / "plans" / "sources").mkdir(parents=True)
    (repo / "plans" / "reference").mkdir()
    (repo / "pyproject.toml").write_text('[tool.plancheck]\ncache-dir = ""\n', "utf-8")
    shutil.copy(OUTSIDE, repo / "plans" / "sources" / "yuhuan-bulletin-2019.txt")
    monkeypatch.chdir(repo)
    assert main(["draft", "plans/sources/yuhuan-bulletin-2019.txt", "-o", "plans/yuhuan-bulletin-2019.yaml"]) == 0
    plan = repo / "plans" / "yuhuan-bulletin-2019.yaml"
    text = plan.read_text("utf-8")
    # the draft loads as written, with what it read and what it is unsure of
    corpus, errors = load_corpus([repo / "plans"], tmp_path)
    assert errors == [], [str(e) for e in errors]
    (lp,) = corpus.plans
    assert (lp.plan.title, lp.plan.region, lp.plan.cycle.value) == ("玉环市2019年国民经济和社会发展统计公报", "331083", "十三五")
    facts = {(f.name, str(f.value), f.year, f.role.value) for f in lp.plan.facts}
    assert {("生产总值", "617.50", 2019, "history"), ("第一产业增加值", "37.11", 2019, "history"),
            ("农林牧渔业总产值", "69.93", 2019, "history")} <= facts
    assert any(g.indicator == "gdp" and g.rate == Decimal("5.2") and (g.start.year, g.end.year) == (2018, 2019)
               for g in lp.plan.growth)  # 比上年增长5.2%, linked to 617.50亿元
    for marked in ("issuers not found", "issue date not found", "indicator to be chosen", "the year the bulletin reports"):
        assert marked in text, marked
    # 1-2. fix the review marks: header fields from the publication, catalog keys (own catalog)
    (repo / "plans" / "reference" / "indicators-yuhuan.yaml").write_text(_LOCAL_CATALOG, "utf-8")
    chosen = {"第一产业增加值": "primary_industry_va", "第二产业增加值": "secondary_industry_va",
              "第三产业增加值": "tertiary_industry_va", "农林牧渔业总产值": "farm_output"}
    header = {'issuers: ["TODO"]': 'issuers: ["玉环市统计局"]',
              'issued: {date: 1949-01-01, quote: "TODO"}':
              'issued: {date: 2021-05-10, quote: "玉环市2019年国民经济和社会发展统计公报"}'}
    plan.write_text(_fix_review(text, chosen, header), "utf-8")
    # 3. check; the numbers not encoded are listed (PC003): encode them or list them as omissions
    args = ["check", "plans", "--no-quality", "--output-dir", "out", "--format", "json", "-q"]
    assert main(args) == 0
    doc = json.loads((repo / "out" / "report.json").read_text("utf-8"))
    assert doc["input_errors"] == [] and doc["summary"]["plans"] == 1
    assert {f["rule"] for f in doc["findings"]} == {"PC003"}, [f["message_en"] for f in doc["findings"]]
    omitted = sorted({f["evidence"][0]["quote"] for f in doc["findings"]})
    lines = [f'  - {{quote: "{q}", reason: "not kept in this plan: a yearly growth or a sub-item"}}' for q in omitted]
    plan.write_text(plan.read_text("utf-8").replace("omissions: []", "omissions:\n" + "\n".join(lines)), "utf-8")
    assert main(args) == 0
    doc = json.loads((repo / "out" / "report.json").read_text("utf-8"))
    assert doc["input_errors"] == [] and doc["findings"] == [], [f["message_en"] for f in doc["findings"]]


def test_priority_lists_are_drafted_from_tier_sentences_only():
    from plancheck.draft.priorities import priorities

    got = priorities((SOURCES / "jiaxing-de-2021.txt").read_text("utf-8"), "330400")
    hand, _ = yamlsrc.load((PLANS / "jiaxing-de-2021.yaml").read_text("utf-8"))
    want = {(p["tier"], tuple(p["industries"])) for p in hand["priorities"]}
    drafted = {(p["tier"], tuple(p["industries"])) for p in got}
    assert {("优势产业", ("智能终端", "智能光伏", "新一代网络通信")), ("特色产业", ("集成电路", "软件和信息服务业", "数字安防")),
            ("新兴产业", ("柔性电子", "人工智能", "车联网"))} <= drafted & want
    # a count that disagrees with the items, or no 等/count before the tier: no list
    assert priorities("做优做强智能终端、智能光伏四大优势产业。", "330400") == []
    assert priorities("发展数字视听、动漫游戏、电竞产业。", "330400") == []
    assert priorities("谋划布局柔性电子、数字安防等新兴产业。", "330400")[0]["industries"] == ["柔性电子", "数字安防"]


def test_a_heading_run_into_its_paragraph_still_opens_its_section():
    from plancheck.draft.match import section_at, sections_of

    # the unofficial copy of the Jiaxing plan as stored: its headings run into the text
    line = ("制定本规划。期限为20232025年,展望至2035年。一、发展基础“十三五”期间,嘉兴市全面实施数字经济强市战略。"
            "二、总体要求(一)指导思想。坚持以习近平新时代中国特色社会主义思想为指导")
    secs = sections_of(line)
    assert [k for _, _, k in secs] == ["history", "goal"]
    assert section_at(secs, 1, line.find("嘉兴市全面")) == "history"
    assert section_at(secs, 1, line.find("指导思想")) == "goal"
    assert section_at(secs, 1, 0) == "other"
    # a numeral inside a sentence is no heading
    assert sections_of("主要有三方面：一、基础设施薄弱。") == []
    # a task heading that ends on 基础 is not the history section (Huzhou's plan, section 六)
    assert [k for _, _, k in sections_of("一、发展基础与面临形势\n六、用好“新要素”,夯实数字时代发展基础")] == ["history", "other"]
    assert [k for _, _, k in sections_of("八、建设数字基础设施,夯实数字经济发展基石")] == ["other"]  # Zhejiang's plan


def test_a_figure_dated_inside_the_period_in_the_history_section_is_history_marked_for_review(tmp_path):
    text = ("某市数字经济发展“十四五”规划\n期限为2021-2025年。\n一、发展基础\n"
            "2023年，全市工业应用指数为40.42。\n二、发展目标\n到2025年，全市工业应用指数达到50。\n")
    folder = tmp_path / "plans" / "sources"
    folder.mkdir(parents=True)
    (folder / "moushi.txt").write_text(text, "utf-8")
    out = tmp_path / "plans" / "moushi.yaml"
    assert main(["draft", str(folder / "moushi.txt"), "-o", str(out), "--region", "330400"]) == 0
    plan, _ = yamlsrc.load(out.read_text("utf-8"))
    got = {(str(f["value"]), f["year"], f["role"], f["comparator"]) for f in plan["facts"]}
    assert ("40.42", 2023, "history", "=") in got and ("50", 2025, "goal", ">=") in got
    assert "inside the plan's period but stated in the history section" in out.read_text("utf-8")
