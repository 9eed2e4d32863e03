from __future__ import annotations

import unicodedata
from collections import defaultdict

from plancheck.findings import Severity
from plancheck.rules.base import Rule, Scope
from plancheck.rules.provenance import PRINTED, endpoint_year_source, fact_year_source
from plancheck.units import UnitError, parse

FIELD_ZH = {
    "value": "数值",
    "year": "年份",
    "unit": "单位",
    "comparator": "比较符",
    "kind": "类型",
    "marks": "脚注标记",
    "role": "角色",
    "region": "地区",
    "id": "编号",
    "start_year": "起始年",
    "end_year": "终止年",
    "rate": "增长率",
    "measure": "增长口径",
}
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

        # -- the plan period
        po, pc = off.plan.period, cp.plan.period
        if (po.start, po.end) != (pc.start, pc.end):
            yield self.finding(
                plans=[cid, oid], primary=cid, key=f"{cid}/{oid}/period",
                zh=f"{cid} 的规划期限 {pc.start}—{pc.end} 与正式文本 {oid} 的 {po.start}—{po.end} 不同",
                en=f"{cid}'s plan period {pc.start}-{pc.end} differs from the official {oid}'s {po.start}-{po.end}",
                values={"official": f"{po.start}-{po.end}", "copy": f"{pc.start}-{pc.end}"},
                evidence=[corpus.evidence(cp, quote=pc.quote, path=("period",)),
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
                    plans=[cid, oid], primary=cid, key=f"{cid}/{oid}/{f.id}/extra",
                    zh=f"{cid} 的 {f.id}（{f.name} {ref.label()}）在正式文本 {oid} 中没有对应",
                    en=f"{cid}'s {f.id} ({f.indicator} {ref.label()}) has no counterpart in the official {oid}",
                    values={"copy": ref.label()},
                    evidence=[corpus.ref_evidence(ref)],
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
                    plans=[cid, oid], primary=cid, key=f"{cid}/{oid}/{g.id}/extra",
                    zh=f"{cid} 的增长表述 {g.id} 在正式文本 {oid} 中没有对应",
                    en=f"{cid}'s growth claim {g.id} has no counterpart in the official {oid}",
                    values={"copy": _growth_label(g)},
                    evidence=[corpus.evidence(cp, g)],
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
                plans=[cid, oid], primary=cid, key=f"{cid}/{oid}/{item.id}/missing",
                zh=f"{cid} 缺少正式文本 {oid} 的 {item.id}（{getattr(item, 'name', item.indicator)} {label}）",
                en=f"{cid} lacks the official {oid}'s {item.id} ({item.indicator} {label})",
                values={"official": label},
                evidence=[corpus.evidence(off, item)],
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
            zh_d = "、".join(f"{a}→{b}（{len(v)}处）" for (a, b), v in detail)
            en_d = ", ".join(f"{a}->{b} ({len(v)})" for (a, b), v in detail)
            if name == "year":
                zh_what = f"年份整体{'推后' if change > 0 else '提前'}{abs(change)}年"
                en_what = f"years shifted by {change:+d}"
            elif name == "year-replaced":
                zh_what = f"年份 {change[0]} 改为 {change[1]}"
                en_what = f"the year {change[0]} replaced with {change[1]}"
            else:
                zh_what = f"{FIELD_ZH[name]}由 {change[0]} 改为 {change[1]}"
                en_what = f"{name} {change[0]} replaced with {change[1]}"
            yield self.finding(
                plans=[cid, oid],
                key=f"{cid}/{oid}/pattern/{name}/" + (f"{change:+d}" if name == "year" else f"{change[0]}->{change[1]}"),
                primary=cid,
                zh=f"{cid} 相对正式文本 {oid} 有 {len(ids)} 处{zh_what}（同一原因）：{zh_d}；涉及 {'、'.join(ids)}",
                en=f"{cid} against the official {oid}: {en_what} in {len(ids)} items (one cause): {en_d}; items {', '.join(ids)}",
                values={"field": "year" if name.startswith("year") else name,
                        "change": str(change if name == "year" else "->".join(change)),
                        "printed_years_only": "true",
                        "replacements": "; ".join(f"{a}->{b}: {len(v)}" for (a, b), v in detail),
                        "count": str(len(ids)), "items": ",".join(ids)},
                evidence=ev,
            )

    def _ends_early(self, corpus, cp, off, tail, last):
        """One finding: the copy stops before the end of the official text; the items it lacks."""
        cid, oid = cp.plan.id, off.plan.id
        ev = sorted((corpus.evidence(off, i) for i in tail), key=lambda e: (e.line or 0, e.item or ""))
        ids = [e.item for e in ev]
        return self.finding(
            plans=[cid, oid], primary=cid, key=f"{cid}/{oid}/ends-early", severity=Severity.info,
            zh=f"{cid} 在正式文本 {oid} 第 {last} 行之后的内容缺失：其后的 {len(ids)} 项均不在副本中（自「{ev[0].quote}」起）",
            en=f"{cid} ends early: nothing after line {last} of the official {oid} is in the copy; "
               f"{len(ids)} items absent (from «{ev[0].quote}»)",
            values={"last_line_copied": str(last), "count": str(len(ids)), "items": ",".join(ids)},
            evidence=ev[:1] + ev[1:3],
        )

    def _item_finding(self, corpus, cid, oid, item, name, fields, off_label, copy_label, evidence, how):
        zh_fields = "；".join(f"{FIELD_ZH[n]} {a} → {b}" for n, a, b in fields)
        en_fields = "; ".join(f"{n} {a} -> {b}" for n, a, b in fields)
        note_zh = "（按指标、角色、位置对应）" if how == "fallback" else ""
        note_en = " (matched by indicator, role and place)" if how == "fallback" else ""
        return self.finding(
            plans=[cid, oid], primary=cid, key=f"{cid}/{oid}/{item}",
            zh=f"{cid} 的 {item}（{name}）与正式文本 {oid} 不同{note_zh}：{zh_fields}",
            en=f"{cid}'s {item} ({name}) differs from the official {oid}{note_en}: {en_fields}",
            values={"fields": ",".join(n for n, _, _ in fields), "official": off_label, "copy": copy_label,
                    **{n: f"{a} -> {b}" for n, a, b in fields}},
            evidence=evidence,
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
    return f.na if f.value is None else format(f.value, "f")


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
    if format(o.rate, "f") != format(c.rate, "f"):
        out.append(("rate", format(o.rate, "f"), format(c.rate, "f")))
    if o.comparator != c.comparator:
        out.append(("comparator", o.comparator.value, c.comparator.value))
    return out


def _growth_label(g) -> str:
    cmp = "" if g.comparator.value == "=" else g.comparator.value
    return f"{g.measure} {cmp}{format(g.rate, 'f')} ({g.start.year}->{g.end.year})"
