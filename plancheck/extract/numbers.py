"""Numbers and years in a normalised text: literals with their units and comparator words.

Arabic literals keep their written precision (`Decimal("225.0")`). Chinese numerals are read
with cn2an where they state a figure (`三分之一`, `2.5倍` / `两倍`, `三个百分点`), imported only
when a text has one (cn2an costs ~0.6 s to import).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from plancheck.extract.vocab import _alt, vocab

CN_NUM = "零〇一二两三四五六七八九十百千"


@dataclass(frozen=True)
class RawNum:
    start: int  # normalised offsets of the literal and its unit (comparator words excluded)
    end: int
    value: Decimal
    unit: str
    before: str | None  # the comparator word just before (超, 达到, 约 ...)
    inside: str | None  # 多 / 余 between the literal and its unit
    after: str | None  # 以上 / 以下 / 左右 after the unit
    hi: Decimal | None = None
    exact: bool = False  # a fraction or a word: no rounding interval
    before_start: int | None = None


@dataclass(frozen=True)
class RawYear:
    start: int
    end: int
    kind: str  # point | end | range | until | period | relative | impossible
    first: int | None
    last: int | None
    text: str


@cache
def _patterns():
    v = vocab()
    after = _alt(v.after)
    inside = _alt(v.inside)
    fig = re.compile(
        r"(?<![\d.])(?P<num>\d{1,3}(?:,\d{3})+(?![\d.])|\d+(?:\.\d+)?)"
        r"(?:(?P<dash>[-—~～])(?P<num2>\d+(?:\.\d+)?))?"
        rf"(?P<inside>{inside})?"
        rf"(?P<unit>{v.unit_re})?"
        rf"(?P<after>{after})?"
    )
    cn_fig = re.compile(
        rf"(?P<den>[{CN_NUM}]+)分之(?P<numer>[{CN_NUM}]+)"
        rf"|(?P<cn>[{CN_NUM}]+)(?P<cnunit>倍|个百分点)"
    )
    periods = _alt(v.periods)
    year = re.compile(
        r"(?P<until>到|至|截至|截止到|截止)?"
        r"(?<![\d.])(?P<y>\d{4,})(?:年)?(?:(?P<dash>[-—~～至到])(?P<y2>\d{4}))?年"
        r"(?P<tail>底|末|初|上半年|下半年|前|以来|度)?"
        rf"|\"?(?P<p>{periods})\"?(?P<ptail>期间|时期|以来|末|初|规划期)?"
        rf"|(?P<rel>{_alt(v.data['relative_years'])})"
    )
    before = _alt(v.before)
    before_re = re.compile(rf"(?:{before})$")
    return fig, cn_fig, year, before_re


_COUNTED = set("个家项件名位户台座张所条款")


def _after_word(s: str, a: int, unit: str | None) -> bool:
    """A count written right after an upper-case word (`工业APP5000个`): the word names what is
    counted. One or two letters, or lower case, make a name with a number (H5, IPv6, G60)."""
    i = a
    while i > 0 and s[i - 1].isascii() and s[i - 1].isalpha():
        i -= 1
    word = s[i:a]
    return len(word) >= 3 and word.isupper() and bool(unit) and unit.lstrip("万千百")[:1] in _COUNTED


_SKIP_AFTER = re.compile(r"[年月日号时期届次A-Za-z]|个月|周岁")


def figures(s: str, lo: int = 0, hi: int | None = None) -> list[RawNum]:
    """The numbers in s[lo:hi] that state a figure (years, ordinals and names like 5G excluded)."""
    fig, cn_fig, _, before_re = _patterns()
    hi = len(s) if hi is None else hi
    out: list[RawNum] = []
    for m in fig.finditer(s, lo, hi):
        a = m.start()
        nxt = s[m.end("num"):m.end("num") + 2]
        if not m.group("unit") and _SKIP_AFTER.match(nxt):
            continue  # a year, a date, 5G, 4K
        if a > 0 and s[a - 1].isascii() and s[a - 1].isalpha() and not _after_word(s, a, m.group("unit")):
            continue  # a name: H5, IPv6, G60, W1F1
        if a > 0 and s[a - 1] == "第":
            continue  # an ordinal: 第22位
        if a > 0 and s[a - 1] == "前" and m.group("unit") in ("位", "名"):
            continue  # a rank: 进入全省前10位
        num = m.group("num").replace(",", "")
        end = m.end()
        if not m.group("unit") and not m.group("after"):
            end = m.end("num") if not m.group("dash") else m.end("num2")
        b = before_re.search(s, max(lo, a - 4), a)
        out.append(RawNum(a, end, Decimal(num), m.group("unit") or "", b.group(0) if b else None,
                          m.group("inside"), m.group("after"),
                          Decimal(m.group("num2")) if m.group("num2") else None,
                          before_start=b.start() if b else None))
    for m in cn_fig.finditer(s, lo, hi):
        if m.group("den"):
            den, numer = _cn(m.group("den")), _cn(m.group("numer"))
            if den and numer is not None and 0 < numer <= den:
                val = (Decimal(numer) / Decimal(den) * 100).quantize(Decimal("1e-12"))
                b = before_re.search(s, max(lo, m.start() - 4), m.start())
                out.append(RawNum(m.start(), m.end(), val, "%", b.group(0) if b else None, None, None, exact=True,
                                  before_start=b.start() if b else None))
        else:
            val = _cn(m.group("cn"))
            if val is not None:
                b = before_re.search(s, max(lo, m.start() - 4), m.start())
                out.append(RawNum(m.start(), m.end(), Decimal(val), m.group("cnunit"), b.group(0) if b else None,
                                  None, None, exact=True, before_start=b.start() if b else None))
    out.sort(key=lambda r: r.start)
    return out


def years(s: str, lo: int = 0, hi: int | None = None) -> list[RawYear]:
    _, _, year, _ = _patterns()
    v = vocab()
    out = []
    for m in year.finditer(s, lo, len(s) if hi is None else hi):
        text = m.group(0)
        if m.group("y"):
            digits, y2 = m.group("y"), m.group("y2")
            if len(digits) > 4:
                out.append(RawYear(m.start("y"), m.end(), "impossible", None, None, text))
                continue
            y = int(digits)
            if y2:
                out.append(RawYear(m.start("y"), m.end(), "range", y, int(y2), text))
            elif m.group("until") and m.group("until").startswith("截"):  # 截至2020年底: a point in the past
                out.append(RawYear(m.start(), m.end(), "end", y, y, text))
            elif m.group("until") and _opens_aim(s, m.start()):
                out.append(RawYear(m.start(), m.end(), "until", y, y, text))
            elif m.group("until"):  # 增加到2020年: an endpoint, not an aim
                out.append(RawYear(m.start("y"), m.end(), "end" if m.group("tail") in ("底", "末") else "point", y, y,
                                   text[len(m.group("until")):]))
            elif m.group("tail") in ("底", "末"):
                out.append(RawYear(m.start("y"), m.end(), "end", y, y, text))
            else:
                out.append(RawYear(m.start("y"), m.end(), "point", y, y, text))
        elif m.group("p"):
            first, last = v.periods[m.group("p")]
            out.append(RawYear(m.start(), m.end(), "period", first, last, text))
        else:
            out.append(RawYear(m.start(), m.end(), "relative", None, None, text))
    return out


_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def _opens_aim(s: str, pos: int) -> bool:
    """到/至 YEAR opens an aim when it starts a clause or follows 力争, 争取, 展望 ..."""
    if pos == 0 or not ("\u4e00" <= s[pos - 1] <= "\u9fff"):
        return True
    return s[max(0, pos - 2):pos] in ("力争", "争取", "展望", "目标", "预计", "计划", "努力") or s[pos - 1] in "将要"


def _cn(text: str) -> int | None:
    if text in _DIGIT:  # one character: no need to load cn2an
        return _DIGIT[text]
    from plancheck.vocab import cn_number  # cn2an, imported only for longer numerals

    return cn_number(text)
