from __future__ import annotations

import re
import unicodedata

from plancheck.coverage import UNIT_AFTER, uncovered_numbers
from plancheck.findings import Severity
from plancheck.rules.base import Rule, Scope

UNIT_WORD = re.compile(UNIT_AFTER)


class Coverage(Rule):
    """Every figure in the source text is encoded, or its omission is explained.

    **What it does.** Finds each number in the plan's source text that a unit or magnitude word
    follows (`506.9亿元`, `83.94%`, `5361个`, `50多万户`) and checks that some quote of the plan
    file covers it: a fact, a growth claim, a priority list, or an entry of `omissions` that
    says why it is not encoded (a rank, a ratio of two growth rates, a count without a year).

    **Why is this bad?** A figure left out of `plans/` is checked by no rule: the corpus would
    look consistent only because its inconsistent sentences were never encoded.

    **Example (fails).** Jiaxing's `增加值增速接近同期GDP和规上工业增速的2倍` with no fact and no
    omission covering it.

    A unit word the plan's facts use that this rule does not know (so figures followed by it are
    never looked for) is reported as information, naming the word and where to declare it.

    **Example (passes).** The same sentence listed under `omissions` with the reason "a ratio
    of two growth rates; neither rate is stated", or encoded as facts.
    """

    code = "PC003"
    name = "coverage"
    severity = Severity.warning
    scope = Scope.corpus

    per_plan = True

    def check_plan(self, corpus, lp):
        yield from self._unknown_unit_words(corpus, lp)
        for u in uncovered_numbers(lp):
            ev = corpus.evidence(lp, None, quote=u.context)
            yield self.finding(
                plans=[lp.plan.id],
                key=f"{lp.plan.id}/{u.context}",
                zh=f"来源第{u.line}行的数字 {u.literal} 没有被任何事实引用，也未在 omissions 中说明：…{u.context}…",
                en=f"the figure {u.literal} on line {u.line} of {lp.plan.source.file} is neither encoded nor listed in omissions: …{u.context}…",
                values={"number": u.literal, "source_line": str(u.line)},
                evidence=[ev],
            )

    def _unknown_unit_words(self, corpus, lp):
        """A unit word the plan uses that this rule does not know: figures followed by it are
        never looked for, so say so (info) instead of skipping them silently."""
        seen = {}
        for f in lp.plan.facts:
            word = unicodedata.normalize("NFKC", f.unit).strip()
            if word in ("", "/") or word in seen:
                continue
            if not UNIT_WORD.match(word):
                seen[word] = f
        for word, f in sorted(seen.items()):
            yield self.finding(
                plans=[lp.plan.id], key=f"{lp.plan.id}/unknown-unit-word/{word}", severity=Severity.info,
                zh=f"单位“{word}”（如 {f.id}）不在 PC003 识别的单位词中：来源中带此单位的数字不会被检查是否已编码；"
                   f"请在 plancheck/coverage.py 的 UNIT_AFTER 中声明",
                en=f"the unit word {word!r} (e.g. {f.id}) is not one PC003 knows: figures followed by it in the source "
                   f"are not checked for coverage; declare it in UNIT_AFTER (plancheck/coverage.py)",
                values={"word": word, "example_fact": f.id, "declare_in": "plancheck/coverage.py UNIT_AFTER"},
                evidence=[corpus.ref_evidence(corpus.fact(lp.plan.id, f.id))],
            )
