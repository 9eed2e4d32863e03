"""A scanned document: what was read, the claims extracted, its date and region, and an index
of its figures by (subject, year) for the checks that look across sentences."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace

from plancheck.extract import Claims, Quantity, extract_document
from plancheck.extract.claims import Claim
from plancheck.findings import Evidence
from plancheck.readers.base import Document

_SIGNED = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")
_PUBLISHED = re.compile(r"(?:发布日期|发布时间|成文日期|印发日期|發布日期)\s*[:：]?\s*(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})")
_REGION = re.compile(r"([\u4e00-\u9fff]{2,6}?(?:自治区|特别行政区|省|市|自治州|州|盟|县|区|旗))")


def document_date(doc: Document) -> dt.date | None:
    """The date the document gives itself: its signature line (`2021年12月31日` on a line of its
    own), else a `发布日期: 2016-09-02` line; None when it gives none."""
    head = doc.blocks[:60] + doc.blocks[-30:]
    for pattern in (_SIGNED, _PUBLISHED):
        for b in head:
            m = pattern.search(b.text)
            if m:
                try:
                    return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                except ValueError:
                    continue
    return None


def document_region(doc: Document) -> str:
    """The region the document is about: the first region name in its title (嘉兴市, 浙江省)."""
    for text in [doc.title or ""] + [b.text for b in doc.blocks[:20]]:
        m = _REGION.search(re.sub(r"\s+", "", text))
        if m:
            return m.group(1)
    return ""


@dataclass
class ScannedDoc:
    display: str  # the path as reported (relative to the project root when inside it)
    doc: Document
    issued: dt.date | None
    issued_from: str  # "--issued" | "document" | "unknown"
    region: str
    claims: Claims = field(default_factory=Claims)

    @classmethod
    def build(cls, display: str, doc: Document, issued: dt.date | None) -> ScannedDoc:
        own = document_date(doc)
        date, source = (issued, "--issued") if issued is not None else ((own, "document") if own else (None, "unknown"))
        sd = cls(display, doc, date, source, document_region(doc))
        sd.claims = extract_document(doc, date.year if date else None)
        return sd

    def evidence(self, claim: Claim, quote: str | None = None) -> Evidence:
        loc = claim.location
        line = loc.line_at(claim.span[0]) if claim.span else loc.line  # a joined paragraph: the claim's own line
        ref = replace(loc, line=line, line_starts=()).text() if (loc.page or loc.paragraph or loc.table or loc.note) else None
        # the document is its own "plan file": SARIF and the HTML report locate the finding there
        return Evidence(plan=self.display, file=self.display, line=line, quote=(quote or claim.quote).strip(),
                        plan_file=self.display, plan_line=line, item=ref)

    # -- the document's figures by subject and year (history and unknown roles: what was)
    def index(self) -> dict[tuple, list[Quantity]]:
        cache = self.__dict__.get("_index")
        if cache is None:
            cache = defaultdict(list)
            for q in self.claims.quantities:
                if q.subject and q.named and q.year is not None and q.role != "target" and q.number.unit_info is not None:
                    cache[(q.subject, q.year, q.cumulative, q.scope)].append(q)
            self.__dict__["_index"] = cache
        return cache

    def value_of(self, subject: str, year: int | None, like: Quantity | None = None) -> Quantity | None:
        """The document's one stated value of `subject` in `year` (None when none, or several disagree)."""
        if year is None or not subject:
            return None
        found = self.index().get((subject, year, False, "own"), [])
        if like is not None and like.number.unit_info is not None:
            found = [q for q in found if q.number.unit_info.compatible(like.number.unit_info)]
        values = {(q.number.value * q.number.unit_info.factor) for q in found}
        return found[0] if len(values) == 1 else None

    def entry(self) -> DocEntry:
        return DocEntry(self.display, self.doc.title or self.display, self.region, self.doc.format, self.doc.encoding,
                        len(self.claims.quantities), len(self.claims.growth),
                        self.issued.isoformat() if self.issued else None, self.issued_from)


@dataclass(frozen=True)
class DocEntry:
    """What the report keeps of a scanned document once its findings are made (small, picklable)."""

    display: str
    title: str
    region: str
    format: str
    encoding: str | None
    quantities: int
    growth: int
    issued: str | None
    issued_from: str
