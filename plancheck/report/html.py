"""reports/report.html: the reviewer's report, one self-contained file.

Everything is inline: the CSS, the script (plain JS, no library), the pictures (hand-written SVG).
Nothing is fetched when the page is viewed; a Content-Security-Policy in the page forbids it, and
allows only this page's own script (by its hash), so even a string that escaped escaping could
not run. Every text that comes from a plan file, a source text or a waiver is escaped here.

The output is deterministic: no timestamps, and every list in a stable order.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections import Counter, defaultdict
from functools import cache
from importlib import resources

from plancheck.report import causes as causes_mod
from plancheck.report import rulesi18n, strings
from plancheck.report.charts import (  # noqa: F401  (re-exported for callers of the old module)
    NUM_CLASS,
    cell_number,
    legend_svg,
    parse_quantity,
    province_chart,
    table_chart,
    trajectory_svg,
)
from plancheck.report.htmlfindings import (  # noqa: F401  (re-exported)
    NO_PLAN,
    SEVERITIES,
    BiDict,
    _a,
    _anchor,
    _e,
    _fmt_value,
    _plan_keys,
    both,
    cited_numbers,
    highlight,
    rules_section,
    sections,
)
from plancheck.report.series import growth_labels, trajectories  # noqa: F401

T: dict[str, dict[str, str]] = {lang: strings.section(lang, "html") for lang in strings.LANGS}
# names for the commonest keys of `finding.values`; any other key is shown as it is
VALUE_LABELS = {lang: strings.section(lang, "values") for lang in strings.LANGS}



# ---------------------------------------------------------------- helpers



def script_json(data: object) -> str:
    """JSON safe inside a <script> element: no `<`, `>` or `&` survives as itself."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


@cache
def asset(name: str) -> str:
    """A file of plancheck/report/assets/ (the page's CSS and script), inlined into the page."""
    return resources.files("plancheck.report").joinpath("assets", name).read_text("utf-8")


def render(doc: dict, result=None) -> str:
    lang = doc.get("lang", "zh")
    t = BiDict(lang)
    corpus = getattr(result, "corpus", None)
    tables = list(getattr(result, "tables", None) or [])
    plans = doc.get("plans", [])
    if "causes" not in doc:  # a document built elsewhere (an old report.json): group it now
        doc = {**doc, "findings": [dict(f) for f in doc.get("findings", [])]}
        doc["causes"] = causes_mod.group(doc)
    findings = doc.get("findings", [])
    rules = {r["code"]: r for r in doc.get("rules", [])}
    stale = [f for f in findings if f["rule"] == "PC000" and not f["waived"]]
    has_baseline = any(f.get("baseline_status") for f in findings)
    other = "en" if lang == "zh" else "zh"
    switch = (f'<button type="button" id="lang-switch" class="noprint" data-to="{other}">'
              f'<span class="lz">English</span><span class="le">中文</span></button>')

    body = [
        f'<header class="top">{switch}<h1>{_e(t["title"])}</h1>',
        f'<p class="meta">plancheck {_e(doc["tool"]["version"])} · {_e(t["lang_label"])} · '
        f'{len(plans)} {_e(t["plans"])} · {len(rules)} {_e(t["rules"])}</p></header>',
        _toc(t, bool(doc.get("input_errors")), bool(stale)),
        _summary(doc, t, stale),
        _filters(doc, t, has_baseline),
        _input_errors(doc, t),
        f'<section id="findings"><p id="no-match" class="empty" hidden>{_e(t["no_match"])}</p>',
        sections(doc, t, corpus),
        "</section>",
        _charts(doc, t, corpus, lang),
        _tables(tables, t),
        rules_section(doc, t),
        f'<footer>{_e(t.fmt("footer", v=doc["tool"]["version"]))}</footer>',
    ]
    ui = {"shown": {"zh": T["zh"]["shown"], "en": T["en"]["shown"]}}
    script = asset("report.js")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    csp = (f"default-src 'none'; script-src 'sha256-{digest}'; style-src 'unsafe-inline'; img-src data:; "
           "font-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'")
    return "".join([
        "<!DOCTYPE html>\n",
        f'<html lang="{t["html_lang"]}" data-ui="{lang}">\n<head>\n<meta charset="utf-8">\n',
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n',  # our constant: no quotes to escape
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        '<meta name="referrer" content="no-referrer">\n',
        f"<title>{_a(t['title'])}</title>\n<style>{asset('report.css')}</style>\n</head>\n<body>\n",
        f'<noscript><p class="noscript">{_e(t["noscript"])}</p></noscript>\n',
        "\n".join(body),
        f'\n<script type="application/json" id="pc-ui">{script_json(ui)}</script>\n',
        f"<script>{script}</script>\n</body>\n</html>\n",
    ])


