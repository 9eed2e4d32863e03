from __future__ import annotations

import unicodedata
from collections import defaultdict

from plancheck import figures
from plancheck.findings import Severity
from plancheck.rules.base import Rule, Scope
from plancheck.rules.provenance import PRINTED, endpoint_year_source, fact_year_source
from plancheck.units import UnitError, parse

# differences that one cause can produce in many places: summarised when frequent
PATTERN_FIELDS = {"year", "start_year", "end_year", "unit", "comparator"}


class EditionDiff(Rule):
    """An unofficial edition differs from the official plan it copies.

    **What it does.** For a plan with `edition_of` (a re-typed or re-published copy), compares
    each fact and growth claim with the official edition's item of the same id: value (as
    written: `1.65` is not `1.652`), not-available mark, year, footnote marks (a lost `*`
    changes the data year), unit, comparator, kind, role and region; for growth claims the
    start and end years, measure, rate and comparator; and the plan period. A fact of the copy
    whose id the official edition lacks is matched by indicator, role and place instead (the
    same year and value preferred); one that matches nothing is an extra fact. Each differing
    item is one warning with both quotes as evidence. When one change recurs (the same year
    replaced in `pattern_min` items or more, default 3), one more warning names the pattern and
    lists the affected ids: one cause, not N unrelated slips. Years moved by the same amount
    form one pattern (2020 -> 2023 in the table, and the 2019 -> 2022 of a 同比 derived from it).

    A fact of the official edition that the copy lacks is information only: copies are often
    partial (this one stops in section 三). A copy that ends early is one finding — "nothing
    after line N of the official text; M items absent" — not M.

    **Readings considered.** Edition differences and their pattern summaries rest on printed
    years only (`plancheck.rules.provenance`): a year inferred from 同比 or 近三年, or implied by
    the section, moves with the printed year it is derived from and is not a change of its own.
    A change is "a shift by k" only when several different printed years move by k; one year
    replaced everywhere is "a replaced by b". The findings are located in the copy (it carries
    the difference): the copy is the finding's first plan and its evidence comes first.

    **Why is this bad?** Copies on document-sharing sites are what search engines find first. A
    reader who quotes the copy quotes numbers the government never published; the pattern shows
    whether the copy is unreliable throughout (a year replaced everywhere) or in one place.

    **Example (fails).** Jiaxing's plan as re-typed on a sharing site: the target table's header
    reads `2023年` where the official reads `2020年`, so every base-column cell is for 2023
    (`数字经济领域有效发明专利 件 5000 8000`), and the history says `从2015年的225.0亿元增加到2023年的
    506.9亿元`: the year 2020 -> 2023 in many facts, one pattern.

    **Example (passes).** A copy whose every fact has the official edition's value, year, unit
    and comparator (a copy shorter than the original gives only information about what it
    leaves out).
    """

    code = "PC401"
    name = "edition-diff"
    severity = Severity.warning
    scope = Scope.family
    leads = "year-shift"
    messages = ("period", "extra-fact", "extra-growth", "missing", "item-diff", "pattern", "ends-early")
    params = {"pattern_min": 3}

    def check(self, corpus):
        for lp in corpus.plans:
            off_id = lp.plan.edition_of
            off = corpus.by_id.get(off_id) if off_id else None
            if off is None or off is lp:
                continue  # no edition, or one not in the corpus (PC002)
            yield from self._diff(corpus, lp, off)

    def _diff(self, corpus, cp, off):
        cid, oid = cp.plan.id, off.plan.id
        pattern = defaultdict(list)  # (field, change) -> [(item id, official, copy)]
        names = {"plan": cid, "official_plan": oid}

        # -- the plan period
        po, pc = off.plan.period, cp.plan.period
        if (po.start, po.end) != (pc.start, pc.end):
            yield self.finding(
                "period", corpus, plans=[cid, oid], primary=cid, key=f"{cid}/{oid}/period",
                values={"official": f"{po.start}-{po.end}", "copy": f"{pc.start}-{pc.end}", **names,
                        "copy_start": str(pc.start), "copy_end": str(pc.end),
                        "official_start": str(po.start), "official_end": str(po.end)},
                facts=[corpus.evidence(cp, quote=pc.quote, path=("period",)),
                       corpus.evidence(off, quote=po.quote, path=("period",))],
            )

        # -- facts: by id, then by indicator + role + place
        ofacts = {f.id: f for f in off.plan.facts}
        pairs, extra = [], []
        for f in cp.plan.facts:
            if f.id in ofacts:
                pairs.append((ofacts[f.id], f, "id"))
            else:
                extra.append(f)
        used = {o.id for o, _, _ in pairs}
        for f in extra:
            cands = [o for o in off.plan.facts if o.id not in used and o.indicator == f.indicator
                     and o.role == f.role and o.place == f.place and off.plan.region_of(o) == cp.plan.region_of(f)]
            if not cands:
                ref = corpus.fact(cid, f.id)
                yield self.finding(
                    "extra-fact", corpus, plans=[cid, oid], primary=cid, key=f"{cid}/{oid}/{f.id}/extra",
                    values={"copy": ref.label(), **names, "item": f.id, "name": f.name, "indicator": f.indicator},
                    facts=[ref],
                )
                continue
            cands.sort(key=lambda o: (o.year != f.year or o.value != f.value, o.value != f.value, o.year != f.year, o.id))
            o = cands[0]
            used.add(o.id)
            pairs.append((o, f, "fallback"))

        for o, f, how in sorted(pairs, key=lambda p: p[1].id):
            fields = _fact_diff(o, f, off.plan, cp.plan)
            if fact_year_source(f) != PRINTED or fact_year_source(o) != PRINTED:
                fields = [x for x in fields if x[0] != "year"]  # an implied year: the encoder's, not the copy's
            if how == "fallback":
                fields.insert(0, ("id", o.id, f.id))
            if not fields:
                continue
            for name, a, b in fields:
                if name in PATTERN_FIELDS:
                    pattern[_pattern_key(name, a, b)].append((f.id, a, b))
            ro, rc = corpus.fact(oid, o.id), corpus.fact(cid, f.id)
            yield self._item_finding(corpus, cid, oid, f.id if how == "id" else f"{o.id}~{f.id}", f.name,
                                     fields, ro.label(), rc.label(),
                                     [corpus.ref_evidence(rc), corpus.ref_evidence(ro)], how)

        # -- growth claims by id
        ogrowth = {g.id: g for g in off.plan.growth}
        for g in cp.plan.growth:
            og = ogrowth.get(g.id)
            if og is None:
                yield self.finding(
                    "extra-growth", corpus, plans=[cid, oid], primary=cid, key=f"{cid}/{oid}/{g.id}/extra",
                    values={"copy": _growth_label(g), **names, "item": g.id},
                    facts=[(cp, g)],
                )
                continue
            fields = [x for x in _growth_diff(og, g) if not x[0].endswith("_year")
                      or _printed_both(off.plan, og, cp.plan, g, x[0][:-len("_year")])]
            if not fields:
                continue  # only inferred years moved (同比, 近三年): a consequence of a printed change
            for name, a, b in fields:
                if name in PATTERN_FIELDS:
                    pattern[_pattern_key(name, a, b)].append((g.id, a, b))
            yield self._item_finding(corpus, cid, oid, g.id, g.indicator, fields, _growth_label(og), _growth_label(g),
                                     [corpus.evidence(cp, g), corpus.evidence(off, og)], "id")

        # -- what the copy leaves out (information: copies are often partial); a copy that ends
        # early is one finding for the absent tail, not one per item
        present = {o.id for o, _, _ in pairs}
        cgrowth = {g.id for g in cp.plan.growth}
        absent = [item for item in [*off.plan.facts, *off.plan.growth] if item.id not in present and item.id not in cgrowth]
        present_lines = [e.line for item in [*off.plan.facts, *off.plan.growth] if item.id in present or item.id in cgrowth
                         if (e := corpus.evidence(off, item)).line is not None]
        last = max(present_lines, default=None)
        tail = [i for i in absent if last is not None and (ln := corpus.evidence(off, i).line) is not None and ln > last]
        if len(tail) >= int(self.p["pattern_min"]):
            yield self._ends_early(corpus, cp, off, tail, last)
            absent = [i for i in absent if i not in tail]
        for item in absent:
            is_fact = item.id in ofacts
            label = corpus.fact(oid, item.id).label() if is_fact else _growth_label(item)
            yield self.finding(
                "missing", corpus, plans=[cid, oid], primary=cid, key=f"{cid}/{oid}/{item.id}/missing",
                values={"official": label, **names, "item": item.id, "name": getattr(item, "name", item.indicator),
                        "indicator": item.indicator},
                facts=[(off, item)],
                severity=Severity.info,
            )

        # -- one cause, many places
        for (name, change), hits in sorted(_split_shifts(pattern).items(), key=lambda kv: str(kv[0])):
            ids = sorted({i for i, _, _ in hits})
            if len(ids) < int(self.p["pattern_min"]):
                continue
            ev = []
            for i in ids:
                item = cp.plan.fact(i) or next((g for g in cp.plan.growth if g.id == i), None)
                if item is not None:
                    ev.append(corpus.evidence(cp, item))
            pairs = defaultdict(set)
            for i, a, b in hits:
                pairs[(a, b)].add(i)
            detail = sorted(pairs.items(), key=lambda kv: (-len(kv[1]), kv[0]))
            # what changed: a shift of printed years, one year replaced, or another field's value
            what = ({"pattern": "shift", "direction": "later" if change > 0 else "earlier",
                     "shift_abs": str(abs(change)), "shift": f"{change:+d}"} if name == "year" else
                    {"pattern": "year-replaced" if name == "year-replaced" else "field", "field_name": name,
                     "old": str(change[0]), "new": str(change[1])})
            yield self.finding(
                "pattern", corpus,
                plans=[cid, oid],
                key=f"{cid}/{oid}/pattern/{name}/" + (f"{change:+d}" if name == "year" else f"{change[0]}->{change[1]}"),
                primary=cid,
                values={
                        **names, **what, "ids": [{"id": i} for i in ids],
                        "detail": [{"old": str(a), "new": str(b), "n": str(len(v))} for (a, b), v in detail],"field": "year" if name.startswith("year") else name,
                        "change": str(change if name == "year" else "->".join(change)),
                        "printed_years_only": "true",
                        "replacements": "; ".join(f"{a}->{b}: {len(v)}" for (a, b), v in detail),
                        "count": str(len(ids)), "items": ",".join(ids)},
                facts=ev,
            )

    def _ends_early(self, corpus, cp, off, tail, last):
        """One finding: the copy stops before the end of the official text; the items it lacks."""
        cid, oid = cp.plan.id, off.plan.id
        ev = sorted((corpus.evidence(off, i) for i in tail), key=lambda e: (e.line or 0, e.item or ""))
        ids = [e.item for e in ev]
        return self.finding(
            "ends-early", corpus, plans=[cid, oid], primary=cid, key=f"{cid}/{oid}/ends-early", severity=Severity.info,
            values={"last_line_copied": str(last), "count": str(len(ids)), "items": ",".join(ids),
                    "plan": cid, "official_plan": oid, "first_quote": ev[0].quote},
            facts=ev[:1] + ev[1:3],
        )

    def _item_finding(self, corpus, cid, oid, item, name, fields, off_label, copy_label, evidence, how):
        return self.finding(
            "item-diff", corpus, plans=[cid, oid], primary=cid, key=f"{cid}/{oid}/{item}",
            values={"fields": ",".join(n for n, _, _ in fields), "official": off_label, "copy": copy_label,
                    **{n: f"{a} -> {b}" for n, a, b in fields},
                    "plan": cid, "official_plan": oid, "item": item, "name": name,
                    "match": "fallback" if how == "fallback" else "by-id",
                    "changes": [{"field_name": n, "old": str(a), "new": str(b)} for n, a, b in fields]},
            facts=evidence,
        )


