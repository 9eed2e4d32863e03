from __future__ import annotations

from decimal import Decimal

from plancheck.findings import Severity
from plancheck.intervals import Interval
from plancheck.scan.base import ScanRule, base_bound, unit_of


class ScanParts(ScanRule):
    """Parts stated under a total do not exceed it, and a complete list adds up to it.

    **What it does.** Reads lists of parts after a total: `X，其中A a、B b`, `…亿元。其中，第一产业
    增加值a…`, `共N个，包括a个…、b个…`. Each figure stands for its written precision; the sum of
    the parts is an interval. A single part above its total is an error. For `其中` lists the
    parts need not be all of the total and may overlap, so a sum above the total is a warning.
    A complete list — written with `共/合计/总计` before the total — that does not add up is an
    error; one introduced by `包括` with no `等` is probably complete: a warning.

    **Why is this bad?** Parts that exceed their whole, or a whole that is not the sum of its
    stated parts, mean one figure was mistyped or a part was left out.

    **Example (fails).** `全市共培育省级工业互联网平台30家，包括7个行业级平台、25个企业级平台`:
    7 + 25 = 32, not 30.

    **Example (passes).** `全年全市实现地区生产总值1077.9亿元…。其中第一产业增加值72.8亿元…；
    第二产业增加值460.6亿元…；第三产业增加值544.5亿元` (a city's statistical bulletin): the
    parts add up to 1077.9.
    """

    code = "PC602"
    name = "scan-parts"
    severity = Severity.error
    messages = ('sum', 'part-over-total')

    def check_document(self, sd):
        for p in sd.claims.parts:
            if p.kind != "sum" or p.total is None:
                continue
            tu = unit_of(p.total.number)
            total = base_bound(p.total.number, tu)
            parts = [(q, base_bound(q.number, unit_of(q.number))) for q in p.parts]
            if total is None or any(b is None for _, b in parts):
                continue
            key = f"{sd.display}/{p.total.subject}/{p.total.number.text.strip()}/{p.opener}"
            ev = [sd.evidence(p)]
            for q, b in parts:
                if b.lo is not None and total.hi is not None and (b.lo > total.hi or (b.lo == total.hi and total.hi_open)):
                    yield self.finding("part-over-total", plans=[sd.display], key=f"{key}/{q.subject}", facts=ev,
                                       values={"total": p.total.number.text, "part": q.number.text,
                                               "part_subject": q.subject or "-part", "total_name": p.total.subject})
            s = sum((b for _, b in parts[1:]), parts[0][1]) if parts else Interval.exact(Decimal(0))
            if s.overlaps(total):
                continue
            above = s.lo is not None and total.hi is not None and s.lo > total.hi
            complete = bool(p.total_word) or p.complete
            if not complete and not above:
                continue  # 其中 parts below the total: the rest is not listed
            sev = Severity.error if p.total_word else Severity.warning
            printed = " + ".join(q.number.text.strip() for q, _ in parts)
            vals = {"total": p.total.number.text.strip(), "parts": printed, "sum_interval": _printed(s, tu.factor),
                    "total_interval": _printed(total, tu.factor), "complete": str(complete), "opener": p.opener,
                    "total_subject": p.total.subject or "-total"}
            yield self.finding("sum", plans=[sd.display], key=key + "/sum", severity=sev, facts=ev, values=vals)


def _printed(b: Interval, factor: Decimal) -> str:
    """An interval in the total's printed unit, for the report."""
    return b.scale(1 / factor).text()
