from __future__ import annotations

from collections import defaultdict
from itertools import combinations

from plancheck.bounds import of_fact
from plancheck.findings import Severity
from plancheck.models.plan import Comparator, Place
from plancheck.rules.base import Rule, Scope

ONE_SIDED = {Comparator.gt, Comparator.ge, Comparator.lt, Comparator.le}


class TableVsText(Rule):
    """The same quantity for the same year says the same thing wherever the plan states it.

    **What it does.** Within one plan, groups the facts by indicator, region, data year and
    whether they are actual values (table baseline, text history) or aims (table target, text
    goal). Each pair in a group — table against text, and text restating text — must agree after
    unit conversion (6.5 万件 = 65000 件) within the precision each was written with. A lower
    bound is not an equality: `超350` (>350) agrees with 362 and not with 340. Two aims that are
    both lower bounds (`达到1350`, table `1350`) must name the same threshold. A stock stated as
    `累计建成` is its level; a count accumulated over a span is compared only with another such
    count.

    **Why is this bad?** A reader quotes whichever figure they find first: when the table and
    the text differ, at least one of them is wrong, and the plan says two things.

    **Example (fails).** The table's 2020 cell says `智能终端产业产值 362` and the text says
    `智能终端产业产值超400亿元` for 2020: 362 is not above 400.

    **Example (passes).** Table `数字经济核心产业增加值 亿元 506.9 1350` and text
    `数字经济核心产业增加值达到1350亿元` for 2025: both aim at 1350.

    An approximate statement (左右, 约, 近) that misses is reported as a warning, not an error.
    """

    code = "PC103"
    name = "table-vs-text"
    severity = Severity.error
    scope = Scope.plan

    per_plan = True

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
            for a, b in combinations(refs, 2):
                if a.fact.place == b.fact.place == Place.table:
                    continue  # two table cells: not a restatement
                if a.classification_changed != b.classification_changed:
                    continue  # different statistical classifications: not the same quantity
                yield from self._pair(corpus, lp, a, b, actual, year)


    def _pair(self, corpus, lp, a, b, actual, year):
        if not a.unit.compatible(b.unit):
            return  # rule PC105 reports units that do not match
        ba, bb = of_fact(a.fact, a.unit.factor), of_fact(b.fact, b.unit.factor)
        if a.fact.place == Place.text and b.fact.place == Place.table:
            a, b, ba, bb = b, a, bb, ba  # table first
        ok = _agree(ba, bb, a.fact.comparator, b.fact.comparator, actual)
        if ok:
            return
        approx = Comparator.about in (a.fact.comparator, b.fact.comparator)
        what = "表格与正文" if a.fact.place != b.fact.place else "正文前后"
        what_en = "the table and the text" if a.fact.place != b.fact.place else "two statements in the text"
        yield self.finding(
            plans=[lp.plan.id],
            key=f"{lp.plan.id}/{a.fact.id}~{b.fact.id}",
            zh=f"{what}对{a.fact.name}（{year}年）说法不一：{a.label()} 与 {b.label()}",
            en=f"{what_en} disagree on {a.fact.indicator} for {year}: {a.label()} vs {b.label()}",
            values={
                "indicator": a.fact.indicator,
                "year": str(year),
                "stated_a": a.label(),
                "stated_b": b.label(),
                "allowed_a": ba.text(),
                "allowed_b": bb.text(),
                "base_unit_factor_a": format(a.unit.factor, "f"),
                "base_unit_factor_b": format(b.unit.factor, "f"),
                "tolerance": "written precision of each value (half a unit in the last printed place)",
            },
            evidence=[corpus.ref_evidence(a), corpus.ref_evidence(b)],
            severity=Severity.warning if approx else None,
        )


def _agree(ba, bb, ca: Comparator, cb: Comparator, actual: bool) -> bool:
    """Do two statements of one quantity agree?"""
    if not actual and ca in ONE_SIDED and cb in ONE_SIDED:
        same_side = (ca in (Comparator.gt, Comparator.ge)) == (cb in (Comparator.gt, Comparator.ge))
        if same_side:
            # two aims of the same direction name a threshold each: the thresholds must agree
            ta = ba.lo if ba.lo is not None else ba.hi
            tb = bb.lo if bb.lo is not None else bb.hi
            return _threshold_close(ta, tb)
    return ba.intersects(bb)


def _threshold_close(ta, tb) -> bool:
    from plancheck.intervals import Interval

    return Interval.written(ta).overlaps(Interval.written(tb)) if ta is not None and tb is not None else True
