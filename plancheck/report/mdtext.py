"""Text from plan files made safe for Markdown that code hosts render (GitHub, GitLab).

Plan titles, quotes, waiver reasons and file names are untrusted: outside code spans every HTML
special character becomes an entity and Markdown's active punctuation is backslash-escaped, so
`<script>`, `<img onerror>`, `[link](url)` or `![pixel](url)` stay text; control characters
(C0, C1, DEL) and the bidirectional overrides that can make a line read differently from what it
holds are shown as visible `\\uXXXX` escapes; a line break becomes a space (one item, one line).
Inside a code span the fence is made longer than any backtick run of the text.

Each function is one precompiled `str.translate` table (a character class finds the strings that
need it: most need nothing), four times faster than a regular-expression pass per kind (issue 13:
report.md of 134,000 findings escapes a few million strings). A code span of plain text (no
control, break or backtick, not blank) is the text between single backticks, found by one
search. `Memo` keeps what a report escapes: the same few thousand keys, rule codes and values
recur across a country's findings.
"""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, and the bidi embeddings/overrides/isolates (Trojan-source characters)
_CONTROL_RANGES = ((0x00, 0x08), (0x0B, 0x1F), (0x7F, 0x9F), (0x61C, 0x61C), (0x200E, 0x200F), (0x202A, 0x202E),
                   (0x2066, 0x2069))
_CONTROL_CHARS = [chr(c) for lo, hi in _CONTROL_RANGES for c in range(lo, hi + 1)]
_CONTROLS = re.escape("".join(_CONTROL_CHARS))  # for a character class
_BREAKS = "\r\n\t\u2028\u2029"  # each a space ("\r\n" too: one space)
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_ACTIVE = "\\`*_[]|~#!"


def _table(escape: str) -> dict[int, str]:
    """Controls as `escape % code point`, breaks as a space (a break overrides: \\r is a C0)."""
    table = {ord(c): escape % ord(c) for c in _CONTROL_CHARS}
    table.update({ord(c): " " for c in _BREAKS})
    return table


_VISIBLE = _table("\\u%04x")
_VISIBLE_NEEDED = re.compile(f"[{_CONTROLS}{_BREAKS}]")
# text: the visible escapes' backslash is itself escaped (it is active punctuation)
_TEXT = {**_table("\\\\u%04x"), **{ord(k): v for k, v in _HTML.items()}, **{ord(c): "\\" + c for c in _ACTIVE}}
_TEXT_NEEDED = re.compile(f"[{_CONTROLS}{_BREAKS}{re.escape(''.join(_HTML) + _ACTIVE)}]")
_BACKTICKS = re.compile(r"`+")
_CONTROL_SEARCH = re.compile(f"[{_CONTROLS}{_BREAKS}]").search
# text without controls or breaks: one str.replace per special character it holds, the entities
# first (their & is not escaped again) and the backslash before the other active characters (its
# escapes are not escaped again): four times faster than translate (a dictionary look-up a
# character) on the plan text that has a `>=`, a `*` or a `[`
_TEXT_REPLACES = (*_HTML.items(), *((c, "\\" + c) for c in _ACTIVE))
# a code span's body needs more than single backticks around it (outside a table)
_CODE_NEEDED = re.compile(f"[{_CONTROLS}{_BREAKS}`]").search
_VISIBLE_SEARCH = _VISIBLE_NEEDED.search
_TEXT_SEARCH = _TEXT_NEEDED.search


def visible(s: object) -> str:
    """s without line breaks, and with every control character written as a visible escape."""
    if s.__class__ is not str:
        s = "" if s is None else str(s)
    if _VISIBLE_SEARCH(s) is None:
        return s
    return s.replace("\r\n", " ").translate(_VISIBLE)


def text(s: object) -> str:
    """s as inert Markdown text (safe in a table cell too)."""
    if s.__class__ is not str:
        s = "" if s is None else str(s)
    if _TEXT_SEARCH(s) is None:
        return s
    if _CONTROL_SEARCH(s) is None:
        for a, b in _TEXT_REPLACES:
            if a in s:
                s = s.replace(a, b)
        return s
    return s.replace("\r\n", " ").translate(_TEXT)


def code(s: object, in_table: bool = False) -> str:
    """s as one inline code span: HTML inside a code span is shown, never rendered."""
    if s.__class__ is not str:
        s = "" if s is None else str(s)
    if _CODE_NEEDED(s) is None and s and not s.isspace() and not (in_table and "|" in s):
        return "`" + s + "`"  # plain text: what the general case below makes of it
    body = visible(s)
    if in_table:
        body = body.replace("|", "\\|")  # GFM: a pipe ends a table cell even inside a code span
    if "`" not in body:
        return f"` {body} `" if not body.strip() else f"`{body}`"
    longest = max(len(m) for m in _BACKTICKS.findall(body))
    fence = "`" * (longest + 1)
    pad = " " if body.startswith("`") or body.endswith("`") or not body.strip() else ""
    return f"{fence}{pad}{body}{pad}{fence}"


class Memo(dict):
    """`memo[s]`: fn(s) for a str s, computed once (the keys, rule codes and values that recur
    across a report's findings). Only exact `str` keys belong here (1, 1.0 and True are one dict
    key but three texts); past `limit` entries it starts anew, so unique strings hold no memory."""

    def __init__(self, fn, limit: int = 1 << 16):
        super().__init__()
        self.fn, self.limit = fn, limit

    def __missing__(self, s: str) -> str:
        if len(self) >= self.limit:
            self.clear()
        out = self[s] = self.fn(s)
        return out
