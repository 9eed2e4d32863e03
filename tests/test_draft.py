"""`plancheck draft`: a plan file from a document, that loads and passes PC001 as written, with
unsure fields marked for review; `--update` keeps hand-made decisions; and the recall bench's
own comparison."""

from __future__ import annotations

import re
import shutil
import sys
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


def test_recall_comparison_of_a_plan_with_itself_is_complete():
    from plancheck.sources import SourceText

    hand, _ = yamlsrc.load((PLANS / "jiaxing-de-2021.yaml").read_text("utf-8"))
    r = compare(hand, hand, SourceText.read(SOURCES / "jiaxing-de-2021.txt"))
    assert (r["fact_recall"], r["growth_recall"], r["extra"]) == (100.0, 100.0, 0)
    shifted = {**hand, "facts": [{**f, "year": f["year"] + 1} for f in hand["facts"]]}
    r = compare(hand, shifted, SourceText.read(SOURCES / "jiaxing-de-2021.txt"))
    assert r["recovered"] == 0 and r["extra"] == len(hand["facts"])


def test_workflow_draft_fix_review_check(tmp_path, monkeypatch):
    """The README's workflow in a fresh plan-data repository: draft a plan for a published text
    that has no plan there, fix what is marked for review (here: drop the facts whose indicator
    is still to be chosen, keep the rest, delete the comments), and run the check on it."""
    repo = tmp_path / "repo"
    (repo / "plans" / "sources").mkdir(parents=True)
    (repo / "pyproject.toml").write_text('[tool.plancheck]\ncache-dir = ""\n', "utf-8")
    shutil.copy(SOURCES / "zhejiang-de-2021.txt", repo / "plans" / "sources" / "zhejiang-de-2021.txt")
    monkeypatch.chdir(repo)
    assert main(["draft", "plans/sources/zhejiang-de-2021.txt", "-o", "plans/zhejiang-de-2021.yaml"]) == 0
    plan = repo / "plans" / "zhejiang-de-2021.yaml"
    text = plan.read_text("utf-8")
    blocks = re.split(r"(?m)^(?=  (?:# REVIEW[^\n]*\n  )?- id: )", text)
    text = "".join(b for b in blocks if 'indicator: "TODO"' not in b)
    text = re.sub(r"(?m)^\s*# REVIEW:.*\n", "", re.sub(r"  # REVIEW:.*$", "", text, flags=re.M))
    plan.write_text(text, "utf-8")
    rc = main(["check", "plans", "--no-quality", "--output-dir", "out", "--format", "json", "-q"])
    import json

    doc = json.loads((repo / "out" / "report.json").read_text("utf-8"))
    assert doc["input_errors"] == [] and doc["summary"]["plans"] == 1
    assert not [f for f in doc["findings"] if f["severity"] == "error"], [f["message_en"] for f in doc["findings"]]
    assert rc == 0


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
