"""Text for the terminal: control characters escaped, colour only where wanted.

Everything plancheck prints that came from input — file names, YAML keys, plan strings, quotes,
messages built from them — goes through `escape`, so a plan cannot move the cursor, rewrite
earlier lines, change the window title or hide text with bidirectional overrides.
"""

from __future__ import annotations

import os

# C0 controls, DEL, C1 controls; line/paragraph separators; bidi embeddings, overrides, isolates
_CONTROL = [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0), 0x2028, 0x2029, *range(0x202A, 0x202F),
            *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C]
_NAMED = {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}
_TABLE = {c: _NAMED.get(c, f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}") for c in _CONTROL}
_TABLE_MULTILINE = {c: v for c, v in _TABLE.items() if c != 0x0A}


def escape(text: object, *, newlines: bool = False) -> str:
    """`text` with every control character shown as an escape (`\\x1b`, `\\u202e`); with
    `newlines=True` line breaks are kept (multi-line documentation)."""
    return str(text).translate(_TABLE_MULTILINE if newlines else _TABLE)


def use_color(mode: str, stream) -> bool:
    """--color always|never|auto; auto: a terminal, NO_COLOR unset or empty, TERM not dumb."""
    if mode == "always":
        return True
    if mode == "never":
        return False
    if os.environ.get("NO_COLOR", ""):
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def notice(message: str) -> None:
    """A passing message on stderr (`waiting for another run ...`): about this moment, not the
    run's outcome, so a captured stderr (plancheck.replay.Capture) does not keep it."""
    import sys

    stream = getattr(sys.stderr, "passthrough", sys.stderr)
    print(message, file=stream)
