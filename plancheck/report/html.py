"""reports/report.html: the reviewer's report, one self-contained page (or, for a large corpus,
an index page and one page per plan: `plancheck.report.htmlsplit`).

The page is rendered from Jinja2 templates (plancheck/report/templates/, autoescape on,
StrictUndefined: a missing value is an error, never an empty string); its CSS and script are
package files (plancheck/report/assets/) inlined at build; its UI strings are data files per
language (plancheck/report/i18n/); its charts come from `plancheck.report.charts` (typed series).
Every text is in both languages (`bilingual.Both`): the page switches language without being
rebuilt, attributes and SVG labels included. Nothing is fetched when the page is viewed; a
Content-Security-Policy in the page forbids it and allows only this page's own script (by its
hash). The output is deterministic: no timestamps, and every list in a stable order.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections import Counter, defaultdict
from functools import cache
from importlib import resources

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from plancheck.report import causes as causes_mod
from plancheck.report import htmlarticle, htmlfindings, rulesi18n, strings
from plancheck.report.bilingual import BiDict, Both, both, i18n, join, plain
from plancheck.report.charts import legend_svg, trajectory_svg
from plancheck.report.htmlfindings import NO_PLAN, SEVERITIES, cited_numbers, highlight  # noqa: F401
from plancheck.report.series import growth_labels, trajectories  # noqa: F401
from plancheck.report.tablecharts import (  # noqa: F401  (parse_quantity re-exported for callers of the old module)
    cell_number,
    parse_quantity,
    province_chart,
    table_chart,
)
from plancheck.rules import Scope, declared

T: dict[str, dict[str, str]] = {lang: strings.section(lang, "html") for lang in strings.LANGS}
COUNT_COLS = ("error", "warning", "info", "waived")


def script_json(data: object) -> str:
    """JSON safe inside a <script> element: no `<`, `>` or `&` survives as itself."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


@cache
def asset(name: str) -> str:
    """A file of plancheck/report/assets/ (the page's CSS and script), inlined into the page."""
    return resources.files("plancheck.report").joinpath("assets", name).read_text("utf-8")


@cache
def env() -> Environment:
    e = Environment(loader=PackageLoader("plancheck.report", "templates"), autoescape=select_autoescape(default=True),
                    undefined=StrictUndefined, keep_trailing_newline=True, auto_reload=False)
    e.globals["i18n"] = i18n
    e.filters["plain"] = plain
    return e


def csp(script: str) -> str:
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return (f"default-src 'none'; script-src 'sha256-{digest}'; style-src 'unsafe-inline'; img-src data:; "
            "font-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'")


def _counts(findings) -> dict[str, Counter]:
    counts: dict[str, Counter] = defaultdict(Counter)
    for f in findings:
        if f.get("related_to"):
            continue  # a data-quality repeat is counted with the finding it repeats
        for p in f.get("located") or htmlfindings.plan_keys(f):
            counts[p]["waived" if f["waived"] else f["severity"]] += 1
    return counts


