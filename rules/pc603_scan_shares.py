from __future__ import annotations

from decimal import Decimal

from plancheck.findings import Severity
from plancheck.intervals import Interval
from plancheck.scan.base import ScanRule, base_bound, unit_of


class ScanShares(ScanRule):
    """Shares of a whole add up to 100 and agree with the values they are shares of.

    **What it does.** A structure `三次产业结构a:b:c` (any colon form: `:` `：` `∶` `比`) is a
    set of shares: their written intervals must be able to add up to 100 (an error otherwise).
    A share `X…，占Y比重Z%` is compared with X / Y when the document also states Y's value for
    the same year (looked up by name): a warning when they disagree beyond rounding, as the
    pairing of Y is by name.

    **Why is this bad?** Shares that cannot sum to the whole, or a share that its own
    numerator and denominator contradict, mean one of the figures was mistyped.

    **Example (fails).** `三次产业结构为6.8:42.7:51.5`: the shares sum to 101.0 at least 100.85.

    **Example (passes).** `三次产业结构比例为6.01:55.04:38.95` (Yuhuan's 2019 bulletin): 100.00.
    """

    code = "PC603"
    name = "scan-shares"
    severity = Severity.error
    messages = ('structure', 'share')

    def check_document(self, sd):
        for p in sd.claims.parts:
            if p.kind != "structure":
                continue
            bounds = [q.number.bound() for q in p.parts]
            total = sum(bounds[1:], bounds[0]) if bounds else Interval.exact(Decimal(0))
            if total.contains(Decimal(100)):
                continue
            printed = ":".join(str(q.number.value) for q in p.parts)
            yield self.finding("structure", plans=[sd.display], key=f"{sd.display}/structure/{printed}",
                               facts=[sd.evidence(p)], values={"structure": printed, "sum_interval": total.text()})
        for s in sd.claims.shares:
            if s.of_value is None or s.value is None or not s.whole:
                continue
            whole = sd.value_of(s.whole, s.year, like=s.of_value)
            if whole is None:
                continue
            part_b = base_bound(s.of_value.number, unit_of(s.of_value.number, whole.number))
            whole_b = base_bound(whole.number, unit_of(whole.number, s.of_value.number))
            pi = part_b.interval() if part_b is not None else None
            wi = whole_b.interval() if whole_b is not None else None
            if pi is None or wi is None or wi.lo <= 0:
                continue
            computed = (pi / wi).scale(Decimal(100))
            stated = s.value.bound()
            if computed.overlaps(stated):
                continue
            ev = [sd.evidence(s)]
            if whole.quote != s.quote:
                ev.append(sd.evidence(whole))
            yield self.finding("share", plans=[sd.display], key=f"{sd.display}/share/{s.subject}/{s.whole}/{s.year}",
                               severity=Severity.warning, facts=ev,
                               values={"share": s.value.text.strip(), "part": s.of_value.number.text.strip(),
                                       "whole": whole.number.text.strip(), "computed": computed.fmt(2),
                                       "subject": s.subject, "of": s.whole})

