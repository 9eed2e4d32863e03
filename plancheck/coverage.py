"""Numbers in a source text that no quote of its plan file covers.

A number counts when a unit or magnitude word follows it (亿元, 万, %, 件, 家, 个...): the
figures a plan states. Years, clause numbers and names such as 5G are not followed by one.
This is also the seed of scanning raw drafts for claims without any YAML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from plancheck.loader import LoadedPlan
from plancheck.quotes import quoted_items
from plancheck.vocab import magnitude_pattern

UNIT_AFTER = r"(?:多|余)?(?:" + magnitude_pattern() + r"|%|件|家|个|台|张|名|户|座|项|倍|Gbps|Mbps|Tbps|元|人|所|条|款|批|次|亩|公里|GB|TB)"
# a figure not glued to a name, a decimal or another number (5G, v2.5): the first digit, then the
# look back over it and the character before (`(?<![\d.A-Za-z])\d...` says the same, but a
# pattern that starts with a look-behind is tried at every character; one that starts with a
# digit is searched for: ~3x faster over a plan's source, the same matches)
NUMBER = re.compile(r"(\d(?<![\d.A-Za-z]\d)\d*(?:\.\d+)?)(?=" + UNIT_AFTER + ")")


@dataclass(frozen=True)
class Uncovered:
    literal: str
    line: int
    context: str  # the normalised text around it


def uncovered_numbers(lp: LoadedPlan, context: int = 14) -> list[Uncovered]:
    assert lp.source is not None
    hay = lp.source.normalized
    covered = bytearray(len(hay))
    seen: set[str] = set()  # a quote shared by several items (a table row's cells) is marked once
    for _path, _id, quote, _nums in quoted_items(lp, numbers=False):
        if quote in seen:
            continue
        seen.add(quote)
        for a, b in lp.source.spans(quote):
            covered[a:b] = b"\x01" * (b - a)
    out = []
    for m in NUMBER.finditer(hay):
        if covered[m.start()]:
            continue
        ctx = hay[max(0, m.start() - context): m.end() + 6]
        out.append(Uncovered(m.group(1), lp.source.line_at(m.start()), ctx))
    return out
