"""reports/report.md: the report for humans, from the report.json document.

The discrepancies lead: errors (waived ones too, each with its reason: a waived error is a known
mistake of the published document), then warnings, then infos folded in a <details> block. A
group of findings with one cause (report.json `causes`) is written once, its lead finding in
full and its other members one line each; a data-quality repeat is listed under the finding it
repeats. Every text from a plan file is escaped (plancheck.report.mdtext).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from plancheck.report import causes as causes_mod
from plancheck.report import mdtext, strings

_md = mdtext.text
_code = mdtext.code
# the strings that recur across findings (value names and values, rule codes), escaped once
_MD_MEMO = mdtext.Memo(mdtext.text)
_CODE_MEMO = mdtext.Memo(mdtext.code)
SEVERITIES = ("error", "warning", "info")
MAX_EVIDENCE = 6  # quotes shown per finding; the rest are in report.json and report.html


def T(lang: str) -> dict[str, str]:
    return strings.section(lang, "md")


def _counts_table(doc: dict, t: dict) -> list[str]:
    s = doc["summary"]
    heads = [t["errors"], t["warnings"], t["infos"], t["waived_errors"], t["plans"], t["input"]]
    vals = [s["errors"], s["warnings"], s["infos"], s.get("waived_errors", s["waived"]), s["plans"], s["input_errors"]]
    if s.get("new") is not None:
        heads += [t["new"], t["fixed"]]
        vals += [s["new"], s.get("fixed", 0)]
    return ["| " + " | ".join(heads) + " |", "|" + "---|" * len(heads), "| " + " | ".join(str(v) for v in vals) + " |"]


def _by_plan(doc: dict, t: dict) -> list[str]:
    # (plan, kind) pairs counted by Counter's C loop: a country's findings in one pass
    counts = Counter((p, "waived" if f["waived"] else f["severity"])
                     for f in doc["findings"] if not f.get("related_to")
                     for p in f.get("located") or f["plans"] or ["—"])
    out = [f"| {t['plan']} | {t['errors']} | {t['warnings']} | {t['infos']} | {t['waived']} |", "|---|---|---|---|---|"]
    for p in doc["plans"]:
        i = p["id"]
        out.append(f"| {_md(i)} | {counts[i, 'error']} | {counts[i, 'warning']} | {counts[i, 'info']} | {counts[i, 'waived']} |")
    return out


def _head(f: dict, t: dict) -> str:
    status = f" ({t[f['baseline_status']]})" if f.get("baseline_status") else ""
    waived = f" *{t['waived_tag']}*" if f["waived"] else ""
    rule = f["rule"]
    rule = _CODE_MEMO[rule] if rule.__class__ is str else _code(rule)
    return f"**{t['sev_' + f['severity']]}** {rule} {_code(f['id'])}{waived}{status}: {_md(f['message'])}"


def finding_lines(doc: dict, f: dict, t: dict, full: bool = True, indent: str = "") -> list[str]:
    out = [f"{indent}- {_head(f, t)}"]
    sub = indent + "  "
    if f["waived"] and f.get("waiver_reason"):
        out.append(f"{sub}- {t['reason']}: {_md(f['waiver_reason'])}")
    if not full:
        return out
    if f["values"]:
        md, code = _MD_MEMO, _CODE_MEMO
        vals = "; ".join([(md[k] if k.__class__ is str else _md(k)) + " = " + (code[v] if v.__class__ is str else _code(v))
                          for k, v in f["values"].items()])
        out.append(f"{sub}- {t['values']}: {vals}")
    evs = f["evidence"]
    for e in evs[:MAX_EVIDENCE]:
        loc = f"{e['file']}:{e['line']}" if e["line"] else e["file"]
        yl = f" ({_code(str(e['plan_file']) + ':' + str(e['plan_line']))})" if e.get("plan_line") else ""
        out.append(f"{sub}- {t['evidence']}: {_code(loc)}{yl} «{_md(e['quote'])}»")
    if len(evs) > MAX_EVIDENCE:
        out.append(f"{sub}- {t['more_evidence'].format(n=len(evs) - MAX_EVIDENCE)}")
    for g in causes_mod.attached(doc, f):
        out.append(f"{sub}- {t['attached']}: {_code(g['rule'])} {_code(g['id'])} {_md(g['message'])}")
    return out


def block_lines(doc: dict, b: dict, lang: str, full: bool = True) -> list[str]:
    t = T(lang)
    c = b["cause"]
    if c is None:
        return finding_lines(doc, b["findings"][0], t, full)
    kinds = strings.section(lang, "causes")
    lead = next((f for f in b["findings"] if f["id"] == c["lead"]), b["findings"][0])
    out = [f"- **{_md(kinds[c['kind']])}** ({', '.join(_md(p) for p in c['plans'])}): {_md(lead['message'])}",
           f"  - {t['members'].format(n=len(b['findings']), rules=', '.join(c['rules']))}"]
    out += finding_lines(doc, lead, t, full, indent="    ")
    for f in b["findings"]:
        if f is not lead:
            out += finding_lines(doc, f, t, full=False, indent="    ")
    return out


def _lines(doc: dict, tables: list[dict] | None) -> Iterator[list[str]]:
    """The lines of report.md, a section or a block of findings at a time."""
    lang = doc["lang"]
    t = T(lang)
    s = doc["summary"]
    out = [f"# {t['title']}", "", f"plancheck {_md(doc['tool']['version'])}", "", f"## {t['summary']}", ""]
    out += _counts_table(doc, t) + [""]
    if doc.get("causes") or s.get("attached"):
        grouped = sum(len(c["members"]) for c in doc.get("causes") or [])
        out += [t["grouped"].format(n=grouped, c=len(doc.get("causes") or []), a=s.get("attached", 0)), ""]
    out += [f"### {t['by_plan']}", ""] + _by_plan(doc, t) + [""]
    if doc["input_errors"]:
        out += [f"## {t['input']}", ""]
        for e in doc["input_errors"]:
            where = e["file"] + (f":{e['line']}:{e['column'] or 1}" if e["line"] else "")
            out.append(f"- {_code(where)} {(_code(e['field']) + ' ') if e['field'] else ''}{_md(e['message'])}")
        out.append("")
    yield out
    if "causes" not in doc:  # a document built elsewhere (an old report.json): group it now
        doc = {**doc, "findings": [dict(f) for f in doc["findings"]]}
        doc["causes"] = causes_mod.group(doc)
    blocks = causes_mod.blocks(doc)
    counted = [f for f in doc["findings"] if not f.get("related_to")]
    for sev in SEVERITIES:
        mine = [b for b in blocks if b["severity"] == sev]
        n = sum(f["severity"] == sev for f in counted)
        waived = sum(f["severity"] == sev and f["waived"] for f in counted)
        above = sum(f["severity"] == sev for b in blocks if b["severity"] != sev for f in b["findings"])
        out = [f"## {t['sec_' + sev]}: {n}" + (f" ({t['waived']} {waived})" if waived else ""), ""]
        if above:
            out += [t["listed_above"].format(n=above), ""]
        if not mine:
            yield out + [t["none"], ""]
            continue
        if sev == "info":
            shown = sum(len(b["findings"]) for b in mine)
            out += ["<details>", f"<summary>{_md(t['infos_collapsed'].format(n=shown))}</summary>", ""]
        yield out
        for b in mine:
            yield block_lines(doc, b, lang)
        yield ["", "</details>", ""] if sev == "info" else [""]
    if tables:  # a table at a time: a country's 14,550 cross-plan tables are ~60 MB of lines
        yield [f"## {t['cross']}", ""]
        for tab in tables:
            cols = tab["columns"]
            out = [f"### {_md(tab['title'])}", "", "| " + " | ".join(_md(c) for c in cols) + " |", "|" + "---|" * len(cols)]
            for row in tab["rows"]:
                out.append("| " + " | ".join(_md(row.get(c, "")) for c in cols) + " |")
            for note in tab.get("notes", []):
                out += ["", _md(note)]
            out.append("")
            yield out


def chunks(doc: dict, tables: list[dict] | None = None, size: int = 1 << 16) -> Iterator[str]:
    """The text of report.md in chunks of at least `size` characters (but the last): its lines,
    trailing white space removed and one newline at the end, never held whole."""
    buf: list[str] = []
    n = 0
    pending = ""  # white space at the end of what was handed out so far: kept only if text follows
    for lines in _lines(doc, tables):
        for line in lines:
            buf.append(line)
            buf.append("\n")
            n += len(line) + 1
        if n >= size:
            piece = pending + "".join(buf)
            kept = piece.rstrip()
            pending = piece[len(kept):]
            if kept:
                yield kept
            buf.clear()
            n = 0
    piece = (pending + "".join(buf)).rstrip()
    yield piece + "\n" if piece else "\n"


def render(doc: dict, tables: list[dict] | None = None) -> str:
    return "".join(chunks(doc, tables))
