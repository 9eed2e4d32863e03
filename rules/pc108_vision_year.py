from __future__ import annotations

from plancheck.findings import Severity
from plancheck.rules.yearchecks import YearChecks


class VisionYear(YearChecks):
    """The vision year (远景目标, 到2035年) comes after the plan's period.

    **What it does.** When a plan names a long-range vision year, it must be later than the end
    of its period.

    **Why is this bad?** A vision year inside the period is a target year mislabelled, or a
    typo in the year.

    **Example (fails).** A 十四五 plan (2021–2025) whose `展望2035年` reads `展望2025年`.

    **Example (passes).** `展望2035年` in a plan for 2021–2025.

    **Readings considered.** None other: both years are printed.
    """

    code = "PC108"
    name = "vision-year"
    severity = Severity.error
    messages = ("vision",)
