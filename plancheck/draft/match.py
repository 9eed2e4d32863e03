"""Catalog matching by name and alias, and the sections of a document (history / goal)."""

from __future__ import annotations

import re
import unicodedata

from plancheck import suggest
from plancheck.models import Catalog

_HEADING = re.compile(r"^\s*[一二三四五六七八九十]+\s*[、.．]\s*(\S.*)$")
_GOAL_HEAD = ("目标", "任务", "重点", "举措", "工程", "布局", "路径", "要求", "展望")
_HISTORY_HEAD = ("基础", "成效", "回顾", "现状", "成就")
_LEAD = re.compile(r"^(?:期间|时期|以来|全市|全省|全区|全县|我市|我省|本市|本省|其中|实现|培育|建成)+")
_TAIL = re.compile(r"(?:力争|争取|达到|达|要|将|累计|实现)+$")


def _norm(s: str) -> str:
    """A name as the catalog spells it: letters and digits only, 规模以上 as 规上, and without
    the region word before it (全市) or an aim word after it (力争)."""
    s = "".join(ch for ch in unicodedata.normalize("NFKC", s) if ch.isalnum()).replace("规模以上", "规上")
    return _TAIL.sub("", _LEAD.sub("", s)) or s


class Matcher:
    """Catalog keys by name and alias (normalised), and suggestions for the rest."""

    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        self.labels: dict[str, str] = {}
        for ind in catalog.indicators:
            for label in (ind.name, *ind.aliases):
                self.labels.setdefault(_norm(label), ind.key)

    def key(self, name: str) -> str | None:
        """The catalog key a name or alias matches, without suggestions."""
        return self.labels.get(_norm(name))

    def match(self, name: str) -> tuple[str, list[str]]:
        """(key, []) for a name or alias match; (TODO, closest keys) otherwise."""
        key = self.labels.get(_norm(name))
        if key is not None:
            return key, []
        return suggest.PLACEHOLDER, suggest.indicators(self.catalog, "", name)


# a heading run into its paragraph (a text copied with its line breaks lost): after a sentence
# end, a numeral and 、, then a section word within a few characters (`。一、发展基础“十三五”期间`)
_INLINE = re.compile(r"(?<=[。;；])\s*[一二三四五六七八九十]+、(\S{0,8}?(?:" + "|".join(_GOAL_HEAD + _HISTORY_HEAD) + "))")


def _kind(title: str) -> str:
    """history when the title's first phrase names the past (`发展基础与面临形势`; not the task
    `用好"新要素",夯实数字时代发展基础`, nor `建设数字基础设施`), goal when it names aims or tasks."""
    first = re.split(r"[,，;；]", title, maxsplit=1)[0].replace("基础设施", "")  # infrastructure is a task
    return "history" if any(w in first for w in _HISTORY_HEAD) else (
        "goal" if any(w in title for w in _GOAL_HEAD) else "other")


def sections_of(text: str) -> list[tuple[int, int, str]]:
    """(first line, offset in that line, kind) of each top-level section: history, goal or other."""
    from plancheck.extract.chunks import join_chunks
    from plancheck.readers.base import Block, Location

    out = []
    blocks = join_chunks([Block(t, Location(line=i)) for i, t in enumerate(text.splitlines(), 1)])
    for b in blocks:  # the blocks the extractor reads: a page chunk joined to the page before
        i, line = b.location.line, b.text
        m = _HEADING.match(line)
        if m and len(m.group(1)) <= 30:
            out.append((i, 0, _kind(m.group(1))))
            continue
        for m in _INLINE.finditer(line):
            out.append((i, m.start(), _kind(m.group(1))))
    return out


def section_at(sections, line: int | None, offset: int = 0) -> str:
    """The kind of the section a figure at (line, offset) stands in."""
    kind = "other"
    for start, at, k in sections:
        if line is not None and (start, at) <= (line, offset):
            kind = k
    return kind