def _toc(t: BiDict, has_input: bool, has_stale: bool) -> str:
    items = [("summary", t["summary"])]
    if has_input:
        items.append(("input-errors", t["input_errors"]))
    items += [("sec-error", t["sec_error"]), ("sec-warning", t["sec_warning"]), ("sec-info", t["sec_info"])]
    if has_stale:
        items.append(("stale", t["stale_sec"]))
    items += [("charts", t["charts"]), ("tables", t["tables"]), ("rules", t["rules_sec"])]
    links = " · ".join(f'<a href="#{a}">{_e(label)}</a>' for a, label in items)
    return f'<nav class="toc noprint" aria-label="{_a(t["contents"])}">{links}</nav>'


def _summary(doc: dict, t: dict, stale: list[dict]) -> str:
    s = doc["summary"]
    cards = [("error", s["errors"], t["errors"]), ("warning", s["warnings"], t["warnings"]),
             ("info", s["infos"], t["infos"]), ("waived", s["waived"], t["waived"]),
             ("plans", s["plans"], t["plans"]), ("input", s["input_errors"], t["input_errors"])]
    if s.get("new") is not None:
        cards.append(("new", s["new"], t["new"]))
    if s.get("fixed") is not None:
        cards.append(("fixed", s["fixed"], t["fixed"]))
    out = [f'<section id="summary"><h2>{_e(t["summary"])}</h2><div class="cards">']
    for cls, n, label in cards:
        out.append(f'<div class="card c-{cls}{" zero" if not n else ""}"><b>{int(n)}</b><span>{_e(label)}</span></div>')
    out.append("</div>")

    counts: dict[str, Counter] = defaultdict(Counter)
    for f in doc["findings"]:
        if f.get("related_to"):
            continue  # a data-quality repeat is counted with the finding it repeats
        for p in f.get("located") or _plan_keys(f):
            counts[p]["waived" if f["waived"] else f["severity"]] += 1
    rows = [(p["id"], p["title"], p["file"]) for p in doc["plans"]]
    if NO_PLAN in counts:
        rows.append((NO_PLAN, t["no_plan"], ""))
    cols = ("error", "warning", "info", "waived")
    heads = (t["errors"], t["warnings"], t["infos"], t["waived"])
    out.append(f'<h3>{_e(t["by_plan"])}</h3><table class="grid"><thead><tr><th>{_e(t["plan"])}</th>'
               f'<th>{_e(t["plan_title"])}</th>' + "".join(f'<th class="n">{_e(h)}</th>' for h in heads) + "</tr></thead><tbody>")
    for pid, title, file in rows:
        c = counts.get(pid, Counter())
        ident = f'<code>{_e(pid)}</code>' if pid != NO_PLAN else "—"
        sub = f'<br><small>{_e(file)}</small>' if file else ""
        out.append(f"<tr><td>{ident}</td><td>{_e(title)}{sub}</td>"
                   + "".join(f'<td class="n s-{k}{" zero" if not c[k] else ""}">{c[k]}</td>' for k in cols) + "</tr>")
    tot = Counter()
    for f in doc["findings"]:
        tot["waived" if f["waived"] else f["severity"]] += 1
    out.append(f'</tbody><tfoot><tr><th colspan="2">{_e(t["total"])}</th>'
               + "".join(f'<td class="n">{tot[k]}</td>' for k in cols) + "</tr></tfoot></table>")

    by_rule: dict[str, Counter] = defaultdict(Counter)
    for f in doc["findings"]:
        by_rule[f["rule"]]["waived" if f["waived"] else f["severity"]] += 1
    codes = sorted(set(by_rule) | {r["code"] for r in doc["rules"]})
    rmeta = {r["code"]: r for r in doc["rules"]}
    out.append(f'<h3>{_e(t["by_rule"])}</h3><table class="grid"><thead><tr><th>{_e(t["rule"])}</th>'
               f'<th>{_e(t["rule_name"])}</th><th>{_e(t["rule_summary"])}</th>'
               + "".join(f'<th class="n">{_e(h)}</th>' for h in heads) + "</tr></thead><tbody>")
    for code in codes:
        r = rmeta.get(code, {})
        c = by_rule.get(code, Counter())
        out.append(f'<tr><td><code>{_e(code)}</code></td><td>{_e(r.get("name", ""))}</td><td>{_e(both(t.lang, rulesi18n.summary(code, "zh", r.get("summary", "")), rulesi18n.summary(code, "en", r.get("summary", ""))))}</td>'
                   + "".join(f'<td class="n s-{k}{" zero" if not c[k] else ""}">{c[k]}</td>' for k in cols) + "</tr>")
    out.append("</tbody></table>")
    if stale:
        out.append(f'<div id="stale" class="callout"><h3>{_e(t["stale_sec"])} ({len(stale)})</h3><p>{_e(t["stale_note"])}</p><ul>')
        for f in stale:
            ev = (f.get("evidence") or [{}])[0]
            where = ev.get("plan_file") or ev.get("file") or ""
            if ev.get("plan_line"):
                where += f":{ev['plan_line']}"
            out.append(f'<li><a href="#{_e(_anchor("f-" + f["id"]))}"><code>{_e(f["values"].get("waiver", f["id"]))}</code></a>'
                       f' <small>{_e(where)}</small> — {_e(f["message"])}</li>')
        out.append("</ul></div>")
    out.append("</section>")
    return "".join(out)


