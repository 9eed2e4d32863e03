"""From a document's claims (plancheck.extract) to a plan file's data, with review notes.

Nothing unsure is guessed silently: each choice the drafter is unsure of (an indicator matched by
similarity only, a year taken from the section, a role read from the year alone) is recorded in
`Draft.review` under the item's YAML path, and written as a comment next to it.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from decimal import Decimal

from plancheck import suggest
from plancheck.draft.match import Matcher, section_at, sections_of
from plancheck.draft.priorities import priorities
from plancheck.draft.runs import run_rows
from plancheck.extract import Claims, Growth, Num, Quantity, TableRow
from plancheck.extract.meta import Meta
from plancheck.extract.vocab import vocab
from plancheck.models import Catalog
from plancheck.sources import SourceText, number_in_quote
from plancheck.vocab import cycle_containing

_GROWTH_MEASURE = {"cagr": "cagr", "total": "total", "multiple": "multiple", "pp": "pp", "yoy": "total"}


@dataclass
class Draft:
    plan: dict
    review: dict[tuple, str] = field(default_factory=dict)  # YAML path -> what to check
    dropped: list[str] = field(default_factory=list)  # claims not encoded, and why (printed)

    def note(self, path: tuple, text: str) -> None:
        self.review[path] = f"{self.review[path]}; {text}" if path in self.review else text


def _literal(v: Decimal) -> str:
    return format(v, "f")


class Builder:
    def __init__(self, claims: Claims, meta: Meta, source: SourceText, source_file: str, plan_id: str,
                 region: str | None, catalog: Catalog, registry):
        self.claims, self.meta, self.source = claims, meta, source
        self.matcher = Matcher(catalog)
        self.registry = registry
        self.d = Draft({})
        self.plan_id, self.region, self.source_file = plan_id, region, source_file
        self.report_year = meta.report_year.value if meta.report_year and not meta.period else None
        self.sections = sections_of(source.text)
        self.ids: set[str] = set()
        self.facts: list[dict] = []
        self.by_span: dict[tuple, str] = {}  # (line, value, year) -> fact id, for growth endpoints

    # -- top level
    def header(self) -> None:
        m, d, p = self.meta, self.d, self.d.plan
        p["id"] = self.plan_id
        p["title"] = m.title.value if m.title else "TODO"
        if not m.title or not m.title.sure:
            d.note(("title",), "title " + ("not found" if not m.title else m.title.note))
        region = self.region or self._region_from_title(p["title"])
        p["region"] = region or "000000"
        if not self.region:
            d.note(("region",), "region read from the title" if region else "region not found: give --region CODE")
        p["issuers"] = [f.value for f in m.issuers] or ["TODO"]
        if not m.issuers or not all(f.sure for f in m.issuers):
            d.note(("issuers",), "issuers not found" if not m.issuers else "issuers read from the notice's title")
        p["document_number"] = m.document_number.value if m.document_number else None
        if m.issued:
            p["issued"] = {"date": m.issued.value, "quote": m.issued.quote}
            if not m.issued.sure:
                d.note(("issued",), m.issued.note)
        else:
            p["issued"] = {"date": "1949-01-01", "quote": "TODO"}
            d.note(("issued",), "issue date not found")
        if m.period:
            start, end = m.period.value
            p["period"] = {"start": start, "end": end, "quote": m.period.quote}
        elif m.report_year:  # a statistical bulletin: one year of a cycle, every figure an outcome
            y = m.report_year.value
            start, end = self._cycle_years(y)
            p["period"] = {"start": start, "end": end, "quote": m.report_year.quote}
            d.note(("period",), f"a statistical bulletin of {y}: the period is the cycle {y} falls in")
        else:
            vision = m.vision_year.value if m.vision_year else None
            start, end = self._cycle_years(self._target_year(vision) or int(p["issued"]["date"][:4]))
            quote = next((q for q in (f"到{end}年", f"{end}年") if self.source.find(q)), "TODO")
            p["period"] = {"start": start, "end": end, "quote": quote}
            d.note(("period",), "period not stated as 期限: the five-year cycle of the issue year assumed")
        c = cycle_containing(p["period"]["start"])
        p["cycle"] = c.name if c else "TODO"
        if (c is None or c.start != p["period"]["start"]) and not m.report_year:
            d.note(("cycle",), "the period does not start a five-year cycle: check")
        p["vision_year"] = m.vision_year.value if m.vision_year else None
        p["bases"] = [{"title": b.value, "plan": None, "quote": b.quote} for b in m.bases]
        if m.bases:
            d.note(("bases",), "set `plan:` to a basis's plan id when it is in plans/")
        p["source"] = {"file": self.source_file, "sha256": self.source.sha256}
        p["footnotes"], p["facts"], p["growth"], p["priorities"], p["omissions"] = [], [], [], [], []

    @staticmethod
    def _cycle_years(year: int) -> tuple[int, int]:
        """The five-year cycle a year falls in."""
        c = cycle_containing(year)
        return (c.start, c.end) if c else (year, year + 4)

    def _target_year(self, vision: int | None = None) -> int | None:
        """The year the document aims at most often (到2025年), when it states no period; the
        long-range vision year (到2035年) is not a period's end."""
        counts: dict[int, int] = {}
        for y in self.claims.years:
            if y.kind == "until" and y.end and y.end != vision:
                counts[y.end] = counts.get(y.end, 0) + 1
        return max(counts, key=lambda k: (counts[k], k)) if counts else None

    def _region_from_title(self, title: str) -> str | None:
        named = suggest.regions(self.registry, "", title)
        return named[0] if named else None

    # -- facts
    def _id(self, base: str) -> str:
        base = re.sub(r"[^a-z0-9-]+", "-", base.lower()).strip("-")[:70] or "fact"
        out, n = base, 2
        while out in self.ids:
            out, n = f"{base}-{n}", n + 1
        self.ids.add(out)
        return out

    def _fits(self, key: str, unit: str) -> bool:
        """The unit's dimension is the indicator's (a count in 家 is not a value added in 亿元)."""
        from plancheck.units import UnitError, parse

        ind = self.matcher.catalog.get(key)
        try:
            u = parse(unit or "/")
        except UnitError:
            return False
        dim = ind.dimension.value
        return u.dimension == dim or (dim == "index" and u.dimension in ("index", "number")) or (
            dim == "count" and u.dimension == "number")

    def _quote_ok(self, quote: str, value: Decimal | None, year: int | None, in_run: bool = False) -> bool:
        if not self.source.find(quote):
            return False
        if value is not None and number_in_quote(_literal(value), quote) not in (("token", "run") if in_run else ("token",)):
            return False
        return year is None or number_in_quote(str(year), quote) == "token"

    def _fact(self, *, name, role, place, year, num: Num | None, unit, quote, line, implied=False,
              category=None, cumulative=False, why=None, in_run=False) -> str | None:
        key, close = self.matcher.match(name)
        if key != suggest.PLACEHOLDER and not self._fits(key, unit):
            close, key = [key], suggest.PLACEHOLDER
        value = None if num is None else num.value
        if not self._quote_ok(quote, value, None if implied or place == "table" else year, in_run):
            self.d.dropped.append(f"line {line}: {name} {value}: quote not verifiable in the source")
            return None
        comparator = "=" if num is None else num.comparator.value
        if role in ("target", "goal") and comparator == "=":
            comparator = ">="  # a plain target number is the level to reach (glossary: 达到)
        f = {"id": self._id(f"{key if key != suggest.PLACEHOLDER else 'fact'}-{year}-{place}".replace("_", "-")),
             "indicator": key, "name": name, "role": role, "place": place}
        if category:
            f["category"] = category
        f["year"] = year
        if implied:
            f["year_implied"] = True
        if value is None:
            f["na"] = "/"
        else:
            f["value"] = value
        f["unit"] = unit or "/"
        f["comparator"] = comparator
        if num is not None and num.qualifier:
            f["qualifier"] = num.qualifier
        if cumulative:
            f["kind"] = "cumulative"
        if num is not None and num.text.rstrip().endswith("*"):
            f["marks"] = ["*" * (len(num.text.rstrip()) - len(num.text.rstrip().rstrip("*")))]
        f["quote"] = quote
        i = len(self.facts)
        self.facts.append(f)
        path = ("facts", i)
        if key == suggest.PLACEHOLDER:
            self.d.note(path + ("indicator",), "indicator to be chosen; closest: " + (", ".join(close) or "none"))
        if why:
            self.d.note(path, why)
        self.by_span[(line, _literal(value) if value is not None else None, year)] = f["id"]
        return f["id"]

    def rows(self) -> None:
        start = self.d.plan["period"]["start"]
        for r in self.claims.rows:
            line = r.location.line
            cells = [c for _, c in r.cells if c is not None]
            quote = self._row_quote(r, cells)
            for year, num in r.cells:
                role = "baseline" if year < start else "target"
                self._fact(name=r.indicator, role=role, place="table", year=year, num=num, unit=r.unit or (num.unit if num else ""),
                           quote=quote, line=line, category=r.category)

    def _row_quote(self, r: TableRow, cells: list[Num]) -> str:
        """The row as its cells in order (name, unit, figures), as the source prints them; a cell
        with no figure is tried as each not-available mark (——, /, -) and as a blank."""
        bracketed = [f"{r.indicator}{a}{r.unit}{b}" for a in ("(", "（") for b in (")", "）", "")] if r.unit else []
        names = [" ".join([r.indicator, r.unit]), *bracketed, r.indicator]
        for mark in ("——", "/", "—", "-", ""):
            texts = [c.text if c is not None else mark for _, c in r.cells]
            texts = [t for t in texts if t]
            for cand in (*(" ".join([n, *texts]) for n in names),):
                if cand.strip() and self.source.find(cand):
                    return cand
        texts = [c.text for c in cells]
        return " ".join(texts) if texts and self.source.find(" ".join(texts)) else r.quote

    def quantities(self) -> None:
        start = self.d.plan["period"]["start"]
        rates = {(g.location, g.rate.span) for g in self.claims.growth if g.rate is not None}
        for q in self.claims.quantities:
            if (q.location, q.number.span) in rates:
                continue  # the rate of a growth claim, encoded as that claim
            if q.scope != "own" or not q.subject or q.number.unit_info is None and q.number.unit not in ("", "/"):
                self.d.dropped.append(f"line {q.location.line}: {q.subject or '?'} {q.number.text}: not a figure of the region")
                continue
            if not q.number.unit and not q.subject.endswith("指数"):
                continue  # a clause number, an ordinal, a bare year: nothing to encode (an index has no unit)
            self._quantity(q, start)

    def _quantity(self, q: Quantity, start: int) -> str | None:
        line = q.location.line
        section = section_at(self.sections, line, q.span[0])
        year, implied, why = q.year, False, None
        role = {"history": "history", "target": "goal"}.get(q.role)
        if self.report_year is not None:  # a bulletin reports outcomes of its year
            role = role or "history"
            if year is None:
                year, implied, why = self.report_year, True, f"year {self.report_year}: the year the bulletin reports"
        if year is None and section in ("history", "goal"):
            role = section  # no year printed: the section says whether it is an outcome or an aim
        elif role is None and section == "history" and year is not None and year >= start:
            role = "history"  # a report in the history section, dated inside the plan's period
            why = f"year {year} is inside the plan's period but stated in the history section: check the year"
        elif role is None:
            role = "history" if year is not None and year < start else "goal"
        if year is None:
            year = start - 1 if role == "history" else self.d.plan["period"]["end"]
            implied = True
            why = f"year {year} implied by the {'history' if role == 'history' else 'target'} section"
        quote = self._clause(q, None if implied else year)
        return self._fact(name=q.subject, role=role, place="text", year=year, num=q.number, unit=q.number.unit,
                          quote=quote, line=line, implied=implied, cumulative=q.cumulative, why=why)

    def _clause(self, q: Quantity, year: int | None) -> str:
        """The shortest part of the sentence that shows the figure and what it is: the clause
        from its subject to its number, reaching back to the year when the year stands earlier
        in the sentence. The whole sentence when that part cannot be verified."""
        lines = self.source.text.splitlines()
        line = q.location.line
        if line is None or not 0 < line <= len(lines):
            return q.quote
        text = lines[line - 1]
        lo, hi = q.span[0], max(q.span[1], q.number.span[1])
        sent = text.find(q.quote)
        if sent < 0 or not (sent <= lo and hi <= sent + len(q.quote)) or _literal(q.number.value) not in text[lo:hi]:
            return q.quote
        delims = "，,；;。：:"
        a = max((text.rfind(d, sent, lo) for d in delims), default=-1)
        a = sent if a < sent else a + 1
        b = min((i for d in delims if (i := text.find(d, hi, sent + len(q.quote))) >= 0), default=sent + len(q.quote))
        if year is not None and str(year) not in text[a:b]:
            y = text.rfind(f"{year}年", sent, a)
            if y < 0:
                return q.quote
            a = max((text.rfind(d, sent, y) for d in delims), default=-1)
            a = sent if a < sent else a + 1
        clause = text[a:b].strip()
        return clause if len(clause) >= 4 and self.source.find(clause) else q.quote

    def shares(self) -> None:
        start = self.d.plan["period"]["start"]
        for s in self.claims.shares:
            if s.value is None or not s.subject or not s.whole:
                continue
            year = s.year
            role = "history" if year is not None and year < start else "goal"
            implied = year is None
            if implied:
                year = start - 1 if section_at(self.sections, s.location.line, s.span[0]) == "history" else self.d.plan["period"]["end"]
            self._fact(name=f"{s.subject}占{s.whole}比重", role=role, place="text", year=year, num=s.value, unit=s.value.unit,
                       quote=s.quote, line=s.location.line, implied=implied,
                       why="year implied by the section" if implied else None)

    # -- growth claims
    def growth(self) -> None:
        for g in self.claims.growth:
            self._growth(g)

    def _endpoint(self, q: Quantity | None, year: int | None) -> str | None:
        if q is None or year is None:
            return None
        key = (q.location.line, _literal(q.number.value), year)
        if key in self.by_span:
            return self.by_span[key]
        return self._quantity(q, self.d.plan["period"]["start"])

    def _same_line(self, g: Growth, key: str, year: int | None) -> str | None:
        """A drafted fact of the claim's indicator quoted within the claim's sentence (for
        `year`, when given): the endpoint the sentence states next to the rate."""
        if key == suggest.PLACEHOLDER:
            return None
        hits = [f for f in self.facts if f["indicator"] == key and (f["quote"] in g.quote or g.quote in f["quote"])
                and (year is None or f["year"] == year)]
        if len(hits) == 1:
            return hits[0]["id"]
        if hits or year is None:
            return None
        # else the plan's stated value of the indicator for that year, when it states one value
        stated = [f for f in self.facts if f["indicator"] == key and f["year"] == year and f["role"] in ("baseline", "history")
                  and f.get("value") is not None]
        return stated[0]["id"] if len({_literal(f["value"]) for f in stated}) == 1 else None

    def _span_years(self, g: Growth, key: str) -> tuple[int | None, int | None]:
        """Years a claim leaves to its sentence: 近三年 / 5年内 / 三年来 count back from the year
        of the figure it grows (同比: one year back); 比2015年翻一番 runs to that figure's year."""
        start, end = g.start_year, g.end_year
        if end is None and self.report_year is not None and g.end is not None and g.end.year is None:
            end = self.report_year  # the figure it grows is of the bulletin's year
        if end is None:
            fid = self._same_line(g, key, None)
            end = next((f["year"] for f in self.facts if f["id"] == fid), None)
            if end is None and g.end is not None:
                end = g.end.year
        if start is None and end is not None:
            if g.measure == "cagr" and end == self.d.plan["period"]["end"] and self.report_year is None:
                start = self.d.plan["period"]["start"] - 1  # 到2025年…年均增长r%: over the plan's period
            elif g.measure == "yoy" or g.wording.startswith(tuple(vocab().words("yoy_markers"))):
                start = end - 1
            else:
                words = re.search(r"(近|这|过去)([一二两三四五六七八九十\d]{1,2})年|([一二两三四五六七八九十\d]{1,2})年(内|来|间)", g.quote)
                if words:
                    n = words.group(2) or words.group(3)
                    n = int(n) if n.isdigit() else "一二三四五六七八九十".find(n.replace("两", "二")) + 1
                    if 0 < n <= 10:
                        start = end - n
        return start, end

    def _lead(self, g: Growth) -> Quantity | None:
        """The figure stated just before the rate in the same sentence, with a subject."""
        if g.rate is None:
            return None
        before = [q for q in self.claims.quantities if q.location == g.location and q.quote == g.quote and q.subject
                  and q.number.span[1] <= g.rate.span[0] and q.number.unit_info is not None and not q.number.percent]
        return max(before, key=lambda q: q.number.span[0]) if before else None

    def _growth(self, g: Growth) -> None:
        measure = _GROWTH_MEASURE.get(g.measure)
        name0 = g.subject or (g.end.subject if g.end else "") or (g.start.subject if g.start else "")
        lead = self._lead(g)
        if self.matcher.match(name0)[0] == suggest.PLACEHOLDER and lead is not None:
            name0 = lead.subject  # `…增加值164.3亿元，近三年年均增长12.1%`: the rate grows the figure before it
            if g.end is None and g.end_year in (None, lead.year):
                g = dataclasses.replace(g, end=lead, end_year=g.end_year or lead.year)
        start, end = self._span_years(g, self.matcher.match(name0)[0]) if measure else (g.start_year, g.end_year)
        if measure is None or g.rate is None or start is None or end is None or end <= start:
            self.d.dropped.append(f"line {g.location.line}: growth {g.wording} {g.rate.text if g.rate else ''}: its years are not stated")
            return
        if not self._quote_ok(g.quote, g.rate.value if measure != "multiple" else None, None):
            self.d.dropped.append(f"line {g.location.line}: growth {g.rate.text}: quote not verifiable")
            return
        key, close = self.matcher.match(name0)
        rate = -g.rate.value if g.falling else g.rate.value
        item = {"id": self._id(f"{key if key != suggest.PLACEHOLDER else 'growth'}-growth-{start}-{end}".replace("_", "-")),
                "indicator": key, "start": {"year": start, "fact": self._endpoint(g.start, start) or self._same_line(g, key, start)},
                "end": {"year": end, "fact": self._endpoint(g.end, end) or self._same_line(g, key, end)},
                "measure": measure, "rate": rate,
                "comparator": g.rate.comparator.value}
        if g.period:
            item["span_words"] = g.period
        item["quote"] = g.quote
        path = ("growth", len(self.d.plan["growth"]))
        self.d.plan["growth"].append(item)
        if key == suggest.PLACEHOLDER:
            self.d.note(path + ("indicator",), "indicator to be chosen; closest: " + (", ".join(close) or "none"))
        if g.start_year is None and measure == "cagr":
            self.d.note(path, f"the sentence states no base year: {start} (the year before the plan's period) assumed")
        if g.real:
            self.d.note(path, "a real (comparable-price) growth: not comparable with nominal endpoints")
        if g.falling:
            self.d.note(path, "a fall: rate written as negative")

    def footnotes(self) -> None:
        """Each footnote mark the figures carry, with the note that explains it (a line that
        starts with the mark, or 注/备注 followed by it); a mark no note explains is dropped from
        the figures and noted."""
        marks = sorted({m for f in self.facts for m in f.get("marks", [])}, key=len, reverse=True)
        lines = self.source.text.splitlines()
        for m in marks:
            note = next((ln.strip() for ln in lines if re.match(rf"^\s*(?:备?注\s*[:：]?\s*)?(?:带)?{re.escape(m)}(?!\*)", ln)
                         and len(ln.strip()) < 200), None)
            if note is None or not self.source.find(note):
                for i, f in enumerate(self.facts):
                    if m in f.get("marks", []):
                        f["marks"] = [x for x in f["marks"] if x != m] or None
                        if f["marks"] is None:
                            del f["marks"]
                        self.d.note(("facts", i), f"printed with {m}; no footnote explaining {m} was found")
                continue
            entry = {"mark": m, "meaning": "other", "text": note, "quote": note}
            if (y := re.search(r"((?:19|20)\d{2})\s*年(?:的)?数据", note)):
                entry.update(meaning="data_year", year=int(y.group(1)))
            elif "口径" in note or "分类" in note:
                entry["meaning"] = "classification"
            self.d.plan["footnotes"].append(entry)
            self.d.note(("footnotes", len(self.d.plan["footnotes"]) - 1), "meaning read from the note's words: check")

    def build(self) -> Draft:
        self.header()
        self.rows()
        run_rows(self)
        self.quantities()
        self.shares()
        self.growth()
        self.d.plan["facts"] = self.facts
        self.footnotes()
        for i, pr in enumerate(priorities(self.source.text, self.d.plan["region"])):
            if self.source.find(pr["quote"]):
                self.d.plan["priorities"].append({"id": self._id(f"priority-{i + 1}"), **pr})
                self.d.note(("priorities", len(self.d.plan["priorities"]) - 1),
                            "tier and industries read from the wording; the region is the plan's: set a city's code if the list is for one")
        return self.d
