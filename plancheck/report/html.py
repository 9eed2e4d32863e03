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
import math
import re
import unicodedata
from collections import Counter, defaultdict
from decimal import Decimal, InvalidOperation
from html import escape

from plancheck import realism

SEVERITIES = ("error", "warning", "info")
NO_PLAN = "-"  # the plan filter's token for findings tied to no plan (stale waivers, the corpus)

T: dict[str, dict[str, str]] = {
    "zh": {
        "html_lang": "zh-CN",
        "title": "plancheck 一致性检查报告",
        "lang_label": "语言：中文",
        "contents": "目录",
        "summary": "概要",
        "errors": "错误",
        "warnings": "警告",
        "infos": "提示",
        "waived": "已豁免",
        "plans": "规划",
        "rules": "规则",
        "input_errors": "输入错误",
        "new": "新增",
        "fixed": "已修复",
        "unchanged": "未变",
        "plan": "规划",
        "plan_title": "名称",
        "total": "合计",
        "by_plan": "按规划和级别",
        "by_rule": "按规则",
        "rule": "规则",
        "rule_name": "名称",
        "rule_summary": "说明",
        "sev_error": "错误",
        "sev_warning": "警告",
        "sev_info": "提示",
        "filters": "筛选",
        "f_severity": "级别",
        "f_plan": "规划",
        "f_rule": "规则",
        "f_waived": "豁免",
        "f_baseline": "基线",
        "all": "全部",
        "all_plans": "全部规划",
        "all_rules": "全部规则",
        "unwaived_only": "未豁免",
        "waived_only": "已豁免",
        "search": "搜索",
        "search_placeholder": "搜索消息、引文、编号……",
        "reset": "重置",
        "shown": "显示 {n} / {total} 条发现",
        "no_match": "没有符合筛选条件的发现。",
        "noscript": "未启用脚本：筛选和搜索不可用，所有发现均已列出。",
        "findings": "发现",
        "no_findings": "没有未豁免的发现。",
        "waived_sec": "已豁免的发现",
        "no_waived": "没有已豁免的发现。",
        "stale_sec": "过期豁免",
        "stale_note": "以下豁免没有对应的发现（规则 PC000），应从豁免文件中删除或更正：",
        "no_plan": "不属于某一规划（豁免文件、整个语料）",
        "values": "数值",
        "evidence": "依据",
        "source_text": "来源文本",
        "plan_file": "规划文件",
        "item": "条目",
        "reason": "豁免理由",
        "rule_doc": "规则说明（全文）",
        "baseline_new": "新增",
        "baseline_unchanged": "未变",
        "line": "行",
        "charts": "指标轨迹",
        "charts_note": "每个有历史值或目标值的指标：历史值（圆点）、基期值（方块）、目标值（三角）、文中目标（菱形）。虚线为从基期到目标的计划路径；空心标记为“不低于”“约”等非精确值。年份为数据实际所属年份（带*的脚注已计入）。“目标所需”为从基期到最终目标的年均增速（比重类指标为百分点变化），“历史增速”为历史值之间的年均增速。",
        "no_charts": "没有可绘制的指标。",
        "history": "历史值",
        "baseline": "基期值",
        "target": "目标值",
        "goal": "文中目标",
        "required": "目标所需",
        "historical": "历史增速",
        "historical_stated": "历史增速（所述）",
        "per_year": "年均 {v}%",
        "pp_total": "{v} 个百分点",
        "not_stated": "未给出",
        "not_comparable": "统计口径不同，不可比",
        "no_target": "无目标值",
        "span": "{a}→{b}",
        "other_units": "未绘制（单位不同）：{v}",
        "region_of": "地区：{v}",
        "tables": "跨规划：省级指标与各市",
        "no_tables": "没有跨规划汇总表。",
        "table_chart": "图：每个数值列一根柱",
        "table_chart_row": "图：每个数值列一根柱；各行单位不同，每行按自身比例绘制",
        "province_chart": "图：每行上方为省级数值，下方为各市数值的堆叠及其余部分（虚线框）；红线表示各市之和超过省级数值",
        "remainder": "其余",
        "share": "占比",
        "lower_regions": "各市",
        "notes": "说明",
        "footer": "由 plancheck {v} 生成。本文件自包含，离线可用，可直接打印。",
        "value_key": "项目",
        "value_val": "值",
        "kind_table": "表格",
        "kind_text": "正文",
    },
    "en": {
        "html_lang": "en",
        "title": "plancheck consistency report",
        "lang_label": "Language: English",
        "contents": "Contents",
        "summary": "Summary",
        "errors": "errors",
        "warnings": "warnings",
        "infos": "infos",
        "waived": "waived",
        "plans": "plans",
        "rules": "rules",
        "input_errors": "input errors",
        "new": "new",
        "fixed": "fixed",
        "unchanged": "unchanged",
        "plan": "plan",
        "plan_title": "title",
        "total": "total",
        "by_plan": "By plan and severity",
        "by_rule": "By rule",
        "rule": "rule",
        "rule_name": "name",
        "rule_summary": "what it checks",
        "sev_error": "error",
        "sev_warning": "warning",
        "sev_info": "info",
        "filters": "Filters",
        "f_severity": "severity",
        "f_plan": "plan",
        "f_rule": "rule",
        "f_waived": "waived",
        "f_baseline": "baseline",
        "all": "all",
        "all_plans": "all plans",
        "all_rules": "all rules",
        "unwaived_only": "not waived",
        "waived_only": "waived",
        "search": "Search",
        "search_placeholder": "search messages, quotes, ids…",
        "reset": "Reset",
        "shown": "{n} of {total} findings shown",
        "no_match": "No finding matches the filters.",
        "noscript": "Scripts are off: filters and search do not work; every finding is listed.",
        "findings": "Findings",
        "no_findings": "No unwaived findings.",
        "waived_sec": "Waived findings",
        "no_waived": "No waived findings.",
        "stale_sec": "Stale waivers",
        "stale_note": "These waivers match no finding (rule PC000); remove or correct them in the waivers file:",
        "no_plan": "Not tied to one plan (waivers file, whole corpus)",
        "values": "values",
        "evidence": "evidence",
        "source_text": "source text",
        "plan_file": "plan file",
        "item": "item",
        "reason": "waiver reason",
        "rule_doc": "The rule's full documentation",
        "baseline_new": "new",
        "baseline_unchanged": "unchanged",
        "line": "line",
        "charts": "Indicator trajectories",
        "charts_note": "Each indicator with history or targets: history (dots), baseline (squares), table targets (triangles), goals stated in the text (diamonds). The dashed line is the planned path from the baseline to the target; hollow markers are inexact values (at least, about). Years are the years the figures are for (a * footnote moves them). “required” is the average annual growth from the baseline to the final target (the change in percentage points for shares); “historical” is the average annual growth between the historical values.",
        "no_charts": "No indicator to draw.",
        "history": "history",
        "baseline": "baseline",
        "target": "target",
        "goal": "goal",
        "required": "required",
        "historical": "historical",
        "historical_stated": "historical (stated)",
        "per_year": "{v}%/yr",
        "pp_total": "{v} pp",
        "not_stated": "not stated",
        "not_comparable": "not comparable (classification changed)",
        "no_target": "no target",
        "span": "{a}→{b}",
        "other_units": "not drawn (another unit): {v}",
        "region_of": "region: {v}",
        "tables": "Cross-plan: provincial indicators and cities",
        "no_tables": "No cross-plan tables.",
        "table_chart": "Chart: one bar per numeric column",
        "table_chart_row": "Chart: one bar per numeric column; the rows have different units, so each row has its own scale",
        "province_chart": "Chart: for each row, the province's value above, and below it the cities' values stacked with the remainder (dashed); a red line means the cities add up to more than the province",
        "remainder": "remainder",
        "share": "share",
        "lower_regions": "cities",
        "notes": "notes",
        "footer": "Made by plancheck {v}. This file is self-contained, works offline and prints.",
        "value_key": "item",
        "value_val": "value",
        "kind_table": "table",
        "kind_text": "text",
    },
}

