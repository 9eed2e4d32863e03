"""Footnotes and endnotes of a .docx are read and checked, each named as Word numbers it.

python-docx writes no footnotes, so the test document gets its footnotes part the way Word
stores one (OOXML: word/footnotes.xml, its relationship from the document part and its content
type, separator notes -1/0, a w:footnoteReference run in the body). The sentences are the
published Jiaxing plan's (plans/sources/jiaxing-de-2021.txt), one with a growth rate changed.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from plancheck.cli import main
from plancheck.readers import ReadError, read

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
KINDS = {"footnote": ("footnotes", "FOOTNOTES"), "endnote": ("endnotes", "ENDNOTES")}


def _note_xml(kind: str, notes: dict[int, list[str]]) -> str:
    seps = "".join(f'<w:{kind} w:type="{t}" w:id="{i}"><w:p><w:r><w:{t}/></w:r></w:p></w:{kind}>'
                   for i, t in ((-1, "separator"), (0, "continuationSeparator")))
    body = "".join(f'<w:{kind} w:id="{i}">' + "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paras) + f"</w:{kind}>"
                   for i, paras in notes.items())
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:{kind}s xmlns:w="{W}" xmlns:r="{R}">'
            f"{seps}{body}</w:{kind}s>")


def make_docx(path: Path, paragraphs: list[tuple[str, list[tuple[str, int]]]], notes: dict[str, dict[int, list[str]]],
              notes_xml: dict[str, str] | None = None) -> None:
    """A .docx whose paragraphs carry note references (kind, id) and whose notes parts hold `notes`."""
    import docx
    from docx.oxml import parse_xml

    d = docx.Document()
    for text, refs in paragraphs:
        p = d.add_paragraph(text)
        for kind, nid in refs:
            p._p.append(parse_xml(f'<w:r xmlns:w="{W}"><w:{kind}Reference w:id="{nid}"/></w:r>'))
    tmp = path.with_suffix(".tmp.docx")
    d.save(tmp)
    with zipfile.ZipFile(tmp) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "[Content_Types].xml":
                over = "".join(f'<Override PartName="/word/{KINDS[k][0]}.xml" ContentType="application/vnd.openxmlformats-'
                               f'officedocument.wordprocessingml.{KINDS[k][0]}+xml"/>' for k in notes)
                data = data.replace(b"</Types>", over.encode() + b"</Types>")
            elif item.filename == "word/_rels/document.xml.rels":
                rels = "".join(f'<Relationship Id="rIdN{k}" Type="{R}/{KINDS[k][0]}" Target="{KINDS[k][0]}.xml"/>' for k in notes)
                data = data.replace(b"</Relationships>", rels.encode() + b"</Relationships>")
            zout.writestr(item, data)
        for kind, ns in notes.items():
            zout.writestr(f"word/{KINDS[kind][0]}.xml", (notes_xml or {}).get(kind) or _note_xml(kind, ns))
    tmp.unlink()


PARAS = [
    ("嘉兴市数字经济发展“十四五”规划", []),
    ("“十三五”期间，嘉兴市全面实施数字经济强市战略，全力推进数字经济发展，取得明显成效。", [("footnote", 5)]),
    ("数字经济核心产业增加值占GDP比重从2015年的6.4%上升至2020年的9.2%，占比连续五年稳居全省第二位。", [("footnote", 3), ("endnote", 2)]),
]
NOTES = {
    "footnote": {3: ["全市网络零售额从2015年的835.6亿元上升至2020年的1857.4亿元，年均增长19.32%。"],  # published: 17.32%
                 5: ["全市数字经济核心产业增加值从2015年的225.0亿元增加到2020年的506.9亿元，年均增长17.6%。", "数据来源：嘉兴市统计局。"]},
    "endnote": {2: ["数字经济核心制造业增加值从2015年的173.66亿元增加到2020年的404.2亿元。"]},
}


def test_footnotes_and_endnotes_are_blocks_named_as_word_numbers_them(tmp_path):
    make_docx(tmp_path / "plan.docx", PARAS, NOTES)
    doc = read(tmp_path / "plan.docx")
    notes = {b.location.note: b.text for b in doc.blocks if b.location.note}
    assert list(notes) == ["footnote 1", "footnote 2", "endnote 1"]  # by first reference: id 5 is shown as 1
    assert notes["footnote 1"].startswith("全市数字经济核心产业增加值从2015年") and notes["footnote 1"].endswith("数据来源：嘉兴市统计局。")
    assert notes["footnote 2"].endswith("年均增长19.32%。")
    assert [b.location.paragraph for b in doc.blocks if not b.location.note] == [1, 2, 3]


def test_a_mistake_in_a_footnote_is_found_and_located_there(tmp_path):
    make_docx(tmp_path / "plan.docx", PARAS, NOTES)
    out = tmp_path / "out"
    rc = main(["scan", str(tmp_path / "plan.docx"), "--output-dir", str(out), "--format", "json", "--waivers", "/dev/null", "-q"])
    found = json.loads((out / "report.json").read_text("utf-8"))["findings"]
    growth = [f for f in found if f["rule"] == "PC601"]
    assert rc == 1 and [(f["severity"], f["evidence"][0]["item"]) for f in growth] == [("error", "footnote 2")]
    assert "19.32%" in growth[0]["evidence"][0]["quote"] and growth[0]["values"]["stated"] == "19.32%"
    # the consistent footnote (225.0 -> 506.9, 17.6%) gives no error
    assert not [f for f in found if f["severity"] == "error" and f["evidence"][0]["item"] == "footnote 1"]


def test_a_broken_footnotes_part_is_an_input_error_for_that_file(tmp_path):
    make_docx(tmp_path / "plan.docx", PARAS, NOTES, notes_xml={"footnote": '<w:footnotes xmlns:w="x"><unclosed>'})
    try:
        read(tmp_path / "plan.docx")
    except ReadError as e:
        assert "footnote" in str(e) or "docx" in str(e)
    else:
        raise AssertionError("a broken footnotes part must not read as a clean document")
    (tmp_path / "ok.txt").write_text("全市网络零售额从2015年的835.6亿元上升至2020年的1857.4亿元，年均增长19.32%。", "utf-8")
    out = tmp_path / "out"
    rc = main(["scan", str(tmp_path), "--output-dir", str(out), "--format", "json", "--waivers", "/dev/null", "-q"])
    doc = json.loads((out / "report.json").read_text("utf-8"))
    assert rc == 2 and [Path(e["file"]).name for e in doc["input_errors"]] == ["plan.docx"]
    assert [Path(f["evidence"][0]["file"]).name for f in doc["findings"] if f["rule"] == "PC601"] == ["ok.txt"]
