from __future__ import annotations

import unicodedata
from collections import defaultdict

from plancheck.findings import Severity
from plancheck.rules.base import Rule, Scope
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
    partial (this one stops in section 三).

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
                plans=[cid, oid], key=f"{cid}/{oid}/period",
                zh=f"{cid} 的规划期限 {pc.start}—{pc.end} 与正式文本 {oid} 的 {po.start}—{po.end} 不同",
                en=f"{cid}'s plan period {pc.start}-{pc.end} differs from the official {oid}'s {po.start}-{po.end}",
                values={"official": f"{po.start}-{po.end}", "copy": f"{pc.start}-{pc.end}"},
                evidence=[corpus.evidence(off, quote=po.quote, path=("period",)),
                          corpus.evidence(cp, quote=pc.quote, path=("period",))],
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
                    plans=[cid, oid], key=f"{cid}/{oid}/{f.id}/extra",
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
                                     [corpus.ref_evidence(ro), corpus.ref_evidence(rc)], how)

        # -- growth claims by id
        ogrowth = {g.id: g for g in off.plan.growth}
        for g in cp.plan.growth:
            og = ogrowth.get(g.id)
            if og is None:
                yield self.finding(
                    plans=[cid, oid], key=f"{cid}/{oid}/{g.id}/extra",
                    zh=f"{cid} 的增长表述 {g.id} 在正式文本 {oid} 中没有对应",
                    en=f"{cid}'s growth claim {g.id} has no counterpart in the official {oid}",
                    values={"copy": _growth_label(g)},
                    evidence=[corpus.evidence(cp, g)],
                )
                continue
            fields = _growth_diff(og, g)
            if not fields:
                continue
            for name, a, b in fields:
                if name in PATTERN_FIELDS:
                    pattern[_pattern_key(name, a, b)].append((g.id, a, b))
            yield self._item_finding(corpus, cid, oid, g.id, g.indicator, fields, _growth_label(og), _growth_label(g),
                                     [corpus.evidence(off, og), corpus.evidence(cp, g)], "id")

        # -- what the copy leaves out (information: copies are often partial)
        present = {o.id for o, _, _ in pairs}
        cgrowth = {g.id for g in cp.plan.growth}
        for item in [*off.plan.facts, *off.plan.growth]:
            if item.id in present or item.id in cgrowth:
                continue
            is_fact = item.id in ofacts
            label = corpus.fact(oid, item.id).label() if is_fact else _growth_label(item)
            yield self.finding(
                plans=[cid, oid], key=f"{cid}/{oid}/{item.id}/missing",
                zh=f"{cid} 缺少正式文本 {oid} 的 {item.id}（{getattr(item, 'name', item.indicator)} {label}）",
                en=f"{cid} lacks the official {oid}'s {item.id} ({item.indicator} {label})",
                values={"official": label},
                evidence=[corpus.evidence(off, item)],
                severity=Severity.info,
            )

        # -- one cause, many places
        for (name, change), hits in sorted(pattern.items()):
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
            else:
                zh_what = f"{FIELD_ZH[name]}由 {change[0]} 改为 {change[1]}"
                en_what = f"{name} {change[0]} replaced with {change[1]}"
            yield self.finding(
                plans=[cid, oid],
                key=f"{cid}/{oid}/pattern/{name}/" + (f"{change:+d}" if name == "year" else f"{change[0]}->{change[1]}"),
                zh=f"{cid} 相对正式文本 {oid} 有 {len(ids)} 处{zh_what}（同一原因）：{zh_d}；涉及 {'、'.join(ids)}",
                en=f"{cid} against the official {oid}: {en_what} in {len(ids)} items (one cause): {en_d}; items {', '.join(ids)}",
                values={"field": name, "change": str(change if name == "year" else "->".join(change)),
                        "replacements": "; ".join(f"{a}->{b}: {len(v)}" for (a, b), v in detail),
                        "count": str(len(ids)), "items": ",".join(ids)},
                evidence=ev,
            )

    def _item_finding(self, corpus, cid, oid, item, name, fields, off_label, copy_label, evidence, how):
        zh_fields = "；".join(f"{FIELD_ZH[n]} {a} → {b}" for n, a, b in fields)
        en_fields = "; ".join(f"{n} {a} -> {b}" for n, a, b in fields)
        note_zh = "（按指标、角色、位置对应）" if how == "fallback" else ""
        note_en = " (matched by indicator, role and place)" if how == "fallback" else ""
        return self.finding(
            plans=[cid, oid], key=f"{cid}/{oid}/{item}",
            zh=f"{cid} 的 {item}（{name}）与正式文本 {oid} 不同{note_zh}：{zh_fields}",
            en=f"{cid}'s {item} ({name}) differs from the official {oid}{note_en}: {en_fields}",
            values={"fields": ",".join(n for n, _, _ in fields), "official": off_label, "copy": copy_label,
                    **{n: f"{a} -> {b}" for n, a, b in fields}},
            evidence=evidence,
        )


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