# names for the commonest keys of `finding.values`; any other key is shown as it is
VALUE_LABELS = {
    "zh": {
        "stated": "所述", "computed": "计算值", "tolerance": "容差", "interval": "区间", "required": "所需增速",
        "historical": "历史增速", "baseline": "基期", "target": "目标", "years": "年份", "year": "年份",
        "start": "起点", "end": "终点", "measure": "口径", "verdict": "结论", "unit": "单位",
        "allowed": "允许范围", "implied": "推算值", "total": "总量", "expected": "应为",
        "computed_from_printed": "按印刷数值计算", "span_years": "年数", "check": "检查项", "waiver": "豁免",
    },
    "en": {},
}
TOLERANCE_WORDS = ("tolerance", "allowed", "interval", "required", "expected")

_NUM = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?!\d)")


# ---------------------------------------------------------------- helpers


def _e(s: object) -> str:
    return escape("" if s is None else str(s), quote=True)


def script_json(data: object) -> str:
    """JSON safe inside a <script> element: no `<`, `>` or `&` survives as itself."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _dec(s: str) -> Decimal | None:
    try:
        return Decimal(unicodedata.normalize("NFKC", s))
    except (InvalidOperation, ValueError):
        return None


def _is_year(d: Decimal) -> bool:
    return d == d.to_integral_value() and 1949 <= d <= 2100


def _flat(v: object) -> list[str]:
    if isinstance(v, dict):
        return [s for k in sorted(v) for s in _flat(v[k])]
    if isinstance(v, (list, tuple)):
        return [s for x in v for s in _flat(x)]
    return [] if v is None else [str(v)]


def _fmt_value(v: object) -> str:
    if isinstance(v, (dict, list, tuple)):
        return json.dumps(v, ensure_ascii=False, sort_keys=True)
    return "" if v is None else str(v)


def highlight(quote: str, numbers: set[Decimal]) -> str:
    """The quote, escaped, with each number equal to one of `numbers` in <mark>."""
    out, pos = [], 0
    for m in _NUM.finditer(quote):
        d = _dec(m.group())
        if d is None or d not in numbers:
            continue
        out.append(_e(quote[pos:m.start()]))
        out.append(f"<mark>{_e(m.group())}</mark>")
        pos = m.end()
    out.append(_e(quote[pos:]))
    return "".join(out)


def cited_numbers(finding: dict, ev: dict, corpus) -> set[Decimal]:
    """The numbers to mark in an evidence quote: its fact's value (or its growth claim's rate),
    else the numbers of the finding's values (years dropped when anything else is left)."""
    nums: set[Decimal] = set()
    lp = getattr(corpus, "by_id", {}).get(ev.get("plan")) if corpus is not None else None
    item = ev.get("item")
    if lp is not None and item:
        fact = lp.plan.fact(item)
        if fact is not None and fact.value is not None:
            nums.add(fact.value)
        for g in lp.plan.growth:
            if g.id == item:
                nums.add(g.rate)
    if not nums:
        for s in _flat(finding.get("values") or {}):
            for m in _NUM.finditer(s):
                d = _dec(m.group())
                if d is not None:
                    nums.add(d)
        rest = {d for d in nums if not _is_year(d)}
        if rest:
            nums = rest
    return nums


def _doc_html(text: str) -> str:
    """A rule docstring (a little Markdown) as HTML: escaped first, then **bold**, `code`, lists."""
    blocks = re.split(r"\n\s*\n", text.strip())
    out = []
    for b in blocks:
        lines = b.splitlines()
        if all(ln.lstrip().startswith("- ") for ln in lines if ln.strip()):
            items = "".join(f"<li>{_inline(ln.lstrip()[2:])}</li>" for ln in lines if ln.strip())
            out.append(f"<ul>{items}</ul>")
            continue
        para, items = [], []
        for ln in lines:
            if ln.lstrip().startswith("- "):
                items.append(ln.lstrip()[2:])
            elif items:
                items[-1] += " " + ln.strip()
            else:
                para.append(ln.strip())
        if para:
            out.append(f"<p>{_inline(' '.join(para))}</p>")
        if items:
            out.append("<ul>" + "".join(f"<li>{_inline(i)}</li>" for i in items) + "</ul>")
    return "".join(out)


def _inline(s: str) -> str:
    s = _e(s)
    s = re.sub(r"`([^`]+)`", r"<code>\1</code>", s)
    return re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", s)


def _rule_doc(code: str) -> str:
    try:
        from plancheck.rules import get_rule

        r = get_rule(code)
    except Exception:  # a broken rule module must not break the report
        r = None
    return r.doc() if r is not None else ""


