"""Hard-wrapped text (a PDF's text pasted into a .txt, a fixed-width export) is read as
paragraphs: the claims and findings are those of the unwrapped text, each on its own line.

The wrapped texts are the published Jiaxing plan (plans/sources/jiaxing-de-2021.txt), wrapped the
way a layout engine does: by display width, numbers kept whole, no line starting with ，。、.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from plancheck.cli import main
from plancheck.readers import read
from plancheck.readers.paragraphs import paragraphs, width, wrap_width

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "plans" / "sources"
PLAN = SOURCES / "jiaxing-de-2021.txt"
_NO_START = set("，。、；：！？）》”’%")


def wrap(paragraph: str, cols: int) -> list[str]:
    lines, cur = [], ""
    for t in re.findall(r"[A-Za-z0-9.%]+|.", paragraph):
        if cur and width(cur + t) > cols and t[0] not in _NO_START:
            lines.append(cur)
            cur = t
        else:
            cur += t
    return lines + ([cur] if cur else [])


def wrapped(cols: int, indent: str, blank: bool) -> str:
    out: list[str] = []
    for p in PLAN.read_text("utf-8").splitlines():
        if p.strip():
            out += wrap(indent + p.strip(), cols) + ([""] if blank else [])
    return "\n".join(out) + "\n"


def _findings(tmp_path: Path, name: str, text: str) -> list[dict]:
    (tmp_path / name).write_text(text, "utf-8")
    out = tmp_path / f"out-{name}"
    main(["scan", str(tmp_path / name), "--output-dir", str(out), "--format", "json", "--waivers", "/dev/null", "-q"])
    return json.loads((out / "report.json").read_text("utf-8"))["findings"]


@pytest.mark.parametrize(("cols", "indent", "blank"), [(60, "\u3000\u3000", False), (72, "", True), (50, "  ", False)])
def test_a_wrapped_plan_gives_the_findings_of_the_unwrapped_one_on_its_own_lines(tmp_path, cols, indent, blank):
    text = wrapped(cols, indent, blank)
    assert wrap_width(text.splitlines()) is not None
    original = _findings(tmp_path, "plan.txt", PLAN.read_text("utf-8"))
    found = _findings(tmp_path, "wrapped.txt", text)
    assert original and [(f["rule"], f["severity"], f["message_en"], f["values"]) for f in found] == \
        [(f["rule"], f["severity"], f["message_en"], f["values"]) for f in original]
    assert [f["evidence"][0]["quote"] for f in found] == [f["evidence"][0]["quote"] for f in original]  # no line breaks inside
    lines = text.splitlines()
    growth = next(f for f in found if f["rule"] == "PC601")
    assert "173.66" in lines[growth["evidence"][0]["line"] - 1]  # the line the claim's first figure stands on


def test_the_split_sentence_is_lost_when_read_line_by_line(tmp_path, monkeypatch):
    """The wrapped text's growth mistake is a sentence across two lines: without joining it, none."""
    import plancheck.readers.paragraphs as P

    monkeypatch.setattr(P, "wrap_width", lambda lines: None)
    assert not [f for f in _findings(tmp_path, "wrapped.txt", wrapped(60, "\u3000\u3000", False)) if f["rule"] == "PC601"]


def test_text_written_one_paragraph_per_line_is_left_as_it_stands():
    for f in sorted(SOURCES.glob("*.txt")):
        lines = f.read_text("utf-8").splitlines()
        assert wrap_width(lines) is None, f.name
        doc = read(f)
        assert [b.text for b in doc.blocks] == [x for x in lines if x.strip()]
        assert [b.location.line for b in doc.blocks] == [i for i, x in enumerate(lines, 1) if x.strip()]


