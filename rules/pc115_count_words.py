from __future__ import annotations

from plancheck.findings import Severity
from plancheck.rules.unitchecks import UnitChecks


class CountWords(UnitChecks):
    """One indicator is counted with one count word within a plan.

    **What it does.** The same indicator counted with two different count words (件 against 家)
    in one plan is reported as a warning.

    **Why is this bad?** Two count words usually mean two different things were counted under one
    name (firms against establishments, patents against applications).

    **Example (reported).** `国家高新技术企业 500家` next to `国家高新技术企业 500个`.

    **Example (passes).** `家(个)` in the table and `家` in the text: one count word written two ways.

    **Readings considered.** Either word may be a loose synonym: a warning at most.
    """

    code = "PC115"
    name = "count-words"
    severity = Severity.warning
    messages = ("count-words",)
