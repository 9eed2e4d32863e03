from __future__ import annotations

from plancheck.findings import Severity
from plancheck.rules.yearchecks import YearChecks


class Years(YearChecks):
    """The plan's period is its cycle: 十四五 = 2021–2025, five years.

    **What it does.** Compares the plan's period (`period`, as printed: `期限为2021-2025年`) with the
    years of the plan cycle it names (`cycle`).

    **Why is this bad?** A period that is not its cycle's means the header was retyped or copied
    from another plan: every year derived from it is suspect.

    **Example (fails).** The re-typed copy of Jiaxing's plan: `期限为20232025年` for a 十四五 plan.

    **Example (passes).** Jiaxing's `期限为2021-2025年`, cycle 十四五.

    **Readings considered.** The period is printed; no other reading of a 十四五 plan ending in
    2025 starts in 2023.
    """

    code = "PC104"
    name = "plan-period"
    severity = Severity.error
    messages = ("period",)
