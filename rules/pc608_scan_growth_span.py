from __future__ import annotations

from plancheck.findings import Severity
from plancheck.scan.base import ScanRule
from plancheck.vocab import span_of_words


class ScanGrowthSpan(ScanRule):
    """A growth runs forward in time, over the span its words name — check's PC113 on a raw document.

    **What it does.** For a growth claim whose sentence prints both endpoints with their years
    (`从A年的X增加到B年的Y`): (1) the later value's year must not be before the earlier one's —
    an error otherwise (a target year before its baseline year: no reading makes 2020 → 2015 a
    growth; one year read for both, as `2004年至2009年，…由X增加到Y` gives, is not judged); (2) when the sentence names its span in words (`“十三五”期间`: 2015 to 2020, by the
    glossary; `比2015年`), the endpoints' years must be those of the words — a warning otherwise
    (the same reading of span words as PC113: plancheck.vocab.span_of_words). An end year after
    the period is PC605's (a year the period words cannot cover), not reported again here.

    **Why is this bad?** A growth over the wrong span gives the wrong rate, and PC601 then
    compares the stated rate with the wrong endpoints; a reversed pair is a mistyped year.

    **Example (fails).** `全市网络零售额从2020年的835.6亿元上升至2015年的1857.4亿元`.

    **Example (passes).** `“十三五”期间，…从2015年的225.0亿元增加到2020年的506.9亿元`.

    **Readings considered.** A span word may loosely name a review (`十三五期间` over 2016-2020,
    when a plan counts from the period's first year): a warning; a reversed pair has no such
    reading: an error.
    """

    code = "PC608"
    messages = ("order", "period")
    name = "scan-growth-span"
    severity = Severity.error

    def check_document(self, sd):
        for g in sd.claims.growth:
            if g.start is None or g.end is None or g.start.year is None or g.end.year is None:
                continue
            a, b = g.start.year, g.end.year
            key = f"{sd.display}/{g.subject}/{a}-{b}"
            vals = {"subject": g.subject, "start": f"{g.start.number.text.strip()} ({a})", "end": f"{g.end.number.text.strip()} ({b})",
                    "start_year": str(a), "end_year": str(b)}
            if b == a:
                continue  # one year for both (`2004年至2009年，…由X增加到Y`: the range's): nothing to compare
            if b < a:
                yield self.finding("order", plans=[sd.display], key=key + "/order", facts=[sd.evidence(g)], values=vals)
                continue
            if not g.period:
                continue
            span = span_of_words(g.period)
            wrong = [(side, got, want) for side, got, want in (("start", a, span.start), ("end", b, span.end))
                     if want is not None and got != want and not (side == "end" and got > want)]  # after the period: PC605
            for side, got, want in wrong:
                yield self.finding("period", plans=[sd.display], key=f"{key}/{side}", severity=Severity.warning,
                                   facts=[sd.evidence(g)],
                                   values={**vals, "period": g.period, "stated": str(got), "expected": str(want), "side": side,
                                           "period_start": str(span.start), "period_end": str(span.end)})
