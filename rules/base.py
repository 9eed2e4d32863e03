"""What a rule is: a code, a name, a default severity, a scope, parameters and its documentation.

Each rule lives in its own module `rules/pcNNN_name.py` and defines one subclass of `Rule`. Its
docstring is its documentation (`plancheck explain CODE`), written as: what it does, why it
matters, an example that fails and one that passes, taken from the documents.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from enum import Enum
from typing import TYPE_CHECKING, ClassVar

from plancheck.findings import Finding, Severity

if TYPE_CHECKING:
    from plancheck.corpus import Corpus


class Scope(str, Enum):
    corpus = "corpus"  # the input files themselves
    plan = "plan"  # one plan against itself
    family = "family"  # editions of one plan
    hierarchy = "hierarchy"  # a region's plan against its parent region's
    generations = "generations"  # the same region's earlier and later plans
    document = "document"  # a raw document read by `plancheck scan` (no plan file)
    waivers = "waivers"  # the waivers file against every other rule's findings (check and scan)


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity] = Severity.error
    scope: ClassVar[Scope] = Scope.plan
    params: ClassVar[dict[str, object]] = {}
    # A per-plan rule implements check_plan(corpus, lp): its findings for a plan depend on that
    # plan, its source text, the catalog and the registry only, so the engine may cache them by
    # those inputs. check_corpus(corpus) holds any part that looks across plans.
    per_plan: ClassVar[bool] = False

    def __init__(self, severity: Severity | None = None, params: dict | None = None):
        self.effective_severity = severity or self.severity
        unknown = set(params or {}) - set(self.params)
        if unknown:
            raise ValueError(f"{self.code}: unknown parameter(s) {sorted(unknown)}; known: {sorted(self.params)}")
        self.p = {**self.params, **(params or {})}

    def check(self, corpus: Corpus) -> Iterable[Finding]:
        if not self.per_plan:
            raise NotImplementedError
        for lp in corpus.plans:
            yield from self.check_plan(corpus, lp)
        yield from self.check_corpus(corpus)

    def check_plan(self, corpus: Corpus, lp) -> Iterable[Finding]:
        raise NotImplementedError

    def check_corpus(self, corpus: Corpus) -> Iterable[Finding]:
        return []

    def check_waivers(self, waivers, used: set[str], checked: set[str]) -> Iterable[Finding]:
        """A rule of scope `waivers`, run by the engine after waivers are applied: `waivers` the
        loaded file, `used` the ids that matched a finding, `checked` the ids of the plans checked."""
        return []

    def settings_key(self) -> str:
        """What the configuration of this rule is, for cache keys."""
        return f"{self.code}|{self.effective_severity.value}|{sorted((k, repr(v)) for k, v in self.p.items())}"

    def tables(self, corpus: Corpus) -> list[dict]:
        """Optional summary tables for the reports: [{title, columns, rows: [{col: text}], notes}]."""
        return []

    # -- helpers for subclasses
    def finding(self, *, plans, key, zh, en, values=None, evidence=(), severity: Severity | None = None,
                primary: str | None = None) -> Finding:
        """A finding of this rule. `plans` are sorted, except that `primary` — the plan that
        carries the problem (an edition difference belongs to the copy) — comes first."""
        # the configured severity replaces the rule's top level; lower levels stay as low
        sev = self.effective_severity
        if severity is not None and severity.rank > sev.rank:
            sev = severity
        return Finding(
            rule=self.code,
            severity=sev,
            plans=([primary] if primary else []) + sorted(set(plans) - {primary}),
            message_zh=zh,
            message_en=en,
            key=key,
            values=values or {},
            evidence=list(evidence),
        )

    @classmethod
    def doc(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def summary(cls) -> str:
        return cls.doc().splitlines()[0] if cls.__doc__ else ""
