"""`plancheck scan` on real text: the five published documents, fixtures from real published
sentences of statistical bulletins (sources cited in tests/test_extract.py), and generated
.docx, .pdf and .html files.

Further sources: NBS 2021 cities (http://cn.theorychina.org.cn/c/2022-11-22/1458752.shtml);
Dezhou Q1 bulletin (http://dztj.dezhou.gov.cn/n3100530/n15894766/c16514459/content.html).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from plancheck.cli import main

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "plans" / "sources"

# real published sentences, each consistent as published
CONSISTENT = {
    "yuhuan-2019.txt": "玉环市2019年国民经济和社会发展统计公报\n经济运行总体平稳。据初步测算，全市实现生产总值617.50亿元，按可比价格计算，比上年增长5.2%。其中，第一产业增加值37.11亿元，增长2.6%；第二产业增加值339.85亿元，增长4.5%；第三产业增加值240.54亿元，增长6.7%。三次产业结构比例为6.01:55.04:38.95。\n",
    "city-bulletin.txt": "年末全市户籍人口218.7万人,比上年增加8630人,增长0.4%;常住人口227.0万人,比上年增加1.6万人,增长0.7%。户籍人口城镇化率54.9%,比上年提高1.5个百分点。\n初步核算,全年全市实现地区生产总值(GDP)1077.9亿元,按可比价格计算,比上年增长3%。其中第一产业增加值72.8亿元,增长3.2%;第二产业增加值460.6亿元,下降2.9%;第三产业增加值544.5亿元,增长9.3%。三次产业结构6.8:42.7:50.5,与上年相比,第一产业比重提高0.3个百分点。\n",
    "zhuhai-2011-traditional.txt": "初步核算,2011年全市實現地區生產總值(GDP)1403.24億元,比上年增長11.3%。其中,第一產業增加值37.70億元,增長3.2%;第二產業增加值786.42億元,增長14.4%;第三產業增加值579.11億元,增長7.9%。三次產業的比例由2.7:54.8:42.5調整為2.7:56.0:41.3。\n",
    "nbs-cities-fullwidth.txt": "２０１６年末，我国城市数量达到６５７个。其中，直辖市４个，副省级城市１５个，地级市２７８个，县级市３６０个。\n2021年末,全国城市数量达691个,比2012年末增加34个。其中,地级以上城市297个,增加8个;县级市394个,增加26个。\n",
    "wine-trade.txt": "2004年至2009年，我国酒类商品总进口额由2.46亿美元增加到10.47亿美元，增长3.3倍；出口额由1.97亿美元增加到3.7亿美元，增长87.8%；贸易逆差由0.49亿美元增加到6.77亿美元，增长12.8倍。\n",
    "jiaxing-retail.txt": "全市网络零售额从2015年的835.6亿元上升至2020年的1857.4亿元，年均增长17.32%。\n",
    "doubling.txt": "2015年，全市网络零售额835.6亿元。\n到2020年，全市网络零售额力争突破1600亿元，比2015年翻一番。\n",
}


def _scan(tmp_path: Path, *args: str) -> tuple[int, dict]:
    out = tmp_path / f"r{len(list(tmp_path.glob('r*')))}"
    (tmp_path / "none.yaml").write_text("waivers: []\n", "utf-8")
    rc = main(["scan", *args, "--output-dir", str(out), "--format", "json", "--waivers", str(tmp_path / "none.yaml"), "-q"])
    return rc, json.loads((out / "report.json").read_text("utf-8"))


def _by_file(doc: dict) -> dict[str, set]:
    out: dict[str, set] = {}
    for f in doc["findings"]:
        for e in f["evidence"][:1]:
            out.setdefault(Path(e["file"]).name, set()).add(f["id"])
    return out


def test_the_published_sources_show_their_known_mistakes(tmp_path):
    rc, doc = _scan(tmp_path, str(SOURCES))
    assert rc == 1 and doc["summary"]["plans"] == 5 and doc["summary"]["input_errors"] == 0
    growth = [f for f in doc["findings"] if f["rule"] == "PC601"]
    official = [f for f in growth if f["evidence"][0]["file"].endswith("jiaxing-de-2021.txt")]
    assert len(official) == 1 and official[0]["severity"] == "error"
    assert official[0]["values"]["stated"] == "16.6%" and "18.40" in official[0]["values"]["computed"]  # as printed (issue 12)
    assert official[0]["evidence"][0]["line"] == 24 and "16.6%" in official[0]["evidence"][0]["quote"]
    assert official[0]["evidence"][0]["plan_file"] == official[0]["evidence"][0]["file"]  # SARIF locates it there
    copy = {f["rule"] + f["severity"] for f in doc["findings"] if f["evidence"][0]["file"].endswith("copy.txt")}
    assert {"PC601error", "PC605error", "PC605warning"} <= copy  # 2023 printed for 2020; 20232025年
    errors = {f["evidence"][0]["file"].rsplit("/", 1)[-1] for f in doc["findings"] if f["severity"] == "error"}
    assert errors == {"jiaxing-de-2021.txt", "jiaxing-de-2021-copy.txt"}


def test_the_copy_reports_data_dated_after_its_issue(tmp_path):
    rc, doc = _scan(tmp_path, str(SOURCES / "jiaxing-de-2021-copy.txt"), "--issued", "2021-12-31")
    after = [f for f in doc["findings"] if f["rule"] == "PC605" and f["values"].get("issued") == "2021-12-31"]
    assert after and all(f["values"]["year"] == "2023" for f in after) and after[0]["severity"] == "error"
    # the official text is dated by its own signature line and reports nothing after it
    rc, doc = _scan(tmp_path, str(SOURCES / "jiaxing-de-2021.txt"))
    assert not [f for f in doc["findings"] if f["rule"] == "PC605"]


def test_together_and_apart_give_the_same_findings_per_file(tmp_path):
    _, together = _scan(tmp_path, str(SOURCES))
    apart: dict[str, set] = {}
    for f in sorted(SOURCES.glob("*.txt")):
        _, doc = _scan(tmp_path, str(f))
        for k, v in _by_file(doc).items():
            apart.setdefault(k, set()).update(v)
    within = {k: {i for i in v if not i.startswith("PC606")} for k, v in _by_file(together).items()}
    assert within == {k: {i for i in v if not i.startswith("PC606")} for k, v in apart.items()}


def test_the_waivers_file_waives_the_published_mistakes(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    out = tmp_path / "r"
    rc = main(["scan", "plans/sources/", "--output-dir", str(out), "--format", "json", "-q"])
    doc = json.loads((out / "report.json").read_text("utf-8"))
    assert rc == 0 and doc["summary"]["waived"] >= 4 and doc["summary"]["errors"] == 0
    assert not [f for f in doc["findings"] if f["rule"] == "PC000"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_consistent_published_sentences_give_no_error_in_any_encoding(tmp_path, encoding):
    folder = tmp_path / "docs"
    folder.mkdir()
    for name, text in CONSISTENT.items():
        (folder / name).write_bytes(text.encode(encoding))
    rc, doc = _scan(tmp_path, str(folder))
    assert doc["summary"]["input_errors"] == 0 and doc["summary"]["plans"] == len(CONSISTENT)
    assert [f for f in doc["findings"] if f["severity"] == "error"] == [], doc["findings"]
    assert rc == 0


INJECTED = [
    # (text, rule, severity): one number changed in a real sentence
    ("全市网络零售额从2015年的835.6亿元上升至2020年的1857.4亿元，年均增长19.32%。", "PC601", "error"),
    ("全市实现生产总值617.50亿元。其中，第一产业增加值37.11亿元；第二产业增加值389.85亿元；第三产业增加值240.54亿元。", "PC602", "warning"),
    ("全市共培育省级工业互联网平台30家，包括7个行业级工业互联网平台、25个企业级工业互联网平台。", "PC602", "error"),
    ("三次产业结构比例为6.01:55.04:39.95。", "PC603", "error"),
    ("数字经济核心产业增加值占GDP比重从2015年的6.4%上升至2020年的9.2%，提高2.8%。", "PC604", "warning"),
    ("2004年至2009年，我国酒类商品总进口额由2.46亿美元增加到10.47亿美元，增长了5.3倍。", "PC601", "error"),
    ("2015年，全市网络零售额835.6亿元。到2020年，力争实现全市网络零售额1300亿元，比2015年翻一番。", "PC601", "warning"),
    ("规划期限为20212025年。", "PC605", "error"),
    # the structural claims of `check` that apply to a raw document (PC607-PC610)
    ("数字经济核心产业增加值占GDP比重从2015年的6.4%上升至2020年的109.2%。", "PC607", "error"),
    ("全市网络零售额从2020年的835.6亿元上升至2015年的1857.4亿元，年均增长17.32%。", "PC608", "error"),
    ("全市数字经济核心产业增加值从2015年的225.0亿元增加到2020年的506.9万家，年均增长17.6%。", "PC609", "error"),
    ("2020年，全市网络零售额1857.4亿元。2020年，全市网络零售额1857.4万元。", "PC610", "warning"),
]


@pytest.mark.parametrize(("text", "rule", "severity"), INJECTED)
def test_injected_faults_are_found(tmp_path, text, rule, severity):
    (tmp_path / "d.txt").write_text(text, "utf-8")
    _, doc = _scan(tmp_path, str(tmp_path / "d.txt"))
    assert (rule, severity) in {(f["rule"], f["severity"]) for f in doc["findings"]}, doc["findings"]


def test_a_rate_of_another_quantity_is_not_checked_against_these_endpoints(tmp_path):
    (tmp_path / "d.txt").write_text("全省数字经济核心产业增加值年均增长15.2%，网络零售额从2015年的835.6亿元增长至2020年的1857.4亿元。", "utf-8")
    _, doc = _scan(tmp_path, str(tmp_path / "d.txt"))
    assert not [f for f in doc["findings"] if f["rule"] == "PC601"]


def test_a_real_rate_against_nominal_endpoints_is_never_an_error(tmp_path):
    (tmp_path / "d.txt").write_text("全市生产总值从2015年的4000亿元增加到2020年的5500亿元，按可比价计算年均增长5.0%。", "utf-8")
    _, doc = _scan(tmp_path, str(tmp_path / "d.txt"))
    assert [f["severity"] for f in doc["findings"] if f["rule"] == "PC601"] in ([], ["info"])


def test_docx_paragraphs_and_table_cells(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("嘉兴市数字经济发展规划")
    d.add_paragraph("全市网络零售额从2015年的835.6亿元上升至2020年的1857.4亿元，年均增长19.32%。")
    t = d.add_table(rows=3, cols=4)
    for r, row in enumerate([["指标", "单位", "2020年", "2025年"], ["网络零售额", "亿元", "1875.4", "3000"],
                             ["数字经济核心产业增加值", "亿元", "506.9", "1350"]]):
        for c, text in enumerate(row):
            t.cell(r, c).text = text
    d.add_paragraph("2020年，全市数字经济核心产业增加值506.9亿元。")
    d.save(tmp_path / "draft.docx")
    _, doc = _scan(tmp_path, str(tmp_path / "draft.docx"))
    growth = next(f for f in doc["findings"] if f["rule"] == "PC601")
    assert growth["evidence"][0]["item"] == "paragraph 2"
    same = next(f for f in doc["findings"] if f["rule"] == "PC606")  # text 1857.4 vs table 1875.4 (2020)
    assert {e["item"] for e in same["evidence"]} >= {"table 1, row 2, cell 3"}
    assert not [f for f in doc["findings"] if "数字经济核心产业增加值" in f["message"]]


def _pdf(path: Path, lines: list[str]) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("wqy", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", subfontIndex=0))
    c = canvas.Canvas(str(path))
    for page in lines:
        c.setFont("wqy", 10)
        c.drawString(40, 800, page)
        c.showPage()
    c.save()


def test_pdf_text_layer_with_pages_and_a_scan_without_one(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    _pdf(folder / "plan.pdf", ["嘉兴市数字经济发展规划", "全市数字经济核心制造业增加值从2015年的173.66亿元增加到2020年的404.2亿元，年均增速16.6%。"])
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(folder / "scanned.pdf"))
    c.rect(50, 50, 400, 600, fill=1)  # an image-only page: no text layer
    c.showPage()
    c.save()
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    rc, doc = _scan(tmp_path, str(folder))
    assert rc == 2
    errs = {Path(e["file"]).name: e["message"] for e in doc["input_errors"]}
    assert set(errs) == {"scanned.pdf", "broken.docx"} and "no text layer; OCR it first" in errs["scanned.pdf"]
    growth = next(f for f in doc["findings"] if f["rule"] == "PC601")  # the readable file is still checked
    assert growth["evidence"][0]["item"].startswith("page 2") and growth["severity"] == "error"


HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>嘉兴市统计公报</title></head><body>
<div class="nav"><a href="/">首页</a> 全市网络零售额从2015年的835.6亿元上升至2020年的1857.4亿元，年均增长30.0%。</div>
<header>政府门户网站</header>
<div class="article-content">
<p>全市网络零售额从2015年的835.6亿元上升至2020年的1857.4亿元，年均增长17.32%。</p>
<table><tr><td>指标</td><td>单位</td><td>2020年</td><td>2025年</td></tr>
<tr><td>网络零售总额</td><td>亿元</td><td>1857.4</td><td>3000</td></tr></table>
</div>
<footer>版权所有 三次产业结构为1:2:3。 2015年产值100亿元，2020年产值达到200亿元，比2015年增长300%。</footer>
</body></html>"""


