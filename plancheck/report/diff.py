"""`plancheck diff OLD.json NEW.json`: which findings are new, fixed and unchanged between two reports.

Findings are matched by their id (the stable fingerprint), so an edit elsewhere in a plan does not
turn a known finding into a new one. The exit code is 0 whatever changed (2 for unreadable input):
gating belongs to `plancheck check --baseline`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from plancheck.safeio import read_regular
from plancheck.terminal import escape

T = {
    "zh": {"new": "新增", "fixed": "已修复", "unchanged": "未变", "waived": "已豁免", "total": "合计",
           "summary": "新增 {new}，已修复 {fixed}，未变 {unchanged}"},
    "en": {"new": "New", "fixed": "Fixed", "unchanged": "Unchanged", "waived": "waived", "total": "total",
           "summary": "{new} new, {fixed} fixed, {unchanged} unchanged"},
}


def load_report(path: Path) -> dict:
    """A report.json read and checked for the shape diff and --baseline use (ValueError says what is wrong)."""
    if Path(path).is_dir():
        raise ValueError("is a folder, not a report.json")
    raw = read_regular(path)
    try:
        doc = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise ValueError(f"not UTF-8 text (byte {e.start}, line {line})") from None
    except json.JSONDecodeError as e:
        raise ValueError(f"not JSON: {e.msg} at line {e.lineno}, column {e.colno}") from None
    if not isinstance(doc, dict):
        raise ValueError(f"not a plancheck report.json: the top level is a {_kind(doc)}, not an object")
    if not isinstance(doc.get("findings"), list):
        raise ValueError("not a plancheck report.json: no \"findings\" list")
    for i, f in enumerate(doc["findings"]):
        if not isinstance(f, dict):
            raise ValueError(f"findings[{i}] is a {_kind(f)}, not an object")
        if not isinstance(f.get("id"), str):
            raise ValueError(f"findings[{i}] has no string \"id\"")
        for key in ("rule", "severity"):
            if key in f and not isinstance(f[key], str):
                raise ValueError(f"findings[{i}].{key} is a {_kind(f[key])}, not a string")
        if "plans" in f and not (isinstance(f["plans"], list) and all(isinstance(p, str) for p in f["plans"])):
            raise ValueError(f"findings[{i}].plans is not a list of plan ids")
        if "evidence" in f and not (isinstance(f["evidence"], list) and all(isinstance(e, dict) for e in f["evidence"])):
            raise ValueError(f"findings[{i}].evidence is not a list of objects")
    return doc


def _kind(v) -> str:
    return {dict: "object", list: "list", str: "string", bool: "boolean", type(None): "null"}.get(type(v), "number")


def compare(old: dict, new: dict) -> dict[str, list[dict]]:
    """{'new': [...], 'fixed': [...], 'unchanged': [...]}: findings of the new report (fixed: of the old)."""
    old_by = {f["id"]: f for f in old["findings"]}
    new_by = {f["id"]: f for f in new["findings"]}
    key = lambda f: ((f.get("plans") or [""])[0], f.get("rule", ""), f["id"])  # noqa: E731
    return {
        "new": sorted((f for i, f in new_by.items() if i not in old_by), key=key),
        "fixed": sorted((f for i, f in old_by.items() if i not in new_by), key=key),
        "unchanged": sorted((f for i, f in new_by.items() if i in old_by), key=key),
    }


def _line(f: dict, t: dict) -> str:
    ev = (f.get("evidence") or [{}])[0]
    where = ev.get("plan_file") or ""
    if where and ev.get("plan_line"):
        where += f":{ev['plan_line']}"
    waived = f" ({t['waived']})" if f.get("waived") else ""
    loc = f"{where}: " if where else ""
    return "  " + escape(f"{loc}{f.get('severity', '')} {f.get('rule', '')} [{f['id']}]{waived} {f.get('message', '')}")


def main(old: Path, new: Path, out=None) -> int:
    out = out or sys.stdout
    try:
        a, b = load_report(Path(old)), load_report(Path(new))
    except (OSError, ValueError) as e:
        print(f"plancheck diff: cannot read reports: {escape(e)}", file=sys.stderr)
        return 2
    t = T.get(b.get("lang"), T["en"])
    parts = compare(a, b)
    for name in ("new", "fixed", "unchanged"):
        print(f"{t[name]} ({len(parts[name])}):", file=out)
        for f in parts[name]:
            print(_line(f, t), file=out)
        print(file=out)
    print(t["summary"].format(**{k: len(v) for k, v in parts.items()}), file=out)
    return 0
