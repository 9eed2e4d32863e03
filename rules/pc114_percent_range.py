from __future__ import annotations

from plancheck.findings import Severity
from plancheck.rules.unitchecks import UnitChecks


class PercentRange(UnitChecks):
    """A percentage of a whole (a share or a rate) lies in [0, 100].

    **What it does.** For an indicator the catalog measures as a rate, a value in % must allow
    some value between 0 and 100 at its written precision.

    **Why is this bad?** A share of 198% is a typo (11.98% with a lost point, a stray digit).

    **Example (fails).** The re-typed copy of Jiaxing's plan: `占规上工业比重从2015年的I198%`.

    **Example (passes).** The official `11.98%`.

    **Readings considered.** Growth rates and indices may exceed 100 and are not checked here.
    """

    code = "PC114"
    name = "percent-range"
    severity = Severity.error
    repeated_by = ("bounds",)
    messages = ("percent-range",)
