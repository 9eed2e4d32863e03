"""Extract the claims of one text block, sentence by sentence."""

from __future__ import annotations

from decimal import Decimal

from plancheck.extract import growth as G
from plancheck.extract import parts as P
from plancheck.extract import respectively as R
from plancheck.extract import sentences as S
from plancheck.extract.claims import Claims, Growth, Num, Parts, Quantity, Share, YearMention
from plancheck.extract.normalize import Normalized, normalize, without
from plancheck.extract.numbers import RawNum, RawYear, figures, years
from plancheck.extract.vocab import vocab
from plancheck.models.plan import Comparator
from plancheck.readers.base import Block, Location


def extract_block(block: Block, doc_year: int | None = None) -> Claims:
    n = without(normalize(block.text), block.location.page_marks)  # read past joined page marks
    s = n.text
    out = Claims()
    if not any(c.isdigit() for c in s) and "十" not in s and "分之" not in s and "番" not in s:
        return out
    ys_all, nums_all = [_dated(y, s, doc_year) for y in years(s)], figures(s)
    lead: Quantity | None = None  # the previous sentence's main figure, for `…亿元。其中…`
    for a, b in S.sentences(s):
        ys = [y for y in ys_all if a <= y.start < b]
        nums = [x for x in nums_all if a <= x.start < b]
        if not ys and not nums:
            lead = None
            continue
        sent = _Sentence(n, a, b, ys, nums, block.location, doc_year, out, lead)
        sent.run()
        lead = sent.lead
    return out


def _dated(y: RawYear, s: str, doc_year: int | None) -> RawYear:
    """A relative year that counts from the document's date (去年, 今年: `date_relative_years`)
    resolved when that date is known, so the figures after it carry the year; one that counts
    from the year under discussion (上年, 当年) or a comparison base (比去年) stays unresolved
    here (scan item 5: minimal change by `scan`, see NOTES.md)."""
    if y.kind != "relative" or doc_year is None or s[y.start:y.end] not in vocab().words("date_relative_years"):
        return y
    if y.start > 0 and s[y.start - 1] in "比较与同和及":
        return y
    off = int(vocab().data["relative_years"][s[y.start:y.end]])
    return RawYear(y.start, y.end, y.kind, doc_year + off, doc_year + off, y.text)


