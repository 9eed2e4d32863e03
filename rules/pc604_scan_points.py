from __future__ import annotations

from plancheck.findings import Severity
from plancheck.scan.base import ScanRule, growth_check, values


class ScanPoints(ScanRule):
    """A change of a share is written in percentage points, not percent.

    **What it does.** When a growth claim joins two percentages — a share or a rate, `占比从
    6.4%上升至9.2%，提高2.8%` — and states its change in `%`, both readings are computed: as a
    relative change ((9.2/6.4 − 1) × 100 = 43.8%) and as percentage points (9.2 − 6.4 = 2.8).
    When only the points reading fits, it is a warning that names both readings (write 个百分点).
    When neither fits, no reading of the words makes the numbers agree: an error.

    **Why is this bad?** `提高2.8%` of a 6.4% share means 6.58%, not 9.2%; readers and rules
    take a percent as relative. The glossary: 提高X个百分点 is points, never percent.

    **Example (fails).** `占GDP比重从2015年的6.4%上升至2020年的9.2%，提高2.8%`: 2.8 fits only as
    percentage points.

    **Example (passes).** `…从2015年的6.4%上升至2020年的9.2%，提高2.8个百分点`.
    """

    code = "PC604"
    name = "scan-points"
    severity = Severity.error
    messages = ('points', 'neither')

    def check_document(self, sd):
        for g in sd.claims.growth:
            if g.rate is None or g.measure not in ("total", "cagr") or g.rate.unit != "%":
                continue
            start = g.start or sd.value_of(g.subject, g.start_year, like=g.end)
            end = g.end or sd.value_of(g.subject, g.end_year, like=g.start)
            if start is None or end is None or not (start.number.percent and end.number.percent):
                continue
            years = (end.year - start.year) if (start.year and end.year) else 1
            sign = -1 if g.falling else 1
            rate = sign * g.rate.value
            rel = growth_check(g.measure, rate, g.rate.comparator, start, end, max(years, 1))
            pts = growth_check("pp", rate, g.rate.comparator, start, end, max(years, 1))
            if rel is None or pts is None or rel.verdict in ("consistent", "rounding"):
                continue
            key = f"{sd.display}/{g.subject}/{start.year}-{end.year}/{g.rate.text.strip()}"
            ev = [sd.evidence(g)]
            v = {**values(rel, points_verdict=pts.verdict), "points_computed": pts.computed_text,
                 "subject": g.subject, "rate": g.rate.text.strip()}
            if pts.verdict in ("consistent", "rounding"):
                yield self.finding("points", plans=[sd.display], key=key, severity=Severity.warning, values=v, facts=ev)
            else:
                yield self.finding("neither", plans=[sd.display], key=key + "/neither", values=v, facts=ev)
