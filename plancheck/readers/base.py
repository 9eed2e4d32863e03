"""What a reader gives: a document as text blocks with their locations, and tables as cells."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field


class ReadError(ValueError):
    """A file that cannot be read as a document (the message names the file and the reason)."""


@dataclass(frozen=True)
class Location:
    """Where a block stands in its file: a line (text, HTML source), a page (PDF), a paragraph,
    a table cell or a footnote (.docx). Numbers are 1-based."""

    line: int | None = None
    page: int | None = None
    paragraph: int | None = None
    table: int | None = None
    row: int | None = None
    cell: int | None = None
    # a paragraph joined from hard-wrapped lines (readers.paragraphs): where each of its lines
    # starts in the block's text; the first is `line`
    line_starts: tuple[int, ...] = ()
    note: str | None = None  # a .docx footnote or endnote, as Word numbers it: "footnote 3"
    # page marks (`7、`) of page chunks joined into this block (plancheck.extract.chunks):
    # (start, end) offsets in the block's text; extraction reads past them, quotes keep them
    page_marks: tuple[tuple[int, int], ...] = ()

    def line_at(self, offset: int) -> int | None:
        """The original line of the character at `offset` in the block's text."""
        if self.line is None or len(self.line_starts) < 2:
            return self.line
        return self.line + bisect_right(self.line_starts, offset) - 1

    def text(self) -> str:
        parts = []
        if self.page is not None:
            parts.append(f"page {self.page}")
        if self.paragraph is not None:
            parts.append(f"paragraph {self.paragraph}")
        if self.note is not None:
            parts.append(self.note)
        if self.table is not None:
            parts.append(f"table {self.table}")
            if self.row is not None:
                parts.append(f"row {self.row}")
            if self.cell is not None:
                parts.append(f"cell {self.cell}")
        if self.line is not None and not parts:
            parts.append(f"line {self.line}")
        elif self.line is not None:
            parts.append(f"line {self.line}")
        return ", ".join(parts)


@dataclass(frozen=True)
class Block:
    """A run of text read as one unit (a line, a paragraph, a page's line, a table cell)."""

    text: str
    location: Location


@dataclass(frozen=True)
class Table:
    """A table as rows of cells; each cell is a Block with its own location."""

    rows: tuple[tuple[Block, ...], ...]
    location: Location


@dataclass
class Document:
    path: str  # as given on the command line (display form)
    format: str  # txt | docx | pdf | html
    blocks: list[Block] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    encoding: str | None = None  # for .txt: the encoding used (and for .html when detected)
    title: str | None = None

    @property
    def chars(self) -> int:
        return sum(len(b.text) for b in self.blocks)
