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
    new: int | None = Field(default=None, description="with --baseline: findings not in the baseline")
    fixed: int | None = Field(default=None, description="with --baseline: baseline findings gone")


class EvidenceOut(_M):
    plan: str
    file: str
    line: int | None
    quote: str
    plan_file: str | None
    plan_line: int | None
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
    waiver_reason: str | None = None
    baseline_status: Literal["new", "unchanged"] | None = None


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


def report_schema() -> dict:
    schema = Report.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://plancheck.invalid/schema/report.schema.json"
    return schema
