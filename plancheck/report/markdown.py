"""reports/report.md: the report for humans, from the report.json document."""

from __future__ import annotations

from collections import defaultdict

from plancheck.report import mdtext

T = {
    "zh": {
        "title": "plancheck 一致性检查报告", "summary": "概要", "errors": "错误", "warnings": "警告",
        "infos": "提示", "waived": "已豁免", "plans": "规划", "input": "输入错误", "findings": "发现",
        "none": "无", "values": "数值", "evidence": "依据", "waived_sec": "已豁免的发现", "reason": "理由",
        "plan": "规划", "rule": "规则", "severity": "级别", "cross": "跨规划：省级指标与各市",
        "new": "新增", "unchanged": "未变",
    },
    "en": {
        "title": "plancheck consistency report", "summary": "Summary", "errors": "errors", "warnings": "warnings",
        "infos": "infos", "waived": "waived", "plans": "plans", "input": "Input errors", "findings": "Findings",
        "none": "none", "values": "values", "evidence": "evidence", "waived_sec": "Waived findings", "reason": "reason",
        "plan": "plan", "rule": "rule", "severity": "severity", "cross": "Cross-plan: provincial indicators and cities",
        "new": "new", "unchanged": "unchanged",
    },
}


_md = mdtext.text
_code = mdtext.code


def render(doc: dict, tables: list[dict] | None = None) -> str:
    lang = doc["lang"]
    t = T[lang]
    s = doc["summary"]
    out = [f"# {t['title']}", "", f"plancheck {doc['tool']['version']}", "", f"## {t['summary']}", ""]
    out.append(f"| {t['errors']} | {t['warnings']} | {t['infos']} | {t['waived']} | {t['plans']} | {t['input']} |")
    out.append("|---|---|---|---|---|---|")
    out.append(f"| {s['errors']} | {s['warnings']} | {s['infos']} | {s['waived']} | {s['plans']} | {s['input_errors']} |")
    if s.get("new") is not None:
        out += ["", f"{t['new']}: {s['new']}"]
    out.append("")
    by_plan_sev: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for f in doc["findings"]:
        if not f["waived"]:
            for p in f["plans"] or ["—"]:
                by_plan_sev[p][f["severity"]] += 1
    out.append(f"| {t['plan']} | {t['errors']} | {t['warnings']} | {t['infos']} |")
    out.append("|---|---|---|---|")
    for p in doc["plans"]:
        c = by_plan_sev.get(p["id"], {})
        out.append(f"| {_md(p['id'])} | {c.get('error', 0)} | {c.get('warning', 0)} | {c.get('info', 0)} |")
    out.append("")
    if doc["input_errors"]:
        out += [f"## {t['input']}", ""]
        for e in doc["input_errors"]:
            where = e["file"] + (f":{e['line']}:{e['column'] or 1}" if e["line"] else "")
            out.append(f"- {_code(where)} {(_code(e['field']) + ' ') if e['field'] else ''}{_md(e['message'])}")
        out.append("")
    live = [f for f in doc["findings"] if not f["waived"]]
    waived = [f for f in doc["findings"] if f["waived"]]
    out += [f"## {t['findings']}", ""]
    if not live:
        out += [t["none"], ""]
    out += _findings(live, t)
    if tables:
        out += [f"## {t['cross']}", ""]
        for tab in tables:
            out += [f"### {_md(tab['title'])}", ""]
            cols = tab["columns"]
            out.append("| " + " | ".join(_md(c) for c in cols) + " |")
            out.append("|" + "---|" * len(cols))
            for row in tab["rows"]:
                out.append("| " + " | ".join(_md(row.get(c, "")) for c in cols) + " |")
            for note in tab.get("notes", []):
                out += ["", _md(note)]
            out.append("")
    if waived:
        out += [f"## {t['waived_sec']}", ""]
        out += _findings(waived, t, show_reason=True)
    return "\n".join(out).rstrip() + "\n"


def _findings(findings: list[dict], t: dict, show_reason: bool = False) -> list[str]:
    out = []
    groups: dict[str, list[dict]] = defaultdict(list)
    for f in findings:
        groups[", ".join(f["plans"]) or "—"].append(f)
    for plan in sorted(groups):
        out += [f"### {_md(plan)}", ""]
        for f in groups[plan]:
            status = f" ({t[f['baseline_status']]})" if f.get("baseline_status") else ""
            out.append(f"- **{f['severity']}** {_code(f['rule'])} {_code(f['id'])}{status}: {_md(f['message'])}")
            if show_reason and f.get("waiver_reason"):
                out.append(f"  - {t['reason']}: {_md(f['waiver_reason'])}")
            if f["values"]:
                vals = "; ".join(f"{_md(k)} = {_code(v)}" for k, v in f["values"].items())
                out.append(f"  - {t['values']}: {vals}")
            for e in f["evidence"]:
                loc = f"{e['file']}:{e['line']}" if e["line"] else e["file"]
                yl = f" ({_md(e['plan_file'])}:{e['plan_line']})" if e.get("plan_line") else ""
                out.append(f"  - {t['evidence']}: {_code(loc)}{yl} «{_md(e['quote'])}»")
        out.append("")
    return out
