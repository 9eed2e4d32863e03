"""Growth claims: `从A年的X增加到B年的Y，年均增长Z%`, `由X增长至Y`, `比A年增长Z%`, `翻一番`,
`增长了N倍` (ratio N+1) vs `是…的N倍` (ratio N), a share's `提高N个百分点`.

A rate belongs to the quantity its clause names: after the endpoints, only a clause with no
subject of its own (or one naming the same quantity) carries the rate for them; in
`A的年均增速为r%，B从x增长至y` the rate r is A's and is never attached to B's endpoints.
"""

from __future__ import annotations

import re
from functools import cache

from plancheck.extract.numbers import RawNum, RawYear
from plancheck.extract.vocab import _alt, vocab

_ENDS_FROM = re.compile(r"(?:从|由)(?:\d{4}年(?:底|末)?的?)?$")
_WORD_MULT = {"翻一番": 2, "翻了一番": 2, "翻番": 2, "翻两番": 4, "翻了两番": 4, "翻三番": 8}


@cache
def _between():
    v = vocab()
    verbs, to = _alt(v.words("growth_verbs")), _alt(v.words("growth_to"))
    return re.compile(rf"^(?:(?:{verbs})(?:了)?(?:{to})?|{to})(?:\d{{4}}年(?:底|末)?的?)?$")


@cache
def _rate_re():
    v = vocab()
    words = _alt(v.rate_words)
    return re.compile(rf"(?P<w>{words})(?:率|幅度)?(?:为|达到|达|约|近|超过|超)?$")


@cache
def _rate_end_re():
    return re.compile(rf"(?:{_alt(vocab().rate_words)})(?:率|幅度)?$")


def _rate_word_at_end(text: str) -> str | None:
    """The rate word (with 率/幅度) a text ends with: `数字服务贸易和跨境电商年均增速` -> 年均增速."""
    m = _rate_end_re().search(text)
    return m.group(0) if m else None


_N = r"[一二两三四五六七八九十\d]{1,2}"


@cache
def _each_year_re():
    words = r"增速|增长率|增长|增幅"
    return re.compile(rf"(?:(?:近|过去|最近)(?P<n1>{_N})年(?:来|以来|间)?的?(?P<w1>{words})(?:均|都)?连续"
                      rf"|连续(?P<n2>{_N})年(?P<w2>{words})?)(?:保持在|保持|达到|达|在|为|超过|超)?$")


def each_year_before(s: str, lo: int, head: int) -> tuple[int, str, int] | None:
    """(years, word, start) for a rate stated for each of the last N years:
    `近三年增速连续保持25%以上`, `连续3年增长20%以上` (N yearly growths, not one over N years)."""
    m = _each_year_re().search(s, max(lo, head - 20), head)
    if m is None:
        return None
    n = m.group("n1") or m.group("n2")
    years = int(n) if n.isdigit() else "一二三四五六七八九十".find(n.replace("两", "二")) + 1
    return (years, m.group("w1") or m.group("w2") or "增长", m.start()) if 1 < years <= 10 else None


@cache
def _mult_re():
    return re.compile(r"(?P<w>翻了?[一两三]番|翻番)|(?P<shi>是|为|相当于)(?P<base>[^,;。]{0,30}?)的$")


def endpoint_pairs(s: str, nums: list[RawNum]) -> list[tuple[RawNum, RawNum]]:
    """(X, Y) pairs written `从X…到Y` / `由X增长至Y` (the same kind of unit on both ends)."""
    out = []
    for x, y in zip(nums, nums[1:], strict=False):
        if not _ENDS_FROM.search(s, 0, x.before_start if x.before_start is not None else x.start):
            continue
        if not _between().match(s[x.end:y.before_start if y.before_start is not None else y.start]):
            continue
        if (x.unit == "%") != (y.unit == "%"):
            continue
        out.append((x, y))
    return out


_COMPARED_BEFORE = re.compile(r"(?:与|同|和)(?:\d{4}年(?:底|末)?)?的?$")
_COMPARED_AFTER = re.compile(r"(?:相比|比较)(?:较)?")


def compared_pairs(s: str, nums: list[RawNum]) -> list[tuple[RawNum, RawNum, int]]:
    """(end, start, after) for `…Y，与A年的X相比，年均增长Z%`: Y is the figure before X."""
    out = []
    for i, x in enumerate(nums):
        head = x.before_start if x.before_start is not None else x.start
        if i == 0 or not _COMPARED_BEFORE.search(s, max(0, head - 10), head):
            continue
        m = _COMPARED_AFTER.match(s, x.end)
        if m is None:
            continue
        y = nums[i - 1]
        if (y.unit == "%") == (x.unit == "%"):
            out.append((y, x, m.end()))
    return out


def rate_after(s: str, after: int, hi: int, nums: list[RawNum], subject: str) -> tuple[RawNum, str, int] | None:
    """The rate that follows endpoints ending at `after`: (figure, its word, the word's start).

    The rate must come before any other figure, and the text between must not name another
    subject (it may repeat a part of this one: `…506.9亿元，增加值年均增长17.6%`).
    """
    nxt = next((n for n in nums if n.start >= after), None)
    if nxt is None or nxt.start >= hi:
        return None
    head_end = nxt.before_start if nxt.before_start is not None else nxt.start
    m = _rate_re().search(s, after, head_end)
    if m is None or nxt.unit not in ("%", "个百分点", "百分点", "倍"):
        return None
    between = s[after:m.start()].strip(",;: ")
    for w in ("同期", "期间", "年均", "五年", "近五年"):
        between = between.replace(w, "")
    if between and between not in subject and not _years_only(between):
        return None  # the rate's clause names a quantity of its own
    if any(w in s[m.start():head_end] for w in ("倍", "高于", "快于", "慢于", "低于")):
        return None
    return nxt, m.group("w"), m.start()


def _years_only(t: str) -> bool:
    return re.fullmatch(r"[\d年\-—至到\"十一二三四五期间时以来,，]*", t) is not None


def multiple_word(s: str, lo: int, hi: int) -> tuple[int, int, int] | None:
    """翻一番 / 翻两番 in s[lo:hi]: (ratio, start, end)."""
    for w, r in sorted(_WORD_MULT.items(), key=lambda kv: -len(kv[0])):
        i = s.find(w, lo, hi)
        if i >= 0:
            return r, i, i + len(w)
    return None


def base_year_before(s: str, lo: int, pos: int, ys: list[RawYear]) -> RawYear | None:
    """The year in `比2015年` / `较2015年` / `与2015年相比` just before pos."""
    for y in reversed(ys):
        if y.start < lo or y.end > pos:
            continue
        pre = s[max(lo, y.start - 3):y.start]
        if pre.endswith(("比", "较", "与", "同", "和", "比上")):
            return y
    return None


def measure_of(word: str, unit: str) -> str:
    if unit in ("个百分点", "百分点"):
        return "pp"
    if unit == "倍":
        return "multiple"
    kind = vocab().rate_words.get(word, "total")
    return "total" if kind == "fall" else kind


def is_fall(word: str) -> bool:
    return vocab().rate_words.get(word) == "fall"


def is_real(text: str) -> bool:
    return any(w in text for w in vocab().words("real_markers"))


def period_in(ys: list[RawYear], lo: int, hi: int) -> RawYear | None:
    return next((y for y in ys if lo <= y.start < hi and y.kind == "period"), None)
