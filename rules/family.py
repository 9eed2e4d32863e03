"""Rules split from one family of checks (the years: PC104, PC108-PC113; the units: PC105,
PC114-PC116): the family's checks run once per plan and run, and each rule of the family reports
the findings of its own message kinds, so every code stays selectable and waivable on its own
without running the family seven times.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import ClassVar
from weakref import WeakKeyDictionary

from plancheck.findings import Severity
from plancheck.rules.base import Rule

# corpus -> {(family function, plan id): drafts}; dropped with the corpus at the end of the run
_SHARED: WeakKeyDictionary = WeakKeyDictionary()


@dataclass(frozen=True)
class Draft:
    """A finding before its rule is known: what `Rule.finding` needs, with the kind choosing the rule."""

    kind: str
    key: str
    values: dict
    facts: tuple = ()
    plans: tuple[str, ...] = ()
    severity: Severity | None = None


def shared(corpus, compute: Callable, lp) -> list[Draft]:
    """`compute(corpus, lp)`'s drafts, computed once per corpus and plan (`lp` None: the corpus)."""
    memo = _SHARED.setdefault(corpus, {})
    key = (compute, None if lp is None else lp.plan.id)
    if key not in memo:
        memo[key] = list(compute(corpus, lp))
    return memo[key]


class FamilyRule(Rule):
    """Base of a family's rules: not a rule itself (no code). `compute` yields the family's
    drafts for one plan; a rule reports those of the kinds it declares in `messages`."""

    per_plan = True
    compute: ClassVar[Callable[..., Iterable[Draft]]]

    def check_plan(self, corpus, lp):
        for d in shared(corpus, type(self).compute, lp):
            if d.kind in self.messages:
                yield self.finding(d.kind, corpus, plans=d.plans, key=d.key, values=d.values, facts=d.facts,
                                   severity=d.severity)
