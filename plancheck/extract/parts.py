"""Parts and totals (`X，其中A a、B b`, `共N个，包括a个…、b个…`), structures (`三次产业结构
a:b:c`, in any of the colon forms `:` `：` `∶` `比`) and shares (`占Y比重Z%`, `占全省的三分之一`)."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache

from plancheck.extract.claims import Num, Quantity
from plancheck.extract.vocab import _alt, vocab

# NFKC has made `：` and `﹕` into `:`; `∶` (ratio sign) and `比` stay as they are
_STRUCT = re.compile(r"(?:结构|比例|之比|构成)(?:调整|优化)?(?:为|是|由|达到)?"
                     r"(?P<seq>\d+(?:\.\d+)?(?:[:∶比]\d+(?:\.\d+)?){1,5})(?![\d.:∶])")
_NUMS = re.compile(r"\d+(?:\.\d+)?")


def structures(s: str, lo: int, hi: int) -> list[tuple[int, int, list[tuple[int, int, Decimal]]]]:
    """(start, end, [(start, end, value)]) for each `a:b:c` structure that reads as shares of 100."""
    out = []
    for m in _STRUCT.finditer(s, lo, hi):
        vals: list[tuple[int, int, Decimal]] = []
        base = m.start("seq")
        for n in _NUMS.finditer(m.group("seq")):
            vals.append((base + n.start(), base + n.end(), Decimal(n.group(0))))
        total = sum(v for _, _, v in vals)
        if len(vals) >= 2 and Decimal(80) <= total <= Decimal(120):
            out.append((m.start("seq"), m.end("seq"), vals))
    return out


@cache
def _openers():
    v = vocab()
    return re.compile(_alt(v.words("parts_open")))


def _compatible(a: Num, b: Num) -> bool:
    ua, ub = a.unit_info, b.unit_info
    if ua is None or ub is None:
        return False
    return ua.compatible(ub)


def lists(s: str, lo: int, hi: int, quantities: list[tuple[int, Quantity]]) -> list[tuple[Quantity, list[Quantity], bool, str, str]]:
    """(total, parts, complete, opener) for each list of parts after a total in s[lo:hi].

    `quantities` are (normalised start, quantity) of the sentence's figures, in order. The
    total is the figure just before the opener; a total that is itself one item of a `、`
    list is ambiguous (whose parts?) and is skipped.
    """
    v = vocab()
    out = []
    for m in _openers().finditer(s, lo, hi):
        before = [(p, q) for p, q in quantities if p < m.start()]
        after = [(p, q) for p, q in quantities if p >= m.end()]
        if not before or not after:
            continue
        tpos, total = before[-1]
        if total.number.percent or total.number.unit_info is None:
            continue
        if tpos >= lo:
            gap = s[tpos:m.start()]
            if re.search(r"\d", gap[len(total.number.text):]) or len(gap) > len(total.number.text) + 6:
                continue  # the opener does not follow the total closely
        elif m.start() != lo:
            continue  # the previous sentence's figure is a total only for a sentence that opens with 其中
        prev = before[-2][0] if len(before) > 1 else None
        if prev is not None and "、" in s[prev:tpos]:
            continue  # the total is one item of a list: whose parts are these?
        parts = []
        for p, q in after:
            if not _compatible(q.number, total.number):
                break
            parts.append((p, q))
        if len(parts) < 1:
            continue
        tail = s[parts[-1][0]:hi]
        nxt = re.search(r"[,;。]", tail)
        end_text = tail[:nxt.start()] if nxt else tail
        opener = m.group(0)
        open_ended = any(w in end_text[-4:] or w in s[m.end():m.end() + 2] for w in v.words("open_end"))
        head = s[max(lo, tpos - 24):tpos]
        head = re.split(r"[,;:、]", head)[-1]  # the total's own clause
        said_total = next((w for w in v.words("total_words") if w in head), "")
        complete = not open_ended and (said_total or opener in ("包括", "包含"))
        if opener.startswith("分别") and not said_total:
            continue  # 分别为 lists values of named items, not parts of the figure before
        out.append((total, [q for _, q in parts], complete, opener, said_total))
    return out


@cache
def _share_re():
    words = _alt(vocab().words("share_words"))
    return re.compile(rf"占(?P<whole>[^,;。占从由]{{1,24}}?)(?:的?(?:{words})|的)(?:为|达到|达|约|超过|超|近|接近)?$")


def share_before(s: str, lo: int, pos: int) -> str | None:
    """The whole Y when the figure at `pos` is written `占Y(的)(比重)Z`; else None."""
    m = _share_re().search(s, max(lo, pos - 30), pos)
    if m is None:
        return None
    whole = m.group("whole")
    for w in vocab().words("share_words") + ["的"]:
        if whole.endswith(w):
            whole = whole[: -len(w)]
    whole = re.sub(r"\s+", "", whole)
    return whole or None
