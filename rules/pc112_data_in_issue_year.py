from __future__ import annotations

from plancheck.findings import Severity
from plancheck.rules.yearchecks import YearChecks


class DataInIssueYear(YearChecks):
    """An actual value for the year of issue itself, published before that year's statistics.

    **What it does.** A reported level for the year in which the plan was issued (not a count
    over a span, which may run to the issue date) is reported as a warning: the full year's
    statistics did not exist yet, so the figure is an estimate or a partial year.

    **Why is this bad?** A reader takes it for the year's final figure.

    **Example (reported).** A plan issued 2021-06-16 reporting a 2021 level.

    **Example (passes).** The same plan reporting 2020 values.

    **Readings considered.** The figure may be an estimate the plan does not label: a warning, not
    an error.
    """

    code = "PC112"
    name = "data-in-issue-year"
    severity = Severity.warning
    messages = ("issue-year",)
