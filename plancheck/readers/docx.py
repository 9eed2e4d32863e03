"""Word documents (.docx) with python-docx: body paragraphs and tables in document order.

Paragraphs are numbered 1.. in body order (`paragraph 12`); table cells by table, row and cell
(`table 1, row 3, cell 2`). A merged cell is read once per row.
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
    title = d.core_properties.title or next((b.text.strip() for b in blocks), None)
    return Document(display, "docx", blocks, tables, None, title)
