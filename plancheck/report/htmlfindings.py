"""The findings of the HTML report as views for its templates, in reading order, in both languages.

Errors lead (unwaived, then waived with their reasons), then warnings, then infos folded in a
<details>; each shared cause (report.json `causes`) is one block with its members, and a
data-quality repeat is listed inside the finding it repeats. Every text is a `Both` (zh and en),
so the page switches language without being rebuilt. The templates escape everything; the few
pieces built here as markup (a quote with its numbers marked, a rule's documentation) escape
first and add only their own tags.
"""

from __future__ import annotations

import json
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache
from types import SimpleNamespace as View  # templates read attributes: getattr hits at once

from markupsafe import Markup, escape

from plancheck.report import causes as causes_mod
from plancheck.report import rulesi18n, strings
from plancheck.report.bilingual import BiDict, Both, both
from plancheck.report.htmlarticle import article, esc, ref

SEVERITIES = ("error", "warning", "info")
TOLERANCE_WORDS = ("tolerance", "allowed", "interval", "required", "expected")
NO_PLAN = "-"
# at most this many finding articles in one page (a browser opens it in about a second); a larger
# corpus is split into one page per plan (plancheck.report.htmlsplit), discrepancies first
MAX_ARTICLES = 2000


_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


def anchor(s: str) -> str:
    """`s` as an id or fragment: letters, digits, `_` and `-` only (nothing to escape)."""
    return _UNSAFE.sub("_", s)


def plan_keys(f: dict) -> list[str]:
    return list(f["plans"]) or [NO_PLAN]


def home_plan(f: dict) -> str:
    """The plan whose page holds a finding's whole article: the plan of its first evidence placed
    in a plan carrying the problem (report.json `located`; the terminal's and SARIF's location
    too), else the first plan carrying it, else the first it names."""
    home = f.get("located") or []
    for ev in f.get("evidence") or []:
        if ev.get("plan_file") and ev.get("plan") in home:
            return ev["plan"]
    return (home or plan_keys(f))[0]


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


def fmt_value(v: object) -> str:
    if isinstance(v, (dict, list, tuple)):
        return json.dumps(v, ensure_ascii=False, sort_keys=True)
    return "" if v is None else str(v)


def highlight(quote: str, numbers: set[Decimal]) -> Markup:
    """The quote, escaped, with each number equal to one of `numbers` in <mark>. Every finding
    about a fact quotes it again: a quote's numbers and its marked text are kept (`_numbers_in`,
    `_marked`); a str subclass (markup) is not, it escapes its own way."""
    cached = type(quote) is str
    found = _numbers_in(quote) if cached else _scan(quote)
    marks = tuple(i for i, (_a, _b, d) in enumerate(found) if d in numbers)
    return Markup(_marked(quote, marks) if cached else _render(quote, found, marks))


def _scan(quote: str) -> tuple[tuple[int, int, Decimal], ...]:
    """(start, end, value) of each number of a quote."""
    out = []
    for m in _NUM.finditer(quote):
        d = _dec(m.group())
        if d is not None:
            out.append((m.start(), m.end(), d))
    return tuple(out)


_numbers_in = lru_cache(maxsize=8192)(_scan)


def _render(quote: str, found: tuple, marks: tuple[int, ...]) -> str:
    """The quote escaped, its `marks`-th numbers (of `found`) in <mark>."""
    out, pos = [], 0
    for i in marks:
        a, b, _d = found[i]
        out.append(esc(quote[pos:a]))
        out.append(f"<mark>{esc(quote[a:b])}</mark>")
        pos = b
    out.append(esc(quote[pos:]))
    return "".join(out)


@lru_cache(maxsize=8192)
def _marked(quote: str, marks: tuple[int, ...]) -> str:
    return _render(quote, _numbers_in(quote), marks)


def cited_numbers(finding: dict, ev: dict, corpus) -> set[Decimal]:
    """The numbers to mark in an evidence quote: its fact's value (or its growth claim's rate),
    else the numbers of the finding's values (years dropped when anything else is left)."""
    nums: set[Decimal] = set()
    lp = getattr(corpus, "by_id", {}).get(ev.get("plan")) if corpus is not None else None
    item = ev.get("item")
    if lp is not None and item:
        if hasattr(corpus, "fact"):  # a plan's ids are unique (models.Plan): the corpus's index is `Plan.fact`
            ref = corpus.fact(lp.plan.id, item)
            fact = ref.fact if ref is not None else None
        else:
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


