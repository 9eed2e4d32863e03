"""A plan's data as YAML text in the corpus's layout, with review notes as comments.

Strings are written double-quoted (JSON escapes are valid YAML), numbers as their literal
(`225.0` stays `225.0`), small mappings in flow style and facts/growth claims in block style.
A note for an item is a `# REVIEW:` comment line above it; a note for a field ends its line.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

MODELINE = "# yaml-language-server: $schema=../plancheck/schema/plan.schema.json"
_TOP_SCALARS = ("id", "title", "region", "issuers", "document_number", "issued", "period", "cycle",
                "vision_year", "edition_of")
_BLOCK_LISTS = ("facts", "growth", "priorities")
_FLOW_LISTS = ("bases", "footnotes", "omissions")


def scalar(v) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, Decimal):
        return format(v, "f")
    if isinstance(v, int):
        return str(v)
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, str) and len(v) == 10 and v[4] == "-" and v[7] == "-" and v.replace("-", "").isdigit():
        return v  # a date, as the corpus writes it
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(scalar(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {scalar(x)}" for k, x in v.items()) + "}"
    return json.dumps(str(v), ensure_ascii=False)


def _comment(text: str) -> str:
    return " ".join(text.split())


def render(plan: dict, review: dict[tuple, str] | None = None, header: list[str] = ()) -> str:
    review = review or {}
    out = [MODELINE, *[f"# {h}" for h in header]]

    def line(text: str, path: tuple) -> str:
        return f"{text}  # REVIEW: {_comment(review[path])}" if path in review else text

    for key in _TOP_SCALARS:
        if key in plan:
            out.append(line(f"{key}: {scalar(plan[key])}", (key,)))
    for key in ("bases",):
        _flow_list(out, plan, key, review)
    if "source" in plan:
        out.append(line(f"source: {scalar(plan['source'])}", ("source",)))
    for key in ("footnotes",):
        _flow_list(out, plan, key, review)
    for key in _BLOCK_LISTS:
        items = plan.get(key) or []
        if not items:
            out.append(f"{key}: []")
            continue
        out.append(f"{key}:")
        for i, item in enumerate(items):
            if (key, i) in review:
                out.append(f"  # REVIEW: {_comment(review[(key, i)])}")
            first = True
            for k, v in item.items():
                if isinstance(v, dict) and k in ("start", "end"):
                    text = f"{k}: {scalar(v)}"
                else:
                    text = f"{k}: {scalar(v)}"
                text = line(text, (key, i, k))
                out.append(("  - " if first else "    ") + text)
                first = False
    _flow_list(out, plan, "omissions", review)
    return "\n".join(out) + "\n"


def _flow_list(out: list[str], plan: dict, key: str, review: dict) -> None:
    items = plan.get(key)
    if items is None:
        return
    if not items:
        out.append(f"{key}: []" + (f"  # REVIEW: {_comment(review[(key,)])}" if (key,) in review else ""))
        return
    out.append(f"{key}:" + (f"  # REVIEW: {_comment(review[(key,)])}" if (key,) in review else ""))
    for i, item in enumerate(items):
        text = f"  - {scalar(item)}"
        out.append(f"{text}  # REVIEW: {_comment(review[(key, i)])}" if (key, i) in review else text)
