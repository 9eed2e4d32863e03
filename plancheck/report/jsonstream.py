"""Indented JSON written streaming: the text of `json.dumps(obj, ensure_ascii=False, indent=2)`,
in chunks, several times faster (issue 13: report.json and report.sarif at 70,000 findings).

The standard library's indented encoder is pure Python and yields a few characters per generator
step through one generator per nesting level; here each value is appended to a list by a plain
recursive function (strings escaped by json's C `encode_basestring`), and only the containers
near the top — where a report's big lists are — are walked by a generator, so the text is
handed out in chunks of about `size` characters and never held whole. A list may also be given
as `Items(iterable)`: its elements are produced while the text is written (report.sarif's results
are never all built at once).

Same rules as `json.dumps` with those settings: str/int/float/bool/None, lists, tuples and dicts
(keys str, int, float, bool or None); NaN and infinities as `NaN`, `Infinity`; anything else is a
TypeError. Circular structures are not detected (a report document is a tree).
`tests/test_json_stream.py` pins the equality with `json.dumps`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from json.encoder import encode_basestring

INDENT = "  "
STREAM_DEPTH = 3  # containers this deep or less are walked by the generator; deeper ones encoded whole
LONG = 32  # a list this long or longer: each element encoded whole, then a chunk may be handed out
_INF = float("inf")
_DEFAULT = json.JSONEncoder().default  # raises json's own TypeError for what JSON cannot hold


class Items:
    """A list given as an iterable: encoded element by element as they are produced (once)."""

    def __init__(self, items: Iterable):
        self.items = items

    def __iter__(self):
        return iter(self.items)


def _float(o: float) -> str:
    if o != o:
        return "NaN"
    if o == _INF:
        return "Infinity"
    if o == -_INF:
        return "-Infinity"
    return float.__repr__(o)


def _key(k) -> str:
    if isinstance(k, str):
        return encode_basestring(k)
    if isinstance(k, float):
        return '"' + _float(k) + '"'
    if k is True:
        return '"true"'
    if k is False:
        return '"false"'
    if k is None:
        return '"null"'
    if isinstance(k, int):
        return '"' + int.__repr__(k) + '"'
    raise TypeError(f"keys must be str, int, float, bool or None, not {k.__class__.__name__}")


def _scalar(o) -> str | None:
    """The text of a scalar; None for a container (or anything else)."""
    if isinstance(o, str):
        return encode_basestring(o)
    if o is None:
        return "null"
    if o is True:
        return "true"
    if o is False:
        return "false"
    if isinstance(o, int):
        return int.__repr__(o)
    if isinstance(o, float):
        return _float(o)
    return None


def _value(o, nl: str, out: list[str]) -> None:
    """Append the text of `o` (its lines indented after `nl`, a newline and the current indent).
    Exact `str`, `int` and `dict` values take the short paths (most of a report); their
    subclasses and every other type go the general way, with json's order of checks."""
    t = type(o)
    if t is dict:
        if not o:
            out.append("{}")
            return
        inner = nl + INDENT
        sep = "{" + inner
        for k, v in o.items():
            head = sep + (encode_basestring(k) if type(k) is str else _key(k)) + ": "
            sep = "," + inner
            tv = type(v)
            if tv is str:
                out.append(head + encode_basestring(v))
            elif tv is int:
                out.append(head + int.__repr__(v))
            else:
                out.append(head)
                _value(v, inner, out)
        out.append(nl + "}")
        return
    if t is str:
        out.append(encode_basestring(o))
        return
    s = _scalar(o)
    if s is not None:
        out.append(s)
    elif isinstance(o, dict):
        _value(dict(o), nl, out)
    elif isinstance(o, (list, tuple, Items)):
        sep, inner = None, nl + INDENT
        for v in o:
            out.append(("," if sep else "[") + inner)
            sep = True
            _value(v, inner, out)
        out.append(nl + "]" if sep else "[]")
    else:
        _value(_DEFAULT(o), nl, out)


def _walk(o, nl: str, depth: int, out: list[str]) -> Iterator[None]:
    """Like `_value`, but yields after each element of the containers near the top; the elements
    of a long list (a report's findings, SARIF's results) are each encoded whole."""
    if depth > STREAM_DEPTH and not isinstance(o, Items) or _scalar(o) is not None:
        _value(o, nl, out)
        return
    inner = nl + INDENT
    if isinstance(o, dict):
        if not o:
            out.append("{}")
            return
        sep = "{" + inner
        for k, v in o.items():
            out.append(sep + _key(k) + ": ")
            sep = "," + inner
            yield from _walk(v, inner, depth + 1, out)
            yield
        out.append(nl + "}")
    elif isinstance(o, (list, tuple, Items)):
        whole = isinstance(o, Items) or len(o) >= LONG
        sep = None
        for v in o:
            out.append(("," if sep else "[") + inner)
            sep = True
            if whole:
                _value(v, inner, out)
            else:
                yield from _walk(v, inner, depth + 1, out)
            yield
        out.append(nl + "]" if sep else "[]")
    else:
        _value(o, nl, out)


def chunks(obj, size: int = 1 << 16) -> Iterator[str]:
    """The text of `json.dumps(obj, ensure_ascii=False, indent=2) + "\\n"`, in chunks of at least
    `size` characters (but the last)."""
    out: list[str] = []
    n = seen = 0
    for _ in _walk(obj, "\n", 0, out):
        n += sum(map(len, out[seen:]))
        seen = len(out)
        if n >= size:
            yield "".join(out)
            out.clear()
            n = seen = 0
    out.append("\n")
    yield "".join(out)