def _filters(doc: dict, t: dict, has_baseline: bool) -> str:
    sev = "".join(
        f'<label class="chk s-{s}"><input type="checkbox" name="sev" value="{s}" checked> {_e(t["sev_" + s])}</label>'
        for s in SEVERITIES)
    plan_opts = [("", t["all_plans"])] + [(p["id"], p["id"]) for p in doc["plans"]]
    if any(not f["plans"] for f in doc["findings"]):
        plan_opts.append((NO_PLAN, "— " + t["no_plan"]))
    codes = sorted({f["rule"] for f in doc["findings"]} | {r["code"] for r in doc["rules"]})
    names = {r["code"]: r["name"] for r in doc["rules"]}
    rule_opts = [("", t["all_rules"])] + [(c, f"{c} {names.get(c, '')}".strip()) for c in codes]
    waived_opts = [("", t["all"]), ("0", t["unwaived_only"]), ("1", t["waived_only"])]

    def select(id_: str, label: str, opts) -> str:
        o = "".join(f'<option value="{_a(v)}">{_a(lbl)}</option>' for v, lbl in opts)
        return f'<label>{_e(label)} <select id="{id_}">{o}</select></label>'

    parts = [
        f'<section id="filters" class="noprint" aria-label="{_a(t["filters"])}"><div class="frow">',
        f'<span class="flabel">{_e(t["f_severity"])}</span>{sev}',
        select("f-plan", t["f_plan"], plan_opts),
        select("f-rule", t["f_rule"], rule_opts),
        select("f-waived", t["f_waived"], waived_opts),
    ]
    if has_baseline:
        parts.append(select("f-baseline", t["f_baseline"],
                            [("", t["all"]), ("new", t["baseline_new"]), ("unchanged", t["baseline_unchanged"])]))
    parts += [
        f'<label class="search">{_e(t["search"])} <input type="search" id="f-search" '
        f'placeholder="{_a(t["search_placeholder"])}" autocomplete="off"></label>',
        f'<button type="button" id="f-reset">{_e(t["reset"])}</button>',
        f'<output id="f-count" aria-live="polite">{_e(t["shown"].format(n=len(doc["findings"]), total=len(doc["findings"])))}</output>',
        "</div></section>",
    ]
    return "".join(parts)


