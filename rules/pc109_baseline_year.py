from __future__ import annotations

from plancheck.findings import Severity
from plancheck.rules.yearchecks import YearChecks


class BaselineYear(YearChecks):
    """A target table's base column is for the year before the period, unless a footnote says otherwise.

    **What it does.** Each column of base-year cells (cells of role `baseline` sharing a year)
    must be for the year before the period (2020 for 十四五); a `*` footnote that names another
    data year (`*` = 2019 figure) moves the cell, and is fine. One finding per column, its cells
    listed: a wrong header is one mistake. Empty cells (`/`) have no year and are not counted.

    **Why is this bad?** A base column from another year makes every required growth computed
    from it wrong.

    **Example (fails).** A 十四五 table whose base column is headed `2018年` with no footnote.

    **Example (passes).** Huzhou's `9.1*` with the footnote `*为2019年数据`.

    **Readings considered.** A footnote mark is read before the header; a year implied by the
    section, not printed, gives a warning only.
    """

    code = "PC109"
    name = "baseline-year"
    severity = Severity.error
    messages = ("baseline-year",)