def _anchor(s: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", s)


# ---------------------------------------------------------------- page


def render(doc: dict, result=None) -> str:
    lang = doc.get("lang", "zh")
    t = T[lang]
    corpus = getattr(result, "corpus", None)
    tables = list(getattr(result, "tables", None) or [])
    plans = doc.get("plans", [])
    findings = doc.get("findings", [])
    rules = {r["code"]: r for r in doc.get("rules", [])}
    live = [f for f in findings if not f["waived"]]
    waived = [f for f in findings if f["waived"]]
    stale = [f for f in live if f["rule"] == "PC000"]
    has_baseline = any(f.get("baseline_status") for f in findings)

    body = [
        f'<header class="top"><h1>{_e(t["title"])}</h1>',
        f'<p class="meta">plancheck {_e(doc["tool"]["version"])} · {_e(t["lang_label"])} · '
        f'{len(plans)} {_e(t["plans"])} · {len(rules)} {_e(t["rules"])}</p></header>',
        _toc(t, bool(doc.get("input_errors")), bool(stale)),
        _summary(doc, t, stale),
        _filters(doc, t, has_baseline),
        _input_errors(doc, t),
        f'<section id="findings"><h2>{_e(t["findings"])}</h2>',
        f'<p id="no-match" class="empty" hidden>{_e(t["no_match"])}</p>',
        _groups(live, doc, t, corpus, rules, "live") if live else f'<p class="empty">{_e(t["no_findings"])}</p>',
        "</section>",
        f'<section id="waived"><h2>{_e(t["waived_sec"])} ({len(waived)})</h2>',
        _groups(waived, doc, t, corpus, rules, "waived") if waived else f'<p class="empty">{_e(t["no_waived"])}</p>',
        "</section>",
        _charts(doc, t, corpus, lang),
        _tables(tables, t),
        f'<footer>{_e(t["footer"].format(v=doc["tool"]["version"]))}</footer>',
    ]
    ui = {"shown": t["shown"]}
    script = _JS
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    csp = (f"default-src 'none'; script-src 'sha256-{digest}'; style-src 'unsafe-inline'; img-src data:; "
           "font-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'")
    return "".join([
        "<!DOCTYPE html>\n",
        f'<html lang="{t["html_lang"]}">\n<head>\n<meta charset="utf-8">\n',
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n',  # our constant: no quotes to escape
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        '<meta name="referrer" content="no-referrer">\n',
        f"<title>{_e(t['title'])}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n",
        f'<noscript><p class="noscript">{_e(t["noscript"])}</p></noscript>\n',
        "\n".join(body),
        f'\n<script type="application/json" id="pc-ui">{script_json(ui)}</script>\n',
        f"<script>{script}</script>\n</body>\n</html>\n",
    ])


def _toc(t: dict, has_input: bool, has_stale: bool) -> str:
    items = [("summary", t["summary"])]
    if has_input:
        items.append(("input-errors", t["input_errors"]))
    items += [("findings", t["findings"]), ("waived", t["waived_sec"])]
    if has_stale:
        items.append(("stale", t["stale_sec"]))
    items += [("charts", t["charts"]), ("tables", t["tables"])]
    links = " · ".join(f'<a href="#{a}">{_e(label)}</a>' for a, label in items)
    return f'<nav class="toc noprint" aria-label="{_e(t["contents"])}">{links}</nav>'


def _plan_keys(f: dict) -> list[str]:
    return list(f["plans"]) or [NO_PLAN]


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
        for p in _plan_keys(f):
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
        out.append(f'<tr><td><code>{_e(code)}</code></td><td>{_e(r.get("name", ""))}</td><td>{_e(r.get("summary", ""))}</td>'
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
        o = "".join(f'<option value="{_e(v)}">{_e(lbl)}</option>' for v, lbl in opts)
        return f'<label>{_e(label)} <select id="{id_}">{o}</select></label>'

    parts = [
        f'<section id="filters" class="noprint" aria-label="{_e(t["filters"])}"><div class="frow">',
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
        f'placeholder="{_e(t["search_placeholder"])}" autocomplete="off"></label>',
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


def _groups(findings: list[dict], doc: dict, t: dict, corpus, rules: dict, section: str) -> str:
    order = {p["id"]: i for i, p in enumerate(doc["plans"])}
    titles = {p["id"]: p for p in doc["plans"]}
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for f in findings:
        groups[tuple(f["plans"])].append(f)

    def gkey(k: tuple) -> tuple:
        if not k:
            return (2, (), ())
        return (0 if len(k) == 1 else 1, tuple(order.get(p, len(order)) for p in k), k)

    out = []
    for k in sorted(groups, key=gkey):
        plans_attr = " ".join(k) or NO_PLAN
        if len(k) == 1 and k[0] in titles:
            p = titles[k[0]]
            head = (f'{_e(p["title"])} <code>{_e(p["id"])}</code>'
                    f'<small class="pfile">{_e(p["file"])}</small>')
        elif k:
            head = " + ".join(f"<code>{_e(p)}</code>" for p in k)
        else:
            head = _e(t["no_plan"])
        gid = _anchor(f"{section}-{plans_attr}")
        out.append(f'<section class="group plan-group" id="{gid}" data-plans="{_e(plans_attr)}"><h3>{head}</h3>')
        by_rule: dict[str, list[dict]] = defaultdict(list)
        for f in groups[k]:
            by_rule[f["rule"]].append(f)
        for code in sorted(by_rule):
            r = rules.get(code, {})
            doc_text = _rule_doc(code)
            out.append(f'<section class="group rule-group" data-rule="{_e(code)}"><h4><code>{_e(code)}</code> '
                       f'{_e(r.get("name", ""))} <span class="rsum">{_e(r.get("summary", ""))}</span></h4>')
            if doc_text:
                out.append(f'<details class="ruledoc"><summary>{_e(t["rule_doc"])}</summary>{_doc_html(doc_text)}</details>')
            for f in by_rule[code]:
                out.append(_finding(f, t, corpus))
            out.append("</section>")
        out.append("</section>")
    return "".join(out)


def _finding(f: dict, t: dict, corpus) -> str:
    sev = f["severity"]
    plans_attr = " ".join(_plan_keys(f))
    bs = f.get("baseline_status") or ""
    attrs = (f'class="finding s-{sev}{" is-waived" if f["waived"] else ""}" id="{_e(_anchor("f-" + f["id"]))}" '
             f'data-sev="{sev}" data-plans="{_e(plans_attr)}" data-rule="{_e(f["rule"])}" '
             f'data-waived="{1 if f["waived"] else 0}" data-baseline="{_e(bs)}"')
    badges = [f'<span class="badge b-{sev}">{_e(t["sev_" + sev])}</span>', f'<code class="rule">{_e(f["rule"])}</code>',
              f'<a class="fid" href="#{_e(_anchor("f-" + f["id"]))}"><code>{_e(f["id"])}</code></a>']
    if bs:
        badges.append(f'<span class="badge b-{bs}">{_e(t["baseline_" + bs])}</span>')
    if f["waived"]:
        badges.append(f'<span class="badge b-waived">{_e(t["waived"])}</span>')
    out = [f"<article {attrs}><div class=\"fhead\">{' '.join(badges)}</div>", f'<p class="msg">{_e(f["message"])}</p>']
    if f["waived"] and f.get("waiver_reason"):
        out.append(f'<p class="reason"><b>{_e(t["reason"])}:</b> {_e(f["waiver_reason"])}</p>')
    vals = f.get("values") or {}
    if vals:
        labels = VALUE_LABELS.get(t["html_lang"][:2], {})
        rows = []
        for key, v in vals.items():
            label = labels.get(key, key.replace("_", " "))
            tol = " tol" if any(w in key for w in TOLERANCE_WORDS) else ""
            rows.append(f'<tr class="v{tol}"><th title="{_e(key)}">{_e(label)}</th><td>{_e(_fmt_value(v))}</td></tr>')
        out.append(f'<table class="values" aria-label="{_e(t["values"])}">{"".join(rows)}</table>')
    evs = f.get("evidence") or []
    if evs:
        out.append('<ul class="evidence">')
        for ev in evs:
            nums = cited_numbers(f, ev, corpus)
            quote = highlight(ev.get("quote") or "", nums)
            locs = []
            if ev.get("plan_file"):
                pl = f":{ev['plan_line']}" if ev.get("plan_line") else ""
                locs.append(f'<span title="{_e(t["plan_file"])}">{_e(t["plan_file"])} <code>{_e(ev["plan_file"])}{pl}</code></span>')
            if ev.get("file") and ev.get("file") != ev.get("plan_file"):
                sl = f":{ev['line']}" if ev.get("line") else ""
                locs.append(f'<span title="{_e(t["source_text"])}">{_e(t["source_text"])} <code>{_e(ev["file"])}{sl}</code></span>')
            if ev.get("item"):
                locs.append(f'<span>{_e(t["item"])} <code>{_e(ev["item"])}</code></span>')
            q = f"<blockquote>{quote}</blockquote>" if ev.get("quote") else ""
            out.append(f'<li>{q}<div class="loc">{" · ".join(locs)}</div></li>')
        out.append("</ul>")
    out.append("</article>")
    return "".join(out)


# ---------------------------------------------------------------- trajectories


def _num(d: Decimal | float) -> str:
    """A computed number for display: at most 2 decimals, no trailing zeros."""
    x = float(d)
    if abs(x - round(x)) < 1e-9:
        return str(round(x))
    return f"{x:.2f}".rstrip("0").rstrip(".")


def _signed(x: float, places: int = 1) -> str:
    s = f"{x:+.{places}f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "±0" if float(s) == 0 else s


def trajectories(corpus) -> dict[str, list[dict]]:
    """Plan id -> one series per (indicator, region) that has history or targets and two or more points."""
    if corpus is None:
        return {}
    groups: dict[tuple[str, str, str], list] = defaultdict(list)
    for ref in corpus.facts:
        f = ref.fact
        if f.value is None or getattr(f.kind, "value", f.kind) == "cumulative":
            continue
        groups[(ref.plan.id, f.indicator, ref.region)].append(ref)
    out: dict[str, list[dict]] = defaultdict(list)
    for (pid, key, region), refs in sorted(groups.items()):
        roles = {r.fact.role.value for r in refs}
        if not roles & {"history", "target", "goal"}:
            continue
        units = Counter(r.fact.unit for r in refs)
        main_unit = sorted(units.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        mu = next((r.unit for r in refs if r.fact.unit == main_unit), None)
        points, other = [], set()
        for r in refs:
            v = Decimal(r.fact.value)
            if r.fact.unit != main_unit:
                if mu is not None and r.unit is not None and mu.compatible(r.unit) and mu.factor:
                    v = v * r.unit.factor / mu.factor
                else:
                    other.add(r.fact.unit)
                    continue
            points.append({
                "year": r.data_year, "value": v, "role": r.fact.role.value, "cmp": r.fact.comparator.value,
                "literal": str(r.fact.value), "place": r.fact.place.value, "marks": "".join(r.fact.marks),
                "id": r.fact.id, "name": r.fact.name, "classification": r.classification_changed,
            })
        # one point per (year, role, value): a table and a sentence saying the same thing draw once
        seen, uniq = set(), []
        for p in sorted(points, key=lambda p: (p["year"], ROLE_ORDER[p["role"]], p["value"], p["id"])):
            k = (p["year"], p["role"] in ("history", "baseline"), p["value"])
            if k not in seen:
                seen.add(k)
                uniq.append(p)
        if len({p["year"] for p in uniq}) < 2:
            continue
        ind = corpus.indicator(key)
        ratio = (ind is not None and ind.dimension.value == "ratio") or (mu is not None and mu.dimension == "ratio")
        lp = corpus.by_id.get(pid)
        reg = corpus.regions.get(region) if getattr(corpus, "regions", None) is not None else None
        out[pid].append({
            "plan": pid, "indicator": key, "region": region,
            "region_name": reg.name if reg is not None else region,
            "other_region": lp is not None and region != lp.plan.region,
            "name": uniq[0]["name"], "name_en": ind.en if ind is not None else key,
            "unit": main_unit, "ratio": ratio, "points": uniq, "other_units": sorted(other),
        })
    return dict(out)


def growth_labels(series: dict, corpus) -> dict:
    """The growth the target requires and the historical growth, as rule PC106 computes them
    (plancheck.realism): the chart and the finding always show the same numbers (midpoints of
    the intervals the finding reports)."""
    aims = any(p["role"] in ("target", "goal") for p in series["points"])
    out = {"required": None, "historical": None, "required_missing": "not_stated" if aims else "no_target"}
    lp = corpus.by_id.get(series["plan"]) if corpus is not None else None
    if lp is None:
        return out
    req = realism.requirement(corpus, lp, series["indicator"], series["region"])
    if req is not None and not req.comparable:
        return {**out, "required_missing": "not_comparable"}
    if req is not None:
        a, b = req.years
        mid = realism.midpoint(req.required)
        out["required"] = {"a": a, "b": b, "per_year": None if req.ratio else mid, "pp": mid if req.ratio else None}
    hist = req.history if req is not None else realism.history(corpus, lp, series["indicator"], series["region"])
    if hist is not None:
        mid = realism.midpoint(hist.rate)
        out["historical"] = {"a": hist.start, "b": hist.end, "per_year": None if hist.pp else mid,
                             "pp": mid if hist.pp else None, "stated": hist.claim is not None}
    return out


def _growth_text(g: dict | None, t: dict, missing: str = "not_stated") -> str:
    if g is None:
        return t[missing]
    v = t["pp_total"].format(v=_signed(g["pp"], 2)) if g["pp"] is not None else t["per_year"].format(v=_signed(g["per_year"]))
    return f'{v} ({t["span"].format(a=g["a"], b=g["b"])})'


def _nice_ticks(lo: float, hi: float, n: int = 4) -> list[float]:
    if hi <= lo:
        hi = lo + 1.0
    raw = (hi - lo) / n
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    start = math.floor(lo / step) * step
    ticks, x = [], start
    while x <= hi + step * 1e-9:
        ticks.append(round(x, 10))
        x += step
    if ticks[-1] < hi:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


ROLE_ORDER = {"baseline": 0, "history": 1, "target": 2, "goal": 3}
ROLE_SHAPE = {"history": "circle", "baseline": "square", "target": "triangle", "goal": "diamond"}
C_PAST, C_PLAN = "#1d5fa8", "#c2410c"


def _marker(shape: str, x: float, y: float, color: str, hollow: bool) -> str:
    fill = "#fff" if hollow else color
    st = f'fill="{fill}" stroke="{color}" stroke-width="1.6"'
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" {st}/>'
    if shape == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" {st}/>'
    if shape == "triangle":
        return f'<path d="M{x:.1f} {y - 5.5:.1f}L{x + 5:.1f} {y + 3.5:.1f}L{x - 5:.1f} {y + 3.5:.1f}Z" {st}/>'
    return f'<path d="M{x:.1f} {y - 5.5:.1f}L{x + 5:.1f} {y:.1f}L{x:.1f} {y + 5.5:.1f}L{x - 5:.1f} {y:.1f}Z" {st}/>'


def trajectory_svg(series: dict, t: dict, labels: dict) -> str:
    W, H, L, R, TOP, B = 460, 250, 56, 18, 48, 30
    pts = series["points"]
    years = sorted({p["year"] for p in pts})
    x0, x1 = years[0] - 0.5, years[-1] + 0.5
    vals = [float(p["value"]) for p in pts]
    lo, hi = min(vals), max(vals)
    if lo >= 0 and lo <= 0.5 * hi:
        lo = 0.0
    pad = (hi - lo) * 0.12 or (abs(hi) * 0.1 or 1.0)
    ticks = _nice_ticks(lo - (pad if lo != 0 else 0), hi + pad)
    y0, y1 = ticks[0], ticks[-1]

    def X(year: float) -> float:
        return L + (year - x0) / (x1 - x0) * (W - L - R)

    def Y(v: float) -> float:
        return H - B - (v - y0) / ((y1 - y0) or 1) * (H - B - TOP)

    title = series["name"] if t["html_lang"].startswith("zh") else series["name_en"]
    aria = f'{title} ({series["unit"]})'
    o = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="{W}" height="{H}" role="img" '
         f'aria-label="{_e(aria)}" class="chart" font-family="inherit">']
    o.append(f'<text x="{L}" y="16" class="lab req" font-size="12" fill="{C_PLAN}">{_e(t["required"])}: '
             f'{_e(_growth_text(labels["required"], t, labels.get("required_missing", "not_stated")))}</text>')
    hist_label = t["historical_stated"] if (labels["historical"] or {}).get("stated") else t["historical"]
    o.append(f'<text x="{L}" y="33" class="lab hist" font-size="12" fill="{C_PAST}">{_e(hist_label)}: '
             f'{_e(_growth_text(labels["historical"], t))}</text>')
    for tv in ticks:
        y = Y(tv)
        o.append(f'<line x1="{L}" x2="{W - R}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e3e6ea" stroke-width="1"/>')
        o.append(f'<text x="{L - 6}" y="{y + 4:.1f}" font-size="10.5" text-anchor="end" fill="#555">{_e(_num(tv))}</text>')
    o.append(f'<text x="4" y="{TOP - 13}" font-size="10.5" fill="#555">{_e(series["unit"])}</text>')
    for yr in years:
        o.append(f'<text x="{X(yr):.1f}" y="{H - B + 16}" font-size="10.5" text-anchor="middle" fill="#555">{yr}</text>')
    o.append(f'<line x1="{L}" x2="{W - R}" y1="{H - B}" y2="{H - B}" stroke="#999" stroke-width="1"/>')

    past = sorted((p for p in pts if p["role"] in ("history", "baseline")), key=lambda p: (p["year"], p["value"]))
    aims = sorted((p for p in pts if p["role"] in ("target", "goal")), key=lambda p: (p["year"], p["value"]))
    if len(past) >= 2:
        path = " ".join(f"{X(p['year']):.1f},{Y(float(p['value'])):.1f}" for p in past)
        o.append(f'<polyline points="{path}" fill="none" stroke="{C_PAST}" stroke-width="2"/>')
    if aims and past:
        first_aim_year = aims[0]["year"]
        before = [p for p in past if p["year"] < first_aim_year]
        start = max(before or past, key=lambda p: (p["role"] == "baseline", p["year"]))
        chain = [start] + aims
        path = " ".join(f"{X(p['year']):.1f},{Y(float(p['value'])):.1f}" for p in chain)
        o.append(f'<polyline points="{path}" fill="none" stroke="{C_PLAN}" stroke-width="1.8" stroke-dasharray="5 4"/>')
    for p in past + aims:
        x, y = X(p["year"]), Y(float(p["value"]))
        color = C_PAST if p["role"] in ("history", "baseline") else C_PLAN
        hollow = p["role"] == "goal" or p["cmp"] not in ("=",)
        cmp_txt = {"=": "", ">=": "≥", ">": ">", "<=": "≤", "<": "<", "~": "≈"}.get(p["cmp"], "")
        lbl = f"{cmp_txt}{p['literal']}{p['marks']}"
        tip = (f"{p['year']} · {t[p['role']]} · {lbl} {series['unit']} · "
               f"{t['kind_' + p['place']] if ('kind_' + p['place']) in t else p['place']} · {p['id']}")
        o.append(f"<g><title>{_e(tip)}</title>{_marker(ROLE_SHAPE.get(p['role'], 'circle'), x, y, color, hollow)}</g>")
        ly = y - 9 if y - 9 > TOP - 2 else y + 17
        o.append(f'<text x="{x:.1f}" y="{ly:.1f}" font-size="11" text-anchor="middle" fill="#222" '
                 f'paint-order="stroke" stroke="#fff" stroke-width="3">{_e(lbl)}</text>')
    o.append("</svg>")
    return "".join(o)


def _charts(doc: dict, t: dict, corpus, lang: str) -> str:
    series = trajectories(corpus)
    titles = {p["id"]: p["title"] for p in doc["plans"]}
    out = [f'<section id="charts"><h2>{_e(t["charts"])}</h2><p class="note">{_e(t["charts_note"])}</p>']
    legend = "".join(
        f'<span class="lg">{_legend_svg(role)} {_e(t[role])}</span>' for role in ("history", "baseline", "target", "goal"))
    out.append(f'<p class="legend">{legend}</p>')
    if not series:
        out.append(f'<p class="empty">{_e(t["no_charts"])}</p>')
    order = [p["id"] for p in doc["plans"]]
    for pid in sorted(series, key=lambda p: (order.index(p) if p in order else len(order), p)):
        out.append(f'<section class="plan-charts" data-chart-plan="{_e(pid)}"><h3>{_e(titles.get(pid, pid))} <code>{_e(pid)}</code></h3><div class="chartgrid">')
        for s in series[pid]:
            labels = growth_labels(s, corpus)
            name = s["name"] if lang == "zh" else s["name_en"]
            cap = [f'<b>{_e(name)}</b> <code>{_e(s["indicator"])}</code> ({_e(s["unit"])})']
            if s["other_region"]:
                cap.append(f'<br><small>{_e(t["region_of"].format(v=s["region_name"]))}</small>')
            if s["other_units"]:
                cap.append(f'<br><small>{_e(t["other_units"].format(v=", ".join(s["other_units"])))}</small>')
            out.append(f'<figure class="chartbox" data-indicator="{_e(s["indicator"])}">{trajectory_svg(s, t, labels)}'
                       f'<figcaption>{"".join(cap)}</figcaption></figure>')
        out.append("</div></section>")
    out.append("</section>")
    return "".join(out)


def _legend_svg(role: str) -> str:
    color = C_PAST if role in ("history", "baseline") else C_PLAN
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">'
            f'{_marker(ROLE_SHAPE[role], 7, 7, color, role == "goal")}</svg>')


# ---------------------------------------------------------------- cross-plan tables

PALETTE = ["#1d5fa8", "#2e7d32", "#6a1b9a", "#00838f", "#8d6e63", "#ad1457", "#546e7a", "#9e7c00", "#3949ab", "#00796b"]
C_PROVINCE, C_REST = "#c2410c", "#cfd4da"
NEG_OPACITY = ' opacity="0.55"'
NUM_CLASS = ' class="n"'
_NUMTXT = r"[-+−]?\d+(?:\.\d+)?"
# a cell as the rules write it: `7020 亿元`, `>=1350 亿元`, `[671.10, 671.30] 亿元`, `[9.56%, 9.56%]`, `[5.95, ∞] 万件`
_QTY = re.compile(rf"^\s*(?:[<>]=?|~|≈|约)?\s*(?:\[\s*({_NUMTXT})\s*%?\s*,\s*({_NUMTXT}|∞)?\s*%?\s*\]|({_NUMTXT}))\s*(.{{0,12}}?)\s*$")
META_WORDS = ("indicator", "指标", "year", "年份", "basis", "口径", "region", "地区", "verdict", "结论")


def parse_quantity(v: object) -> tuple[float, str] | None:
    """(value, unit) of a table cell; an interval gives its midpoint (its lower end when open above)."""
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, (int, float, Decimal)):
        return float(v), ""
    m = _QTY.match(unicodedata.normalize("NFKC", str(v)))
    if not m:
        return None
    if m.group(3) is not None:
        x = float(m.group(3).replace("−", "-"))
    else:
        lo = float(m.group(1).replace("−", "-"))
        hi = m.group(2)
        x = lo if hi in (None, "∞") else (lo + float(hi.replace("−", "-"))) / 2
    return x, m.group(4).strip()


def _cell_number(v: object) -> float | None:
    q = parse_quantity(v)
    return None if q is None else q[0]


def _convert(x: float, unit: str, to: str) -> float | None:
    """x in `unit` expressed in `to` (万件 -> 件 and so on); None when they do not convert."""
    if unit == to:
        return x
    try:
        from plancheck.units import parse

        a, b = parse(unit), parse(to)
    except Exception:
        return None
    if not a.compatible(b) or not b.factor:
        return None
    return x * float(a.factor) / float(b.factor)


def _col(cols: list[str], *words: str) -> str | None:
    return next((c for c in cols if any(w in c.lower() for w in words)), None)


def province_chart(tab: dict, t: dict) -> str:
    """For a PC202 table (columns: meta..., province, cities..., sum, share, remainder): per row, the
    province's value as one bar and under it the cities' values stacked, with the remainder."""
    cols = list(tab.get("columns") or [])
    rows = list(tab.get("rows") or [])
    sum_c, rem_c, share_c = _col(cols, "sum", "合计"), _col(cols, "remainder", "其余"), _col(cols, "share", "占比")
    meta = [c for c in cols if any(w in c.lower() for w in META_WORDS)]
    regions = [c for c in cols if c not in meta and c not in (sum_c, rem_c, share_c)]
    if not (sum_c and rem_c and len(regions) >= 2 and rows):
        return ""
    parent, kids = regions[0], regions[1:]
    bars = []
    for r in rows:
        pq = parse_quantity(r.get(parent))
        if pq is None:
            continue
        pv, unit = pq
        segs = []
        for k in kids:
            q = parse_quantity(r.get(k))
            if q is not None:
                v = _convert(q[0], q[1], unit)
                if v is not None:
                    segs.append((k, v, str(r.get(k))))
        rq = parse_quantity(r.get(rem_c))
        rem = _convert(rq[0], rq[1], unit) if rq is not None else None
        label = " ".join(str(r.get(c, "")) for c in meta if "indicator" not in c.lower() and "指标" not in c)
        bars.append((label.strip(), pv, unit, str(r.get(parent)), segs, rem, str(r.get(rem_c, "")), str(r.get(share_c, ""))))
    if not bars:
        return ""
    top = max(max(b[1], sum(max(s[1], 0) for s in b[4]) + max(b[5] or 0, 0)) for b in bars) or 1.0
    W, L, R, bar_h = 860, 150, 130, 18
    row_h = 2 * bar_h + 46
    legend_h = 22
    H = legend_h + row_h * len(bars) + 10
    color = {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(kids)}

    def X(v: float) -> float:
        return L + v / top * (W - L - R)

    o = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="{W}" height="{H}" role="img" '
         f'aria-label="{_e(tab.get("title", ""))}" class="chart bars" font-family="inherit">']
    lx = L
    for name, c in [(parent, C_PROVINCE)] + [(k, color[k]) for k in kids] + [(t["remainder"], C_REST)]:
        o.append(f'<rect x="{lx}" y="5" width="11" height="11" fill="{c}"/><text x="{lx + 15}" y="15" font-size="11.5" fill="#333">{_e(name)}</text>')
        lx += 30 + 7 * len(name) + 5 * sum(1 for ch in name if ord(ch) > 0x2e80)
    for i, (label, pv, _unit, ptxt, segs, rem, rtxt, share) in enumerate(bars):
        y = legend_h + i * row_h + 18
        o.append(f'<text x="{L - 8}" y="{y + bar_h - 4}" font-size="11.5" text-anchor="end" fill="#222">{_e(parent)}</text>')
        o.append(f'<text x="{L}" y="{y - 4}" font-size="11" font-weight="600" fill="#444">{_e(label)}</text>')
        o.append(f'<g><title>{_e(parent)}: {_e(ptxt)}</title><rect x="{L}" y="{y}" width="{max(X(pv) - L, 0.8):.1f}" height="{bar_h}" fill="{C_PROVINCE}"/></g>')
        o.append(f'<text x="{X(pv) + 5:.1f}" y="{y + bar_h - 5}" font-size="11" fill="#222">{_e(ptxt)}</text>')
        y2 = y + bar_h + 4
        o.append(f'<text x="{L - 8}" y="{y2 + bar_h - 5}" font-size="11.5" text-anchor="end" fill="#222">{_e(t["lower_regions"])}</text>')
        x = L
        for name, v, txt in segs:
            w = max(X(v) - L, 0.8)
            o.append(f'<g><title>{_e(name)}: {_e(txt)}</title><rect x="{x:.1f}" y="{y2}" width="{w:.1f}" height="{bar_h}" '
                     f'fill="{color[name]}" stroke="#fff" stroke-width="0.8"/></g>')
            x += w
        if rem is not None and rem > 0:
            w = X(rem) - L
            o.append(f'<g><title>{_e(t["remainder"])}: {_e(rtxt)}</title><rect x="{x:.1f}" y="{y2}" width="{w:.1f}" height="{bar_h}" '
                     f'fill="{C_REST}" stroke="#8b949e" stroke-dasharray="3 2"/></g>')
            x += w
        elif rem is not None and rem < 0:  # the cities add up to more than the province
            o.append(f'<line x1="{X(pv):.1f}" x2="{X(pv):.1f}" y1="{y - 2}" y2="{y2 + bar_h + 2}" stroke="#b3261e" stroke-width="2"/>')
        info = f'{t["remainder"]} {rtxt}' + (f' · {t["share"]} {share}' if share else "")
        o.append(f'<text x="{L}" y="{y2 + bar_h + 13}" font-size="10.5" fill="{"#b3261e" if (rem or 0) < 0 else "#555"}">{_e(info)}</text>')
    o.append("</svg>")
    return "".join(o)


