"""The plans' vocabulary in one place: plan cycles, span words, Chinese numerals, magnitude words
and quotation marks. Words are data (`plancheck/data/vocab.yaml`; magnitudes from the unit
definitions `plancheck/data/units.txt`); this module is the one way rules and extractors read them.

    cycle_years("十四五") -> (2021, 2025)        cycle_name(14) -> "十四五"
    find_cycles("“十三五”期间 ...") -> [Cycle(14?)...]   span_of_words("十三五期间") -> Span(2015, 2020, 5)
    cn_number("二十") -> 20                       magnitudes() -> {"万": 1e4, "亿": 1e8, "万亿": 1e12, ...}
    fold("“十四五”—") -> '"十四五"-'              match_form(" 《规划》 ") -> "规划"
    qualifiers_of("5G基站累计开通") -> Qualified(state {opened}, flow {cumulative}, measure {})
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import NamedTuple

from plancheck import yamlsrc

_DIGITS = "〇零一二三四五六七八九"
NUMERAL_CHARS = "〇零一二两三四五六七八九十百千万亿"  # what a Chinese numeral is written with


@cache
def _data() -> dict:
    text = resources.files("plancheck").joinpath("data/vocab.yaml").read_text("utf-8")
    data, _ = yamlsrc.load(text)
    return data


# -- quotation and matching forms


@cache
def _fold_table() -> dict[int, str]:
    return str.maketrans(_data()["quotes"]["fold"])


def fold(text: str) -> str:
    """NFKC (full-width digits and punctuation to half-width), curly quotes to straight ones,
    dashes to a hyphen: the one normalisation for matching text. Length may change (NFKC)."""
    return unicodedata.normalize("NFKC", text).translate(_fold_table())


def match_form(text: str) -> str:
    """A name's or title's comparison form: folded, no whitespace, no quotation or title marks."""
    drop = _marks()
    return "".join(c for c in fold(text) if not c.isspace() and c not in drop)


@cache
def _marks() -> frozenset[str]:
    marks = _data()["quotes"]["marks"]
    return frozenset(marks) | frozenset(fold(marks))


# -- Chinese numerals


def cn_number(text: str) -> int | None:
    """An integer written in digits or Chinese numerals (二十, 一百零五, 两, 二〇三五); None if not one."""
    s = unicodedata.normalize("NFKC", text).strip()
    if not s:
        return None
    if s.isdigit():
        return int(s)
    if all(c in _DIGITS for c in s) and (len(s) == 4 or "〇" in s or "零" in s):  # digit by digit: 二〇三五
        return int("".join(str(_DIGITS.index(c) - 1 if _DIGITS.index(c) > 0 else 0) for c in s))
    if any(c not in NUMERAL_CHARS for c in s):
        return None
    small = _below_hundred(s)
    if small is not None:
        return small
    import cn2an  # 0.1-0.4 s to import (~1 s on a loaded machine): only for numerals of 100 and more

    try:
        n = cn2an.cn2an(s, "normal")
    except ValueError:
        return None
    return int(n) if n == int(n) else None


_SMALL = re.compile(r"([一二两三四五六七八九]?)(十?)([一二三四五六七八九]?)")


def _below_hundred(s: str) -> int | None:
    """1-99 in the standard form (九, 两, 十, 十四, 二十, 二十一), as cn2an reads them; None for
    anything else. Cycle names and spans of years need no more, and cn2an's import is the
    largest single cost of a cold run's load without it."""
    m = _SMALL.fullmatch(s)
    if m is None or not s:
        return None
    tens, ten, ones = m.groups()
    if not ten:
        return None if ones else _DIGITS.index(tens.replace("两", "二")) - 1  # one digit: 两 = 2
    if tens == "两":
        return None  # 两十 is not standard: cn2an decides
    return (_DIGITS.index(tens) - 1 if tens else 1) * 10 + (_DIGITS.index(ones) - 1 if ones else 0)


# -- magnitude words, from the unit definitions


