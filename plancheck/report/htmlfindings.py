"""The findings of the HTML report, in reading order, in both languages.

Errors lead (unwaived, then waived with their reasons), then warnings, then infos folded in a
<details>; each shared cause (report.json `causes`) is one block with its members, and a
data-quality repeat is listed inside the finding it repeats. Every text is written in both
languages (`<span class="lz">` / `<span class="le">`), so the page switches language without
being rebuilt; attributes carry the report's language. Everything from a plan file is escaped.
"""

from __future__ import annotations

import json
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from html import escape

from plancheck.report import causes as causes_mod
from plancheck.report import rulesi18n, strings

SEVERITIES = ("error", "warning", "info")
TOLERANCE_WORDS = ("tolerance", "allowed", "interval", "required", "expected")
NO_PLAN = "-"
# at most this many finding articles in one page (a browser opens it in about a second); the rest
# of a country-scale corpus is counted and left to report.md / report.json, discrepancies first
MAX_ARTICLES = 2000


class Both(str):
    """A text in the report's language that also knows its zh and en forms."""

    def __new__(cls, shown: str, zh: str, en: str):
        obj = super().__new__(cls, shown)
        obj.zh, obj.en = zh, en
        return obj


class BiDict(dict):
    """UI strings of the report's language; each value a `Both`."""

    def __init__(self, lang: str, section: str = "html"):
        zh, en = strings.section("zh", section), strings.section("en", section)
        mine = zh if lang == "zh" else en
        super().__init__({k: Both(mine[k], zh[k], en.get(k, zh[k])) for k in zh})
        self.lang = lang

    def fmt(self, key: str, **kw) -> Both:
        b = self[key]

        def pick(lang: str) -> dict:
            return {k: (getattr(v, lang) if isinstance(v, Both) else v) for k, v in kw.items()}

        return Both(str(b).format(**pick(self.lang)), b.zh.format(**pick("zh")), b.en.format(**pick("en")))


def both(lang: str, zh: str | None, en: str | None) -> Both:
    zh, en = zh or en or "", en or zh or ""
    return Both(zh if lang == "zh" else en, zh, en)


def _e(s: object) -> str:
    if isinstance(s, Both) and s.zh != s.en:
        return f'<span class="lz" lang="zh-CN">{escape(s.zh, quote=True)}</span><span class="le" lang="en">{escape(s.en, quote=True)}</span>'
    return escape("" if s is None else str(s), quote=True)


def _a(s: object) -> str:
    """For attributes: the report's language only."""
    return escape("" if s is None else str(s), quote=True)


def _anchor(s: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", s)


def _plan_keys(f: dict) -> list[str]:
    return list(f["plans"]) or [NO_PLAN]


_NUM = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?!\d)")

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


def _finding(f: dict, t: BiDict, corpus, doc: dict | None = None) -> str:
    sev = f["severity"]
    plans_attr = " ".join(_plan_keys(f))
    bs = f.get("baseline_status") or ""
    attrs = (f'class="finding s-{sev}{" is-waived" if f["waived"] else ""}" id="{_a(_anchor("f-" + f["id"]))}" '
             f'data-sev="{sev}" data-plans="{_a(plans_attr)}" data-rule="{_a(f["rule"])}" '
             f'data-waived="{1 if f["waived"] else 0}" data-baseline="{_a(bs)}"')
    badges = [f'<span class="badge b-{sev}">{_e(t["sev_" + sev])}</span>', f'<a class="rule" href="#rule-{_a(_anchor(f["rule"]))}"><code>{_a(f["rule"])}</code></a>',
              f'<a class="fid" href="#{_a(_anchor("f-" + f["id"]))}"><code>{_a(f["id"])}</code></a>']
    if bs:
        badges.append(f'<span class="badge b-{bs}">{_e(t["baseline_" + bs])}</span>')
    if f["waived"]:
        badges.append(f'<span class="badge b-waived">{_e(t["waived"])}</span>')
    out = [f"<article {attrs}><div class=\"fhead\">{' '.join(badges)}</div>", f'<p class="msg">{_e(both(t.lang, f.get("message_zh"), f.get("message_en")) if "message_zh" in f else f["message"])}</p>']
    if f["waived"] and f.get("waiver_reason"):
        reason = both(t.lang, f.get("waiver_reason_zh") or f["waiver_reason"], f.get("waiver_reason_en") or f["waiver_reason"])
        out.append(f'<p class="reason"><b>{_e(t["reason"])}:</b> {_e(reason)}</p>')
    vals = f.get("values") or {}
    if vals:
        zl, el = strings.section("zh", "values"), strings.section("en", "values")
        rows = []
        for key, v in vals.items():
            label = both(t.lang, zl.get(key, key.replace("_", " ")), el.get(key, key.replace("_", " ")))
            tol = " tol" if any(w in key for w in TOLERANCE_WORDS) else ""
            rows.append(f'<tr class="v{tol}"><th title="{_a(key)}">{_e(label)}</th><td>{_e(_fmt_value(v))}</td></tr>')
        out.append(f'<table class="values" aria-label="{_a(t["values"])}">{"".join(rows)}</table>')
    evs = f.get("evidence") or []
    if evs:
        out.append('<ul class="evidence">')
        for ev in evs:
            nums = cited_numbers(f, ev, corpus)
            quote = highlight(ev.get("quote") or "", nums)
            locs = []
            if ev.get("plan_file"):
                pl = f":{ev['plan_line']}" if ev.get("plan_line") else ""
                locs.append(f'<span title="{_a(t["plan_file"])}">{_e(t["plan_file"])} <code>{_e(ev["plan_file"])}{pl}</code></span>')
            if ev.get("file") and ev.get("file") != ev.get("plan_file"):
                sl = f":{ev['line']}" if ev.get("line") else ""
                locs.append(f'<span title="{_a(t["source_text"])}">{_e(t["source_text"])} <code>{_e(ev["file"])}{sl}</code></span>')
            if ev.get("item"):
                locs.append(f'<span>{_e(t["item"])} <code>{_e(ev["item"])}</code></span>')
            q = f"<blockquote>{quote}</blockquote>" if ev.get("quote") else ""
            out.append(f'<li>{q}<div class="loc">{" · ".join(locs)}</div></li>')
        out.append("</ul>")
    rep = causes_mod.attached(doc, f) if doc is not None else []
    if rep:
        out.append(f'<p class="note"><b>{_e(t["attached"])}:</b></p><ul class="attached">')
        for g in rep:
            msg = both(t.lang, g.get("message_zh"), g.get("message_en"))
            out.append(f'<li id="{_a(_anchor("f-" + g["id"]))}"><code>{_a(g["rule"])}</code> <code>{_a(g["id"])}</code> {_e(msg)}</li>')
        out.append("</ul>")
    out.append("</article>")
    return "".join(out)



