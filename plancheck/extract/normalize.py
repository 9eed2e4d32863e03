"""The matching form of a text, with a map back to the original offsets.

Extraction reads the normalised text; quotes are always cut from the original. Three steps:
NFKC (full-width digits and punctuation: `２０２０年`, `％`, `，`), traditional to simplified
characters with OpenCC (`億元` -> `亿元`, `個百分點` -> `个百分点`), and spaces dropped where they
split a number from its unit or its year word (`506.9 亿元`, `2020 年`) — but never between two
digits (`5000 8000` in a flattened table row stays two numbers).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from plancheck.vocab import fold

_SPACES = re.compile(r"[ \u00a0]+")


@dataclass(frozen=True)
class Normalized:
    text: str  # the normalised text
    original: str  # the text as read
    index: tuple[int, ...]  # index[i]: offset in `original` of normalised character i

    def orig_span(self, start: int, end: int) -> tuple[int, int]:
        """The original (start, end) of the normalised span [start, end)."""
        if end <= start:
            p = self.index[start] if start < len(self.index) else len(self.original)
            return p, p
        return self.index[start], self.index[end - 1] + 1

    def quote(self, start: int, end: int) -> str:
        a, b = self.orig_span(start, end)
        return self.original[a:b]


@cache
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def _cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _needs_t2s(text: str) -> bool:
    # OpenCC only changes CJK ideographs; skip it for texts that have none
    return any(_cjk(c) for c in text)


def normalize(original: str) -> Normalized:
    # 1. NFKC with folded quotes and dashes, character by character when lengths change
    whole = fold(original)  # plancheck.vocab: NFKC, straight quotes, dashes to a hyphen
    if len(whole) == len(original):
        chars, index = whole, list(range(len(original)))
    else:
        parts, index = [], []
        for i, ch in enumerate(original):
            n = ch if ch.isascii() else fold(ch)
            parts.append(n)
            index.extend([i] * len(n))
        chars = "".join(parts)
    # 2. traditional -> simplified; OpenCC's phrase table may change lengths: then per character
    if _needs_t2s(chars):
        conv = _t2s().convert(chars)
        if len(conv) != len(chars):
            conv = "".join(_t2s().convert(c) if _cjk(c) else c for c in chars)
            if len(conv) != len(chars):  # a character that maps to two: keep the NFKC form
                conv = chars
        chars = conv
    # 3. drop spaces that split a number from its unit or year word
    out, out_index, last = [], [], 0
    for m in _SPACES.finditer(chars):
        a, b = m.start(), m.end()
        prev = chars[a - 1] if a > 0 else ""
        nxt = chars[b] if b < len(chars) else ""
        if _drop(prev, nxt):
            out.append(chars[last:a])
            out_index.extend(index[last:a])
            last = b
    if last == 0:
        return Normalized(chars, original, tuple(index))
    out.append(chars[last:])
    out_index.extend(index[last:])
    return Normalized("".join(out), original, tuple(out_index))


def _drop(prev: str, nxt: str) -> bool:
    if not prev or not nxt:
        return False
    pd, nd = prev.isdigit() or prev == ".", nxt.isdigit() or nxt == "."
    if pd and nd:
        return False  # two numbers side by side
    if pd and (_cjk(nxt) or nxt == "%"):
        return True  # 506.9 亿元, 2020 年, 30 %
    if nd and _cjk(prev):
        return True  # 从 2015
    return _cjk(prev) and _cjk(nxt)  # 增加 到


def without(n: Normalized, spans: tuple[tuple[int, int], ...]) -> Normalized:
    """The normalised text with the characters of some original spans left out (a page mark
    inside a joined paragraph); offsets still map back to the original."""
    if not spans:
        return n
    gone = {o for a, b in spans for o in range(a, b)}
    keep = [i for i, o in enumerate(n.index) if o not in gone]
    return Normalized("".join(n.text[i] for i in keep), n.original, tuple(n.index[i] for i in keep))