@cache
def magnitudes() -> dict[str, Decimal]:
    """Magnitude words and their factors, as the unit definitions declare them (prefixes `万- = 1e4`)."""
    text = resources.files("plancheck").joinpath("data/units.txt").read_text("utf-8")
    out = {}
    for line in text.splitlines():
        m = re.fullmatch(r"\s*(\S+)- = (\S+)\s*", line.split("#")[0])
        if m and not m.group(1).isascii():
            out[m.group(1)] = Decimal(m.group(2))
    return dict(sorted(out.items(), key=lambda kv: -len(kv[0])))


def magnitude_pattern() -> str:
    """A regex alternation of the magnitude words, longest first (万亿 before 万)."""
    return "|".join(map(re.escape, magnitudes()))


# -- plan cycles


@dataclass(frozen=True)
class Cycle:
    number: int  # 14 for 十四五
    name: str
    start: int  # the plan's first year
    end: int  # its last year

    @property
    def span(self) -> tuple[int, int]:
        """As a growth span: from the base year (the year before the cycle) to its last year."""
        return self.start - 1, self.end


def cycle(number: int) -> Cycle:
    """The n-th five-year plan (n >= 1)."""
    if number < 1:
        raise ValueError(f"no {number}-th five-year plan")
    first = {int(k): int(v) for k, v in _data()["cycles"]["first_years"].items()}
    start = first[number] if number in first else 1966 + 5 * (number - 3)
    return Cycle(number, cycle_name(number), start, start + 4)


def cycle_containing(year: int) -> Cycle | None:
    """The five-year plan whose years include `year` (2023 -> 十四五, 2021-2025); None before the
    first plan and in a year between two plans (1963-1965)."""
    n = 1
    while (c := cycle(n)).start <= year:
        if year <= c.end:
            return c
        n += 1
    return None


def cycle_name(number: int) -> str:
    """十四五 for 14, 九五 for 9: the numeral, then 五."""
    if number < 1 or number > 99:
        raise ValueError(f"no name for the {number}-th five-year plan")
    tens, ones = divmod(number, 10)
    digits = "一二三四五六七八九"
    t = "" if tens == 0 else ("十" if tens == 1 else digits[tens - 1] + "十")
    return t + ("" if ones == 0 else digits[ones - 1]) + "五"


def cycle_of(name: str) -> Cycle | None:
    """The cycle a name like 十四五 (or “十四五”) denotes; None when it is not one."""
    s = match_form(name)
    if len(s) < 2 or not s.endswith("五"):
        return None
    n = cn_number(s[:-1])
    return None if n is None or n < 1 else cycle(n)


def cycle_years(name: str) -> tuple[int, int]:
    """(first year, last year) of a cycle by name: 十四五 -> (2021, 2025)."""
    c = cycle_of(name)
    if c is None:
        raise ValueError(f"not a five-year plan cycle: {name!r}")
    return c.start, c.end


_CYCLE_WORD = re.compile(r"((?:[二三四五六七八九]?十)?[一二三四五六七八九]|[二三四五六七八九]?十)五")
_ALWAYS = re.compile(r"十[一二三四五六七八九]五")  # 十一五 ... 十九五: no ordinary number reads so


def find_cycles(text: str) -> list[tuple[int, int, Cycle]]:
    """(start, end, cycle) of each cycle name in `text` (offsets into `fold(text)`).

    十一五 ... 十九五 are always cycles; any other name (九五, 十五, 二十五) only in quotation marks
    or before a word such as 期间 or 规划 (vocab.yaml), since it also reads as a number."""
    s = fold(text)
    after = tuple(_data()["cycles"]["context_after"])
    out = []
    for m in _CYCLE_WORD.finditer(s):
        if m.start() > 0 and s[m.start() - 1] in NUMERAL_CHARS:
            continue  # inside a longer numeral
        if not _ALWAYS.fullmatch(m.group(0)):
            quoted = m.start() > 0 and s[m.start() - 1] in "\"'「『" and s[m.end():m.end() + 1] in ("\"", "'", "」", "』")
            if not quoted and not s.startswith(after, m.end()):
                continue
        c = cycle_of(m.group(0))
        if c is not None:
            out.append((m.start(), m.end(), c))
    return out


