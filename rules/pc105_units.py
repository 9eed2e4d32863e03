from __future__ import annotations

from plancheck.findings import Severity
from plancheck.rules.unitchecks import UnitChecks


class Units(UnitChecks):
    """A fact's unit has the dimension its indicator has in the catalog.

    **What it does.** A count is in 件/家/个, money in 元 with its magnitude (万元, 亿元), a share
    in %, a pure index with no unit (`/`): each fact's printed unit must have the dimension the
    catalog gives its indicator.

    **Why is this bad?** A unit of the wrong kind means the figure was typed into the wrong row,
    or the row's unit column was retyped wrong: no conversion can make them comparable.

    **Example (fails).** `公共数据开放率 亿元 30` where the indicator is a share in %.

    **Example (passes).** `数字经济领域有效发明专利 万件 6.5`: a count.

    **Readings considered.** None: a count of 元 is not a reading of the words.
    """

    code = "PC105"
    name = "unit-dimension"
    severity = Severity.error
    repeated_by = ("bounds", "units")
    messages = ("dimension",)
