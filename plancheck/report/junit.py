"""reports/junit.xml: one test case per (rule, plan), for CI systems that show JUnit results.

A case fails when the rule has an unwaived error about the plan; it is skipped when every finding
it has is waived; otherwise it passes (warnings and infos are listed in its system-out). A finding
about several plans counts in the case of each plan it names; findings about no plan (a stale
waiver) go to the case `(corpus)`. Input errors are a suite of their own, as JUnit errors.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict

CORPUS = "(corpus)"
# characters XML 1.0 cannot carry at all, even escaped
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _x(s: object) -> str:
    return _BAD_XML.sub("\ufffd", "" if s is None else str(s))


def _describe(f: dict) -> str:
    lines = [f"[{f['severity']}] {f['id']}: {f['message']}"]
    for k, v in (f.get("values") or {}).items():
        lines.append(f"    {k} = {v}")
    for ev in f.get("evidence") or []:
        where = ev.get("plan_file") or ev.get("file") or ""
        if ev.get("plan_line"):
            where += f":{ev['plan_line']}:{ev.get('plan_column') or 1}"
        src = f" ({ev['file']}:{ev['line']})" if ev.get("file") and ev.get("line") else ""
        lines.append(f"    at {where}{src}: «{ev.get('quote', '')}»")
    if f["waived"]:
        lines.append(f"    waived: {f.get('waiver_reason') or ''}")
    return "\n".join(lines)


def build(doc: dict) -> ET.Element:
    plan_files = {p["id"]: p["file"] for p in doc.get("plans", [])}
    plan_ids = [p["id"] for p in doc.get("plans", [])]
    names = {r["code"]: r.get("name", "") for r in doc.get("rules", [])}
    cases: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for f in doc.get("findings", []):
        for p in f["plans"] or [CORPUS]:
            cases[f["rule"]][p].append(f)
    codes = sorted(set(names) | set(cases))

    root = ET.Element("testsuites", {"name": "plancheck"})
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for code in codes:
        extra = sorted(p for p in cases.get(code, {}) if p not in plan_files and p != CORPUS)
        targets = plan_ids + extra + ([CORPUS] if CORPUS in cases.get(code, {}) else [])
        suite = ET.SubElement(root, "testsuite", {"name": _x(f"{code} {names.get(code, '')}".strip())})
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        for plan in targets:
            found = cases.get(code, {}).get(plan, [])
            attrs = {"classname": _x(f"plancheck.{code}"), "name": _x(plan)}
            if plan in plan_files:
                attrs["file"] = _x(plan_files[plan])
            case = ET.SubElement(suite, "testcase", attrs)
            counts["tests"] += 1
            errors = [f for f in found if not f["waived"] and f["severity"] == "error"]
            others = [f for f in found if f not in errors]
            if errors:
                counts["failures"] += 1
                fail = ET.SubElement(case, "failure", {
                    "type": "error",
                    "message": _x(f"{len(errors)} unwaived error(s): " + "; ".join(f["message"] for f in errors[:3])),
                })
                fail.text = _x("\n\n".join(_describe(f) for f in errors))
            elif found and all(f["waived"] for f in found):
                counts["skipped"] += 1
                ET.SubElement(case, "skipped", {"message": _x(f"{len(found)} waived finding(s)")})
            if others:
                out = ET.SubElement(case, "system-out")
                out.text = _x("\n\n".join(_describe(f) for f in others))
        for k, v in counts.items():
            suite.set(k, str(v))
            totals[k] += v

    errs = doc.get("input_errors") or []
    if errs:
        suite = ET.SubElement(root, "testsuite", {"name": "input"})
        by_file: dict[str, list[dict]] = defaultdict(list)
        for e in errs:
            by_file[e["file"]].append(e)
        for file in sorted(by_file):
            case = ET.SubElement(suite, "testcase", {"classname": "plancheck.input", "name": _x(file)})
            err = ET.SubElement(case, "error", {"type": "input", "message": _x(f"{len(by_file[file])} input error(s)")})
            err.text = _x("\n".join(
                f"{file}{':' + str(e['line']) if e.get('line') else ''}: "
                f"{'[' + e['field'] + '] ' if e.get('field') else ''}{e['message']}" for e in by_file[file]))
        for k, v in {"tests": len(by_file), "failures": 0, "errors": len(by_file), "skipped": 0}.items():
            suite.set(k, str(v))
            totals[k] += v
    for k, v in totals.items():
        root.set(k, str(v))
    return root


def render(doc: dict, result=None) -> str:
    root = build(doc)
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