def test_html_main_text_and_tables_without_navigation_or_footer(tmp_path):
    (tmp_path / "page.html").write_text(HTML, "utf-8")
    rc, doc = _scan(tmp_path, str(tmp_path / "page.html"))
    assert rc == 0 and doc["findings"] == [] and doc["plans"][0]["title"] == "嘉兴市统计公报"
    (tmp_path / "page.html").write_text(HTML.replace("17.32%", "19.32%"), "utf-8")
    rc, doc = _scan(tmp_path, str(tmp_path / "page.html"))
    f = next(f for f in doc["findings"] if f["rule"] == "PC601")
    assert rc == 1 and f["evidence"][0]["line"] == 5


def test_unsupported_and_missing_paths_are_input_errors(tmp_path):
    (tmp_path / "a.xlsx").write_bytes(b"x")
    (tmp_path / "ok.txt").write_text("全市网络零售额从2015年的835.6亿元上升至2020年的1857.4亿元，年均增长19.32%。", "utf-8")
    rc, doc = _scan(tmp_path, str(tmp_path / "a.xlsx"), str(tmp_path / "ok.txt"))
    assert rc == 2 and doc["input_errors"][0]["message"].startswith("unsupported file type .xlsx")
    assert any(f["rule"] == "PC601" for f in doc["findings"])
    assert main(["scan", str(tmp_path / "ok.txt"), "--issued", "2021-13-01", "-q"]) == 2


