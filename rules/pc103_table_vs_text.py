from __future__ import annotations

from collections import defaultdict

from plancheck.findings import Severity
from plancheck.intervals import Interval
from plancheck.models.plan import Comparator, Kind, Place
from plancheck.rules.base import Rule, Scope, restated
from plancheck.rules.links import differently_qualified, link, qualifiers

ONE_SIDED = {Comparator.gt, Comparator.ge, Comparator.lt, Comparator.le}
# each fact is compared with at most this many distinct statements of its group (issue 8: a plan
# restating one figure thousands of times must not cost a comparison per pair of facts)
MAX_REPRESENTATIVES = 8


_NOT_COMPARED = frozenset({"id", "quote", "note"})  # fields that do not change what a fact says


def _statement(ref) -> tuple:
    """What a fact says, for deduplication: two facts that allow the same values agree."""
    return (ref.fact.place, ref.allowed, ref.unit.dimension, ref.classification_changed)


def _restatements(refs) -> list[list]:
    """The group's facts by what they state, in order: [first fact, later facts stating exactly
    the same...] each. Two facts that differ only in id, quote or note compare alike with any third, so a
    figure restated a thousand times is compared once, and a disagreement is one finding that
    lists the restatements (one cause, one finding), not a finding per restatement."""
    firsts: dict[tuple, list] = {}
    for ref in refs:
        fields = dict(ref.fact.__dict__)
        for k in _NOT_COMPARED:
            fields.pop(k, None)
        sig = repr(fields)  # repr keeps a Decimal's written digits (225.0 is not 225)
        firsts.setdefault((sig, ref.classification_changed), []).append(ref)
    return list(firsts.values())


def _pairs(refs):
    """The pairs of one group to compare: every text fact against the group's table cells and
    against the text statements before it, each distinct statement once and at most
    MAX_REPRESENTATIVES of each; two table cells are not a restatement. For a group with few
    distinct statements these are all the pairs that could disagree; for a large group the work
    stays linear in its size."""
    tables: dict[tuple, object] = {}  # distinct statement -> its first fact
    for ref in refs:
        if ref.fact.place == Place.table:
            tables.setdefault(_statement(ref), ref)
            if len(tables) >= MAX_REPRESENTATIVES:
                break
    texts: dict[tuple, object] = {}
    for ref in refs:
        if ref.fact.place == Place.table:
            continue
        st = _statement(ref)
        for t in tables.values():
            yield t, ref
        for t_st, t in texts.items():
            if t_st != st:
                yield t, ref
        if len(texts) < MAX_REPRESENTATIVES:
            texts.setdefault(st, ref)


