from __future__ import annotations

from plancheck.findings import Severity
from plancheck.rules.yearchecks import YearChecks


class GrowthSpan(YearChecks):
    """A growth claim's span matches its wording and its endpoints' own years.

    **What it does.** 十三五期间 spans 2015 to 2020; 5年内 is five years; 比2015年 starts in 2015;
    the endpoints a claim names must carry the claim's years (a `*` footnote moves a cell).

    **Why is this bad?** A growth computed over the wrong span gives the wrong rate: PC101 would
    then compare the stated rate with the wrong endpoints.

    **Example (fails).** `十三五期间年均增长17.6%` encoded from 2016 to 2020.

    **Example (passes).** `从2015年的225.0亿元增加到2020年的506.9亿元，年均增长17.6%`: 2015 to 2020.

    **Readings considered.** Span words are read from the glossary (十三五期间 includes its base year
    2015); a claim without span words is checked against its endpoints only.
    """

    code = "PC113"
    name = "growth-span"
    severity = Severity.error
    messages = ("growth-span", "growth-endpoint")
