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
import re
import unicodedata
from collections import Counter, defaultdict
from decimal import Decimal, InvalidOperation
from functools import cache
from html import escape
from importlib import resources

from plancheck.report.charts import (  # noqa: F401  (re-exported for callers of the old module)
    NUM_CLASS,
    cell_number,
    legend_svg,
    parse_quantity,
    province_chart,
    table_chart,
    trajectory_svg,
)
from plancheck.report.series import growth_labels, trajectories  # noqa: F401

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
        "undrawn": "未绘制（数值超出可绘制范围）：{v}",
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
        "undrawn": "not drawn (beyond the drawable range): {v}",
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


@cache
def asset(name: str) -> str:
    """A file of plancheck/report/assets/ (the page's CSS and script), inlined into the page."""
    return resources.files("plancheck.report").joinpath("assets", name).read_text("utf-8")


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
    script = asset("report.js")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    csp = (f"default-src 'none'; script-src 'sha256-{digest}'; style-src 'unsafe-inline'; img-src data:; "
           "font-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'")
    return "".join([
        "<!DOCTYPE html>\n",
        f'<html lang="{t["html_lang"]}">\n<head>\n<meta charset="utf-8">\n',
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n',  # our constant: no quotes to escape
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        '<meta name="referrer" content="no-referrer">\n',
        f"<title>{_e(t['title'])}</title>\n<style>{asset('report.css')}</style>\n</head>\n<body>\n",
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


# ---------------------------------------------------------------- trajectories


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
        out.append(f'<section class="plan-charts" data-chart-plan="{_e(pid)}"><h3>{_e(titles.get(pid, pid))} <code>{_e(pid)}</code></h3><div class="chartgrid">')
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
            out.append(f'<figure class="chartbox" data-indicator="{_e(s["indicator"])}">{trajectory_svg(s, t, labels)}'
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
