from __future__ import annotations

import re

from plancheck.findings import Severity
from plancheck.scan.base import ScanRule


class ScanYears(ScanRule):
    """Years are possible, inside the period their sentence names, and not after the document's date.

    **What it does.** Three checks. (1) A year written with more than four digits that starts
    like one (`期限为20232025年`: two years run together) is an error. (2) Data reported as
    past — a growth's endpoints, figures with 截至/累计/同比/位居… — for a year after the
    document's date is an error; the date is `--issued`, else the document's own signature
    line (`2021年12月31日`) or `发布日期`; without either the check is skipped. (3) A sentence
    that names a period (`“十三五”期间`: 2016–2020, base year 2015) and reports a year after
    that period's end is a warning (the year or the period word is wrong).

    **Why is this bad?** A plan cannot report what had not happened when it was issued; a
    five-digit year or a 十三五 review of 2023 is a typing or copying error.

    **Example (fails).** The re-typed Jiaxing copy: `“十三五”期间…从2015年的225.0亿元增加到2023年的
    506.9亿元`, for a plan issued on 2021-12-31 (2023 printed for 2020).

    **Example (passes).** The official text: `…增加到2020年的506.9亿元`.
    """

    code = "PC605"
    name = "scan-years"
    severity = Severity.error
    messages = ('impossible', 'after-issue', 'period')

    def check_document(self, sd):
        for y in sd.claims.years:
            if y.kind == "impossible" and re.match(r"(19|20)\d{3,}", y.text.lstrip("到至截止")):
                digits = re.sub(r"\D", "", y.text)
                split = f"{digits[:4]}-{digits[4:8]}" if len(digits) == 8 else None
                yield self.finding("impossible", plans=[sd.display], key=f"{sd.display}/impossible/{digits}",
                                   facts=[sd.evidence(y)],
                                   values={"year": y.text, "reads_as": split, "year_repr": repr(y.text),
                                           "reading": "split" if split else "no-split"})
        if sd.issued is not None:
            seen = set()
            for q in sd.claims.quantities:
                if q.role != "history" or q.year is None or q.year <= sd.issued.year:
                    continue
                k = (q.quote, q.year)
                if k in seen:
                    continue
                seen.add(k)
                yield self.finding("after-issue", plans=[sd.display], key=f"{sd.display}/after-issue/{q.subject}/{q.year}",
                                   facts=[sd.evidence(q)],
                                   values={"year": str(q.year), "issued": sd.issued.isoformat(), "date_from": sd.issued_from,
                                           "figure": q.number.text.strip(), "subject": q.subject or ""})
        yield from self._period(sd)

    def _period(self, sd):
        from plancheck.extract.vocab import vocab

        by_sentence: dict[tuple, list] = {}
        for y in sd.claims.years:
            by_sentence.setdefault((y.quote, y.location), []).append(y)
        for (_quote, _), ys in by_sentence.items():
            periods = [y for y in ys if y.kind == "period" and re.search(r"期间|时期|以来", y.text)]
            if len(periods) != 1:
                continue
            p = periods[0]
            name = next((n for n in vocab().periods if n in p.text), None)
            for y in ys:
                if y.kind in ("point", "end", "range") and y.end is not None and p.end is not None and y.end > p.end:
                    if y.span[0] < p.span[0]:
                        continue  # the year comes before the period words: another clause
                    yield self.finding("period", plans=[sd.display], key=f"{sd.display}/period/{name}/{y.end}",
                                       severity=Severity.warning, facts=[sd.evidence(y)],
                                       values={"period": p.text, "period_years": f"{p.start}-{p.end}", "year": y.text,
                                               "period_start": str(p.start), "period_end": str(p.end)})
