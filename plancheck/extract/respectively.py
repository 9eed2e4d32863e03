"""`A和B分别为a、b`: figures distributed over the subjects a clause names before 分别.

`工业设备联网率和装备数控化率分别为55.6%、76.4%` gives 55.6% to 工业设备联网率 and 76.4% to
装备数控化率; `“非接”与“双免”改造完成率分别达到84.72%和55.62%` shares the head noun
(改造完成率) the last subject carries; `数字服务贸易和跨境电商年均增速分别实现10%和20%以上` gives
each subject a rate (the rate word stands before 分别). The subjects are read only when
they are as many as the figures: otherwise nothing is distributed (the figures stay unnamed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from plancheck.extract import sentences as S
from plancheck.extract.numbers import RawNum

_SPLIT = re.compile(r"[和与及、]|以及")
# between two figures of the list: a list separator, and the figure's own comparator words
_BETWEEN = re.compile(r"^(?:[、,]|和|与|及|以及)$")
_QUOTED = re.compile(r'"[^"]+"')


@dataclass(frozen=True)
class Item:
    subject: str
    rate_word: str | None  # the rate word before 分别 (年均增速): the figures are rates


def distribute(s: str, lo: int, hi: int, nums: list[RawNum]) -> dict[int, Item]:
    """{figure start: Item} for each `…分别…a、b` list in s[lo:hi]."""
    from plancheck.extract.growth import _rate_word_at_end

    out: dict[int, Item] = {}
    for m in re.finditer("分别", s[lo:hi]):
        at = lo + m.start()
        cs = _subject_start(s, lo, at)
        after = [n for n in nums if n.start > at]
        if not after:
            continue
        figs = [after[0]]
        for n in after[1:]:
            prev = figs[-1]
            gap = s[prev.end:n.before_start if n.before_start is not None else n.start]
            if not _BETWEEN.match(gap):
                break
            figs.append(n)
        head = figs[0].before_start if figs[0].before_start is not None else figs[0].start
        if len(figs) < 2 or any(c in s[at:head] for c in ",;。"):
            continue
        text = s[cs:at]
        word = _rate_word_at_end(text)
        if word is not None:
            text = text[:len(text) - len(word)]
        parts = _subjects(S.subject(text))
        if len(parts) != len(figs):
            continue
        for n, p in zip(figs, parts, strict=True):
            out[n.start] = Item(p, word)
    return out


def _subject_start(s: str, lo: int, pos: int) -> int:
    """The start of the clause before 分别, where a `、` inside the subject does not end it."""
    i = pos
    while i > lo and s[i - 1] not in ",;:。[]{}<>《》":
        i -= 1
    return i


def _subjects(subject: str) -> list[str]:
    parts = [p for p in _SPLIT.split(subject) if p]
    if len(parts) < 2:
        return parts
    first, last = _QUOTED.search(parts[0]), _QUOTED.match(parts[-1])
    if (first is not None and first.end() == len(parts[0]) and last is not None
            and all(_QUOTED.fullmatch(p) for p in parts[1:-1])):
        # `活跃商户"非接"与"双免"改造完成率`: the quoted terms share the words around them
        prefix, tail = parts[0][:first.start()], parts[-1][last.end():]
        parts = [prefix + _QUOTED.search(p).group(0) + tail for p in parts]
    return parts
