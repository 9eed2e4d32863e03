from __future__ import annotations

from plancheck.findings import Severity
from plancheck.scan.base import ScanRule


class ScanUnitClash(ScanRule):
    """The two values a growth connects are of one dimension — check's PC105 on a raw document.

    **What it does.** A growth claim's endpoints (`从A年的X增加到B年的Y`) must be measured in
    units of one dimension (money, count, ratio …, by plancheck.units: 亿元 and 万元 are both
    money and compare; 亿元 and 家 do not). Endpoints of two dimensions are an error: the rate
    cannot be computed, and PC601 cannot check it.

    **Why is this bad?** `从2015年的225.0亿元增加到2020年的506.9万家` has a mistyped unit in one
    endpoint (or the second figure is another quantity's): the claim is unverifiable as printed.

    **Example (fails).** `全市数字经济核心产业增加值从2015年的225.0亿元增加到2020年的506.9万家`.

    **Example (passes).** `…从2015年的225.0亿元增加到2020年的506.9亿元`.

    **Readings considered.** A unit plancheck.units does not know (万吨标准煤) is not judged here;
    two count words of one dimension (家 against 个) may be loose synonyms and are left to the
    reader, as PC115 does.
    """

    code = "PC609"
    messages = ("dimensions",)
    name = "scan-unit-clash"
    severity = Severity.error

    def check_document(self, sd):
        for g in sd.claims.growth:
            if g.start is None or g.end is None:
                continue
            a, b = g.start.number.unit_info, g.end.number.unit_info
            if a is None or b is None or a.dimension == b.dimension or "number" in (a.dimension, b.dimension):
                continue
            sa, sb = g.start.number.text.strip(), g.end.number.text.strip()
            yield self.finding("dimensions", plans=[sd.display], key=f"{sd.display}/{g.subject}/{g.start.year}-{g.end.year}/{a.printed}-{b.printed}",
                               facts=[sd.evidence(g)],
                               values={"subject": g.subject, "start": sa, "end": sb, "start_dimension": a.dimension,
                                       "end_dimension": b.dimension})
