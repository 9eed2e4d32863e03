"""Text from plan files made safe for Markdown that code hosts render (GitHub, GitLab).

Plan titles, quotes, waiver reasons and file names are untrusted: outside code spans every HTML
special character becomes an entity and Markdown's active punctuation is backslash-escaped, so
`<script>`, `<img onerror>`, `[link](url)` or `![pixel](url)` stay text; control characters
(C0, C1, DEL) and the bidirectional overrides that can make a line read differently from what it
holds are shown as visible `\\uXXXX` escapes; a line break becomes a space (one item, one line).
Inside a code span the fence is made longer than any backtick run of the text.
"""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, and the bidi embeddings/overrides/isolates (Trojan-source characters)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_BREAK = re.compile(r"\r\n|[\r\n\t\u2028\u2029]")
_HTML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ACTIVE = re.compile(r"([\\`*_\[\]|~#!])")


def visible(s: object) -> str:
    """s without line breaks, and with every control character written as a visible escape."""
    text = _BREAK.sub(" ", "" if s is None else str(s))
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def text(s: object) -> str:
    """s as inert Markdown text (safe in a table cell too)."""
    return _ACTIVE.sub(r"\\\1", visible(s).translate(_HTML))


def code(s: object, in_table: bool = False) -> str:
    """s as one inline code span: HTML inside a code span is shown, never rendered."""
    body = visible(s)
    if in_table:
        body = body.replace("|", "\\|")  # GFM: a pipe ends a table cell even inside a code span
    longest = max((len(m) for m in re.findall(r"`+", body)), default=0) if "`" in body else 0
    fence = "`" * (longest + 1)
    pad = " " if body.startswith("`") or body.endswith("`") or not body.strip() else ""
    return f"{fence}{pad}{body}{pad}{fence}"
