from __future__ import annotations

from plancheck.findings import Evidence, Severity
from plancheck.models.plan import Comparator
from plancheck.scan.base import SameQuantityRule, base_bound, is_slip

_STATED = (Comparator.eq, Comparator.about)


class ScanSameQuantity(SameQuantityRule):
    """One quantity, region and year has one value, in a document (text vs table) and across documents.

    **What it does.** Groups the figures reported as actual values (not targets) by their
    subject as printed (normalised, the document's own region word such as 全市 stripped), year,
    and 累计 or not; across documents also by the region the document is about (the first
    region in its title). Two figures whose written intervals, in base units, cannot hold the
    same value are reported as a warning: the pairing is by name, and a footnote may date a
    table figure differently. Two that differ by a magnitude word (10^4, 10^8) are PC610's.

    **Why is this bad?** A table that says one thing and the text another, or a city plan that
    quotes a different figure from another document for the same year, means a figure was
    retyped wrongly or silently revised.

    **Example (fails).** Text `2020年，全市网络零售额1857.4亿元` and the target table's 2020
    column `网络零售总额 | 亿元 | 1875.4` under the same name.

    **Example (passes).** The text `…增加到2020年的506.9亿元` and the table's `数字经济核心产业
    增加值 | 亿元 | 506.9 | 1350`.
    """

    code = "PC606"
    name = "scan-same-quantity"
    severity = Severity.warning
    messages = ('in-document', 'across-documents')

    def check_document(self, sd):
        for (subject, year, cum, _scope), qs in sorted(sd.index().items(), key=lambda kv: str(kv[0])):
            qs = [q for q in qs if q.number.comparator in _STATED and len(subject) >= 3]
            clash = _clash([(q, base_bound(q.number)) for q in qs])
            if clash is None:
                continue
            a, b = clash
            yield self.finding("in-document", plans=[sd.display], key=f"{sd.display}/{subject}/{year}/{cum}",
                               facts=[sd.evidence(a), sd.evidence(b)],
                               values={"subject": subject, "year": str(year), "first": a.number.text.strip(), "second": b.number.text.strip()})

    def check_documents(self, entries: list):
        for (region, subject, year, cum, _dim), items in self.grouped(
                entries, lambda display, bound, num, ev: (display, bound, num.text.strip(), ev, num)):
            docs = sorted({d for d, *_ in items})
            if len(docs) < 2:
                continue
            first = items[0]
            other = next((it for it in items[1:] if it[0] != first[0] and not it[1].overlaps(first[1])
                          and not is_slip(it[4], first[4])), None)  # a 万/亿 slip is PC610's
            if other is None:
                continue
            ev: list[Evidence] = [first[3], other[3]]
            yield self.finding("across-documents", plans=[first[0], other[0]],
                               key=f"{region}/{subject}/{year}/{cum}/{first[0]}/{other[0]}",
                               facts=ev, values={"region": region, "subject": subject, "year": str(year),
                                                 "first": first[2], "second": other[2],
                                                 "first_document": first[0], "second_document": other[0]})


def _clash(items):
    for i, (a, ba) in enumerate(items):
        if ba is None:
            continue
        for b, bb in items[i + 1:]:
            if bb is not None and not ba.overlaps(bb) and a.number.unit_info.compatible(b.number.unit_info) \
                    and not is_slip(a.number, b.number):  # a 万/亿 slip is PC610's
                return a, b
    return None
