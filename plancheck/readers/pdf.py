"""PDF with a text layer, via pdfplumber: text per page (its wrapped lines joined into
paragraphs, readers.paragraphs) and tables as cells.

A PDF whose pages carry no text (a scan) is an input error, "no text layer; OCR it first",
never an empty clean report.
"""

from __future__ import annotations

import io

from plancheck.readers.base import Block, Document, Location, ReadError, Table
from plancheck.readers.paragraphs import paragraphs


def read(raw: bytes, display: str) -> Document:
    import pdfplumber

    blocks: list[Block] = []
    tables: list[Table] = []
    try:
        with pdfplumber.open(io.BytesIO(raw)) as pdf:
            for p_no, page in enumerate(pdf.pages, 1):
                text = page.extract_text() or ""
                for t, l_no, starts in paragraphs(text.splitlines()):  # a page's wrapped lines, joined
                    blocks.append(Block(t, Location(page=p_no, line=l_no, line_starts=starts if len(starts) > 1 else ())))
                for t in page.extract_tables():
                    t_no = len(tables) + 1
                    rows = tuple(tuple(Block(c or "", Location(page=p_no, table=t_no, row=r, cell=k))
                                       for k, c in enumerate(row, 1)) for r, row in enumerate(t, 1))
                    tables.append(Table(rows, Location(page=p_no, table=t_no)))
            title = (pdf.metadata or {}).get("Title")
    except Exception as e:  # pdfminer raises many kinds (PDFSyntaxError, PSEOF, TypeError ...) for broken files
        raise ReadError(f"not a readable PDF ({e.__class__.__name__}: {e})") from e
    if not blocks:
        raise ReadError("no text layer; OCR it first")
    if isinstance(title, bytes):
        title = title.decode("utf-8", "replace")
    return Document(display, "pdf", blocks, tables, None, title or blocks[0].text.strip())