# a real wrapped paragraph (Jiaxing plan, section (四)) with a heading, list items and a table
REAL = """\
一、发展基础
（四）数字产业化量质齐升。全市数字经济核心制造业增加值从2015年的173.66亿
元增加到2020年的404.2亿元，年均增速16.6%，接近规上工业年均增速2.5倍；数字
经济核心产业制造业增加值占规上工业比重从2015年的11.98%提高到2020年的18.2%
，规上数字经济核心产业制造业企业达到1115家，比2015年增加近500家，数字经济
1. 核心产业增加值506.9亿元，年均增长17.6%，增加值增速接近同期GDP和规上工
业增速的2倍；占GDP比重从2015年的6.4%上升至2020年的9.2%。
指标        单位        2020年        2025年
网络零售额        亿元        1857.4        3000
全市网络零售额从2015年的835.6亿元上升至2020年的1857.4亿元，年均增长17.32%，
数字贸易和跨境电商持续发展，培育了一批具有全国影响力的网络零售平台和品牌企
业。

（五）产业数字化全面深化。
"""


def test_headings_list_items_tables_and_blank_lines_are_never_joined():
    lines = REAL.splitlines()
    assert 70 <= wrap_width(lines) <= 80
    got = list(paragraphs(lines))
    texts = [t for t, _, _ in got]
    assert texts[0] == "一、发展基础"  # a heading stands alone
    assert texts[1].startswith("（四）数字产业化") and "173.66亿元增加到2020年" in texts[1] and texts[1].endswith("数字经济")
    assert texts[2].startswith("1. 核心产业增加值") and texts[2].endswith("上升至2020年的9.2%。")  # a list item opens a paragraph
    assert texts[3].startswith("指标") and texts[4].startswith("网络零售额")  # table rows stay rows
    assert texts[5].endswith("品牌企业。") and texts[6] == "（五）产业数字化全面深化。"
    first, no, starts = got[1]
    assert no == 2 and len(starts) == 4
    from plancheck.readers.base import Location

    loc = Location(line=no, line_starts=starts)
    assert loc.line_at(first.index("173.66")) == 2 and loc.line_at(first.index("404.2")) == 3
    assert loc.line_at(first.index("1115家")) == 5


def test_latin_words_keep_a_space_and_cjk_lines_join_without_one():
    lines = ["The Fourteenth Five-Year Plan sets the digital economy's share of GDP at 15 per",
             "cent by 2025, against 9.2 per cent in 2020, and the online retail sales at 300",
             "billion yuan, up from 185.74 billion in 2020; the growth rates are nominal ones.",
             "A short closing line.",
             "Another paragraph starts here after the short line and runs on to the next ones",
             "as wrapped text does."]
    texts = [t for t, _, _ in paragraphs(lines)]
    assert texts[0].startswith("The Fourteenth") and "15 per cent by 2025" in texts[0] and "300 billion" in texts[0]
    assert texts[0].endswith("nominal ones. A short closing line.")  # the short line ends the paragraph
    assert texts[1].startswith("Another") and texts[1].endswith("the next ones as wrapped text does.") and len(texts) == 2


def test_a_pdf_page_of_wrapped_lines_is_read_as_paragraphs(tmp_path):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("wqy", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", subfontIndex=0))
    c = canvas.Canvas(str(tmp_path / "plan.pdf"))
    c.setFont("wqy", 9)
    for i, line in enumerate(REAL.splitlines()[:7]):
        c.drawString(30, 800 - 14 * i, line)
    c.showPage()
    c.save()
    out = tmp_path / "out"
    main(["scan", str(tmp_path / "plan.pdf"), "--output-dir", str(out), "--format", "json", "--waivers", "/dev/null", "-q"])
    found = json.loads((out / "report.json").read_text("utf-8"))["findings"]
    growth = next(f for f in found if f["rule"] == "PC601")  # 173.66亿 | 元 … 404.2亿元 … 16.6%: across two lines
    assert growth["severity"] == "error" and growth["evidence"][0]["item"] == "page 1, line 2"  # the first figure's line
    assert "173.66亿元增加到2020年" in growth["evidence"][0]["quote"]