class TableVsText(Rule):
    """The same quantity for the same year says the same thing wherever the plan states it.

    **What it does.** Within one plan, groups the facts by indicator, region, data year and
    whether they are actual values (table baseline, text history) or aims (table target, text
    goal). Each pair in a group — table against text, and text restating text — must agree after
    unit conversion (6.5 万件 = 65000 件) within the precision each was written with. A lower
    bound is not an equality: `超350` (>350) agrees with 362 and not with 340. Two aims that are
    both lower bounds (`达到1350`, table `1350`) must name the same threshold. A stock stated as
    `累计建成` is its level; a count accumulated over a span is compared only with another such
    count. Facts that state exactly the same (they differ only in id, quote or note) are compared
    once: a disagreement is one finding for the two distinct statements, whose values count and
    name the further facts restating either side (`restated_a`, `restated_b`).

    **Why is this bad?** A reader quotes whichever figure they find first: when the table and
    the text differ, at least one of them is wrong, and the plan says two things.

    **Example (fails).** The table's 2020 cell says `智能终端产业产值 362` and the text says
    `智能终端产业产值超400亿元` for 2020: 362 is not above 400.

    **Example (passes).** Table `数字经济核心产业增加值 亿元 506.9 1350` and text
    `数字经济核心产业增加值达到1350亿元` for 2025: both aim at 1350.

    An approximate statement (左右, 约, 近) that misses is reported as a warning, not an error.

    **Readings considered.** Qualifiers are part of a quantity (`plancheck.rules.links`): two
    figures that print different qualifiers (累计建成 against 累计开通) are different quantities
    and are compared only through a conversion the plan states. When one value equals the other
    times a rate the plan states with it (5G基站累计建成5361个，累计开通率83.94%: 5361 × 83.94% =
    4500, the table's 2020 cell), the pair is a link, not a contradiction: information, or a
    warning when one label leaves its qualifier out (the table's `5G基站数量`). A text aim
    `保持在X` against a table target `>= Y` agrees only when X is about Y (their written
    intervals meet). An error remains where no reading makes the two figures agree.
    """

    code = "PC103"
    name = "table-vs-text"
    severity = Severity.error
    scope = Scope.plan

    per_plan = True
    repeated_by = ("uniqueness",)
    messages = ("disagree", "link")

    def check_plan(self, corpus, lp):
        groups = defaultdict(list)
        for f in lp.plan.facts:
            ref = corpus.fact(lp.plan.id, f.id)
            if f.value is None or ref.unit is None:
                continue
            groups[(f.indicator, ref.region, ref.data_year, ref.actual, corpus.span_kind(ref))].append(ref)
        for (_ind, _region, year, actual, _kind), refs in sorted(groups.items(), key=lambda kv: str(kv[0])):
            if len(refs) < 2:
                continue
            restated = _restatements(refs)
            same = {id(s[0]): s[1:] for s in restated}
            for a, b in _pairs([s[0] for s in restated]):
                if a.classification_changed != b.classification_changed:
                    continue  # different statistical classifications: not the same quantity
                yield from self._pair(corpus, lp, a, b, actual, year, same)

    def _pair(self, corpus, lp, a, b, actual, year, same):
        if not a.unit.compatible(b.unit):
            return  # rule PC105 reports units that do not match
        ba, bb = a.allowed, b.allowed
        if a.fact.place == Place.text and b.fact.place == Place.table:
            a, b, ba, bb = b, a, bb, ba  # table first
        ok = _agree(ba, bb, a, b, actual)
        if ok:
            return
        lk = link(corpus, lp, a, b)
        if lk is not None:
            finding = self._link(corpus, lp, a, b, lk, year)
            restated(finding.values, "a", same[id(a)])
            restated(finding.values, "b", same[id(b)])
            yield finding
            return
        if differently_qualified(a, b):
            return  # 建成 against 开通: two quantities, and the plan states no conversion between them
        approx = Comparator.about in (a.fact.comparator, b.fact.comparator)
        values = {}
        restated(values, "a", same[id(a)])
        restated(values, "b", same[id(b)])
        yield self.finding(
            "disagree", corpus,
            plans=[lp.plan.id],
            key=f"{lp.plan.id}/{a.fact.id}~{b.fact.id}",
            values={
                "places": "table-text" if a.fact.place != b.fact.place else "text-text",
                "name": a.fact.name,
                "indicator": a.fact.indicator,
                "year": str(year),
                "stated_a": a.label(),
                "stated_b": b.label(),
                "allowed_a": ba.text(),
                "allowed_b": bb.text(),
                "base_unit_factor_a": format(a.unit.factor, "f"),
                "base_unit_factor_b": format(b.unit.factor, "f"),
                "tolerance": "written precision of each value (half a unit in the last printed place)",
                **values,
            },
            facts=[a, b],
            severity=Severity.warning if approx else None,
        )


    def _link(self, corpus, lp, a, b, lk, year):
        """Two figures joined by a stated rate (built × open rate = opened): information, or a
        warning when one label leaves its qualifier out (the reader cannot tell which is which)."""
        p, base, rate = lk.product, lk.base, lk.rate
        return self.finding(
            "link", corpus,
            plans=[lp.plan.id],
            key=f"{lp.plan.id}/{a.fact.id}~{b.fact.id}",
            values={"name": a.fact.name, "rate_name": rate.fact.name, "rate_indicator": rate.fact.indicator,
                    "labels": "explicit" if lk.explicit else "one-unqualified", "indicator": a.fact.indicator, "year": str(year), "product": p.label(), "base": base.label(),
                    "rate": rate.label(), "computed": (base.base_interval() * rate.base_interval()).fmt(2),
                    "qualifiers": f"{'/'.join(sorted(qualifiers(p))) or '-'} vs {'/'.join(sorted(qualifiers(base))) or '-'}",
                    "reading": "a link through a rate the plan states, not a contradiction"},
            facts=[a, b, rate],
            severity=Severity.info if lk.explicit else Severity.warning,
        )


def _agree(ba, bb, a, b, actual: bool) -> bool:
    """Do two statements of one quantity agree?

    A 保持在X (maintain) aim against a one-sided aim `>= Y` of the same year restates it only
    when X is about Y (their written intervals meet): X well above Y says something else."""
    ca, cb = a.fact.comparator, b.fact.comparator
    if not actual:
        for m, o in ((a, b), (b, a)):
            if m.fact.kind == Kind.maintain and o.fact.comparator in ONE_SIDED and o.fact.kind != Kind.maintain:
                tm = Interval.written(m.fact.value).scale(m.unit.factor)
                to = Interval.written(o.fact.value).scale(o.unit.factor)
                return tm.overlaps(to)
    if not actual and ca in ONE_SIDED and cb in ONE_SIDED:
        same_side = (ca in (Comparator.gt, Comparator.ge)) == (cb in (Comparator.gt, Comparator.ge))
        if same_side:
            # two aims of the same direction name a threshold each: the thresholds must agree
            ta = ba.lo if ba.lo is not None else ba.hi
            tb = bb.lo if bb.lo is not None else bb.hi
            return _threshold_close(ta, tb)
    return ba.overlaps(bb)


def _threshold_close(ta, tb) -> bool:
    return Interval.written(ta).overlaps(Interval.written(tb)) if ta is not None and tb is not None else True