def _printed_both(oplan, og, cplan, cg, which: str) -> bool:
    return (endpoint_year_source(oplan, og, which) == PRINTED and endpoint_year_source(cplan, cg, which) == PRINTED)


def _split_shifts(pattern: dict) -> dict:
    """A change of years is "a shift by k" only when several different printed years move by k
    (2019 -> 2022 and 2020 -> 2023); one year replaced everywhere is "a replaced by b"."""
    out = {}
    for (name, change), hits in pattern.items():
        if name == "year" and len({(a, b) for _, a, b in hits}) < 2:
            _, a, b = hits[0]
            out[("year-replaced", (a, b))] = hits
        else:
            out[(name, change)] = hits
    return out


def _pattern_key(name: str, a: str, b: str) -> tuple:
    """Years changed by the same amount share a cause (2020 -> 2023 and, derived from it, 2019 -> 2022)."""
    if name.endswith("year"):
        return ("year", int(b) - int(a))
    return (name, (a, b))


def _value(f) -> str:
    return f.na if f.value is None else figures.stated(f.value)


def _unit(u: str) -> str:
    try:
        return parse(u).normalized
    except UnitError:
        return unicodedata.normalize("NFKC", u).strip()


def _fact_diff(o, c, oplan, cplan) -> list[tuple[str, str, str]]:
    out = []
    if _value(o) != _value(c):
        out.append(("value", _value(o), _value(c)))
    if o.year != c.year:
        out.append(("year", str(o.year), str(c.year)))
    if sorted(o.marks) != sorted(c.marks):
        out.append(("marks", "".join(sorted(o.marks)) or "-", "".join(sorted(c.marks)) or "-"))
    if _unit(o.unit) != _unit(c.unit):
        out.append(("unit", o.unit, c.unit))
    if o.comparator != c.comparator:
        out.append(("comparator", o.comparator.value, c.comparator.value))
    if o.kind != c.kind:
        out.append(("kind", o.kind.value, c.kind.value))
    if o.role != c.role:
        out.append(("role", o.role.value, c.role.value))
    if oplan.region_of(o) != cplan.region_of(c):
        out.append(("region", oplan.region_of(o), cplan.region_of(c)))
    return out


def _growth_diff(o, c) -> list[tuple[str, str, str]]:
    out = []
    if o.start.year != c.start.year:
        out.append(("start_year", str(o.start.year), str(c.start.year)))
    if o.end.year != c.end.year:
        out.append(("end_year", str(o.end.year), str(c.end.year)))
    if o.measure != c.measure:
        out.append(("measure", o.measure, c.measure))
    if figures.stated(o.rate) != figures.stated(c.rate):
        out.append(("rate", figures.stated(o.rate), figures.stated(c.rate)))
    if o.comparator != c.comparator:
        out.append(("comparator", o.comparator.value, c.comparator.value))
    return out


def _growth_label(g) -> str:
    cmp = "" if g.comparator.value == "=" else g.comparator.value
    return f"{g.measure} {cmp}{format(g.rate, 'f')} ({g.start.year}->{g.end.year})"
