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

from plancheck.findings import Evidence, Finding, Severity
from plancheck.rules.messages import LANGS, render

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
    # the kinds of message the rule reports, each a template per language in
    # rules/data/messages.{zh,en}.yaml under the rule's code (plancheck.rules.messages)
    messages: ClassVar[tuple[str, ...]] = ()
    # What the engine and the reports know of a rule is what it declares below (and its scope),
    # never its code (a rule of scope `waivers` reports on the waivers file, not on a fact):
    # - input_check: it checks how the plan files are encoded (quotes, references, coverage);
    #   `python -m plancheck.validate` runs these rules only
    input_check: ClassVar[bool] = False
    # - quality: an independent suite whose findings repeat other rules' (each is attached to the
    #   finding it repeats and not counted again, plancheck.report.causes); `check --no-quality`
    #   leaves it out
    quality: ClassVar[bool] = False
    # - repeated_by: the data-quality check families (checks/suite.py) whose findings repeat
    #   this rule's findings about the same fact
    repeated_by: ClassVar[tuple[str, ...]] = ()
    # - leads: the shared cause a finding of this rule names when its values say so
    #   (plancheck.report.causes): "unit-slip" (a `factor`), "year-shift" (`field: year`, `items`)
    leads: ClassVar[str | None] = None

    def __init__(self, severity: Severity | None = None, params: dict | None = None):
        self.effective_severity = severity or self.severity
        unknown = set(params or {}) - set(self.params)
        if unknown:
            raise ValueError(f"{self.code}: unknown parameter(s) {sorted(unknown)}; known: {sorted(self.params)}")
        self.p = {**self.params, **(params or {})}

    def check(self, corpus: Corpus) -> Iterable[Finding]:
        if not self.per_plan:
            parts = self.parts(corpus)
            if parts is None:
                raise NotImplementedError
            for _, part in parts:
                yield from self.check_part(corpus, part)
            return
        for lp in corpus.plans:
            yield from self.check_plan(corpus, lp)
        yield from self.check_corpus(corpus)

    # A cross-plan rule may split its work into parts, each a function of the corpus and the part
    # alone and tied to one region: `parts(corpus)` lists (region, part) in the rule's order,
    # `check_part` gives a part's findings and `tables_part` its tables; `check` and `tables` are
    # then the parts' in that order. The engine may run the parts in worker processes, by the
    # province of their region (plancheck.rulepool).
    def parts(self, corpus: Corpus) -> list[tuple[str, object]] | None:
        return None

    def check_part(self, corpus: Corpus, part) -> Iterable[Finding]:
        raise NotImplementedError

    def tables_part(self, corpus: Corpus, part) -> list[dict]:
        return []

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
        parts = None if self.per_plan else self.parts(corpus)
        return [t for _, part in parts or () for t in self.tables_part(corpus, part)]

    # -- helpers for subclasses
    def finding(self, kind: str | None = None, corpus: Corpus | None = None, *, plans, key, values=None,
                facts=(), severity: Severity | None = None, primary: str | None = None,
                zh: str | None = None, en: str | None = None, evidence=()) -> Finding:
        """A finding of this rule, of one of its declared message `kind`s: the zh and en messages
        are its templates (`rules/data/messages.*.yaml`) filled from `values`, and the evidence
        is derived from `facts` — fact references (a fact's quote and lines), `(plan, item)`
        pairs (a growth claim's) or ready `Evidence` (a header's quote) — with `corpus`.
        `plans` are sorted, except that `primary` — the plan that carries the problem (an
        edition difference belongs to the copy) — comes first."""
        values = dict(values or {})
        if kind is not None:
            if kind not in self.messages:
                raise ValueError(f"{self.code}: message kind {kind!r} is not declared (declared: {list(self.messages)})")
            zh, en = (render(self.code, kind, values, lang) for lang in LANGS)
        elif zh is None or en is None:
            raise ValueError(f"{self.code}: a finding needs a message kind")
        ev = [*evidence, *(_evidence(corpus, x) for x in facts)]
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
            values=values,
            evidence=ev,
        )

    @classmethod
    def doc(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def message_lines(cls) -> list[str]:
        """The rule's message kinds and their templates, for its documentation."""
        from plancheck.rules.messages import templates

        out = []
        for kind in cls.messages:
            out.append(f"- `{kind}`: {templates(cls.code, 'en').get(kind, '')}")
            out.append(f"  / {templates(cls.code, 'zh').get(kind, '')}")
        return out

    @classmethod
    def summary(cls) -> str:
        return cls.doc().splitlines()[0] if cls.__doc__ else ""


MAX_LISTED = 10  # restatements named in a finding's values (the count is always given)


def restated(values: dict, side: str, same: list) -> None:
    """Name in a finding's `values` the further facts that state exactly what one side of it
    states, `restated_<side>` (their number) and `restated_<side>_ids` (the first MAX_LISTED):
    one cause, one finding, however often a figure is restated. No facts: no entry."""
    if same:
        ids = [r.fact.id for r in same[:MAX_LISTED]]
        values[f"restated_{side}"] = str(len(same))
        values[f"restated_{side}_ids"] = ", ".join(ids) + (f", … (+{len(same) - len(ids)})" if len(same) > len(ids) else "")


def _evidence(corpus, item) -> Evidence:
    """A finding's evidence from what the rule passes: an Evidence as it is, a fact reference, or
    a (loaded plan, fact or growth claim) pair."""
    if isinstance(item, Evidence):
        return item
    if corpus is None:
        raise ValueError("a finding's facts need the corpus to find their quotes")
    if isinstance(item, tuple):
        return corpus.evidence(*item)
    return corpus.ref_evidence(item)
