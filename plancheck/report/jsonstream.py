"""JSON written streaming, in the layout of report.json and report.sarif: the containers near the
top indented by two spaces, one member per line, and everything from depth `flat` down written
compact on its line by json's C encoder (issue 13: report.json at 134,000 findings).

    {
      "tool": {
        "name": "plancheck",
        ...
      },
      "findings": [
        {"id":"PC101-...","rule":"PC101",...,"evidence":[{...}]},
        ...
      ]
    }

The standard library's indented encoder (`indent=2`) is pure Python and yields a few characters
per generator step; with `indent=None` and compact separators the whole value is encoded in C,
several times faster. So only the skeleton (a few dozen containers) is walked here, in Python,
and each element of a big list (a finding, a SARIF result) is handed to the C encoder whole: one
finding per line, still one valid JSON document, never held whole, the same bytes for the same
value. With `flat` deeper than the value the text is exactly `json.dumps(obj, ensure_ascii=False,
indent=2)` (`tests/test_json_stream.py` pins both). A list may also be given as `Items(iterable)`:
its elements are produced while the text is written (report.sarif's results are never all built
at once). `byte_chunks` gives the same text in UTF-8, for files.

Each compact value is encoded by orjson (Rust, four to six times json's C encoder on a finding or
a SARIF result, issue 13), which writes what json's compact encoder writes (`ensure_ascii=False`,
insertion order, the same string escapes and integers); whatever orjson will not encode as json
would (a subclass of str, int, dict or list such as an enum, a key that is not a string, an
integer beyond 64 bits, a lone surrogate, a type JSON has no form for) it refuses, and json's C
encoder writes that value instead, or raises its TypeError. One difference is kept on purpose:
a float is written in orjson's shortest form (`1e-7`, json `1e-07`: the same number read back),
and NaN and the infinities, which json writes as `NaN`/`Infinity` (not JSON: strict readers,
code-scanning uploads among them, refuse them), as `null`. The report documents hold no floats
(their numbers are strings keeping the written precision; counts and lines are ints).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

import orjson

INDENT = "  "
# report.json: the top object and its members (tool, summary, the lists) indented; each plan,
# rule, finding and cause compact on its own line
FLAT = 2
# json's C encoder; no check for circular references (a quarter faster): a report document is a
# tree, and a cycle would still stop with an error (RecursionError), never loop
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode
# orjson refuses (TypeError) the subclasses, dataclasses and dates it would otherwise write its own way
_ORJSON_OPTIONS = orjson.OPT_PASSTHROUGH_SUBCLASS | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME
_ORJSON = orjson.dumps


class Items:
    """A list given as an iterable: encoded element by element as they are produced (once)."""

    def __init__(self, items: Iterable):
        self.items = items

    def __iter__(self):
        return iter(self.items)


def _key(k) -> str:
    """A dict key as json writes it (keys that are not strings become strings)."""
    if isinstance(k, str):
        return _COMPACT(k)
    if k is None or isinstance(k, (bool, int, float)):
        return _COMPACT(_COMPACT(k))  # json's text of the key (true, 1, NaN ...) as a string
    raise TypeError(f"keys must be str, int, float, bool or None, not {k.__class__.__name__}")


def compact(o) -> str:
    """`o` compact on one line (json's C encoder); an `Items` list as the list it yields."""
    return _compact_bytes(o, "surrogatepass").decode("utf-8", "surrogatepass")


def _compact_bytes(o, errors: str) -> bytes:
    """`compact(o)` in UTF-8: orjson's bytes as they come, json's text encoded (`errors`: what a
    lone surrogate, which only json writes, does: raise, or pass into the bytes for `compact`)."""
    if isinstance(o, Items):
        o = list(o)
    try:
        return _ORJSON(o, option=_ORJSON_OPTIONS)
    except TypeError:  # what orjson will not write as json does: json's C encoder (or its TypeError)
        return _COMPACT(o).encode("utf-8", errors)


def _walk(o, nl: str, depth: int, flat: int, errors: str) -> Iterator[bytes]:
    """The UTF-8 text of `o`, its lines indented after `nl` (a newline and the current indent), in
    pieces: one per member of the containers above depth `flat`, each deeper value whole."""
    if depth >= flat or not isinstance(o, (dict, list, tuple, Items)):
        yield _compact_bytes(o, errors)
        return
    inner = nl + INDENT
    if isinstance(o, dict):
        if not o:
            yield b"{}"
            return
        sep = "{" + inner
        for k, v in o.items():
            head = (sep + _key(k) + ": ").encode("utf-8", errors)
            sep = "," + inner
            if depth + 1 >= flat or not isinstance(v, (dict, list, tuple, Items)):
                yield head + _compact_bytes(v, errors)
            else:
                yield head
                yield from _walk(v, inner, depth + 1, flat, errors)
        yield (nl + "}").encode()
        return
    sep = ("[" + inner).encode()
    for v in o:
        if depth + 1 >= flat or not isinstance(v, (dict, list, tuple, Items)):
            yield sep + _compact_bytes(v, errors)  # a finding, a SARIF result: one call, one line
        else:
            yield sep
            yield from _walk(v, inner, depth + 1, flat, errors)
        sep = ("," + inner).encode()
    yield b"[]" if sep[:1] == b"[" else (nl + "]").encode()


def byte_chunks(obj, size: int = 1 << 16, flat: int = FLAT) -> Iterator[bytes]:
    """The UTF-8 text of `obj` and a final newline, in chunks of at least `size` bytes (but the
    last): what a file is written from, orjson's bytes never decoded to be encoded again. A lone
    surrogate (not UTF-8) raises UnicodeEncodeError, as encoding the text would."""
    out: list[bytes] = []
    n = 0
    for piece in _walk(obj, "\n", 0, flat, "strict"):
        out.append(piece)
        n += len(piece)
        if n >= size:
            yield b"".join(out)
            out.clear()
            n = 0
    out.append(b"\n")
    yield b"".join(out)


def chunks(obj, size: int = 1 << 16, flat: int = FLAT) -> Iterator[str]:
    """The text of `obj` and a final newline, in chunks of at least `size` characters (but the
    last)."""
    out: list[str] = []
    n = 0
    for raw in _walk(obj, "\n", 0, flat, "surrogatepass"):
        piece = raw.decode("utf-8", "surrogatepass")
        out.append(piece)
        n += len(piece)
        if n >= size:
            yield "".join(out)
            out.clear()
            n = 0
    out.append("\n")
    yield "".join(out)


def dumps(obj, flat: int = FLAT) -> str:
    """The whole text of `chunks` as one string (for stdout and tests)."""
    return "".join(chunks(obj, 1 << 16, flat))
