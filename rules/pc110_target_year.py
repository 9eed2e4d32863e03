from __future__ import annotations

from plancheck.findings import Severity
from plancheck.rules.yearchecks import YearChecks


class TargetYear(YearChecks):
    """A target's year falls in the plan's period or on its vision year.

    **What it does.** Each target (table target column, text goal) must be for a year of the
    period or the vision year. A target beyond the period (other than the vision year) is a
    warning: plans do state a few longer aims.

    **Why is this bad?** A target dated before the period is a historical value mislabelled as
    an aim, or a mistyped year.

    **Example (fails).** A 十四五 plan's `到2019年，...达到` in its targets.

    **Example (passes).** `到2025年，全市数字经济核心产业增加值达到1350亿元`.

    **Readings considered.** A year after the period may be a deliberate longer aim: a warning.
    """

    code = "PC110"
    name = "target-year"
    severity = Severity.error
    messages = ("target-year",)