def table_chart(tab: dict, t: dict) -> tuple[str, bool]:
    """Any other table: grouped horizontal bars, one group per row, one bar per numeric column.
    Years and region codes are not drawn. Returns (svg, scaled per row)."""
    cols = list(tab.get("columns") or [])
    rows = list(tab.get("rows") or [])

    def blank(v: object) -> bool:
        return str(v if v is not None else "").strip() in ("", "—", "-", "/", "?")

    numeric = []
    for c in cols:
        cells = [r.get(c) for r in rows if not blank(r.get(c))]
        if not cells or any(w in c.lower() for w in META_WORDS):
            continue
        qs = [parse_quantity(v) for v in cells]
        if any(q is None for q in qs):
            continue
        if all(q[1] == "" and q[0] == int(q[0]) and (1949 <= q[0] <= 2100 or q[0] >= 100000) for q in qs):
            continue  # years and region codes
        numeric.append(c)
    if not numeric or not rows:
        return "", False
    label_col = next((c for c in cols if c not in numeric), None)
    units = {parse_quantity(r.get(c))[1] for r in rows for c in numeric if not blank(r.get(c))}
    per_row = len(units) > 1
    bar_h, gap, L, R, TOP = 12, 10, 170, 90, 24
    group_h = bar_h * len(numeric) + gap
    W = 680
    H = TOP + group_h * len(rows) + 10

    o = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="{W}" height="{H}" role="img" '
         f'aria-label="{_e(tab.get("title", ""))}" class="chart bars" font-family="inherit">']
    lx = L
    for i, c in enumerate(numeric):
        o.append(f'<rect x="{lx}" y="6" width="10" height="10" fill="{PALETTE[i % len(PALETTE)]}"/>'
                 f'<text x="{lx + 14}" y="15" font-size="11" fill="#333">{_e(c)}</text>')
        lx += 24 + 7 * len(str(c)) + 5 * sum(1 for ch in str(c) if ord(ch) > 0x2e80)
    all_vals = [_cell_number(r.get(c)) or 0.0 for r in rows for c in numeric if not blank(r.get(c))]
    for ri, r in enumerate(rows):
        vals = [_cell_number(r.get(c)) for c in numeric]
        scope = [v for v in vals if v is not None] if per_row else all_vals
        lo, hi = min([0.0, *scope]), max([0.0, *scope])
        if hi == lo:
            hi = lo + 1

        def X(v: float, lo: float = lo, hi: float = hi) -> float:
            return L + (v - lo) / (hi - lo) * (W - L - R)

        zx = X(0.0)
        gy = TOP + ri * group_h
        label = str(r.get(label_col, "")) if label_col else str(ri + 1)
        o.append(f'<text x="{L - 8}" y="{gy + group_h / 2:.1f}" font-size="11.5" text-anchor="end" fill="#222">{_e(label[:28])}</text>')
        o.append(f'<line x1="{zx:.1f}" x2="{zx:.1f}" y1="{gy - 2}" y2="{gy + group_h - gap + 2}" stroke="#777" stroke-width="1"/>')
        for ci, (c, v) in enumerate(zip(numeric, vals, strict=True)):
            if v is None:
                continue
            y = gy + ci * bar_h
            x_a, x_b = sorted((zx, X(v)))
            o.append(f'<g><title>{_e(label)} · {_e(c)}: {_e(r.get(c))}</title>'
                     f'<rect x="{x_a:.1f}" y="{y:.1f}" width="{max(x_b - x_a, 0.8):.1f}" height="{bar_h - 2}" '
                     f'fill="{PALETTE[ci % len(PALETTE)]}"{NEG_OPACITY if v < 0 else ""}/></g>')
            tx, anchor = (x_b + 4, "start") if v >= 0 else (x_a - 4, "end")
            o.append(f'<text x="{tx:.1f}" y="{y + bar_h - 3:.1f}" font-size="10" text-anchor="{anchor}" fill="#333">{_e(r.get(c))}</text>')
    o.append("</svg>")
    return "".join(o), per_row


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
                f'<td{NUM_CLASS if _cell_number(row.get(c)) is not None else ""}>{_e(_fmt_value(row.get(c, "")))}</td>'
                for c in cols) + "</tr>")
        out.append("</tbody></table></div>")
        notes = tab.get("notes") or []
        if notes:
            out.append(f'<p class="note"><b>{_e(t["notes"])}:</b></p><ul class="notes">' + "".join(f"<li>{_e(n)}</li>" for n in notes) + "</ul>")
        out.append("</section>")
    out.append("</section>")
    return "".join(out)