def page_context(doc: dict, result, t: BiDict, *, plans: list[dict], findings: list[dict], tables: list[dict],
                 plan_rows: list[dict] | None, plans_more: Both | None = None, index_link: str | None = None,
                 title: Both | None = None, room: int = htmlfindings.MAX_ARTICLES, charts: bool = True,
                 rule_href: str = "#rule-", series: dict | None = None, table_pages: dict | None = None,
                 home=None) -> dict:
    """Everything the template prints, for the findings and plans given (all, or one plan's).
    `series`: the corpus's trajectories by plan (`series.trajectories`), when the caller renders
    many pages and computed them once; None: computed here for these plans. `table_pages`: the
    cross-plan tables are on pages of their own (a split report's index links them). `home`: where
    a finding's whole article is when not on this page (`htmlfindings.sections`)."""
    lang = t.lang
    corpus = getattr(result, "corpus", None)
    rules = {r["code"]: r for r in doc.get("rules", [])}
    stale = [f for f in findings if declared(f["rule"]).scope is Scope.waivers and not f["waived"]]
    has_baseline = any(f.get("baseline_status") for f in findings)
    s = doc["summary"]
    counted = [f for f in findings if not f.get("related_to")]
    live = [f for f in counted if not f["waived"]]
    cards = [("error", sum(f["severity"] == "error" for f in live), t["errors"]),
             ("warning", sum(f["severity"] == "warning" for f in live), t["warnings"]),
             ("info", sum(f["severity"] == "info" for f in live), t["infos"]),
             ("waived", sum(f["waived"] for f in counted), t["waived"]),
             ("plans", len(plans), t["plans"]), ("input", s["input_errors"], t["input_errors"])]
    if s.get("new") is not None:
        cards.append(("new", sum(f.get("baseline_status") == "new" and not f["waived"] for f in counted), t["new"]))
    if s.get("fixed") is not None and index_link is None:
        cards.append(("fixed", s["fixed"], t["fixed"]))
    totals = Counter("waived" if f["waived"] else f["severity"] for f in findings)
    by_rule: dict[str, Counter] = defaultdict(Counter)
    for f in findings:
        by_rule[f["rule"]]["waived" if f["waived"] else f["severity"]] += 1
    # every rule on a report's own page (what ran, with its zeros); a plan's page of a split report,
    # the rules that found something in it (the index lists them all)
    codes = sorted(set(by_rule) | (set(rules) if index_link is None else set()))
    summaries = _summaries(doc.get("rules", []), lang)
    rule_rows = [{"code": c, "name": rules.get(c, {}).get("name", ""), "summary": summaries(c, rules.get(c, {}).get("summary", "")),
                  "counts": by_rule.get(c, Counter())} for c in codes]
    toc = [("summary", t["summary"])]
    if doc.get("input_errors") and index_link is None:
        toc.append(("input-errors", t["input_errors"]))
    toc += [("sec-error", t["sec_error"]), ("sec-warning", t["sec_warning"]), ("sec-info", t["sec_info"])]
    if stale:
        toc.append(("stale", t["stale_sec"]))
    own_rules = rule_href.startswith("#")  # a plan's page links to the rules on the index page
    toc += [("charts", t["charts"])] if charts else []
    toc += [("tables", t["tables"])] if index_link is None else []
    toc += [("rules", t["rules_sec"])] if own_rules else []

    plan_opts = [("", t["all_plans"])] + [(p["id"], p["id"]) for p in plans]
    if plan_rows is not None and len(plans) > 200:  # a split report's index: the table by plan links each plan's page
        plan_opts = None
    elif any(not f["plans"] for f in findings):
        plan_opts.append((NO_PLAN, join("", ["— ", t["no_plan"]])))
    rule_opts = [("", t["all_rules"])] + [(c, f"{c} {rules.get(c, {}).get('name', '')}".strip()) for c in codes]
    doc_view = {**doc, "findings": findings}
    return {
        **head_context(doc, t, title or t["title"], index_link, len(plans)), "toc": toc, "no_plan": NO_PLAN,
        "cards": cards, "plan_rows": plan_rows, "plans_more": plans_more, "count_cols": COUNT_COLS,
        "count_heads": (t["errors"], t["warnings"], t["infos"], t["waived"]), "totals": totals,
        "rule_rows": rule_rows, "stale": [htmlfindings.stale_view(f, lang) for f in stale],
        "severities": SEVERITIES, "plan_opts": plan_opts, "rule_opts": rule_opts,
        "waived_opts": [("", t["all"]), ("0", t["unwaived_only"]), ("1", t["waived_only"])],
        "baseline_opts": [("", t["all"]), ("new", t["baseline_new"]), ("unchanged", t["baseline_unchanged"])] if has_baseline else None,
        "shown_text": t.fmt("shown", n=len(findings), total=len(findings)),
        "input_errors": [htmlfindings.input_error_view(e) for e in (doc.get("input_errors") or [])] if index_link is None else [],
        "sections": htmlfindings.sections(doc_view, t, corpus, room, rule_href,
                                           "not_in_page" if room == htmlfindings.MAX_ARTICLES else "not_in_index", home),
        "legend": [(role, legend_svg(role)) for role in ("history", "baseline", "target", "goal")],
        "charts": charts, "own_tables": index_link is None, "own_rules": own_rules,
        "chart_plans": _charts(plans, t, corpus, None if index_link is None else {p["id"] for p in plans},
                              series) if charts else [],
        "tables": [_table(tab, t) for tab in tables], "table_pages": table_pages,
        "rule_docs": htmlfindings.rule_docs(doc_view, t) if own_rules else [],
    }


_SUMMARIES: list = [None, None, {}]  # (the document's rules list, its language, (code, fallback) -> summary)


def _summaries(rules: list, lang: str):
    """A rule's summary in both languages (`rulesi18n.summary`, from its docstring), kept for the
    document's rules list given last: a split report's thousands of plan pages list the same rules."""
    if _SUMMARIES[0] is not rules or _SUMMARIES[1] != lang:
        _SUMMARIES[:] = [rules, lang, {}]
    memo = _SUMMARIES[2]

    def summary(code: str, fallback: str) -> Both:
        key = (code, fallback)
        if key not in memo:
            memo[key] = both(lang, rulesi18n.summary(code, "zh", fallback), rulesi18n.summary(code, "en", fallback))
        return memo[key]

    return summary


