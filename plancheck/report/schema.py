"""The report.json contract as pydantic models; its JSON Schema is published in plancheck/schema/."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Tool(_M):
    name: Literal["plancheck"]
    version: str


class Summary(_M):
    errors: int = Field(description="unwaived errors")
    warnings: int = Field(description="unwaived warnings")
    infos: int
    waived: int
    plans: int
    input_errors: int
    waived_errors: int | None = Field(default=None, description="waived errors: known discrepancies of the documents")
    attached: int | None = Field(default=None, description="data-quality findings repeating an engine finding (not counted above)")
    causes: int | None = Field(default=None, description="groups of findings sharing one cause")
    new: int | None = Field(default=None, description="with --baseline: findings not in the baseline")
    fixed: int | None = Field(default=None, description="with --baseline: baseline findings gone")


class EvidenceOut(_M):
    plan: str
    file: str
    line: int | None
    quote: str
    plan_file: str | None
    plan_line: int | None
    plan_column: int | None = Field(default=None, description="1-based column of the fact's entry in the plan file")
    item: str | None


class FindingOut(_M):
    id: str = Field(pattern=r"^PC\d{3}-[0-9a-f]{10}$", description="stable fingerprint")
    rule: str = Field(pattern=r"^PC\d{3}$")
    severity: Literal["error", "warning", "info"]
    plans: list[str]
    message: str = Field(description="in the report's language")
    message_zh: str
    message_en: str
    values: dict = Field(description="stated, computed, tolerance, interval... as strings")
    evidence: list[EvidenceOut]
    waived: bool
    waiver_reason: str | None = Field(default=None, description="the waiver's reason in the report's language")
    waiver_reason_zh: str | None = None
    waiver_reason_en: str | None = None
    baseline_status: Literal["new", "unchanged"] | None = None
    located: list[str] | None = Field(default=None, description="the plans carrying the problem (an edition difference: the copy)")
    cause: str | None = Field(default=None, description="id of the cause this finding is grouped under")
    related_to: str | None = Field(default=None, description="a data-quality repeat: the id of the engine finding it repeats")
    related: list[str] | None = Field(default=None, description="ids of data-quality findings repeating this one")


class CauseOut(_M):
    id: str = Field(pattern=r"^cause-PC\d{3}-[0-9a-f]{10}$")
    kind: Literal["year-shift", "unit-slip", "same-fact"]
    lead: str = Field(description="the finding that names the cause")
    severity: Literal["error", "warning", "info"] = Field(description="the highest severity among its members")
    waived: bool = Field(description="every member at that severity is waived")
    plans: list[str]
    items: list[str] = Field(description="same-fact: the fact ids")
    rules: list[str]
    members: list[str] = Field(description="finding ids, most severe first")


class PlanOut(_M):
    id: str
    title: str
    region: str
    file: str
    source: str
    facts: int
    growth: int
    edition_of: str | None


class RuleOut(_M):
    code: str
    name: str
    severity: Literal["error", "warning", "info"]
    scope: str
    summary: str


class InputErrorOut(_M):
    file: str
    line: int | None
    column: int | None
    field: str
    message: str


class Report(_M):
    tool: Tool
    lang: Literal["zh", "en"]
    summary: Summary
    plans: list[PlanOut]
    rules: list[RuleOut]
    input_errors: list[InputErrorOut]
    findings: list[FindingOut]
    causes: list[CauseOut] = Field(default_factory=list)


def report_schema() -> dict:
    schema = Report.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://plancheck.invalid/schema/report.schema.json"
    return schema