def test_the_same_quantity_with_two_values_across_documents(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("嘉兴市数字经济发展规划\n全市网络零售额从2015年的835.6亿元上升至2020年的1857.4亿元，年均增长17.32%。\n", "utf-8")
    (folder / "b.txt").write_text("嘉兴市统计公报\n2020年，全市网络零售额1875.4亿元。\n", "utf-8")
    _, together = _scan(tmp_path, str(folder))
    across = [f for f in together["findings"] if f["rule"] == "PC606"]
    assert len(across) == 1 and across[0]["severity"] == "warning" and len(across[0]["plans"]) == 2
    assert {across[0]["values"]["first"], across[0]["values"]["second"]} == {"1857.4亿元", "1875.4亿元"}
    _, apart = _scan(tmp_path, str(folder / "a.txt"))
    assert not [f for f in apart["findings"] if f["rule"] == "PC606"]


def test_ids_and_paths_are_relative_to_the_project_root_from_any_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    _, top = _scan(tmp_path, "plans/sources/")
    monkeypatch.chdir(ROOT / "plans")  # a subfolder: same ids, same paths, the root's waivers.yaml applies
    _, sub = _scan(tmp_path, "sources/")
    assert {f["id"] for f in sub["findings"]} == {f["id"] for f in top["findings"]} and top["findings"]
    assert {e["file"] for f in sub["findings"] for e in f["evidence"]} == {e["file"] for f in top["findings"] for e in f["evidence"]}
    assert all(e["file"].startswith("plans/sources/") for f in sub["findings"] for e in f["evidence"])
    out = tmp_path / "waived"
    assert main(["scan", "sources/", "--output-dir", str(out), "--format", "json", "-q"]) == 0
    doc = json.loads((out / "report.json").read_text("utf-8"))
    assert doc["summary"]["waived"] >= 4 and doc["summary"]["errors"] == 0


def test_a_git_work_tree_is_the_root_and_its_waivers_apply_from_a_subfolder(tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "drafts" / "2021").mkdir(parents=True)
    (repo / "drafts" / "2021" / "d.txt").write_text(INJECTED[0][0], "utf-8")
    monkeypatch.chdir(repo)
    rc, doc = _scan(tmp_path, "drafts")
    assert rc == 1
    f = next(f for f in doc["findings"] if f["rule"] == "PC601")
    assert f["evidence"][0]["file"] == "drafts/2021/d.txt"
    (repo / "waivers.yaml").write_text(f"waivers:\n  - id: {f['id']}\n    reason: the published text prints 19.32%\n    date: 2026-12-01\n", "utf-8")
    monkeypatch.chdir(repo / "drafts" / "2021")
    out = tmp_path / "w"
    assert main(["scan", "d.txt", "--output-dir", str(out), "--format", "json", "-q"]) == 0
    doc = json.loads((out / "report.json").read_text("utf-8"))
    assert [x["id"] for x in doc["findings"] if x["waived"]] == [f["id"]]
    assert doc["findings"][0]["evidence"][0]["file"] == "drafts/2021/d.txt"


RELATIVE = "嘉兴市统计公报\n去年，全市网络零售额1857.4亿元，比上年增长12.1%。\n2020年，全市网络零售额1875.4亿元。\n"


def test_relative_years_are_resolved_only_when_the_document_is_dated(tmp_path):
    (tmp_path / "d.txt").write_text(RELATIVE, "utf-8")
    _, undated = _scan(tmp_path, str(tmp_path / "d.txt"))  # no date: 去年 has no year, so no second 2020 value
    assert not [f for f in undated["findings"] if f["rule"] == "PC606"] and undated["plans"]
    _, dated = _scan(tmp_path, str(tmp_path / "d.txt"), "--issued", "2021-03-01")
    same = [f for f in dated["findings"] if f["rule"] == "PC606"]
    assert len(same) == 1 and same[0]["values"]["year"] == "2020"
    assert {same[0]["values"]["first"], same[0]["values"]["second"]} == {"1857.4亿元", "1875.4亿元"}
    (tmp_path / "d.txt").write_text(RELATIVE + "嘉兴市统计局\n2021年3月1日\n", "utf-8")  # its own printed date
    _, signed = _scan(tmp_path, str(tmp_path / "d.txt"))
    assert [f["values"] for f in signed["findings"] if f["rule"] == "PC606"] == [same[0]["values"]]
    _, later = _scan(tmp_path, str(tmp_path / "d.txt"), "--issued", "2022-03-01")  # --issued wins: 去年 is 2021
    assert not [f for f in later["findings"] if f["rule"] == "PC606"]


def test_a_year_counted_from_the_year_under_discussion_is_not_dated_by_the_document():
    from plancheck.extract import extract_text

    c = extract_text("上年末全市常住人口227.0万人。2021年全市网络零售额1857.4亿元，比去年增加200亿元。", doc_year=2022)
    years = {q.number.text: q.year for q in c.quantities}
    assert years["227.0万人"] is None and years["1857.4亿元"] == 2021  # 上年 (of the bulletin's year), 比去年: a base
    assert {q.subject for q in c.quantities} >= {"常住人口", "网络零售额"}
    dated = extract_text("今年全市网络零售额1857.4亿元。", doc_year=2021)
    assert [q.year for q in dated.quantities] == [2021] and [q.year for q in extract_text("今年全市网络零售额1857.4亿元。").quantities] == [None]


def test_the_process_pool_gives_the_serial_findings_and_isolates_an_unreadable_file(tmp_path):
    from plancheck.engine import selected
    from plancheck.scan import run as scan_run

    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in CONSISTENT.items():
        (folder / name).write_text(text, "utf-8")
    for i, (text, _, _) in enumerate(INJECTED):
        (folder / f"injected-{i}.txt").write_text(text, "utf-8")
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    assert len(list(folder.iterdir())) >= 2 * scan_run.POOL_FROM
    rules = [c() for c in selected([], [], documents=True)]
    serial = scan_run.run([folder], rules, None, None, workers=1, root=tmp_path)
    pooled = scan_run.run([folder], rules, None, None, workers=2, root=tmp_path)
    assert [f.to_json() for f in pooled.findings] == [f.to_json() for f in serial.findings] and serial.findings
    assert sorted(str(e) for e in pooled.input_errors) == sorted(str(e) for e in serial.input_errors)
    assert sorted(e.file for e in serial.input_errors) == ["in/binary.txt", "in/broken.docx"]
    assert {f.rule for f in serial.findings} >= {"PC601", "PC602", "PC603", "PC604", "PC605"}  # the others were checked


def test_a_magnitude_slip_is_reported_once_as_a_slip_not_also_as_two_values(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("嘉兴市统计公报\n2020年，全市网络零售额1857.4亿元。\n", "utf-8")
    (folder / "b.txt").write_text("嘉兴市数字经济发展规划\n2020年，全市网络零售额1857.4万元。\n2020年，全市网络零售额1857.4亿元。\n", "utf-8")
    _, doc = _scan(tmp_path, str(folder))
    rules = sorted((f["rule"], len(f["plans"])) for f in doc["findings"])
    assert rules == [("PC610", 1), ("PC610", 2)], doc["findings"]  # within b.txt, and a.txt against b.txt
    assert {f["values"]["factor"] for f in doc["findings"]} == {"10000"}
