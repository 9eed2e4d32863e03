"""Table rows: indicator, unit and a figure per year column, from real tables (.docx, .pdf,
.html cells) and from tables flattened into text (one row per line with tabs, or one cell per
line with rows separated by blank lines).

In a table with two or more year columns the earliest is the baseline (an actual value, role
`history`) and the later ones are targets. A figure with a footnote mark (`6.7*`) has its year
left open: the footnote, not the column, says which year it is for.
"""

from __future__ import annotations

import re

from plancheck.extract import sentences as S
from plancheck.extract.claims import Claims, Num, Quantity, TableRow
from plancheck.extract.normalize import normalize
from plancheck.extract.numbers import figures
from plancheck.models.plan import Comparator
from plancheck.readers.base import Block, Location, Table
from plancheck.units import UnitError, parse

_YEAR_CELL = re.compile(r"^(\d{4})年?(?:底|末)?(?:\(?(?:基[期准]|现状|目标|预期)?(?:值)?\)?)?$")
_NA = {"/", "—", "——", "-", "--", "", "无"}
_CMP = {">": Comparator.gt, "≥": Comparator.ge, ">=": Comparator.ge, "<": Comparator.lt, "≤": Comparator.le, "<=": Comparator.le}
_MARKS = re.compile(r"\*+$")


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", normalize(text).text)


def _header(cells: list[str]) -> dict | None:
    years = {i: int(m.group(1)) for i, c in enumerate(cells) if (m := _YEAR_CELL.match(c))}
    if len(years) < 1 or (len(years) < 2 and not any("单位" in c for c in cells)):
        return None
    unit = next((i for i, c in enumerate(cells) if "单位" in c), None)
    first_year = min(years)
    ind = next((i for i, c in enumerate(cells) if "指标" in c and "一级" not in c and i < first_year), None)
    if ind is None:
        ind = max((i for i in range(first_year) if i != unit), default=None)
    if ind is None:
        return None
    return {"years": years, "unit": unit, "indicator": ind}


def rows_of_table(table: Table, doc_year: int | None = None) -> Claims:
    out = Claims()
    header = None
    category = None
    for row in table.rows:
        cells = [_norm(c.text) for c in row]
        if header is None:
            header = _header(cells)
            continue
        width = max(max(header["years"]) + 1, (header["unit"] or 0) + 1)
        if len(cells) < width:  # a row with its leading (category) cells merged away: align right
            pad = width - len(cells)
            cells = [""] * pad + cells
            row = tuple([Block("", row[0].location)] * pad) + tuple(row)
        _row(header, cells, row, table.location, category, doc_year, out)
        if header["indicator"] > 0 and cells[0]:
            category = cells[0]
    return out


def _row(header, cells, row, tloc: Location, category, doc_year, out: Claims) -> None:
    ind = cells[header["indicator"]] if header["indicator"] < len(cells) else ""
    if not ind or _YEAR_CELL.match(ind):
        return
    unit = cells[header["unit"]] if header["unit"] is not None and header["unit"] < len(cells) else ""
    unit = "" if unit in _NA else unit
    year_cols = sorted(header["years"].items())
    quote = " | ".join(c.text.strip() for c in row if c.text.strip())
    loc = row[header["indicator"]].location if header["indicator"] < len(row) else tloc
    got = []
    for n, (col, year) in enumerate(year_cols):
        if col >= len(cells):
            continue
        num = _cell(cells[col], unit, row[col])
        got.append((year, num))
        if num is None:
            continue
        marked = bool(_MARKS.search(cells[col]))
        role = "history" if n == 0 and len(year_cols) > 1 else ("target" if len(year_cols) > 1 else "unknown")
        out.quantities.append(Quantity(quote, num.span, row[col].location, subject=S.subject(ind), number=num,
                                       year=None if marked else year, role=role,
                                       cumulative="累计" in ind, scope="own", named=True))
    out.rows.append(TableRow(quote, (0, 0), loc, indicator=ind, unit=unit, cells=tuple(got),
                             category=(cells[0] if header["indicator"] > 0 and cells[0] else None) or category))


def _cell(text: str, unit: str, block: Block) -> Num | None:
    if text in _NA:
        return None
    body = _MARKS.sub("", text)
    cmp_ = Comparator.eq
    for sym in sorted(_CMP, key=len, reverse=True):
        if body.startswith(sym):
            cmp_, body = _CMP[sym], body[len(sym):]
            break
    nums = figures(body)
    if not nums or nums[0].start != 0:
        return None
    r = nums[0]
    u = r.unit or unit
    if u and u not in ("%", "倍"):
        try:
            parse(u)
        except UnitError:
            u = unit
    if r.after == "以上":
        cmp_ = Comparator.ge
    return Num(block.text.strip(), r.value, u, cmp_, None, r.hi, span=(0, len(block.text)))