# ---------------------------------------------------------------- inline CSS and JS

_CSS = """
:root{--err:#b3261e;--warn:#9a5b00;--info:#1d5fa8;--waived:#6b7280;--bg:#fff;--fg:#1f2328;--mut:#59636e;--line:#d8dee4;--soft:#f6f8fa}
*{box-sizing:border-box}
[hidden]{display:none!important}
html{-webkit-text-size-adjust:100%}
body{margin:0 auto;max-width:1180px;padding:0 20px 40px;color:var(--fg);background:var(--bg);font:15px/1.55 system-ui,-apple-system,"Segoe UI","PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",sans-serif}
h1{font-size:1.6em;margin:.8em 0 .1em}h2{font-size:1.3em;margin:1.6em 0 .5em;padding-bottom:.2em;border-bottom:2px solid var(--line)}
h3{font-size:1.1em;margin:1.2em 0 .4em}h4{font-size:1em;margin:1em 0 .3em}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Noto Sans Mono CJK SC",monospace;font-size:.88em;background:var(--soft);padding:0 .25em;border-radius:3px}
small{color:var(--mut)}
a{color:#0b57d0}
.meta{color:var(--mut);margin:0}
.toc{margin:.6em 0;font-size:.93em}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:.6em 0 1em}
.card{min-width:104px;padding:.5em .8em;border:1px solid var(--line);border-left:5px solid var(--mut);border-radius:6px;background:var(--soft)}
.card b{display:block;font-size:1.6em;line-height:1.1}.card span{color:var(--mut);font-size:.9em}
.c-error{border-left-color:var(--err)}.c-error b{color:var(--err)}
.c-warning{border-left-color:var(--warn)}.c-warning b{color:var(--warn)}
.c-info{border-left-color:var(--info)}.c-info b{color:var(--info)}
.c-new{border-left-color:#7c3aed}.c-fixed{border-left-color:#2e7d32}
.card.zero b{color:var(--mut)}
table.grid{border-collapse:collapse;width:100%;font-size:.93em;margin:.3em 0 1em}
table.grid th,table.grid td{border:1px solid var(--line);padding:.3em .55em;text-align:left;vertical-align:top}
table.grid thead th{background:var(--soft)}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.s-error:not(.zero){color:var(--err);font-weight:700}td.s-warning:not(.zero){color:var(--warn);font-weight:700}
td.s-info:not(.zero){color:var(--info)}td.zero{color:#aab}
.callout{border:1px solid #e9c46a;background:#fff8e6;border-radius:6px;padding:.2em 1em .6em;margin:1em 0}
#filters{position:sticky;top:0;z-index:5;background:#fff;border-bottom:1px solid var(--line);padding:.5em 0;margin:1em 0}
.frow{display:flex;flex-wrap:wrap;gap:.5em 1em;align-items:center;font-size:.93em}
.flabel{color:var(--mut)}
.chk{white-space:nowrap}
select,input[type=search],button{font:inherit;font-size:.95em;padding:.2em .4em;border:1px solid #aab;border-radius:4px;background:#fff}
input[type=search]{width:16em}
button{cursor:pointer}
#f-count{color:var(--mut);margin-left:auto}
.empty{color:var(--mut);font-style:italic}
.plan-group>h3{background:var(--soft);padding:.35em .6em;border-radius:6px;border:1px solid var(--line)}
.pfile{margin-left:.6em;font-weight:400}
.rule-group{margin-left:.4em}
.rsum{font-weight:400;color:var(--mut)}
details.ruledoc{margin:.2em 0 .6em;font-size:.92em}
details.ruledoc summary{cursor:pointer;color:#0b57d0}
details.ruledoc p,details.ruledoc ul{margin:.4em 0;max-width:60em}
article.finding{border:1px solid var(--line);border-left:5px solid var(--mut);border-radius:6px;padding:.5em .8em;margin:.6em 0 .8em;background:#fff}
article.s-error{border-left-color:var(--err)}article.s-warning{border-left-color:var(--warn)}article.s-info{border-left-color:var(--info)}
article.is-waived{border-left-style:dashed;background:#fafafa}
.fhead{display:flex;flex-wrap:wrap;gap:.4em;align-items:center;font-size:.9em}
.fid{margin-left:auto}.fid code{background:none;color:var(--mut)}
.badge{display:inline-block;padding:0 .45em;border-radius:10px;font-size:.85em;font-weight:600;color:#fff;background:var(--mut)}
.b-error{background:var(--err)}.b-warning{background:var(--warn)}.b-info{background:var(--info)}
.b-new{background:#7c3aed}.b-unchanged{background:#9aa3ad}.b-waived{background:var(--waived)}
.msg{margin:.35em 0;font-weight:500}
.reason{margin:.3em 0;color:#444}
table.values{border-collapse:collapse;font-size:.88em;margin:.3em 0}
table.values th{font-weight:500;text-align:left;color:var(--mut);padding:.1em 1em .1em 0;white-space:nowrap;vertical-align:top}
table.values td{padding:.1em 0;font-variant-numeric:tabular-nums}
table.values tr.tol th,table.values tr.tol td{color:#6a1b9a}
ul.evidence{list-style:none;padding:0;margin:.3em 0 0}
ul.evidence li{margin:.35em 0}
blockquote{margin:0;padding:.3em .7em;border-left:3px solid #c9d1d9;background:var(--soft);white-space:pre-wrap;word-break:break-word}
mark{background:#ffe066;color:#000;padding:0 .1em;border-radius:2px;font-weight:600}
.loc{font-size:.85em;color:var(--mut);margin-top:.15em}
.note{color:var(--mut);font-size:.9em;max-width:60em}
.legend{font-size:.88em;color:var(--mut)}.lg{margin-right:1.2em;white-space:nowrap}.lg svg{vertical-align:-2px}
.chartgrid{display:grid;grid-template-columns:repeat(auto-fill,minmax(440px,1fr));gap:14px}
figure.chartbox{margin:0;border:1px solid var(--line);border-radius:6px;padding:.5em;background:#fff;break-inside:avoid}
figure.chartbox.wide{max-width:100%;overflow-x:auto}
svg.chart{width:100%;max-width:100%;height:auto;display:block}
svg.chart.bars{width:auto}
section[id],article.finding,.plan-group,.rule-group{scroll-margin-top:5.5em}
figcaption{font-size:.88em;margin-top:.2em}
figcaption .req{color:#c2410c}figcaption .hist{color:#1d5fa8}
.scroll{overflow-x:auto}
ul.inerr li{margin:.2em 0}
footer{margin-top:3em;color:var(--mut);font-size:.85em;border-top:1px solid var(--line);padding-top:.6em}
.noscript{background:#fff8e6;border:1px solid #e9c46a;padding:.5em 1em}
@media (max-width:700px){.chartgrid{grid-template-columns:1fr}#f-count{margin-left:0}}
@media print{
 @page{margin:14mm}
 body{max-width:none;padding:0;font-size:10pt}
 .noprint,#filters,.toc,noscript{display:none!important}
 h2{break-after:avoid}h3,h4{break-after:avoid}
 article.finding,figure.chartbox,.callout,tr{break-inside:avoid}
 a{color:inherit;text-decoration:none}
 .badge{color:#000;background:#fff!important;border:1px solid #000}
 article.finding{border-left-width:3pt}
 mark{background:#ffe066;-webkit-print-color-adjust:exact;print-color-adjust:exact}
 .chartgrid{grid-template-columns:1fr 1fr}
 svg.chart{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
"""

