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
    input_check = True

    per_plan = True
    messages = ("uncovered", "unknown-unit-word")

    def check_plan(self, corpus, lp):
        yield from self._unknown_unit_words(corpus, lp)
        for u in uncovered_numbers(lp):
            ev = corpus.evidence(lp, None, quote=u.context)
            yield self.finding(
                "uncovered", corpus,
                plans=[lp.plan.id],
                key=f"{lp.plan.id}/{u.context}",
                values={"number": u.literal, "source_line": str(u.line), "context": u.context,
                        "file": lp.plan.source.file},
                facts=[ev],
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
                "unknown-unit-word", corpus,
                plans=[lp.plan.id], key=f"{lp.plan.id}/unknown-unit-word/{word}", severity=Severity.info,
                values={"word": word, "example_fact": f.id, "declare_in": "plancheck/coverage.py UNIT_AFTER",
                        "word_repr": repr(word)},
                facts=[corpus.fact(lp.plan.id, f.id)],
            )
