from __future__ import annotations

from plancheck.findings import Severity
from plancheck.rules.unitchecks import UnitChecks


class MagnitudeSlip(UnitChecks):
    """Two values of one quantity and year that differ by 10^4, 10^8 or 10^12: a probable 万/亿 slip.

    **What it does.** Two values of the same indicator, region and year — in one plan or across
    official plans — whose ratio is, within their written precision, 10^4 (万), 10^8 (亿) or
    10^12 (万亿); or a bound (超80万元) thousands of times away (within a factor of 3 of such a
    power) from a stated value (87.03亿元). Values are grouped and each is compared with a bounded
    number of others (linear in the number of facts).

    **One cause, one finding.** Facts stating the same figure are one figure. Of two figures a
    power of ten apart, the one stated fewer times is the slip (one statement among many that
    restate a figure, or the cells of a column that slipped alike; between figures stated equally
    often, the one matched against more figures), and it is one finding per (quantity, slipped
    figure): the further statements of either figure are counted and named in `restated_a` /
    `restated_b`, the further figures it is matched against in `others` / `others_figures`, the
    totals in `statements` and `figures`. Two figures that tie on both counts are a pair of
    their own.

    **Why is this bad?** A unit word retyped wrong turns 2.3万亿元 into 2.3亿元: a number that is
    right in its digits and wrong by ten thousand times.

    **Example (fails).** `网络零售额 亿元 2.3` next to the text's `网络零售额达2.3万亿元` for 2020.

    **Example (passes).** Table `数字经济领域有效发明专利 万件 6.5` and the text's
    `数字经济领域有效发明专利达6.5万件`.

    **Readings considered.** A slip is probable, not certain (two scopes the catalog does not tell
    apart may differ that much): a warning, with the ratio; a bound is formally met, yet most
    likely the same figure with the wrong magnitude word: a warning as well.
    """

    code = "PC116"
    name = "magnitude-slip"
    severity = Severity.warning
    repeated_by = ("units",)
    leads = "unit-slip"
    messages = ("slip",)
