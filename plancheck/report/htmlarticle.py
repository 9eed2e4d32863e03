"""One finding of the HTML report as an <article>, built by string joining (escaped as markupsafe does).

At country scale a plan page holds hundreds of findings and the report tens of thousands: the
Jinja2 macro this replaced cost about 1.5 ms a finding (a call frame, a context and an attribute
lookup per field), most of the HTML writer's time. Every text from the report is escaped here
(`esc`); the few pieces given as markup (a quote with its numbers marked) were escaped where they
were built (`htmlfindings.highlight`).

The labels every finding repeats (severity and baseline badges, "plan file", "source text",
"item", the translated names of values) are one empty element with a class; `label_css` gives
each class its text in both languages (`::before` content, chosen by the page's `data-ui`), from
the UI strings (plancheck/report/i18n/). A finding's own texts (message, waiver reason, quotes)
keep both languages in the markup.

A finding named by several plans has its whole article once, on its home plan's page (`home`);
each other page it is about lists it as a `ref`: its head and message, linking to the article.
"""

from __future__ import annotations

from functools import cache

from markupsafe import Markup, escape

from plancheck.report import causes as causes_mod
from plancheck.report import strings
from plancheck.report.bilingual import BiDict, esc, i18n

# the UI strings given by CSS: (class, key of the html section); a badge's class is its
# severity's or baseline status's own (b-error, b-new, ...)
LABELS = (("u-pf", "plan_file"), ("u-src", "source_text"), ("u-item", "item"), ("u-home", "full_on"),
          ("b-error", "sev_error"), ("b-warning", "sev_warning"), ("b-info", "sev_info"),
          ("b-waived", "waived"), ("b-new", "baseline_new"), ("b-unchanged", "baseline_unchanged"))
_CSS_PLAIN = frozenset(" _-.,:;()（）：、")


def _css_text(s: str) -> str:
    """A CSS string: quotes, backslashes and anything that could end the <style> as escapes."""
    return '"' + "".join(c if c.isalnum() or c in _CSS_PLAIN else f"\\{ord(c):x} " for c in s) + '"'


@cache
def label_css() -> str:
    """The texts of the labels given by class (`LABELS`; a value's name: `v-<key>`), both languages."""
    zh, en = strings.section("zh", "html"), strings.section("en", "html")
    pairs = [(cls, zh[key], en.get(key, zh[key])) for cls, key in LABELS]
    vz, ve = strings.section("zh", "values"), strings.section("en", "values")
    pairs += [(f"v-{k}", vz[k], ve.get(k, vz[k])) for k in sorted(vz)]
    out = []
    for cls, z, e in pairs:
        out.append(f".{cls}::before{{content:{_css_text(z)}}}")
        if e != z:
            out.append(f"html[data-ui=en] .{cls}::before{{content:{_css_text(e)}}}")
    return "\n".join(out) + "\n"


@cache
def _ui(lang: str) -> dict[str, str]:
    """The UI strings of the page as markup (both languages), and the values table's attributes."""
    t = BiDict(lang)
    out = {k: str(escape(v)) for k, v in t.items()}
    out["@values"] = str(i18n(aria_label=t["values"]))
    return out


@cache
def _label(key: str) -> str:
    """A value's name: by class when the UI strings name it, else the key as it reads."""
    if key in strings.section("zh", "values"):
        return f'<th class="v-{esc(key)}" title="{esc(key)}"></th>'
    return f'<th title="{esc(key)}">{esc(key.replace("_", " "))}</th>'


@cache
@cache
def _value_row(key: str) -> str:
    """A row of the values table up to its value: a tolerance's row is marked."""
    tol = " tol" if any(w in key for w in hf.TOLERANCE_WORDS) else ""
    return f'<tr class="v{tol}">{_label(key)}<td>'


