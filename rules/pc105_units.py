from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from plancheck.findings import Severity
from plancheck.intervals import Interval
from plancheck.models.catalog import Measure
from plancheck.rules.base import Rule, Scope
from plancheck.vocab import magnitudes

_UNIT_DIM = {"money": "money", "count": "count", "ratio": "ratio", "index": "index", "money_per_person": "money_per_person"}
# a 万/亿/万亿 slip: the magnitude words of the unit definitions, from 万 up
SLIPS = {Decimal(int(f)): w for w, f in sorted(magnitudes().items(), key=lambda kv: kv[1]) if f >= 10 ** 4}


class Units(Rule):
    """Units parse, fit the indicator, stay within bounds, and convert consistently.

    **What it does.**
    - each fact's unit has the dimension its indicator has in the catalog (a count in 件/家/个,
      money in 元 with its magnitude, a share in %, an index with no unit `/`);
    - a percentage of a whole (a share or a rate) lies in [0, 100];
    - the same indicator counted with two different count words (件 vs 家) is flagged;
    - two values of the same indicator, region and year — in one plan or across plans — that
      differ by a factor of 10^4, 10^8 or 10^12 within their precision are reported as a probable
      万/亿 slip (the same digits written with the wrong magnitude word).

    **Why is this bad?** A unit word retyped wrong turns 2.3万亿元 into 2.3亿元: a number
    that is right in its digits and wrong by ten thousand times.

    **Example (fails).** `网络零售额 亿元 2.3` next to the text's `网络零售额达2.3万亿元` for 2020.

    **Example (passes).** Table `数字经济领域有效发明专利 万件 6.5` and the text's
    `数字经济领域有效发明专利达6.5万件`.
    """

    code = "PC105"
    name = "units"
    severity = Severity.error
    scope = Scope.plan

    per_plan = True

    def check_plan(self, corpus, lp):
        pid = lp.plan.id
        words = defaultdict(set)
        for f in lp.plan.facts:
            ref = corpus.fact(pid, f.id)
            ind = corpus.indicator(f.indicator)
            if ref.unit is None or ind is None:
                continue  # PC002 reports unknown units and keys
            want = _UNIT_DIM.get(ind.dimension.value, ind.dimension.value)
            if ref.unit.dimension != want:
                yield self.finding(plans=[pid], key=f"{pid}/{f.id}/dimension",
                                   zh=f"{f.id}：单位 {f.unit} 的量纲（{ref.unit.dimension}）与指标 {f.indicator} 的量纲（{want}）不符",
                                   en=f"{f.id}: unit {f.unit} is {ref.unit.dimension}, but {f.indicator} is {want}",
                                   values={"unit": f.unit, "unit_dimension": ref.unit.dimension, "indicator_dimension": want},
                                   evidence=[corpus.ref_evidence(ref)])
            if ref.unit.dimension == "ratio" and ind.measure == Measure.rate and f.value is not None:
                b = Interval.written(f.value)
                if b.lo > 100 or b.hi < 0:
                    yield self.finding(plans=[pid], key=f"{pid}/{f.id}/percent-range",
                                       zh=f"{f.id}：比例 {f.value}% 超出 [0, 100]",
                                       en=f"{f.id}: the share {f.value}% lies outside [0, 100]",
                                       values={"stated": f"{f.value}%", "allowed": "[0, 100]"},
                                       evidence=[corpus.ref_evidence(ref)])
            if ref.unit.count_word:
                words[f.indicator].add((ref.unit.count_word, f.id))
        for ind_key, ws in sorted(words.items()):
            kinds = {w for w, _ in ws if w != "[item]"}
            if len(kinds) > 1:
                ids = sorted(i for _, i in ws)
                yield self.finding(plans=[pid], key=f"{pid}/{ind_key}/count-words", severity=Severity.warning,
                                   zh=f"指标 {ind_key} 使用了不同的计数单位：{', '.join(sorted(kinds))}",
                                   en=f"{ind_key} is counted with different count words: {', '.join(sorted(kinds))}",
                                   values={"facts": ", ".join(ids)},
                                   evidence=[corpus.ref_evidence(corpus.fact(pid, i)) for i in ids])

    def check_corpus(self, corpus):
        yield from self._slips(corpus)


    def _slips(self, corpus):
        for (ind, region, year), refs in sorted(corpus.groups(), key=lambda kv: kv[0]):
            vals = [(r, r.base_interval()) for r in refs if r.base_interval() is not None and r.fact.value]
            for i, (a, ia) in enumerate(vals):
                for b, ib in vals[i + 1:]:
                    if a.lp.plan.edition_of or b.lp.plan.edition_of or ia.overlaps(ib) or ib.lo <= 0 or ia.lo <= 0:
                        continue
                    big, small, ibig, ismall = (a, b, ia, ib) if ia.lo > ib.hi else (b, a, ib, ia)
                    ratio = ibig / ismall
                    for k, word in SLIPS.items():
                        if ratio.contains(k):
                            yield self.finding(
                                plans=[a.lp.plan.id, b.lp.plan.id],
                                key=f"{ind}/{region}/{year}/{a.lp.plan.id}:{a.fact.id}~{b.lp.plan.id}:{b.fact.id}/slip",
                                zh=f"{ind}（{year}年）两处数值相差约{word}倍：{big.label()} 与 {small.label()}，疑为“{word}”字错漏",
                                en=f"{ind} for {year}: {big.label()} and {small.label()} differ by a factor of 10^{len(str(k)) - 1}: probably a {word} slip",
                                values={"ratio": ratio.fmt(1), "factor": format(k, "f"), "a": big.label(), "b": small.label()},
                                evidence=[corpus.ref_evidence(big), corpus.ref_evidence(small)])