class _Sentence:
    def __init__(self, n: Normalized, a: int, b: int, ys: list[RawYear], nums: list[RawNum], loc: Location,
                 doc_year: int | None, out: Claims, prev_lead: Quantity | None = None):
        self.n, self.s, self.a, self.b, self.ys, self.nums, self.loc = n, n.text, a, b, ys, nums, loc
        self.prev_lead = prev_lead
        self.lead: Quantity | None = None
        self.doc_year, self.out = doc_year, out
        self.quote = n.quote(a, b)
        self.q: dict[int, Quantity] = {}  # by the figure's normalised start
        self.named_before: str | None = None  # the subject of a rate stated before any figure
        self.dist = R.distribute(self.s, a, b, nums)  # `A和B分别为a、b`

    def span(self, a: int, b: int) -> tuple[int, int]:
        return self.n.orig_span(a, b)

    def run(self) -> None:
        for y in self.ys:
            self._year(y)
        main = None
        for r in self.nums:
            q = self._quantity(r, main)
            if q is not None:
                self.q[r.start] = q
                if main is None and q.subject and not q.number.percent:
                    main = q.subject
                    self.lead = q if q.named and q.number.unit_info is not None else None
        self.main = main
        self._growth()
        self._parts()

    # -- years
    def _year(self, y: RawYear) -> None:
        first, last = y.first, y.last
        if y.kind == "relative" and self.doc_year is not None:
            off = vocab().data["relative_years"][self.s[y.start:y.end]]
            first = last = self.doc_year + int(off)
        self.out.years.append(YearMention(self.quote, self.span(y.start, y.end), self.loc, text=self.n.quote(y.start, y.end),
                                          kind=y.kind, start=first, end=last))

    # -- figures
    def _quantity(self, r: RawNum, main: str | None) -> Quantity | None:
        s, a = self.s, self.a
        head = r.before_start if r.before_start is not None else r.start
        yr = S.year_before(self.ys, head, a)
        year = None if yr is None else yr.last
        cs = S.clause_start(s, a, head)
        if S.attributive(s, r, self.b):
            return None  # `规模超100亿元企业4家`, `营收超10亿元的…楼宇`: a class of things, not a figure
        item = self.dist.get(r.start)
        if (item is not None and item.rate_word) or G.each_year_before(s, cs, head) is not None:
            return None  # `…年均增速分别实现10%和20%`, `近三年增速连续保持25%以上`: rates
        rate = None if r.unit == "倍" else G._rate_re().search(s, max(cs, head - 12), head)
        if r.unit == "倍" or rate is not None:
            if rate is not None and self.named_before is None:  # `…增加值年均增长15.2%，2020年达7020亿元`
                self.named_before = S.subject(s[cs:rate.start()]) or None
            return None  # a rate or a multiple: read by the growth claims, not a quantity
        role = S.role(s, a, r.start, year, self.doc_year, self.ys)
        if self._in_pair(r) and role == "unknown":
            role = "history"  # 从X增加到Y, with no aim marker: a report of the past
        cmp_, qual = S.comparator(r, role)
        num = Num(self.n.quote(head, r.end), r.value, r.unit, cmp_, qual, r.hi, r.exact, self.span(r.start, r.end))
        pair_from = self._pair_start(r)
        if item is not None:
            subj, named = item.subject, True
        elif pair_from is not None:
            subj, named = pair_from.subject, True
        else:
            subj = S.subject(s[cs:head])
            named = not any(o is not r and cs <= o.start < r.start for o in self.nums)
            if subj.startswith("占") and main:
                subj = main + subj
            elif not subj and named and r.unit != "%" and (main or self.named_before):
                subj = main or self.named_before  # an elliptical clause: the sentence's subject
            if not subj and named:
                subj = S.subject_after(s[r.end:S.clause_end(s, r.end, self.b)], r.unit)
        whole = P.share_before(s, cs, head)
        q = Quantity(self.quote, self.span(head, r.end), self.loc, subject=subj, number=num, year=year, role=role,
                     cumulative="累计" in s[cs:r.start], scope=S.scope_of(s[cs:head]), named=named)
        if whole is not None and (r.unit == "%"):
            owner = subj.split("占")[0] if "占" in subj else (main or "")
            self.out.shares.append(Share(self.quote, q.span, self.loc, subject=owner, whole=whole, value=num, year=year,
                                         of_value=self._last_named(r.start, owner)))
        self.out.quantities.append(q)
        return q

    def _in_pair(self, r: RawNum) -> bool:
        return any(r is x or r is y for x, y in G.endpoint_pairs(self.s, self.nums))

    def _pair_start(self, r: RawNum) -> Quantity | None:
        for x, y in G.endpoint_pairs(self.s, self.nums):
            if y is r:
                return self.q.get(x.start)
        return None

    def _last_named(self, pos: int, subject: str, percent: bool = False) -> Quantity | None:
        best = None
        for p, q in self.q.items():
            if p < pos and q.named and (percent or not q.number.percent) and (not subject or q.subject == subject):
                best = q
        return best

    # -- growth
    def _growth(self) -> None:
        s, a, b = self.s, self.a, self.b
        used: set[int] = set()
        for x, y in G.endpoint_pairs(s, self.nums):
            qx, qy = self.q.get(x.start), self.q.get(y.start)
            if qx is None or qy is None:
                continue
            found = G.rate_after(s, y.end, b, self.nums, qx.subject)
            if found is None:
                mult = G.multiple_word(s, y.end, S.clause_end(s, S.clause_end(s, y.end, b) + 1, b))
                if mult is None:
                    continue
                ratio, ma, mb = mult
                rate = Num(self.n.quote(ma, mb), Decimal(ratio), "倍", Comparator.eq, exact=True, span=self.span(ma, mb))
                self._add_growth(qx.subject, "multiple", rate, qx, qy, s[ma:mb], a, b)
                continue
            rnum, word, wstart = found
            used.add(rnum.start)
            rate = self._rate_num(rnum)
            self._add_growth(qx.subject, G.measure_of(word, rnum.unit), rate, qx, qy, word, a, b,
                             real=G.is_real(s[a:b]), falling=G.is_fall(word))
        for y, x, after in G.compared_pairs(s, self.nums):  # …Y，与2015年的X相比，年均增长Z%
            qx, qy = self.q.get(x.start), self.q.get(y.start)
            if qx is None or qy is None:
                continue
            found = G.rate_after(s, after, b, self.nums, qy.subject)
            if found is None:
                continue
            rnum, word, _ = found
            used.add(rnum.start)
            self._add_growth(qy.subject, G.measure_of(word, rnum.unit), self._rate_num(rnum), qx, qy, word, a, b,
                             real=G.is_real(s[a:b]), falling=G.is_fall(word))
        self._base_forms(used)

    def _rate_num(self, r: RawNum) -> Num:
        q = self.q.get(r.start)
        if q is not None:
            return q.number
        cmp_, qual = S.comparator(r, "unknown")
        head = r.before_start if r.before_start is not None else r.start
        return Num(self.n.quote(head, r.end), r.value, r.unit, cmp_, qual, r.hi, r.exact, self.span(r.start, r.end))

    def _aim_year(self, pos: int) -> int | None:
        """The year an aim sentence reaches (到2025年) before `pos`: a target rate's last year."""
        y = S.year_before(self.ys, pos, self.a)
        return y.last if y is not None and y.kind == "until" else None

    def _respective_rate(self, r: RawNum) -> bool:
        """`数字服务贸易和跨境电商年均增速分别实现10%和20%以上`: one rate per subject."""
        item = self.dist.get(r.start)
        if item is None or not item.rate_word:
            return False
        word = next((w for w in sorted(vocab().rate_words, key=len, reverse=True) if item.rate_word.startswith(w)), item.rate_word)
        self._add_growth(item.subject, G.measure_of(word, r.unit), self._rate_num(r), None, None, item.rate_word,
                         self.a, self.b, real=G.is_real(self.s[self.a:self.b]), falling=G.is_fall(word),
                         end_year=self._aim_year(r.start))
        return True

    def _each_year(self, r: RawNum, head: int) -> bool:
        """`研发费用达79.3亿元，…，近三年增速连续保持25%以上`: a growth in each of the last N years
        up to the year of the figure before it (the last one ends at that figure)."""
        s, a = self.s, self.a
        cs = S.clause_start(s, a, head)
        found = G.each_year_before(s, cs, head)
        if found is None or r.unit != "%":
            return False
        n, word, at = found
        end = self._last_named(cs, "")
        subj = S.subject(s[cs:at])
        if end is None or end.year is None or (subj and subj != end.subject):
            return True  # a rate, but not one this sentence ties to a figure and a year
        rate = self._rate_num(r)
        for k in range(n):
            last = end.year - n + k + 1
            self._add_growth(end.subject, "total", rate, None, end if k == n - 1 else None, f"连续{word}",
                             a, self.b, real=G.is_real(s[a:self.b]), start_year=last - 1, end_year=last)
        return True

    def _yoy(self, r: RawNum, m, cs: int) -> bool:
        """`研发费用达79.3亿元，同比增长26.4%`: a growth over the previous year, ending at the
        figure the sentence states before it (its year one back)."""
        s = self.s
        pre = s[cs:m.start()]
        marker = next((w for w in vocab().words("yoy_markers") if pre.endswith(w)), None)
        if marker is None:
            return False
        measure = G.measure_of(m.group("w"), r.unit)
        end = self._last_named(m.start(), "", percent=measure == "pp")
        subj = S.subject(pre[:len(pre) - len(marker)])
        if end is not None and subj and subj != end.subject:
            end = None
        if end is None:
            return True  # the previous year's figure of a subject the sentence does not state
        self._add_growth(end.subject, measure, self._rate_num(r), None, end, marker + m.group("w"), self.a, self.b,
                         real=G.is_real(s[self.a:self.b]), falling=G.is_fall(m.group("w")),
                         start_year=end.year - 1 if end.year is not None else None, end_year=end.year)
        return True

    def _add_growth(self, subject, measure, rate, start, end, wording, a, b, real=False, falling=False,
                    start_year=None, end_year=None) -> None:
        sy = start_year if start_year is not None else (start.year if start is not None else None)
        ey = end_year if end_year is not None else (end.year if end is not None else None)
        period = G.period_in(self.ys, a, b)
        if (sy is None or ey is None or sy >= ey) and period is not None and measure == "cagr":
            sy, ey = period.first, period.last
        span = (start.span[0] if start is not None else rate.span[0], max(rate.span[1], end.span[1] if end else 0))
        self.out.growth.append(Growth(self.quote, span, self.loc, subject=subject, measure=measure, rate=rate,
                                      start=start, end=end, start_year=sy, end_year=ey,
                                      period=self.s[period.start:period.end] if period else None,
                                      real=real, falling=falling, wording=wording))

    def _base_forms(self, used: set[int]) -> None:
        """Rates with one endpoint or none in the sentence: `比2015年增长Z%`, `比2015年翻一番`,
        `十三五期间年均增长Z%`; the rule looks the other endpoint up in the document."""
        s, a, b = self.s, self.a, self.b
        for r in self.nums:
            if r.start in used or r.unit not in ("%", "个百分点", "百分点", "倍"):
                continue
            head = r.before_start if r.before_start is not None else r.start
            if self._respective_rate(r) or self._each_year(r, head):
                continue
            m = G._rate_re().search(s, max(a, head - 12), head)
            if m is None or any(w in s[m.start():head] for w in ("倍", "高于", "快于")):
                continue
            cs = S.clause_start(s, a, m.start())
            if self._yoy(r, m, cs):
                continue
            if any(w in s[cs:m.start()] for w in vocab().words("relative_markers")) or "同比" in s[cs:m.start()]:
                continue
            if any(w in s[max(a, m.start() - 3):m.start()] for w in vocab().words("yoy_markers")):
                continue
            base = G.base_year_before(s, a, m.start(), self.ys)
            end = self._last_named(cs, "", percent=True) if base is not None else None
            subj = S.subject(s[cs:m.start()]) or (end.subject if end is not None else self.main or "")
            if end is not None and end.subject != subj and subj:
                end = None
            rate = self._rate_num(r)
            measure = G.measure_of(m.group("w"), r.unit)
            self._add_growth(subj, measure, rate, None, end, m.group("w"), a, b, real=G.is_real(s[a:b]),
                             falling=G.is_fall(m.group("w")), start_year=base.last if base else None,
                             end_year=end.year if end is not None else None)
        for lo, hi in ((a, b),):
            mult = G.multiple_word(s, lo, hi)
            if mult is None:
                continue
            ratio, ma, mb = mult
            base = G.base_year_before(s, a, ma, self.ys)
            end = self._last_named(ma, "")
            if base is None or end is None or any(g.rate is not None and g.rate.span == self.span(ma, mb) for g in self.out.growth):
                continue
            rate = Num(self.n.quote(ma, mb), Decimal(ratio), "倍", Comparator.eq, exact=True, span=self.span(ma, mb))
            self._add_growth(end.subject, "multiple", rate, None, end, s[ma:mb], a, b, start_year=base.last, end_year=end.year)

    # -- parts, structures
    def _parts(self) -> None:
        s, a, b = self.s, self.a, self.b
        for lo, hi, vals in P.structures(s, a, b):
            qs = tuple(Quantity(self.quote, self.span(x, y), self.loc, subject=f"part {i + 1}",
                                number=Num(self.n.quote(x, y), v, "%", span=self.span(x, y)), year=None)
                       for i, (x, y, v) in enumerate(vals))
            self.out.parts.append(Parts(self.quote, self.span(lo, hi), self.loc, total=None, parts=qs, complete=True,
                                        kind="structure", opener=self.n.quote(lo, hi)))
        ordered = sorted(self.q.items())
        if self.prev_lead is not None:  # `…1077.9亿元，比上年增长3%。其中第一产业…`: the total is the last sentence's
            ordered = [(a - len(self.prev_lead.number.text) - 1, self.prev_lead)] + ordered
        for total, parts, complete, opener, said in P.lists(s, a, b, ordered):
            self.out.parts.append(Parts(self.quote, (total.span[0], parts[-1].span[1]), self.loc, total=total,
                                        parts=tuple(parts), complete=complete, kind="sum", opener=opener,
                                        total_word=said))
