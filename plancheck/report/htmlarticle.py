"""One finding of the HTML report as an <article>, built by string joining (escaped with markupsafe).

At country scale a plan page holds hundreds of findings and the report tens of thousands: the
Jinja2 macro this replaces cost about 1.5 ms a finding (a call frame, a context and an
attribute lookup per field), most of the HTML writer's time. The markup is the macro's; every
text from the report is escaped here (`_e`), the few pieces given as markup (a quote with its
numbers marked) were escaped where they were built (`htmlfindings.highlight`).
"""

from __future__ import annotations

from functools import cache

from markupsafe import Markup, escape

from plancheck.report import causes as causes_mod
from plancheck.report.bilingual import BiDict, i18n


def esc(v: object) -> str:
    """`v` escaped as markupsafe does (a plain str by str.replace: no Markup built per piece)."""
    if type(v) is not str:
        return str(escape(v))
    if "&" in v:
        v = v.replace("&", "&amp;")
    return v.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;").replace("'", "&#39;")


@cache
def _ui(lang: str) -> dict[str, str]:
    """The UI strings of the page as markup (both languages), and the location labels' attributes."""
    t = BiDict(lang)
    out = {k: str(escape(v)) for k, v in t.items()}
    out.update({f"@{k}": str(i18n(title=t[k])) for k in ("plan_file", "source_text")})
    out["@values"] = str(i18n(aria_label=t["values"]))
    return out


@cache
def _label(lang: str, key: str) -> str:
    from plancheck.report import htmlfindings as hf

    return f'<th title="{esc(key)}">{escape(hf.value_label(lang, key))}</th>'


def article(f: dict, t: BiDict, corpus, doc: dict | None, rule_href: str) -> Markup:
    """The whole article of one finding: its head (severity, rule, id, badges), message, waiver
    reason, values (tolerances marked), evidence (quotes with the cited numbers marked, the plan
    file, the source text and the item) and the data-quality repeats attached to it."""
    from plancheck.report import htmlfindings as hf  # (htmlfindings imports this module)

    lang = t.lang
    ui = _ui(lang)
    sev, waived, anchor = f["severity"], f["waived"], hf.anchor("f-" + f["id"])
    base = f.get("baseline_status") or ""
    out = [f'<article class="finding s-{esc(sev)}{" is-waived" if waived else ""}" id="{esc(anchor)}" '
           f'data-sev="{esc(sev)}" data-plans="{esc(" ".join(hf.plan_keys(f)))}" data-rule="{esc(f["rule"])}" '
           f'data-waived="{1 if waived else 0}" data-baseline="{esc(base)}"><div class="fhead">'
           f'<span class="badge b-{esc(sev)}">{ui["sev_" + sev]}</span> '
           f'<a class="rule" href="{esc(rule_href + hf.anchor(f["rule"]))}"><code>{esc(f["rule"])}</code></a> '
           f'<a class="fid" href="#{esc(anchor)}"><code>{esc(f["id"])}</code></a>']
    if base:
        out.append(f' <span class="badge b-{esc(base)}">{ui["baseline_" + base]}</span>')
    if waived:
        out.append(f' <span class="badge b-waived">{ui["waived"]}</span>')
    out.append(f'</div><p class="msg">{esc(hf.message(lang, f))}</p>')
    if waived and f.get("waiver_reason"):
        reason = hf.both(lang, f.get("waiver_reason_zh") or f["waiver_reason"],
                         f.get("waiver_reason_en") or f["waiver_reason"])
        out.append(f'<p class="reason"><b>{ui["reason"]}:</b> {esc(reason)}</p>')
    values = f.get("values") or {}
    if values:
        out.append(f'<table class="values" {ui["@values"]}>')
        for k, v in values.items():
            tol = " tol" if any(w in k for w in hf.TOLERANCE_WORDS) else ""
            out.append(f'<tr class="v{tol}">{_label(lang, k)}<td>{esc(hf.fmt_value(v))}</td></tr>')
        out.append("</table>")
    evidence = f.get("evidence") or []
    if evidence:
        out.append('<ul class="evidence">')
        for ev in evidence:
            out.append("<li>")
            if ev.get("quote"):
                out.append(f"<blockquote>{hf.highlight(ev['quote'], hf.cited_numbers(f, ev, corpus))}</blockquote>")
            out.append('<div class="loc">')
            locs = []
            if ev.get("plan_file"):
                pl = f":{ev['plan_line']}" if ev.get("plan_line") else ""
                locs.append(f'<span {ui["@plan_file"]}>{ui["plan_file"]} '
                            f'<code>{esc(ev["plan_file"] + pl)}</code></span>')
            if ev.get("file") and ev.get("file") != ev.get("plan_file"):
                sl = f":{ev['line']}" if ev.get("line") else ""
                locs.append(f'<span {ui["@source_text"]}>{ui["source_text"]} '
                            f'<code>{esc(ev["file"] + sl)}</code></span>')
            if ev.get("item"):
                locs.append(f'<span>{ui["item"]} <code>{esc(ev["item"])}</code></span>')
            out.append(" · ".join(locs))
            out.append("</div></li>")
        out.append("</ul>")
    attached = causes_mod.attached(doc, f) if doc is not None else []
    if attached:
        out.append(f'<p class="note"><b>{ui["attached"]}:</b></p><ul class="attached">')
        for g in attached:
            out.append(f'<li id="{esc(hf.anchor("f-" + g["id"]))}"><code>{esc(g["rule"])}</code> '
                       f'<code>{esc(g["id"])}</code> {esc(hf.message(lang, g))}</li>')
        out.append("</ul>")
    out.append("</article>")
    return Markup("".join(out))
