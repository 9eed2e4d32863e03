"""The unit checks, shared by the rules PC105 and PC114-PC116 (one concept each).

The per-plan checks run once per plan and run (`plancheck.rules.family`); each rule reports its
own message kinds: the unit's dimension (PC105), a percentage in [0, 100] (PC114), one count
word per indicator (PC115). 万/亿 slips (PC116) compare plans, so only PC116 looks for them.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from decimal import Decimal

from plancheck.findings import Severity
from plancheck.intervals import Interval
from plancheck.models.catalog import Measure
from plancheck.models.plan import Comparator
from plancheck.rules.base import MAX_LISTED, Scope, restated
from plancheck.rules.family import Draft, FamilyRule
from plancheck.vocab import magnitudes

_UNIT_DIM = {"money": "money", "count": "count", "ratio": "ratio", "index": "index", "money_per_person": "money_per_person"}
# a 万/亿/万亿 slip: the magnitude words of the unit definitions, from 万 up
SLIPS = {Decimal(int(f)): w for w, f in sorted(magnitudes().items(), key=lambda kv: kv[1]) if f >= 10 ** 4}


def unit_drafts(corpus, lp):
    """Every per-plan unit finding of one plan (dimension, percent range, count words)."""
    pid = lp.plan.id
    words = defaultdict(set)
    for f in lp.plan.facts:
        ref = corpus.fact(pid, f.id)
        ind = corpus.indicator(f.indicator)
        if ref.unit is None or ind is None:
            continue  # PC002 reports unknown units and keys
        want = _UNIT_DIM.get(ind.dimension.value, ind.dimension.value)
        if ref.unit.dimension != want:
            yield Draft("dimension", f"{pid}/{f.id}/dimension",
                        {"unit": f.unit, "unit_dimension": ref.unit.dimension, "indicator_dimension": want,
                         "fact": f.id, "indicator": f.indicator}, (ref,), (pid,))
        if ref.unit.dimension == "ratio" and ind.measure == Measure.rate and f.value is not None:
            b = Interval.written(f.value)
            if b.lo > 100 or b.hi < 0:
                yield Draft("percent-range", f"{pid}/{f.id}/percent-range",
                            {"stated": f"{f.value}%", "allowed": "[0, 100]", "fact": f.id}, (ref,), (pid,))
        if ref.unit.count_word:
            words[f.indicator].add((ref.unit.count_word, f.id))
    for ind_key, ws in sorted(words.items()):
        kinds = {w for w, _ in ws if w != "[item]"}
        if len(kinds) > 1:
            ids = sorted(i for _, i in ws)
            yield Draft("count-words", f"{pid}/{ind_key}/count-words",
                        {"facts": ", ".join(ids), "indicator": ind_key, "words": ", ".join(sorted(kinds))},
                        tuple(corpus.fact(pid, i) for i in ids), (pid,), Severity.warning)


class UnitChecks(FamilyRule):
    """Base of the unit rules: not a rule itself (no code)."""

    severity = Severity.error
    scope = Scope.plan
    compute = staticmethod(unit_drafts)

    def check_corpus(self, corpus):
        if "slip" in self.messages:
            yield from self._slips(corpus)

    def _slips(self, corpus):
        for (ind, region, year), refs in sorted(corpus.groups(), key=lambda kv: kv[0]):
            for matches in _by_slipped_figure(_slip_matches(refs)):
                yield self._slip(corpus, ind, region, year, matches)

    def _slip(self, corpus, ind, region, year, matches):
        """One finding for a slipped figure: the lead pair of figures (the partner stated most
        often), the further statements of either figure and the further figures against it."""
        bigs, smalls, ratio, k, word = max(matches, key=lambda m: max(len(m[0]), len(m[1])))
        big, small = bigs[0], smalls[0]
        a, b = sorted((big, small), key=lambda r: (r.lp.plan.id, r.fact.id))
        bound = any(r.fact.comparator in ONE_SIDED for r in (big, small))
        values = {"ratio": ratio.fmt(1), "factor": format(k, "f"), "a": big.label(), "b": small.label(),
                  "reading": ("a bound thousands of times away from a stated value: formally met, most "
                              "likely the same figure with the wrong magnitude word") if bound else
                             "the ratio is, within the written precision, a power of ten of a magnitude word",
                  "indicator": ind, "year": str(year), "word": word, "power": str(len(str(k)) - 1)}
        restated(values, "a", bigs[1:])
        restated(values, "b", smalls[1:])
        others = [m for m in matches if m[0] is not bigs or m[1] is not smalls]
        if others:  # the slipped figure (common to every match) against further figures
            slipped = smalls if all(m[0] is smalls or m[1] is smalls for m in others) else bigs
            partners = [(m[1] if m[0] is slipped else m[0])[0].label() for m in others]
            values["others"] = str(len(others))
            values["others_figures"] = ", ".join(partners[:MAX_LISTED]) + (
                f", … (+{len(partners) - MAX_LISTED})" if len(partners) > MAX_LISTED else "")
        statements = {id(r): r for m in matches for r in (*m[0], *m[1])}
        values["statements"] = str(len(statements))
        values["figures"] = str(len({id(side) for m in matches for side in m[:2]}))
        values["folded"] = "many" if len(statements) > 2 else "one"
        return self.finding(
            "slip", corpus, plans=sorted({r.lp.plan.id for r in statements.values()}),
            severity=Severity.warning,
            key=f"{ind}/{region}/{year}/{a.lp.plan.id}:{a.fact.id}~{b.lp.plan.id}:{b.fact.id}/slip",
            values=values, facts=[big, small])


# each distinct value looks at no more than this many distinct values near itself divided by a
# factor (issue 8: the work stays linear in the number of facts sharing an indicator and year)
MAX_SCAN = 256
BOUND_SPREAD = 3  # a bound "thousands of times away": within a factor of 3 of 10^4 (or 10^8...)
ONE_SIDED = {Comparator.gt, Comparator.ge, Comparator.lt, Comparator.le}


def _slip_pairs(refs):
    """(bigger, smaller, ratio interval, factor, word) per pair of facts of one group (the scan
    rule's reading of `_slip_matches`): each fact of either figure against the first fact of
    the other, not one per pair of facts."""
    for bigs, smalls, ratio, k, word in _slip_matches(refs):
        for big, small in [(b, smalls[0]) for b in bigs] + [(bigs[0], s) for s in smalls[1:]]:
            yield big, small, ratio, k, word


def _by_slipped_figure(matches):
    """The matches of one quantity, one list per slipped figure. Of two figures a power of ten
    apart, the one stated fewer times is the slip (one statement among many restating a figure,
    or the cells of one column that slipped alike); between figures stated equally often, the
    one matched against more figures; every figure it is matched against is part of one finding.
    Two figures that tie on both are a pair of their own (neither is known to be the slip)."""
    matches = list(matches)
    partners: dict = defaultdict(int)
    for m in matches:
        partners[id(m[0])] += 1
        partners[id(m[1])] += 1
    groups: dict = {}
    for m in matches:
        bigs, smalls = m[0], m[1]
        rank_big, rank_small = (-len(bigs), partners[id(bigs)]), (-len(smalls), partners[id(smalls)])
        if rank_big == rank_small:
            key = (id(bigs), id(smalls))
        else:
            key = id(smalls if rank_small > rank_big else bigs)
        groups.setdefault(key, []).append(m)
    return list(groups.values())


def _slip_matches(refs):
    """(the bigger figure's facts, the smaller figure's facts, ratio interval, factor, word) for
    pairs of distinct figures of one group whose ratio is, within their precision, 10^4, 10^8 or
    10^12 — or, where one of the two is a bound (超80万元 against 87.03亿元), within a factor of
    BOUND_SPREAD of it: the bound is formally met, but is most likely the same figure with the
    wrong magnitude word.

    Facts that state the same interval are one figure; the distinct intervals are sorted by
    midpoint once. A written positive number's interval lies within [mid/3, 2*mid], so a partner
    of `big` for factor k has its midpoint in [big.lo / (2k·S), 3·S·big.hi / k] (S = BOUND_SPREAD):
    a bisection finds that window."""
    by_iv: dict = defaultdict(list)
    for r in refs:
        iv = r.base_interval()
        if iv is not None and r.fact.value and not r.lp.plan.edition_of and iv.lo > 0:
            by_iv[(iv, r.fact.comparator in ONE_SIDED)].append(r)
    if len(by_iv) < 2:
        return
    keys = sorted(by_iv, key=lambda k: (k[0].mid, k[0].lo, k[1]))
    mids = [k[0].mid for k in keys]
    for kbig in keys:
        ibig = kbig[0]
        for k, word in SLIPS.items():
            start = bisect_left(mids, ibig.lo / (2 * k * BOUND_SPREAD))
            for ksmall in keys[start:start + MAX_SCAN]:
                ismall = ksmall[0]
                if ismall.mid > 3 * BOUND_SPREAD * ibig.hi / k:
                    break
                if ismall.overlaps(ibig) or ismall.mid > ibig.mid:
                    continue
                ratio = ibig / ismall
                if kbig[1] or ksmall[1]:
                    hit = ratio.lo <= k * BOUND_SPREAD and ratio.hi >= k / BOUND_SPREAD
                else:
                    hit = ratio.contains(k)
                if hit:
                    yield by_iv[kbig], by_iv[ksmall], ratio, k, word
