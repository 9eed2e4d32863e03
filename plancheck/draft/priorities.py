"""Priority industry lists (`priorities`) read from sentences that name a tier of industries:
`做优做强智能终端、智能光伏和新一代网络通信三大优势产业`, `谋划布局柔性电子、数字安防、车联网等新兴产业`.

A list is drafted only when the sentence names two or more items separated by 、 and ends in a
tier word (…产业, …行业, …产业群, …集群); a count word (三大) that disagrees with the items found
leaves the list out. Every list is marked for review.
"""

from __future__ import annotations

import re

_VERBS = ("做优做强", "做大做强", "培育壮大", "谋划布局", "谋划打造", "重点发展", "重点推进", "加快发展", "大力发展",
          "聚焦", "围绕", "强化", "构建", "打造", "发展", "培育", "推进")
_CN = "一二三四五六七八九十"


def _count(word: str | None) -> int | None:
    if not word or word == "一批":
        return None
    w = word[:-1].replace("两", "二")
    if w.isdigit():
        return int(w)
    if w == "十":
        return 10
    if len(w) == 2 and w[0] == "十":
        return 10 + _CN.index(w[1]) + 1
    return _CN.index(w) + 1 if len(w) == 1 and w in _CN else None


def _items(text: str, count: int | None) -> list[str]:
    parts = [p for p in text.split("、") if p]
    if len(parts) < 2:
        return []
    last = re.split(r"[和及与]", parts[-1])
    if len(last) == 2 and all(len(x) >= 2 for x in last) and (count is None or count == len(parts) + 1):
        parts = parts[:-1] + last
    if count is not None and count != len(parts):
        return []
    if any(len(p) < 2 or len(p) > 15 for p in parts):
        return []
    return parts


_TIER_END = r"(?:产业群|产业集群|产业|行业|集群)"
_AFTER = r"(?=$|[，。；、,;]|建设|发展|支撑|体系)"


def priorities(text: str, region: str) -> list[dict]:
    """Tier lists: a verb, items separated by 、, then 等 or a count (三大, 一批) before the tier."""
    out: list[dict] = []
    verbs = "|".join(sorted(_VERBS, key=len, reverse=True))
    item = r"[^，。；：,;:、（）()“”\"的]{2,12}"
    pattern = re.compile(rf"(?:{verbs})((?:{item}、)+{item}?)(等?一批|等?[一二三四五六七八九十两]{{1,2}}大|等)"
                         rf"([\u4e00-\u9fff]{{0,6}}{_TIER_END}){_AFTER}")
    seen: set[str] = set()
    for line in text.splitlines():
        for m in pattern.finditer(line):
            listed, count_word, tier = m.group(1), m.group(2), m.group(3)
            items = _items(listed, _count(count_word.lstrip("等")))
            if not items or m.group(0) in seen:
                continue
            seen.add(m.group(0))
            out.append({"region": region, "tier": tier, "industries": items, "quote": m.group(0)})
    return out
