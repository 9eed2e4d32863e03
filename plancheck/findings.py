"""Findings: what a rule reports, with its evidence and a stable fingerprint."""

from __future__ import annotations

import hashlib
import operator
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from enum import Enum


class Severity(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True, slots=True)  # ~96 bytes each instead of ~350: a country has ~300,000
class Evidence:
    """One fact a finding rests on: the plan, where in the source text, and the quote."""

    plan: str
    file: str  # source text file, as the plan names it
    line: int | None  # 1-based line in the source text
    quote: str
    plan_file: str | None = None  # the plan YAML file
    plan_line: int | None = None  # the line of the fact in the plan YAML file
    item: str | None = None  # the fact / claim id
    plan_column: int | None = None  # the column (1-based) where the fact's entry starts in the plan YAML file

    def __reduce__(self):
        # pickled as a constructor call (the rules' workers send ~300,000 at 3,000 plans): the
        # slotted dataclass's own state functions walk `fields()` per object, twice as slow
        return (Evidence, _EVIDENCE_VALUES(self))

    def to_json(self) -> dict:
        return {
            "plan": self.plan,
            "file": self.file,
            "line": self.line,
            "quote": self.quote,
            "plan_file": self.plan_file,
            "plan_line": self.plan_line,
            "plan_column": self.plan_column,
            "item": self.item,
        }


@dataclass(slots=True)  # no per-instance dict: ~550 bytes less for each of a country's ~130,000
class Finding:
    rule: str
    severity: Severity
    plans: list[str]
    message_zh: str
    message_en: str
    key: str  # what the finding is about, from stable ids only (never values or line numbers)
    values: dict = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)
    waived: bool = False
    waiver_reason: str | None = None  # the waiver's reason in Chinese (or its one language)
    waiver_reason_en: str | None = None  # ... in English (None: the same text as waiver_reason)
    baseline_status: str | None = None
    # the id, computed on first use (a sha256 per use was ~1 s at 3,000 plans); not a field to
    # compare, show or pass: rule and key never change once a finding is made
    _id: str | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def id(self) -> str:
        """Stable fingerprint: the rule and the subject's ids; unrelated edits leave it alone."""
        if self._id is None:
            h = hashlib.sha256(f"{self.rule}\x1f{self.key}".encode()).hexdigest()
            self._id = f"{self.rule}-{h[:10]}"
        return self._id

    def __reduce__(self):  # as Evidence's: a constructor call, and the id if it was computed
        return (_finding, (_FINDING_VALUES(self), self._id))

    def message(self, lang: str) -> str:
        return self.message_zh if lang == "zh" else self.message_en

    def reason(self, lang: str) -> str | None:
        """The waiver's reason in `lang`."""
        if lang != "zh" and self.waiver_reason_en:
            return self.waiver_reason_en
        return self.waiver_reason

    def sort_key(self) -> tuple:
        return (self.plans[0] if self.plans else "", self.severity.rank, self.rule, self.key)  # errors first

    def to_json(self, lang: str = "zh", evidence: dict | None = None) -> dict:
        """The finding as report.json holds it. `evidence`: a memo of pieces of evidence already
        written (Evidence -> its dict), shared by the findings of one document: a quoted fact
        cited by several findings is then one dict (the writers only read them)."""
        cited = []
        for e in self.evidence:
            d = None if evidence is None else evidence.get(e)
            if d is None:
                d = e.to_json()
                if evidence is not None:
                    evidence[e] = d
            cited.append(d)
        out = {
            "id": self.id,
            "rule": self.rule,
            "severity": self.severity.value,
            # shared, as `values` is (the document is read, never changed); a list in any case
            "plans": self.plans if type(self.plans) is list else list(self.plans),
            "message": self.message(lang),
            "message_zh": self.message_zh,
            "message_en": self.message_en,
            "values": self.values,
            "evidence": cited,
            "waived": self.waived,
        }
        if self.waived:
            out["waiver_reason"] = self.reason(lang)
            out["waiver_reason_zh"] = self.reason("zh")
            out["waiver_reason_en"] = self.reason("en")
        if self.baseline_status is not None:
            out["baseline_status"] = self.baseline_status
        return out


_EVIDENCE_VALUES = operator.attrgetter(*(f.name for f in fields(Evidence)))  # every field is an __init__ argument
_FINDING_VALUES = operator.attrgetter(*(f.name for f in fields(Finding) if f.init))


def _finding(values: tuple, id_: str | None) -> Finding:
    """A pickled finding back (`Finding.__reduce__`)."""
    f = Finding(*values)
    f._id = id_
    return f


def share_values(found: Iterable[Finding], pool: dict) -> None:
    """Make equal strings, and equal pieces of evidence, of `found` one object each, in place
    (issue 13: memory). `pool` maps a value to its one object; pass the same dict for every list
    that goes into one pickle.

    A rule writes each finding's words afresh: the same indicator name, region name, message,
    dict key or quote is a new string in each finding, and a piece of evidence is made per rule.
    Pickle writes an object once per pickle by identity, not by value, so each copy crossed from a
    rules worker to the main process and stayed there until the reports were written (at 300
    plans, 179,000 strings of findings held 36,000 distinct values). Only exact `str` values and
    `Evidence` are shared: both are immutable, and neither compares equal to another type."""
    def one(s):
        return pool.setdefault(s, s) if type(s) is str else s

    def value(v):
        t = type(v)
        if t is str:
            return pool.setdefault(v, v)
        if t is list:
            return [value(x) for x in v]
        if t is dict:
            return {one(k): value(x) for k, x in v.items()}
        return v

    def evidence(e: Evidence) -> Evidence:
        got = pool.get(e)
        if got is None:
            got = pool[e] = Evidence(one(e.plan), one(e.file), e.line, one(e.quote), one(e.plan_file),
                                     e.plan_line, one(e.item), e.plan_column)
        return got

    for f in found:
        f.rule, f.key = one(f.rule), one(f.key)
        f.message_zh, f.message_en = one(f.message_zh), one(f.message_en)
        f.plans = [one(p) for p in f.plans]
        if f.values:
            f.values = value(f.values)
        if f.evidence:
            f.evidence = [evidence(e) for e in f.evidence]