def head_context(doc: dict, t: BiDict, title: Both, index_link: str | None, n_plans: int) -> dict:
    """What the head, the foot and the script of every page print (`_head.html.j2`)."""
    script = Markup(asset("report.js"))  # package files and constants: markup as they are
    return {"t": t, "lang": t.lang, "other": "en" if t.lang == "zh" else "zh", "csp": Markup(csp(script)),
            "script": script, "css": Markup(asset("report.css") + htmlarticle.label_css()), "version": doc["tool"]["version"],
            "page_title": title, "n_plans": n_plans, "n_rules": len(doc.get("rules", [])), "index_link": index_link,
            "footer": t.fmt("footer", v=doc["tool"]["version"]),
            "ui_json": Markup(script_json({"shown": {"zh": T["zh"]["shown"], "en": T["en"]["shown"]}}))}


def render_tables(doc: dict, t: BiDict, tables: list[dict], title: Both, index_link: str, n_plans: int) -> str:
    """A page of cross-plan tables only (a split report's: `htmlsplit.TABLES_PER_PAGE` a page)."""
    ctx = {**head_context(doc, t, title, index_link, n_plans), "tables": [_table(tab, t) for tab in tables],
           "table_pages": None}
    return env().get_template("tables.html.j2").render(ctx)


def render(doc: dict, result=None) -> str:
    """The whole report as one page."""
    lang = doc.get("lang", "zh")
    t = BiDict(lang)
    if "causes" not in doc:  # a document built elsewhere (an old report.json): group it now
        doc = {**doc, "findings": [dict(f) for f in doc.get("findings", [])]}
        doc["causes"] = causes_mod.group(doc)
    plans = doc.get("plans", [])
    counts = _counts(doc["findings"])
    rows = plan_rows(plans, counts, t)
    ctx = page_context(doc, result, t, plans=plans, findings=doc["findings"],
                       tables=list(getattr(result, "tables", None) or []), plan_rows=rows)
    return env().get_template("report.html.j2").render(ctx)


def plan_rows(plans: list[dict], counts: dict[str, Counter], t: BiDict, href=None) -> list[dict]:
    rows = [{"id": p["id"], "title": p["title"], "file": p["file"], "counts": counts.get(p["id"], Counter()),
             "href": href(p["id"]) if href else None} for p in plans]
    if NO_PLAN in counts:
        rows.append({"id": NO_PLAN, "title": t["no_plan"], "file": "", "counts": counts[NO_PLAN], "href": None})
    return rows


def _charts(plans: list[dict], t: BiDict, corpus, only: set[str] | None, every: dict | None = None) -> list[dict]:
    if every is None:
        series = trajectories(corpus, only)
    else:  # the same series: trajectories() of a subset is the whole corpus's, filtered by plan
        series = every if only is None else {pid: every[pid] for pid in only if pid in every}
    titles = {p["id"]: p["title"] for p in plans}
    order = {p["id"]: i for i, p in enumerate(plans)}
    out = []
    for pid in sorted(series, key=lambda p: (order.get(p, len(order)), p)):
        charts = []
        for s in series[pid]:
            labels = growth_labels(s, corpus)
            notes = []
            if s.other_region:
                notes.append(t.fmt("region_of", v=s.region_name))
            if s.undrawn:
                notes.append(t.fmt("undrawn", v=", ".join(s.undrawn)))
            if s.other_units:
                notes.append(t.fmt("other_units", v=", ".join(s.other_units)))
            charts.append({"indicator": s.indicator, "unit": s.unit, "svg": trajectory_svg(s, t, labels),
                           "name": Both(s.name if t.lang == "zh" else s.name_en, s.name, s.name_en), "notes": notes})
        out.append({"id": pid, "title": titles.get(pid, pid), "charts": charts})
    return out


def _table(tab: dict, t: BiDict) -> dict:
    cols = list(tab.get("columns") or [])
    chart, caption = province_chart(tab, t), t["province_chart"]
    if not chart:
        chart, per_row = table_chart(tab, t)
        caption = t["table_chart_row"] if per_row else t["table_chart"]
    rows = [[(htmlfindings.fmt_value(r.get(c, "")), cell_number(r.get(c)) is not None) for c in cols]
            for r in tab.get("rows") or []]
    return {"title": tab.get("title", ""), "columns": cols, "chart": chart or None, "caption": caption,
            "rows": rows, "notes": list(tab.get("notes") or [])}