def doc_html(text: str) -> Markup:
    """A rule docstring (a little Markdown) as HTML: escaped first, then **bold**, `code`, lists."""
    out = []
    for b in re.split(r"\n\s*\n", text.strip()):
        lines = b.splitlines()
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
    return Markup("".join(out))


def _inline(s: str) -> str:
    s = str(escape(s))
    s = re.sub(r"`([^`]+)`", r"<code>\1</code>", s)
    return re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", s)


def message(lang: str, f: dict):
    return both(lang, f.get("message_zh"), f.get("message_en")) if "message_zh" in f else f["message"]


@cache
def value_label(lang: str, key: str) -> Both:
    """The name of a key of `finding.values` (any other key is shown as it is)."""
    zl, el = strings.section("zh", "values"), strings.section("en", "values")
    return both(lang, zl.get(key, key.replace("_", " ")), el.get(key, key.replace("_", " ")))


def _block_view(doc: dict, b: dict, t: BiDict, corpus, kinds: BiDict, rule_href: str, home=None) -> dict:
    def one(f: dict) -> Markup:
        away = home(f) if home is not None else None
        return article(f, t, corpus, doc, rule_href) if away is None else ref(f, t.lang, rule_href, *away)

    c = b["cause"]
    if not c:
        return View(cause=None, lead=one(b["findings"][0]))
    lead = next((f for f in b["findings"] if f["id"] == c["lead"]), b["findings"][0])
    rest = [f for f in b["findings"] if f is not lead]
    return View(cause=True, sev=b["severity"], anchor=anchor(c["id"]), kind=kinds[c["kind"]],
                plans=" ".join(sorted({p for f in b["findings"] for p in plan_keys(f)})), cause_plans=c["plans"],
                members=t.fmt("cause_members", n=len(b["findings"]), rules=", ".join(c["rules"])),
                lead=one(lead), rest=[one(f) for f in rest],
                more=t.fmt("cause_more", n=len(rest)) if rest else None)


def sections(doc: dict, t: BiDict, corpus, room: int = MAX_ARTICLES, rule_href: str = "#rule-",
             left_key: str = "not_in_page", home=None) -> list[dict]:
    """The three severity sections, each block once, at most `room` findings in all. `home(f)`:
    (href, plan) of the page that holds finding `f`'s whole article when it is not this page
    (it is listed here as a `ref`), None when it is (a split report's plan pages)."""
    blocks = causes_mod.blocks(doc)
    counted = [f for f in doc["findings"] if not f.get("related_to")]
    kinds = BiDict(t.lang, "causes")
    out = []
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
        shown = sum(len(b["findings"]) for b in mine)
        out.append({"sev": sev, "head": t.fmt("sec_head_waived" if w else "sec_head", label=t["sec_" + sev], n=n, w=w),
                    "blocks": [_block_view(doc, b, t, corpus, kinds, rule_href, home) for b in mine],
                    "folded": t.fmt("infos_collapsed", n=shown) if sev == "info" else None,
                    "left": t.fmt(left_key, n=left) if left else None})
    return out


def rule_docs(doc: dict, t: BiDict) -> list[dict]:
    """Each rule once: its summary and full documentation in both languages."""
    codes = sorted({f["rule"] for f in doc["findings"]} | {r["code"] for r in doc.get("rules", [])})
    names = {r["code"]: r["name"] for r in doc.get("rules", [])}
    out = []
    for code in codes:
        zh, en = rulesi18n.doc(code, "zh"), rulesi18n.doc(code, "en")
        out.append({"code": code, "name": names.get(code, ""), "anchor": "rule-" + anchor(code),
                    "summary": both(t.lang, rulesi18n.summary(code, "zh"), rulesi18n.summary(code, "en")),
                    "doc_zh": doc_html(zh or en) if (zh or en) else "", "doc_en": doc_html(en or zh) if (zh or en) else ""})
    return out


def stale_view(f: dict, lang: str) -> dict:
    ev = (f.get("evidence") or [{}])[0]
    where = ev.get("plan_file") or ev.get("file") or ""
    if ev.get("plan_line"):
        where += f":{ev['plan_line']}"
    return {"anchor": anchor("f-" + f["id"]), "waiver": f["values"].get("waiver", f["id"]), "where": where,
            "message": message(lang, f)}


def input_error_view(e: dict) -> dict:
    where = e["file"] + (f":{e['line']}:{e['column'] or 1}" if e.get("line") else "")
    return {"where": where, "field": e.get("field"), "message": e["message"]}
