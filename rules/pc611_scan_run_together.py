from __future__ import annotations

from plancheck.findings import Severity
from plancheck.scan.base import ScanRule


class ScanRunTogether(ScanRule):
    """A table whose cells run together is one note, naming its rows' candidate splits.

    **What it does.** A table printed with no separator between its cells (a re-typed copy:
    `一级指标二级指标单位2020年2025年…专利件50008000…`, plancheck.extract.runtogether) holds
    several year columns' figures in one run of digits per row. The run is split every way into
    well-formed numbers and the splits are ranked by general evidence only
    (plancheck.extract.splits): a percent above 100, decimals in a count of whole things, the
    yearly factor between the year columns (steady growth is usual, a fall or a steep rise less
    so, a zero next to a figure implausible), written precision (a decimal ending in 0, more than
    three places, more places than the table's clear rows of the same unit). The rule reports
    the table once, at info, listing each row that has more than one split: its splits best
    first and how sure the ranking is — *clear* (the runner-up has at least 4 points more
    evidence against it), *likely* (1-3), or *a tie* (nothing prefers one).

    **Why is this bad?** Where one figure ends cannot be read from the text: `9.215` is 9.2 and
    15, or 9.21 and 5. None of the table's figures is checked by the other rules (a guessed
    split would be compared as if printed), so a reviewer needs the original table to settle them.

    **Example (fails).** The re-typed Jiaxing copy's target table: `…数字经济核心产业增加值亿元
    506.91350…` (506.9 | 1350 likely; 506.91 | 350 is a fall) and `在役工业机器人数量万台1.6523`
    (1.652 | 3 clear: 1.65 | 23 would grow fourteen-fold in two years).

    **Example (passes).** The official text, one cell per line (`506.9` / `1350`), or a row
    whose cells are separated by spaces (`数字经济核心产业增加值 亿元 506.9 1350`).

    **Readings considered.** One note per table (issue 12: one cause, one finding), not one per
    cell; a row whose run holds one figure beside `/` cells (`%/100`) has one reading and is only
    counted. The evidence never names a figure of any document.
    """

    code = "PC611"
    messages = ("run-together",)
    name = "scan-run-together"
    severity = Severity.info

    def check_document(self, sd):
        for table in sd.claims.runs:
            rows = [{"name": r.name, "cells": r.cells, "splits": " / ".join(s.text() for s in r.splits[:4])
                     + (" / …" if len(r.splits) > 4 else ""), "verdict": r.verdict}
                    for r in table.rows if len(r.splits) > 1]
            label = table.title or table.quote
            yield self.finding("run-together", plans=[sd.display], key=f"{sd.display}/{label}",
                               facts=[sd.evidence(table)],
                               values={"table": label, "n_rows": str(len(table.rows)), "n_ambiguous": str(len(rows)),
                                       "n_ties": str(sum(r["verdict"] == "tie" for r in rows)), "rows": rows})
