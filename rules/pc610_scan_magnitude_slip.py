from __future__ import annotations

from plancheck.findings import Severity
from plancheck.rules.unitchecks import _slip_pairs
from plancheck.scan.base import SameQuantityRule, SlipRef, slip_refs


class ScanMagnitudeSlip(SameQuantityRule):
    """Two statements of one quantity and year that differ by 10^4, 10^8 or 10^12: a probable 万/亿
    slip — check's PC116 on raw documents.

    **What it does.** The figures PC606 groups as one quantity (subject as printed, year, 累计 or
    not; across documents also the region the document is about) are compared by PC116's own
    test (plancheck.rules.unitchecks): a ratio that is, within the written precision, 10^4 (万),
    10^8 (亿) or 10^12 (万亿) — or a bound thousands of times away from a stated value — is a
    warning naming the magnitude word. PC606 then leaves that pair to this rule.

    **Why is this bad?** A unit word retyped wrong turns 1857.4亿元 into 1857.4万元: the digits
    are right and the figure is wrong by ten thousand times.

    **Example (fails).** `2020年，全市网络零售额1857.4亿元。` and, later, `2020年全市网络零售额
    1857.4万元`.

    **Example (passes).** `1857.4亿元` in the text and `0.18574万亿元` in a table: one value in
    two units.

    **Readings considered.** The pairing is by name (two scopes may share one): a warning.
    """

    code = "PC610"
    messages = ("slip",)
    name = "scan-magnitude-slip"
    severity = Severity.warning

    def check_document(self, sd):
        for (subject, year, cum, _scope), qs in sorted(sd.index().items(), key=lambda kv: str(kv[0])):
            for big, small, ratio, k, word in _slip_pairs(slip_refs(qs, sd.display)):
                yield self._finding([sd.display], f"{sd.display}/{subject}/{year}/{cum}/{big.q.number.text}~{small.q.number.text}",
                                    subject, year, big, small, ratio, k, word, [sd.evidence(big.q), sd.evidence(small.q)])

    def check_documents(self, entries: list):
        for (region, subject, year, cum, _dim), items in self.grouped(
                entries, lambda display, _bound, num, ev: (SlipRef(num, display), ev)):
            if len({r.display for r, _ in items}) < 2:
                continue
            evs = {id(r): ev for r, ev in items}
            for big, small, ratio, k, word in _slip_pairs([r for r, _ in items]):
                if big.display == small.display:
                    continue
                a, b = sorted((big.display, small.display))
                yield self._finding([big.display, small.display], f"{region}/{subject}/{year}/{cum}/{a}~{b}", f"{region}{subject}",
                                    year, big, small, ratio, k, word, [evs[id(big)], evs[id(small)]])

    def _finding(self, plans, key, subject, year, big, small, ratio, k, word, evidence):
        a, b = big.label(), small.label()
        return self.finding("slip", plans=plans, key=key, facts=evidence,
                            values={"subject": subject, "year": str(year), "a": a, "b": b, "ratio": ratio.fmt(1),
                                    "factor": format(k, "f"), "word": word, "power": str(len(str(k)) - 1)})
