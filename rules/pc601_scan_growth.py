from __future__ import annotations

from decimal import Decimal

from plancheck.findings import Severity
from plancheck.models.plan import Comparator
from plancheck.scan.base import ScanRule, growth_check, values


class ScanGrowth(ScanRule):
    """A growth rate in a raw document matches the two values it connects.

    **What it does.** For every growth claim the extractor finds — `从A年的X增加到B年的Y，年均增长
    Z%`, `由X增长至Y，增长Z%`, `增长了N倍` (ratio N+1), `增长N倍` (read both as N+1 and as N),
    `翻一番` (x2), `提高N个百分点` (a share's change in points) — it recomputes the growth from the
    endpoints with the interval arithmetic of PC101 (every figure stands for its written
    precision) and compares. A rate belongs to the quantity its clause names: in
    `A的年均增速为r%，B从x增长至y`, r is never checked against B. When the sentence gives one
    endpoint or none (`比2015年翻一番`, `十三五期间年均增长15.2%`), the other is looked up in the
    same document by the same subject and year.

    Verdicts: consistent (nothing); consistent only by rounding (info); inconsistent: an error
    when both endpoints are in the sentence, a warning when one was looked up elsewhere in the
    document (the pairing is an inference). A real rate (按可比价, 实际增长) against nominal
    endpoints is never an error (info: price changes can explain the gap). A percent change of
    a share is rule PC604.

    **Why is this bad?** A rate that does not follow from its own endpoints means one of the
    three numbers, or a year, was mistyped.

    **Example (fails).** `全市数字经济核心制造业增加值从2015年的173.66亿元增加到2020年的404.2亿元，
    年均增速16.6%`: the endpoints give 18.4% a year (Jiaxing's plan as published).

    **Example (passes).** `从2015年的225.0亿元增加到2020年的506.9亿元，年均增长17.6%`: 17.64%
    rounds to 17.6%.
    """

    code = "PC601"
    name = "scan-growth"
    severity = Severity.error
    messages = ('inconsistent', 'rounding')

    def check_document(self, sd):
        for g in sd.claims.growth:
            if g.rate is None:
                continue
            start = g.start or sd.value_of(g.subject, g.start_year, like=g.end)
            end = g.end or sd.value_of(g.subject, g.end_year, like=g.start)
            if start is None or end is None or start is end:
                continue
            if g.measure != "pp" and (start.number.percent or end.number.percent):
                continue  # a share's change in percent: PC604 reads both ways
            if g.measure == "pp" and not (start.number.percent and end.number.percent):
                continue
            years = (end.year - start.year) if (start.year and end.year) else None
            if g.measure == "cagr" and (years is None or years <= 0):
                continue
            inferred = g.start is None or g.end is None
            readings = _readings(g)
            results = [(m, growth_check(m, r, c, start, end, years or 1)) for m, r, c in readings]
            results = [(m, r) for m, r in results if r is not None and r.verdict not in ("incomparable", "unknown")]
            if not results or any(r.verdict == "consistent" for _, r in results):
                continue
            measure, res = next(((m, r) for m, r in results if r.verdict == "rounding"), results[0])
            yield from self._report(sd, g, start, end, measure, res, inferred, years)

    def _report(self, sd, g, start, end, measure, res, inferred, years):
        key = f"{sd.display}/{g.subject}/{start.year}-{end.year}/{g.measure}/{g.rate.text.strip()}"
        ev = [sd.evidence(g)]
        for q in (start, end):
            if q.quote != g.quote:
                ev.append(sd.evidence(q))
        alt = _period_reading(g, start, end, measure)
        v = {**values(res, rate_words=g.wording, real=g.real or None, endpoint_found_elsewhere=inferred or None,
                      period=g.period, fits_period_span=alt),
             # the message's own fields: the subject (or "the growth"), the years, the notes that apply
             "subject": g.subject or "", "years": str(years) if years else "?",
             "rate_kind": "real" if g.real else "nominal", "period_note": "fits-period" if alt else "no-period"}
        if res.verdict == "rounding":
            yield self.finding("rounding", plans=[sd.display], key=key + "/rounding", severity=Severity.info, values=v,
                               facts=ev)
            return
        sev = Severity.info if g.real else (Severity.warning if inferred else Severity.error)
        yield self.finding("inconsistent", plans=[sd.display], key=key, severity=sev, values=v, facts=ev)


def _readings(g) -> list[tuple[str, Decimal, Comparator]]:
    """(measure, rate, comparator) for each reading of the words."""
    r, c = g.rate.value, g.rate.comparator
    sign = -1 if g.falling else 1
    if g.measure == "multiple":
        if g.rate.exact:  # 翻一番: a word, exactly x2
            return [("multiple", r, c)]
        # N倍 keeps its written precision as a total growth in percent: 3.3倍 = 330% +- 5%
        n = r.scaleb(2)
        plus = [("total", n, c)]
        minus = [("total", (r - 1).scaleb(2), c)]
        if g.wording.endswith("了"):
            return plus  # 增长了N倍: ratio N+1
        return plus + minus  # 增长N倍: either reading, as usage varies
    if g.measure == "pp":
        return [("pp", sign * r, c)]
    return [(g.measure, sign * r, c)]


def _period_reading(g, start, end, measure) -> str | None:
    """When the sentence names a period (十三五期间) whose span differs from the printed years and
    the rate fits that span: 'start-end' of the period."""
    if not g.period or g.measure != "cagr":
        return None
    from plancheck.extract.vocab import vocab

    for name, (first, last) in vocab().periods.items():
        if name in g.period and (first, last) != (start.year, end.year):
            res = growth_check(measure, g.rate.value, g.rate.comparator, start, end, last - first)
            if res is not None and res.verdict in ("consistent", "rounding"):
                return f"{first}-{last}"
    return None
