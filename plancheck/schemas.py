"""JSON Schemas generated from the models (`make schema` writes them; a test fails when stale)."""

from __future__ import annotations

import json
from pathlib import Path

from plancheck.models import Plan

SCHEMA_DIR = Path(__file__).parent / "schema"


def plan_schema() -> dict:
    schema = Plan.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://plancheck.invalid/schema/plan.schema.json"
    return schema


def render(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def generated() -> dict[str, str]:
    """File name -> text of every generated schema."""
    from plancheck.report.schema import report_schema

    return {"plan.schema.json": render(plan_schema()), "report.schema.json": render(report_schema())}


def write_all(directory: Path = SCHEMA_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    out = []
    for name, text in generated().items():
        path = directory / name
        if not path.exists() or path.read_text("utf-8") != text:
            path.write_text(text, "utf-8")
        out.append(path)
    return out


if __name__ == "__main__":
    for p in write_all():
        print(p)
