from __future__ import annotations

from plancheck.findings import Severity
from plancheck.rules.yearchecks import YearChecks


class DataAfterIssue(YearChecks):
    """No actual value is dated after the plan's issue date.

    **What it does.** A reported value (table base column, text history) for a year after the
    year the plan was issued cannot have been known. A table column of such cells is one
    finding (its header carries the year); a text value is its own. Empty cells (`/`) have no
    figure and no year. A year the document does not print (`year_implied`) is the encoder's
    reading: a warning.

    **Why is this bad?** Data dated after publication means the years were retyped or copied from
    another edition.

    **Example (fails).** The re-typed copy of Jiaxing's plan heads its base column `2023年` and
    writes `从2015年的225.0亿元增加到2023年的506.9亿元`, in a plan issued on 2021-12-31.

    **Example (passes).** The official Jiaxing plan: base column `2020年`, issued 2021-12-31.

    **Readings considered.** None makes a printed 2023 value known in 2021; an implied year may be
    misread by the encoder, hence a warning.
    """

    code = "PC111"
    name = "data-after-issue"
    severity = Severity.error
    messages = ("after-issue",)
