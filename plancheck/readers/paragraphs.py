"""Hard-wrapped lines joined back into paragraphs, each character keeping its original line.

A .txt saved from a PDF, an e-mail or an editor that wraps at a fixed width breaks sentences
across lines (`…从2015年的225.0亿\n元增加到…`); read line by line, such a sentence is two halves
and none of its claims is found. The lines of a text are joined when the text is wrapped and
nothing marks a paragraph break between them:

- the text is *wrapped* when many of its lines end at (nearly) one width: the wrap width, in
  display columns (a Chinese character is two). A text written one paragraph per line (lines
  of every length) is left as it is;
- a line is joined to the next only when it is *full* (ends within a few columns of the wrap
  width; more slack when it stops mid-sentence, where a wrapper moves a long number down);
- never across a blank line, before an indented line (when the text indents its paragraphs),
  before a heading or list item (第一章, 一、, （一）, 1., ①, ——, •), or at a table-like line
  (tabs, or cells separated by runs of spaces).

The joined text is the original text without the line breaks (a space is kept between two
Latin characters); `Location.line_starts` keeps where each original line begins, so a
claim's evidence names the line its first character stands on.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from itertools import pairwise

MIN_LINES = 4  # fewer candidate lines cannot show a wrap width
MAX_WIDTH = 400  # display columns: no one wraps wider (the Jiaxing copy's 300-character chunks are ~560)
_HEAD = re.compile(
    r"^\s*(?:第[一二三四五六七八九十百零〇\d]+[章节条部分篇编]|[一二三四五六七八九十]+\s*[、.．]|[(（]\s*[一二三四五六七八九十\d]+\s*[)）]"
    r"|\d{1,2}\s*[、.．](?!\d)|[①-⑳⑴-⒇]|——|-\s|[•·■●◆▲★※]|[附注]\s*[:：])")
_TABLE = re.compile(r"\t|\S(?: {2,}|\u3000{2,})\S")
_INDENT = re.compile(r"^(?:\u3000|\s{2,})")
_TERMINAL = set("。！？!?；;：:”’」』")


def width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def wrap_width(lines: list[str]) -> int | None:
    """The width a text is wrapped at, or None when it is not wrapped.

    Wrapped: among the lines followed by another non-blank line (the candidates for a wrap),
    at least half end within `slack` of one width, the most common such width."""
    cands = [width(a.rstrip()) for a, b in pairwise(lines) if a.strip() and b.strip()]
    if len(cands) < MIN_LINES:
        return None
    counts = Counter(cands)
    best, best_n = None, 0
    for w in counts:
        if w < 20 or w > MAX_WIDTH:
            continue
        n = sum(c for x, c in counts.items() if w - _slack(w) <= x <= w)
        if n > best_n or (n == best_n and best is not None and w > best):
            best, best_n = w, n
    if best is None or best_n * 2 < len(cands):
        return None
    return best


def _slack(w: int, open_end: bool = False) -> int:
    return max(10, w // 4) if open_end else max(4, w // 12)


def _full(line: str, w: int) -> bool:
    t = line.rstrip()
    open_end = bool(t) and t[-1] not in _TERMINAL
    return width(t) >= w - _slack(w, open_end)


def paragraphs(lines: list[str], first_line: int = 1) -> Iterable[tuple[str, int, tuple[int, ...]]]:
    """(text, first line number, offsets where each of its lines starts) per paragraph; blank
    lines give nothing. Unwrapped text gives one paragraph per non-blank line, as it stands."""
    w = wrap_width(lines)
    filled = [x for x in lines if x.strip()]
    indents = w is not None and sum(1 for x in filled if _INDENT.match(x)) * 5 >= len(filled)
    text, start_no, starts = "", first_line, [0]
    prev: str | None = None
    for no, line in enumerate(lines, first_line):
        if not line.strip():
            if text.strip():
                yield text, start_no, tuple(starts)
            text, prev = "", None
            continue
        if prev is not None and w is not None and _joins(prev, line, w, indents):
            text = text.rstrip()
            last, nxt = text[-1:], line.lstrip()[:1]
            sep = " " if last.isascii() and nxt.isascii() else ""  # English words keep their space
            starts.append(len(text) + len(sep))
            text += sep + line.lstrip()
        else:
            if text.strip():
                yield text, start_no, tuple(starts)
            text, start_no, starts = line, no, [0]
        prev = line
    if text.strip():
        yield text, start_no, tuple(starts)


def _joins(prev: str, line: str, w: int, indents: bool) -> bool:
    """Whether `line` continues the paragraph `prev` ends (see the module's rules)."""
    if not _full(prev, w) or _TABLE.search(prev.strip()) or _TABLE.search(line.strip()):
        return False
    return not _HEAD.match(line) and not (indents and _INDENT.match(line))
