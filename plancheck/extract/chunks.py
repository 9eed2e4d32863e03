"""Page chunks of a text copied from a document-sharing site, joined back into running text.

Such copies print each page as one long line opening with its page number and `、`
(`1、嘉兴市数字经济发展…`, `2、支持,建立…`), and cut words and sentences at the page end
(`…新产` / `5、品产值达到1376.7亿元`). A line continues the one before it when it opens with
the next page number, the line before opens with the previous one (or is the first numbered
chunk) and is a page's worth of text (>= 150 characters) that stops mid-sentence. The page
mark stays in the joined text (quotes are verbatim) and is recorded in the block's
`Location.page_marks`: the extractor reads past it (`…1857.4亿元` / `7、,年均增长17.32%` is one
sentence, not a figure 7); a numbered list (`1、…` items, short or
ending with a full stop) is never joined.
"""

from __future__ import annotations

import re
from dataclasses import replace

from plancheck.readers.base import Block

_MARK = re.compile(r"^\s*(\d{1,3})、")
_MIN_PAGE = 150
_ENDS_SENTENCE = "。！？!?;；:：…」』\"”"


def join_chunks(blocks: list[Block]) -> list[Block]:
    """The blocks with each page chunk appended to the one it continues."""
    out: list[Block] = []
    prev_mark: int | None = None
    for b in blocks:
        m = _MARK.match(b.text)
        mark = int(m.group(1)) if m else None
        if (mark is not None and prev_mark is not None and mark == prev_mark + 1 and out
                and _cut_page(out[-1].text) and _next_line(out[-1], b)):
            a = out[-1]
            starts = (a.location.line_starts or (0,)) + tuple(len(a.text) + x for x in (b.location.line_starts or (0,)))
            marks = a.location.page_marks + ((len(a.text), len(a.text) + m.end()),)
            out[-1] = Block(a.text + b.text, replace(a.location, line_starts=starts, page_marks=marks))  # line_at() finds each line
        else:
            out.append(b)
        prev_mark = mark if mark is not None else (None if b.text.strip() else prev_mark)
    return out


def _next_line(a: Block, b: Block) -> bool:
    """b starts on the line right after a's last one (nothing between them)."""
    la, lb = a.location.line, b.location.line
    return la is not None and lb is not None and lb == la + max(len(a.location.line_starts), 1)


def _cut_page(text: str) -> bool:
    """A page's worth of text that stops mid-sentence (the last page chunk so far)."""
    t = text.rstrip()
    return len(t) >= _MIN_PAGE and t[-1] not in _ENDS_SENTENCE
