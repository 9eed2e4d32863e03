"""Sentences, clauses, subjects and roles: the context a figure is read in.

A figure's subject is the noun phrase its clause opens with (`全市数字经济核心产业增加值` in
`全市数字经济核心产业增加值从2015年的225.0亿元…`), with the document's own region word, years,
list openers and verbs stripped. Its year is the nearest year the sentence states before it.
Its role is `target` when an aim marker (到2025年, 力争, 目标 …) stands before it in the
sentence, `history` when a report marker does (截至, 同比, 累计, 从…增加到 …), else unknown.
"""

from __future__ import annotations

import re
from functools import cache

from plancheck.extract.numbers import RawNum, RawYear
from plancheck.extract.vocab import _alt, vocab

_SENT_END = re.compile(r"[。!?\n]+")
_CLAUSE = set(",;:、[]{}<>《》\"'")  # not ( ): `地区生产总值(GDP)1403.24亿元` is one clause
_CUT = re.compile(r"从|由|较|比(?!重|例|率|较)")
_PAREN = re.compile(r"\([^()]*\)")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a normalised text, whitespace-trimmed."""
    out, last = [], 0
    for m in _SENT_END.finditer(text):
        _add(text, last, m.end() if text[m.start()] == "。" else m.start(), out)
        last = m.end()
    _add(text, last, len(text), out)
    return out


def _add(text, a, b, out):
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if b > a:
        out.append((a, b))


def clause_start(s: str, lo: int, pos: int) -> int:
    i = pos
    while i > lo and s[i - 1] not in _CLAUSE and s[i - 1] not in "。;":
        i -= 1
    return i


def clause_end(s: str, pos: int, hi: int) -> int:
    i = pos
    while i < hi and s[i] not in _CLAUSE and s[i] not in "。;":
        i += 1
    return i


@cache
def _strip_patterns():
    v = vocab()
    lead = _alt(v.words("own_region") + v.words("parts_open") + v.words("target_markers") + ["到", "至", "截至", "截止", "在", "和", "及", "与", "而", "并", "其", "全年"]
                + v.words("subject_verbs"))
    year = r"\d{4}(?:年)?(?:[-—~至到]\d{4})?年(?:底|末|初|上半年|下半年|以来|度)?|\"?(?:" + _alt(v.periods) + r")\"?(?:期间|时期|以来|末|初)?" + "|(?:" + _alt(list(v.data.get("relative_years", {}))) + r")(?:底|末|初|上半年|下半年|以来|度)?"
    trail = _alt(v.words("subject_verbs") + list(v.before) + ["的", "已经", "已", "均", "共", "总", "合计", "分别", "年均", "累计"])
    return (re.compile(rf"^(?:{lead}|{year}|[,，\s])+"), re.compile(year), re.compile(rf"(?:{trail})+$"))


def subject(text: str) -> str:
    """The subject named by a clause's text before its figure."""
    lead, year, trail = _strip_patterns()
    t = _PAREN.sub("", year.sub("", text))
    m = _CUT.search(t)
    if m is not None:
        t = t[:m.start()]
    t = lead.sub("", t)
    t = trail.sub("", t)
    t = lead.sub("", t)
    return re.sub(r"\s+", "", t).strip("\"'")


_COUNT_WORDS = set("个家项件名位户台座张所批处条人")


def subject_after(text: str, unit: str) -> str:
    """The counted noun after a count, when the clause names nothing before it:
    `12个优势产业入围…` -> 优势产业, `力争完成3000个智能化项目改造` -> 智能化项目改造.
    Only a count (个, 家, 项 … with or without 万) is read so: an amount or a share names its
    subject before the figure."""
    if not unit or unit.lstrip("万亿千百")[-1:] not in _COUNT_WORDS or len(unit.lstrip("万亿千百")) != 1:
        return ""
    t = re.sub(r"\([^)]*$", "", _PAREN.sub("", text))  # a bracket the clause's `、` cut open
    m = _after_verbs().search(t)
    if m is not None:
        t = t[:m.start()]
    t = re.sub(r"\s+", "", t).strip("\"'")
    return t if len(t) >= 2 and not any(c.isdigit() for c in t) else ""


@cache
def _after_verbs():
    return re.compile(_alt(vocab().words("object_verbs")))


_ATTR_OF = re.compile(r"的(?!比重|比例|水平|份额|占比|增长|增速|[\d,;。])[\u4e00-\u9fff]")


def attributive(s: str, r: RawNum, hi: int) -> bool:
    """A threshold naming a class of things, not a figure of its own: `超100亿元企业4家`,
    `营收超10亿元的数字经济特色楼宇`, `产值超100亿元以上的…企业`. Read so only when a bound word
    (超, 超过, 以上) goes with it and a noun follows it: with 的, or directly and then a count."""
    if not (r.before in ("超", "超过") or r.after == "以上") or not r.unit:
        return False
    after = s[r.end:clause_end(s, r.end, hi)]
    if _ATTR_OF.match(after):
        return True
    return bool(after) and "\u4e00" <= after[0] <= "\u9fff" and re.search(r"\d+(?:\.\d+)?[个家项件名所座]", after) is not None


def scope_of(text: str) -> str:
    """other when the clause names a wider region's figure (全国, 全球); own when that word only
    qualifies a title the region's own entities hold (`全国电子信息百强企业2家`, `全国示范县`)."""
    v = vocab()
    for w in v.words("other_region"):
        i = text.find(w)
        if i >= 0 and not any(t in text[i + len(w):] for t in v.words("title_words")):
            return "other"
    return "own"


def role(s: str, lo: int, pos: int, year: int | None, doc_year: int | None, ys: list[RawYear] = ()) -> str:
    """target | history | unknown for a figure at `pos` in the sentence starting at `lo`."""
    before = s[lo:pos]
    v = vocab()
    if any(w in before for w in v.words("target_markers")):
        return "target"
    for y in ys:  # 到2025年, opening a clause: an aim
        if y.kind == "until" and lo <= y.start < pos and (y.start == lo or s[y.start - 1] in _CLAUSE or s[y.start - 2:y.start] in ("力争", "争取")):
            return "target"
    if doc_year is not None and year is not None and year > doc_year and not _history(before, s, pos):
        return "target"
    if _history(before, s, pos):
        return "history"
    return "unknown"


def _history(before: str, s: str, pos: int) -> bool:
    v = vocab()
    after = s[pos:pos + 30]
    return any(w in before for w in v.words("history_markers")) or any(w in after for w in v.words("yoy_markers"))


def comparator(raw: RawNum, role_: str):
    """The comparator of a figure from its words, by the glossary (达到 is >= as an aim, = as history)."""
    from plancheck.models.plan import Comparator

    v = vocab()
    if raw.after:
        return v.after[raw.after], raw.after
    if raw.inside:
        return v.inside[raw.inside], raw.inside
    if raw.before:
        c = v.before[raw.before]
        return (c["target"] if role_ == "target" else c["history"]), raw.before
    return Comparator.eq, None


def year_before(ys: list[RawYear], pos: int, lo: int) -> RawYear | None:
    """The last year stated before `pos` in the sentence starting at `lo` (not a period)."""
    best = None
    for y in ys:
        if y.start >= pos:
            break
        if y.start >= lo and (y.kind in ("point", "end", "until", "range") or (y.kind == "relative" and y.last is not None)):
            best = y  # a relative year only once resolved by the document's date (extract_block)
    return best