def text_tables(blocks: list[Block], doc_year: int | None = None) -> Claims:
    """Tables flattened into text lines: tab-separated rows, or one cell per line."""
    out = Claims()
    i = 0
    while i < len(blocks):
        cells = blocks[i].text.split("\t")
        if len(cells) >= 3 and _header([_norm(c) for c in cells]):
            rows = [_split(blocks[i])]
            j = i + 1
            while j < len(blocks) and ("\t" in blocks[j].text or not blocks[j].text.strip()):
                if blocks[j].text.strip():
                    rows.append(_split(blocks[j]))
                j += 1
            out.extend(rows_of_table(Table(tuple(rows), blocks[i].location), doc_year))
            i = j
            continue
        got = _serial_table(blocks, i, doc_year)
        if got is not None:
            claims, i = got
            out.extend(claims)
            continue
        group, j = _cell_group(blocks, i)
        if len(group) >= 3 and _header([_norm(b.text) for b in group]):
            rows = [tuple(group)]
            while True:
                nxt, k = _cell_group(blocks, j)
                if len(nxt) == 1 and k < len(blocks) and 0 < len(blocks[k].text.strip()) <= 8 \
                        and not blocks[k].text.startswith("\t"):
                    more, k2 = _cell_group(blocks, k + 1)  # a cell wrapped onto a line of its own (数字基础 / 设施)
                    if len(more) >= 2:
                        nxt, k = [Block(nxt[0].text + blocks[k].text.strip(), nxt[0].location), *more], k2
                if len(nxt) < 2:
                    break
                rows.append(tuple(nxt))
                j = k
            out.extend(rows_of_table(Table(tuple(rows), group[0].location), doc_year))
            i = j
            continue
        i += 1
    return out


_SERIAL = re.compile(r"^\d{1,3}$")
_FIGURE = re.compile(r"^(?:[<>≤≥]=?)?\d+(?:\.\d+)?\s*(?:%|％)?\**$|^[/—\-]+$")
_UNIT_IN_NAME = re.compile(r"[(（]([^()（）]{1,8})[)）]?$")


def _serial_table(blocks: list[Block], i: int, doc_year: int | None):
    """A table flattened to one cell per line (blank lines between cells), without tabs: a
    header of short cells with two or more year cells (序号 | 类别 | 指标 | 2020年 | 2025年 | 备注),
    then rows that each start with the next serial number (1, 2, ...): the cells before the
    first figure are the serial, the category (when printed) and the indicator, whose unit
    stands in brackets after it (`软件和信息技术服务业业务收入(亿元)`). Returns the claims and
    where the table ends, or None when no such table starts at line i."""
    cells: list[Block] = []
    j = i
    while j < len(blocks) and len(cells) < 12:
        t = blocks[j].text.strip()
        if t:
            if len(t) > 12 or "\t" in t:
                break
            cells.append(Block(t, blocks[j].location))
        j += 1
    names = [_norm(c.text) for c in cells]
    if not names or "序号" not in names[0]:
        return None
    years = [k for k, n in enumerate(names) if _YEAR_CELL.match(n)]
    if len(years) < 2:
        return None
    header_len = years[-1] + 1
    while header_len < len(names) and not _SERIAL.match(names[header_len]) and not _YEAR_CELL.match(names[header_len]):
        header_len += 1  # 备注 and other trailing header cells
    ncols = len(years)
    k = i
    seen = 0
    while seen < header_len:  # skip past the header's lines
        if blocks[k].text.strip():
            seen += 1
        k += 1
    rows: list[list[Block]] = []
    expect = 1
    while k < len(blocks):
        t = blocks[k].text.strip()
        if t:
            if _SERIAL.match(t) and int(t) == expect:
                rows.append([])
                expect += 1
            elif not rows or len(t) > 80:
                break
            rows[-1].append(Block(t, blocks[k].location))
        k += 1
    out = Claims()
    header = [Block("类别", cells[0].location), Block("指标", cells[0].location), Block("单位", cells[0].location),
              *[cells[y] for y in years]]
    table_rows = [tuple(header)]
    category = ""
    for row in rows:
        figs = [n for n, b in enumerate(row) if n > 0 and _FIGURE.match(_norm(b.text))]
        if not figs:
            continue
        first = figs[0]
        if first < 2:
            continue
        name = row[first - 1]
        if first > 2:
            category = "".join(b.text for b in row[1:first - 1])
        m = _UNIT_IN_NAME.search(_norm(name.text))
        unit = m.group(1) if m else ""
        ind = _norm(name.text)[: m.start()] if m else _norm(name.text)
        values = list(row[first:first + ncols])
        values = [Block("", name.location)] * (ncols - len(values)) + values  # a blank cell: the earlier column
        table_rows.append((Block(category, row[0].location), Block(ind, name.location), Block(unit, name.location),
                           *values))
    if len(table_rows) < 2:
        return None
    out.extend(rows_of_table(Table(tuple(table_rows), cells[0].location), doc_year))
    return out, k


def _split(block: Block) -> tuple[Block, ...]:
    return tuple(Block(c, block.location) for c in block.text.split("\t"))


def _cell_group(blocks: list[Block], i: int) -> tuple[list[Block], int]:
    """Consecutive lines that each hold one tab-led cell (`\\t2020年`), up to a blank line."""
    group = []
    j = i
    while j < len(blocks) and blocks[j].text.startswith("\t") and "\t" not in blocks[j].text[1:].rstrip("\t"):
        group.append(Block(blocks[j].text.strip(), blocks[j].location))
        j += 1
    while j < len(blocks) and not blocks[j].text.strip():
        j += 1
    return group, j