_JS = """
(function () {
  "use strict";
  var ui = JSON.parse(document.getElementById("pc-ui").textContent);
  var $ = function (id) { return document.getElementById(id); };
  var cards = Array.prototype.slice.call(document.querySelectorAll("article.finding"));
  var texts = cards.map(function (c) { return c.textContent.toLowerCase(); });
  var groups = Array.prototype.slice.call(document.querySelectorAll(".group"));
  var chartSections = Array.prototype.slice.call(document.querySelectorAll("[data-chart-plan]"));
  var sevBoxes = Array.prototype.slice.call(document.querySelectorAll("input[name=sev]"));
  var controls = ["f-plan", "f-rule", "f-waived", "f-baseline", "f-search"].map($).filter(Boolean);
  function val(id) { var el = $(id); return el ? el.value : ""; }
  function apply() {
    var sev = {};
    sevBoxes.forEach(function (b) { sev[b.value] = b.checked; });
    var plan = val("f-plan"), rule = val("f-rule"), waived = val("f-waived"), base = val("f-baseline");
    var terms = val("f-search").toLowerCase().split(/\\s+/).filter(Boolean);
    var shown = 0;
    cards.forEach(function (c, i) {
      var d = c.dataset;
      var ok = !!sev[d.sev] &&
        (!plan || (" " + d.plans + " ").indexOf(" " + plan + " ") >= 0) &&
        (!rule || d.rule === rule) &&
        (!waived || d.waived === waived) &&
        (!base || d.baseline === base) &&
        terms.every(function (t) { return texts[i].indexOf(t) >= 0; });
      c.hidden = !ok;
      if (ok) { shown++; }
    });
    groups.forEach(function (g) { g.hidden = !g.querySelector("article.finding:not([hidden])"); });
    chartSections.forEach(function (s) { s.hidden = !!plan && s.getAttribute("data-chart-plan") !== plan; });
    $("f-count").textContent = ui.shown.replace("{n}", shown).replace("{total}", cards.length);
    $("no-match").hidden = shown > 0 || cards.length === 0;
  }
  sevBoxes.forEach(function (b) { b.addEventListener("change", apply); });
  controls.forEach(function (c) { c.addEventListener(c.tagName === "INPUT" ? "input" : "change", apply); });
  $("f-reset").addEventListener("click", function () {
    sevBoxes.forEach(function (b) { b.checked = true; });
    controls.forEach(function (c) { c.value = ""; });
    apply();
  });
  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = Array.prototype.slice.call(document.querySelectorAll("details:not([open])"));
    opened.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () { opened.forEach(function (d) { d.open = false; }); opened = []; });
  apply();
})();
"""