def _input_errors(doc: dict, t: dict) -> str:
    errs = doc.get("input_errors") or []
    if not errs:
        return ""
    out = [f'<section id="input-errors"><h2>{_e(t["input_errors"])} ({len(errs)})</h2><ul class="inerr">']
    for e in errs:
        where = e["file"] + (f":{e['line']}:{e['column'] or 1}" if e.get("line") else "")
        fld = f' <code>[{_e(e["field"])}]</code>' if e.get("field") else ""
        out.append(f'<li><code>{_e(where)}</code>{fld} {_e(e["message"])}</li>')
    out.append("</ul></section>")
    return "".join(out)


def _charts(doc: dict, t: dict, corpus, lang: str) -> str:
    series = trajectories(corpus)
    titles = {p["id"]: p["title"] for p in doc["plans"]}
    out = [f'<section id="charts"><h2>{_e(t["charts"])}</h2><p class="note">{_e(t["charts_note"])}</p>']
    legend = "".join(
        f'<span class="lg">{legend_svg(role)} {_e(t[role])}</span>' for role in ("history", "baseline", "target", "goal"))
    out.append(f'<p class="legend">{legend}</p>')
    if not series:
        out.append(f'<p class="empty">{_e(t["no_charts"])}</p>')
    order = [p["id"] for p in doc["plans"]]
    for pid in sorted(series, key=lambda p: (order.index(p) if p in order else len(order), p)):
        out.append(f'<section class="plan-charts" data-chart-plan="{_a(pid)}"><h3>{_e(titles.get(pid, pid))} <code>{_e(pid)}</code></h3><div class="chartgrid">')
        for s in series[pid]:
            try:
                labels = growth_labels(s, corpus)
            except ArithmeticError:  # growth between numbers too large for the arithmetic: not labelled
                labels = {"required": None, "historical": None, "required_missing": "not_stated"}
            name = s["name"] if lang == "zh" else s["name_en"]
            cap = [f'<b>{_e(name)}</b> <code>{_e(s["indicator"])}</code> ({_e(s["unit"])})']
            if s["other_region"]:
                cap.append(f'<br><small>{_e(t["region_of"].format(v=s["region_name"]))}</small>')
            if s.get("undrawn"):
                cap.append(f'<br><small>{_e(t["undrawn"].format(v=", ".join(s["undrawn"])))}</small>')
            if s["other_units"]:
                cap.append(f'<br><small>{_e(t["other_units"].format(v=", ".join(s["other_units"])))}</small>')
            out.append(f'<figure class="chartbox" data-indicator="{_a(s["indicator"])}">{trajectory_svg(s, t, labels)}'
                       f'<figcaption>{"".join(cap)}</figcaption></figure>')
        out.append("</div></section>")
    out.append("</section>")
    return "".join(out)


def _tables(tables: list[dict], t: dict) -> str:
    out = [f'<section id="tables"><h2>{_e(t["tables"])}</h2>']
    if not tables:
        out.append(f'<p class="empty">{_e(t["no_tables"])}</p>')
    for tab in tables:
        cols = list(tab.get("columns") or [])
        out.append(f'<section class="xtable"><h3>{_e(tab.get("title", ""))}</h3>')
        chart = province_chart(tab, t)
        if chart:
            out.append(f'<figure class="chartbox wide">{chart}<figcaption><small>{_e(t["province_chart"])}</small></figcaption></figure>')
        else:
            chart, per_row = table_chart(tab, t)
            if chart:
                cap = t["table_chart_row"] if per_row else t["table_chart"]
                out.append(f'<figure class="chartbox wide">{chart}<figcaption><small>{_e(cap)}</small></figcaption></figure>')
        out.append('<div class="scroll"><table class="grid"><thead><tr>' + "".join(f"<th>{_e(c)}</th>" for c in cols) + "</tr></thead><tbody>")
        for row in tab.get("rows") or []:
            out.append("<tr>" + "".join(
                f'<td{NUM_CLASS if cell_number(row.get(c)) is not None else ""}>{_e(_fmt_value(row.get(c, "")))}</td>'
                for c in cols) + "</tr>")
        out.append("</tbody></table></div>")
        notes = tab.get("notes") or []
        if notes:
            out.append(f'<p class="note"><b>{_e(t["notes"])}:</b></p><ul class="notes">' + "".join(f"<li>{_e(n)}</li>" for n in notes) + "</ul>")
        out.append("</section>")
    out.append("</section>")
    return "".join(out)
