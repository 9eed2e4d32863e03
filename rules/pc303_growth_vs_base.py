from __future__ import annotations

from plancheck.findings import Severity
from plancheck.rules.base import Scope
from plancheck.rules.pc302_same_fact import SameFact


class GrowthVsBase(SameFact):
    """A growth claim against the start (or end) value another official document states.

    **What it does.** Checks growth claims (`年均增长X%`, `增长X%`, `翻一番`) whose start year has
    no value in their own plan against the start value another official document states for the
    same region and indicator (lineage), with interval arithmetic (`plancheck.growth`). The end
    value is the claim's own; for a growth stated as history whose end the plan does not state
    either, another document's reported end value is used. (A growth target's end against a later
    outcome is PC301.)

    Severity: a clash of a growth stated as history is an error; for a growth target whose two
    formulations (a number and a multiple) disagree given the base value, a warning (the base
    may have been revised since the target was set).

    **Why is this bad?** A stated growth that another document's base value contradicts means one
    of the figures was mistyped or revised without saying so.

    **Example (fails).** Jiaxing's 2016 `网络零售额力争突破1600亿元，比2015年翻一番` had the 2015
    value been 700 亿元: a doubling then reaches only 1400, not above 1600.

    **Example (passes).** Jiaxing's 2016 `力争突破1600亿元，比2015年翻一番` with the 2015 value
    835.6 亿元 that Jiaxing's 2021 plan reports: 835.6 x 2 = 1671.2 > 1600.

    **Readings considered.** A target's base may have been revised after it was set: a warning;
    a history's reported endpoints leave no other reading: an error.
    """

    code = "PC303"
    name = "growth-vs-base"
    severity = Severity.error
    scope = Scope.generations
    messages = ("growth-endpoint",)

    def check(self, corpus):
        yield from self._growth(corpus)
