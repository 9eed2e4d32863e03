"""reports/report-summary.md: the short report for a pull-request comment (`--format summary`).

Counts, the discrepancies (errors, then warnings; each shared cause once), what is new against
the baseline, and where the full report is. Whatever the corpus, the text stays under LIMIT
characters (GitHub refuses comments over 65,536): lines are added while they fit, and what does
not fit is counted ("… N more"). Plan text is escaped as in report.md.
"""

from __future__ import annotations

from plancheck.report import causes as causes_mod
from plancheck.report import mdtext, strings
from plancheck.report.markdown import _by_plan, _counts_table

LIMIT = 60_000
LINE_MAX = 600  # one finding's line at most; a longer message is cut with …
RESERVE = 400  # room kept for the closing lines (truncation note, link to the full report)


def _line(text: str) -> str:
    return text if len(text) <= LINE_MAX else text[: LINE_MAX - 1] + "…"


def _item(f: dict, t: dict) -> str:
    waived = f" *{t['waived_tag']}*" if f["waived"] else ""
    new = f" **{t['new']}**" if f.get("baseline_status") == "new" else ""
    loc = ""
    ev = (f.get("evidence") or [{}])[0]
    if ev.get("plan_file"):
        loc = " " + mdtext.code(f"{ev['plan_file']}:{ev['plan_line']}" if ev.get("plan_line") else ev["plan_file"])
    out = f"- {mdtext.code(f['rule'])}{waived}{new}{loc}: {mdtext.text(f['message'])}"
    if f["waived"] and f.get("waiver_reason"):
        out += f" — {t['reason']}: {mdtext.text(f['waiver_reason'])}"
    return _line(out)


def _block(b: dict, lang: str, t: dict) -> str:
    c = b["cause"]
    if c is None:
        return _item(b["findings"][0], t)
    kinds = strings.section(lang, "causes")
    lead = next((f for f in b["findings"] if f["id"] == c["lead"]), b["findings"][0])
    members = t["members"].format(n=len(b["findings"]), rules=", ".join(c["rules"])).rstrip(":：")
    return _line(f"- **{mdtext.text(kinds[c['kind']])}** ({', '.join(mdtext.text(p) for p in c['plans'])}; {members}): "
                 f"{mdtext.text(lead['message'])}")


def render(doc: dict, result=None, full_report: str = "report.html") -> str:
    lang = doc["lang"]
    t = strings.section(lang, "md")
    if "causes" not in doc:
        doc = {**doc, "findings": [dict(f) for f in doc["findings"]]}
        doc["causes"] = causes_mod.group(doc)
    head = [f"## {t['summary_title']}", ""] + _counts_table(doc, t) + [""]
    tail = ["", f"{t['full_report']}: {mdtext.code(full_report)} · {mdtext.code('report.md')} · {mdtext.code('report.json')}", ""]
    body: list[str] = []
    size = sum(len(x) + 1 for x in head + tail)
    left = 0

    def add(lines: list[str]) -> bool:
        nonlocal size
        n = sum(len(x) + 1 for x in lines)
        if size + n > LIMIT - RESERVE:
            return False
        body.extend(lines)
        size += n
        return True

    s = doc["summary"]
    if s.get("new") is not None:
        new = [f for f in doc["findings"] if f.get("baseline_status") == "new" and not f["waived"] and not f.get("related_to")]
        add([f"### {t['vs_baseline']}: {t['new']} {s['new']}, {t['fixed']} {s.get('fixed', 0)}", ""])
        if not new:
            add([t["none_new"], ""])
        for i, f in enumerate(new):
            if not add([_item(f, t)]):
                left += len(new) - i
                break
        add([""])
    blocks = causes_mod.blocks(doc)
    for sev in ("error", "warning"):
        mine = [b for b in blocks if b["severity"] == sev]
        if not mine:
            continue
        if not add([f"### {t['sec_' + sev]}", ""]):
            left += sum(len(b["findings"]) for b in mine)
            continue
        for i, b in enumerate(mine):
            if not add([_block(b, lang, t)]):
                left += sum(len(x["findings"]) for x in mine[i:])
                break
        add([""])
    rows = _by_plan(doc, t)
    if add(["", f"### {t['by_plan']}", ""] + rows[:2]):
        for i, row in enumerate(rows[2:]):
            if not add([row]):
                body.append(t["more_plans"].format(n=len(rows) - 2 - i))
                break
    if left:
        body += ["", t["truncated"].format(n=left)]
    return "\n".join(head + body + tail)