# -- span words


class Span(NamedTuple):
    start: int | None  # first year (the base year of a growth)
    end: int | None
    length: int | None  # years


@cache
def _span_patterns() -> tuple[tuple[str, re.Pattern], ...]:
    year, n = r"(?<!\d)((?:19|20)\d{2})", r"(?<![\d" + NUMERAL_CHARS + r"])(\d{1,2}|[" + NUMERAL_CHARS + r"]{1,3})"
    out = []
    for kind in ("since", "length"):
        for p in _data()["spans"][kind]:
            out.append((kind, re.compile(p.replace("{year}", year).replace("{n}", n))))
    return tuple(out)


def span_of_words(words: str) -> Span:
    """What a span wording fixes: 十三五期间 = 2015 -> 2020 (5 years); 比2015年 = from 2015;
    5年内, 近三年 = a length. Nothing known: Span(None, None, None). (A printed range such as
    2016-2020年 is left alone: whether its base year is 2015 or 2016 depends on the sentence.)"""
    s = "".join(fold(words).split())
    cycles = find_cycles(s)
    if cycles:
        a, b = cycles[0][2].span
        return Span(a, b, b - a)
    for kind, pat in _span_patterns():
        m = pat.search(s)
        if m is None:
            continue
        if kind == "since":
            return Span(int(m.group(1)), None, None)
        else:
            k = cn_number(m.group(1))
            if k is not None and k > 0:
                return Span(None, None, k)
    return Span(None, None, None)


# -- quantity qualifiers (建成 is not 开通, 新增 is not 累计, 产值 is not 增加值)


@cache
def qualifier_axes() -> tuple[str, ...]:
    """The questions a qualifier answers (state, flow, measure), in the data's order."""
    return tuple(_data()["qualifiers"])


@cache
def _qualifier_words() -> tuple[tuple[str, int, str], ...]:
    """(folded word, axis index, class) for every qualifier word."""
    out = []
    for i, axis in enumerate(qualifier_axes()):
        for cls, words in _data()["qualifiers"][axis].items():
            out += [(fold(str(w)), i, str(cls)) for w in words]
    return tuple(out)


@dataclass(frozen=True)
class Qualified:
    """What a figure's words say it is, per axis: the classes named (an empty set: the words do
    not say), and the qualifier words found, in the order printed."""

    classes: tuple[frozenset[str], ...]  # one set per axis of qualifier_axes()
    hits: tuple[tuple[str, str, str], ...] = ()  # (word as folded, axis, class), in the order printed

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(w for w, _, _ in self.hits)

    def differ(self, other: Qualified) -> tuple[str, ...]:
        """The axes on which both say, and say differently (建成 against 开通)."""
        return tuple(ax for ax, a, b in zip(qualifier_axes(), self.classes, other.classes, strict=True)
                     if a and b and a != b)

    def unsure(self, other: Qualified) -> tuple[str, ...]:
        """The axes on which one says and the other does not (累计建成 against 5G基站数量)."""
        return tuple(ax for ax, a, b in zip(qualifier_axes(), self.classes, other.classes, strict=True)
                     if bool(a) != bool(b))

    def on(self, axis: str) -> frozenset[str]:
        return self.classes[qualifier_axes().index(axis)]


def qualifiers_of(text: str) -> Qualified:
    """The qualifier classes the words of `text` name (vocab.yaml `qualifiers`)."""
    s = fold(text)
    axes = qualifier_axes()
    found: list[list[str]] = [[] for _ in axes]
    hits = []
    for word, axis, cls in _qualifier_words():
        at = s.find(word)
        if at >= 0:
            found[axis].append(cls)
            hits.append((at, word, axes[axis], cls))
    return Qualified(tuple(frozenset(c) for c in found), tuple(h[1:] for h in sorted(hits)))