@cache
def _head_parts(sev: str, waived: bool, base: str, rule: str, rule_href: str, ref: str) -> tuple[str, str, str, str]:
    """The markup of an article's head between its finding's own pieces (anchor, plans, link, id):
    the same for every finding of one severity, rule and badges, so built once."""
    return (f'<article class="finding s-{esc(sev)}{" is-waived" if waived else ""}{ref}" id="',
            f'" data-sev="{esc(sev)}" data-plans="',
            f'" data-rule="{esc(rule)}"' + (' data-waived="1"' if waived else "")
            + (f' data-baseline="{esc(base)}"' if base else "")
            + f'><div class="fhead"><span class="badge b-{esc(sev)}"></span> '
            f'<a class="rule" href="{esc(rule_href + hf.anchor(rule))}"><code>{esc(rule)}</code></a> <a class="fid" href="',
            (f' <span class="badge b-{esc(base)}"></span>' if base else "") + (' <span class="badge b-waived"></span>' if waived else ""))


def _head(f: dict, rule_href: str, fid_href: str) -> list[str]:
    """The article's opening tag and head: severity, rule, id (a link), baseline and waiver badges.
    The anchor is not escaped: `htmlfindings.anchor` leaves only letters, digits, `_` and `-`."""
    anchor = hf.anchor("f-" + f["id"])
    parts = _head_parts(f["severity"], f["waived"], f.get("baseline_status") or "", f["rule"], rule_href,
                        "" if fid_href == "#" + anchor else " ref")
    return [parts[0], anchor, parts[1], esc(" ".join(hf.plan_keys(f))), parts[2], esc(fid_href), '"><code>',
            esc(f["id"]), "</code></a>", parts[3]]


def ref(f: dict, lang: str, rule_href: str, href: str, home: str) -> Markup:
    """A finding whose article is on another page (`href`, the page of plan `home`): its head and
    message, and the link to the whole of it (values, tolerance, quotes)."""
    out = _head(f, rule_href, href)
    out.append(f'</div><p class="msg">{esc(hf.message(lang, f))}</p>'
               f'<p class="home"><a class="u-home" href="{esc(href)}"> <code>{esc(home)}</code></a></p></article>')
    return Markup("".join(out))


def article(f: dict, t: BiDict, corpus, doc: dict | None, rule_href: str) -> Markup:
    """The whole article of one finding: its head (severity, rule, id, badges), message, waiver
    reason, values (tolerances marked), evidence (quotes with the cited numbers marked, the plan
    file, the source text and the item) and the data-quality repeats attached to it."""
    lang = t.lang
    ui = _ui(lang)
    out = _head(f, rule_href, "#" + hf.anchor("f-" + f["id"]))
    out.append(f'</div><p class="msg">{esc(hf.message(lang, f))}</p>')
    if f["waived"] and f.get("waiver_reason"):
        reason = hf.both(lang, f.get("waiver_reason_zh") or f["waiver_reason"],
                         f.get("waiver_reason_en") or f["waiver_reason"])
        out.append(f'<p class="reason"><b>{ui["reason"]}:</b> {esc(reason)}</p>')
    values = f.get("values") or {}
    if values:
        out.append(f'<table class="values" {ui["@values"]}>')
        for k, v in values.items():
            kind = type(v)  # a number's text has nothing to escape; a text is itself
            text = str(v) if kind is int or kind is float else esc(v) if kind is str else esc(hf.fmt_value(v))
            out.append(f'{_value_row(k)}{text}</td></tr>')
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
                locs.append(f'<span class="u-pf"> <code>{esc(ev["plan_file"] + pl)}</code></span>')
            if ev.get("file") and ev.get("file") != ev.get("plan_file"):
                sl = f":{ev['line']}" if ev.get("line") else ""
                locs.append(f'<span class="u-src"> <code>{esc(ev["file"] + sl)}</code></span>')
            if ev.get("item"):
                locs.append(f'<span class="u-item"> <code>{esc(ev["item"])}</code></span>')
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


# last: htmlfindings imports this module's functions (article, esc, ref), and these read its helpers
from plancheck.report import htmlfindings as hf  # noqa: E402
