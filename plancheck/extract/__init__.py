"""The claim extractor: numeric claims of a raw document as structured objects.

One extractor, shared by `plancheck scan` (checks) and `plancheck draft` (plan files):

    from plancheck.extract import extract_text, extract_document
    claims = extract_text("全市数字经济核心产业增加值从2015年的225.0亿元增加到2020年的506.9亿元，年均增长17.6%")
    g = claims.growth[0]          # Growth(measure="cagr", rate=Num(17.6 %), start=Quantity(225.0 亿元, 2015), ...)
    g.start.number.value          # Decimal("225.0")  (precision kept)
    g.quote, g.span, g.location   # the original sentence, its offsets, Location(line=1)

`extract_document(doc, doc_year)` takes a readers.Document (blocks and tables). Claims are in
plancheck.extract.claims: Num, YearMention, Quantity, Growth, Parts, Share, TableRow, Claims;
a table whose cells run together is a RunTable (plancheck.extract.runtogether).
"""

from __future__ import annotations

from plancheck.extract.blocks import extract_block
from plancheck.extract.chunks import join_chunks
from plancheck.extract.claims import Claim, Claims, Growth, Num, Parts, Quantity, Share, TableRow, YearMention
from plancheck.extract.normalize import Normalized, normalize
from plancheck.extract.runtogether import RunRow, RunTable, run_tables
from plancheck.extract.tables import rows_of_table, text_tables
from plancheck.readers.base import Block, Document, Location

__all__ = [
    "Claim", "Claims", "Growth", "Num", "Parts", "Quantity", "RunRow", "RunTable", "Share", "TableRow", "YearMention",
    "Normalized", "normalize", "extract_block", "extract_document", "extract_text",
]


def extract_text(text: str, doc_year: int | None = None) -> Claims:
    """Claims of a plain text, one block per line (locations are 1-based lines)."""
    doc = Document(path="<text>", format="txt",
                   blocks=[Block(line, Location(line=i)) for i, line in enumerate(text.splitlines(), 1)])
    return extract_document(doc, doc_year)


def extract_document(doc: Document, doc_year: int | None = None) -> Claims:
    """Every claim of a document: its text blocks, its tables, and tables flattened into text."""
    out = Claims()
    for block in join_chunks(list(doc.blocks)):
        out.extend(extract_block(block, doc_year))
        out.runs.extend(run_tables(block))
    for table in doc.tables:
        out.extend(rows_of_table(table, doc_year))
    out.extend(text_tables(doc.blocks, doc_year))
    return out
