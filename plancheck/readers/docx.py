"""Word documents (.docx) with python-docx: body paragraphs and tables in document order, then
the footnotes and endnotes.

Paragraphs are numbered 1.. in body order (`paragraph 12`); table cells by table, row and cell
(`table 1, row 3, cell 2`). A merged cell is read once per row. python-docx has no footnote
API, so the footnotes and endnotes parts are read through its package API (the document
part's relationships; its XML parser, which resolves no entities): each note is one block,
named by the number Word shows for it (`footnote 3`: the order of its first reference in the
body; the note's id when the body never refers to it).
"""

from __future__ import annotations

import io
import zipfile

from plancheck.readers.base import Block, Document, Location, ReadError, Table


def read(raw: bytes, display: str) -> Document:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph

    try:
        d = docx.Document(io.BytesIO(raw))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as e:
        raise ReadError(f"not a readable .docx file ({e.__class__.__name__}: {e})") from e
    body = d.element.body
    blocks: list[Block] = []
    tables: list[Table] = []
    para_no = 0
    for el in body.iterchildren():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "p":
            para_no += 1
            text = Paragraph(el, d).text
            if text.strip():
                blocks.append(Block(text, Location(paragraph=para_no)))
        elif tag == "tbl":
            t_no = len(tables) + 1
            rows = []
            for r_no, row in enumerate(DocxTable(el, d).rows, 1):
                cells, seen = [], set()
                for c_no, cell in enumerate(row.cells, 1):
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    cells.append(Block(cell.text, Location(table=t_no, row=r_no, cell=c_no)))
                rows.append(tuple(cells))
            tables.append(Table(tuple(rows), Location(table=t_no)))
    blocks.extend(_notes(d))
    title = d.core_properties.title or next((b.text.strip() for b in blocks), None)
    return Document(display, "docx", blocks, tables, None, title)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_NOT_A_NOTE = {"separator", "continuationSeparator", "continuationNotice"}


def _notes(d) -> list[Block]:
    """The footnotes, then the endnotes, one block each (paragraphs one per line)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import parse_xml

    out: list[Block] = []
    for kind, reltype in (("footnote", RT.FOOTNOTES), ("endnote", RT.ENDNOTES)):
        part = next((r.target_part for r in d.part.rels.values() if r.reltype == reltype and not r.is_external), None)
        if part is None:
            continue
        root = getattr(part, "element", None)
        if root is None:
            try:
                root = parse_xml(part.blob)
            except Exception as e:  # lxml's XMLSyntaxError and others: a broken notes part
                raise ReadError(f"the {kind}s part is not readable XML ({e})") from e
        shown: dict[str, int] = {}
        for ref in d.element.body.iter(f"{_W}{kind}Reference"):
            shown.setdefault(ref.get(f"{_W}id"), len(shown) + 1)
        found: list[tuple[int, Block]] = []
        for note in root.iter(f"{_W}{kind}"):
            if note.get(f"{_W}type") in _NOT_A_NOTE:
                continue
            nid = note.get(f"{_W}id") or ""
            paras = ("".join(x.text or "" for x in p.iter(f"{_W}t")) for p in note.iter(f"{_W}p"))
            text = "\n".join(t for t in paras if t.strip()).strip()
            number = shown.get(nid) or (int(nid) if nid.isdigit() else 0)
            if text:
                found.append((number, Block(text, Location(note=f"{kind} {number or nid}"))))
        out.extend(b for _, b in sorted(found, key=lambda nb: nb[0]))
    return out
