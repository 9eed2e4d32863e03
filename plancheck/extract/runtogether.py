"""Tables whose cells run together: a copy that lost a table's cell breaks.

A re-typed copy may print a whole table inside a paragraph, cells and rows with no separator:

    表1…主要目标表一级指标二级指标单位2020年2025年科技创新数字经济领域有效发明专利件50008000数字经济领域…

The header is a run of column words that names a unit column (`单位`) and two or more year
columns (`2020年`, `2025年目标值`), optionally a 属性 or 备注 column after them. Each row after it
is a name (with the first-level indicator run into it when the header has two name columns and
the row opens a group), the unit (a unit plancheck.units knows, or `/` for none), then the
figures of the year columns as one run of digits (`/` stands for an empty cell) and, with a
属性 column, its word (预期性 / 约束性). The table ends at the first text that is not such a row.
A page mark (`15、` at the start of a joined page chunk, plancheck.extract.chunks) ends a run
of digits and is skipped.

Where the figures stand between two cells cannot be read from the text: plancheck.extract.splits
lists the candidate splits and ranks them. The rows are claims of their own (`RunRow`), not table
figures: `plancheck draft` writes the best split marked for review, `plancheck scan` reports the
table once (PC611), and no other rule compares a figure the text does not separate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from plancheck.extract import splits as SP
from plancheck.extract.claims import Claim
from plancheck.extract.normalize import normalize
from plancheck.extract.vocab import _alt, vocab
from plancheck.readers.base import Block

_PAGE_MARK = re.compile(r"\d{1,3}、")
_NAME_MAX = 40


@dataclass(frozen=True)
class RunRow(Claim):
    """One row of a run-together table: its name, unit and the ranked splits of its figures."""

    name: str = ""  # as printed, with a first-level indicator possibly run into it
    unit: str = ""  # "" for a `/` unit cell
    cells: str = ""  # the figures as printed, run together (`506.91350`, `/100`)
    splits: tuple[SP.Split, ...] = ()  # best first
    verdict: str = "only"  # only | clear | likely | tie (plancheck.extract.splits.verdict)

    @property
    def best(self) -> SP.Split:
        return self.splits[0]


@dataclass(frozen=True)
class RunTable(Claim):
    """A table whose cells run together: its header's years and its rows (`quote` is the header)."""

    title: str = ""
    years: tuple[int, ...] = ()
    name_columns: int = 1  # 2 when the header has a first- and a second-level indicator column
    rows: tuple[RunRow, ...] = ()


@cache
def _patterns():
    cfg = vocab().data["run_together"]
    names, unit_word = _alt(cfg["header_names"]), re.escape(cfg["header_unit"])
    year = rf"(?:19|20)\d{{2}}年(?:底|末)?(?:[(（]?(?:{_alt(cfg['year_words'])})[)）]?)?"
    header = re.compile(
        rf"(?P<title>表\s*[0-9一二三四五六七八九十]+[^。;；,，:：\d]{{0,40}}?)?"
        rf"(?P<cols>(?:{names}|{unit_word})*{unit_word}(?:{names}|{unit_word})*)"
        rf"(?P<years>(?:{year}){{2,6}})(?P<after>(?:{_alt(cfg['header_after'])})*)")
    row = re.compile(
        rf"(?P<name>[^。;；,，:：！？!?\s]{{2,{_NAME_MAX}}}?)(?P<unit>{vocab().unit_re}|/)"
        rf"(?P<cells>(?:/|\d[\d.]*)+)(?P<after>{_alt(cfg['row_after'])})?")
    return header, row, re.compile(year), re.compile(names)


def run_tables(block: Block) -> list[RunTable]:
    """The run-together tables of one text block (a paragraph, or joined page chunks)."""
    header_re, _, year_re, names_re = _patterns()
    n = normalize(block.text)
    s = n.text
    if "单位" not in s:
        return []
    breaks = sorted({_norm_offset(n, o) for o in block.location.line_starts if o > 0})
    out = []
    for m in header_re.finditer(s):
        years = tuple(int(y.group(0)[:4]) for y in year_re.finditer(m.group("years")))
        if len(set(years)) != len(years) or list(years) != sorted(years):
            continue
        name_columns = len(names_re.findall(m.group("cols")))
        rows = _rows(n, m.end(), breaks, years, block, bool(m.group("after")))
        if any(len(SP.tokens(r.cells)) < len(years) for r in rows):  # some run holds several cells
            a, b = n.orig_span(m.start(), m.end())
            out.append(RunTable(block.text[a:b], (a, b), block.location, title=(m.group("title") or "").strip(),
                                years=years, name_columns=max(name_columns, 1), rows=tuple(rows)))
    return out


def _norm_offset(n, orig: int) -> int:
    """The normalised offset of an original one (the first character at or after it)."""
    return next((i for i, o in enumerate(n.index) if o >= orig), len(n.text))


def _rows(n, p: int, breaks: list[int], years: tuple[int, ...], block: Block, has_after: bool) -> list[RunRow]:
    _, row_re, _, _ = _patterns()
    s = n.text
    rows: list[RunRow] = []
    first_pass: list[tuple[str, list[SP.Split]]] = []
    pending: list[tuple] = []
    while p < len(s):
        if p in breaks and (mark := _PAGE_MARK.match(s, p)):
            p = mark.end()
        end = next((b for b in breaks if b > p), len(s))
        m = row_re.match(s, p, end)
        if not m or m.group("after") and not has_after or re.match(r"\s+\d", s[m.end():m.end() + 2]):
            break  # not a row, or its cells are separated (`亿元 506.9 1350`): not run together
        cells, unit = m.group("cells"), m.group("unit")
        unit = "" if unit == "/" else unit
        stop = m.end("cells")
        carry_ok = not m.group("after") and stop < len(s) and s[stop].isascii() and s[stop].isalpha()
        ranked = SP.rank(cells, years, unit, carry_ok)
        if not ranked:
            break
        best = ranked[0]
        first_pass.append((unit, ranked))
        pending.append((m, unit, cells, carry_ok, best.carry))
        p = stop - len(best.carry) if best.carry else m.end()  # carried digits open the next name
    unit_decimals = SP.table_decimals(first_pass)
    for m, unit, cells, carry_ok, carry in pending:  # second pass: the table's written precision
        ranked = SP.rank(cells, years, unit, carry_ok, unit_decimals.get(unit))
        first = next(i for i, x in enumerate(ranked) if x.carry == carry)  # the reading the next row was parsed by
        ranked.insert(0, ranked.pop(first))
        a, b = n.orig_span(m.start(), m.end("cells") - len(carry))
        loc = replace(block.location, line=block.location.line_at(a), line_starts=())
        rows.append(RunRow(block.text[a:b], (a, b), loc, name=n.quote(m.start("name"), m.end("name")), unit=unit, cells=cells,
                           splits=tuple(ranked), verdict=SP.verdict(ranked)))
    return rows