def _cause_block(doc: dict, b: dict, t: BiDict, corpus) -> str:
    c = b["cause"]
    kinds = BiDict(t.lang, "causes")
    lead = next((f for f in b["findings"] if f["id"] == c["lead"]), b["findings"][0])
    plans = " ".join(sorted({p for f in b["findings"] for p in _plan_keys(f)}))
    members = t.fmt("cause_members", n=len(b["findings"]), rules=", ".join(c["rules"]))
    out = [f'<section class="group cause s-{b["severity"]}" id="{_a(_anchor(c["id"]))}" data-plans="{_a(plans)}">',
           f'<h3><span class="badge b-cause">{_e(kinds[c["kind"]])}</span> {" ".join(f"<code>{_a(p)}</code>" for p in c["plans"])}</h3>',
           f'<p class="note">{_e(members)}</p>', _finding(lead, t, corpus, doc)]
    rest = [f for f in b["findings"] if f is not lead]
    if rest:
        out.append(f'<details class="members"><summary>{_e(t.fmt("cause_more", n=len(rest)))}</summary>')
        out += [_finding(f, t, corpus, doc) for f in rest]
        out.append("</details>")
    out.append("</section>")
    return "".join(out)


def sections(doc: dict, t: BiDict, corpus) -> str:
    """The three severity sections, each block once."""
    blocks = causes_mod.blocks(doc)
    counted = [f for f in doc["findings"] if not f.get("related_to")]
    out = []
    room = MAX_ARTICLES
    for sev in SEVERITIES:
        mine, left = [], 0
        for b in (b for b in blocks if b["severity"] == sev):
            if room >= len(b["findings"]) or (room > 0 and not mine):
                mine.append(b)
                room -= len(b["findings"])
            else:
                left += len(b["findings"])
        n = sum(f["severity"] == sev for f in counted)
        w = sum(f["severity"] == sev and f["waived"] for f in counted)
        head = t.fmt("sec_head_waived" if w else "sec_head", label=t["sec_" + sev], n=n, w=w)
        out.append(f'<section id="sec-{sev}" class="sev-section"><h2>{_e(head)}</h2>')
        body = [_cause_block(doc, b, t, corpus) if b["cause"] else _finding(b["findings"][0], t, corpus, doc) for b in mine]
        if not body:
            out.append(f'<p class="empty">{_e(t["none_" + sev])}</p>')
        elif sev == "info":
            shown = sum(len(b["findings"]) for b in mine)
            out.append(f'<details class="infos"><summary>{_e(t.fmt("infos_collapsed", n=shown))}</summary>{"".join(body)}</details>')
        else:
            out.append("".join(body))
        if left:
            out.append(f'<p class="callout more">{_e(t.fmt("not_in_page", n=left))}</p>')
        out.append("</section>")
    return "".join(out)


def rules_section(doc: dict, t: BiDict) -> str:
    """Each rule once: its summary and full documentation in both languages."""
    codes = sorted({f["rule"] for f in doc["findings"]} | {r["code"] for r in doc.get("rules", [])})
    names = {r["code"]: r["name"] for r in doc.get("rules", [])}
    out = [f'<section id="rules"><h2>{_e(t["rules_sec"])}</h2>']
    for code in codes:
        zh, en = rulesi18n.doc(code, "zh"), rulesi18n.doc(code, "en")
        summ = both(t.lang, rulesi18n.summary(code, "zh"), rulesi18n.summary(code, "en"))
        out.append(f'<section class="ruleinfo" id="rule-{_a(_anchor(code))}"><h3><code>{_a(code)}</code> {_a(names.get(code, ""))} '
                   f'<span class="rsum">{_e(summ)}</span></h3>')
        if zh or en:
            out.append(f'<details class="ruledoc"><summary>{_e(t["rule_doc"])}</summary>'
                       f'<div class="lz" lang="zh-CN">{_doc_html(zh or en)}</div><div class="le" lang="en">{_doc_html(en or zh)}</div></details>')
        out.append("</section>")
    out.append("</section>")
    return "".join(out)
