"""The hot path of reading a plan file: plain data straight from libyaml's event stream.

`yamlsrc.load` composes a node tree (a Python node and two marks per value, each scalar resolved
by the resolver's regular expressions) and records the position of every value: on a large plan
that costs several times the parse itself, and a position per value is most of the memory.
`load` here builds the same data from the parser's events, with the same conversions
(`yamlsrc._value`: Decimal from the scalar's text, the same number limits), and keeps the
positions of the shallow values only: the plan's fields and the items of its lists, which is
what reports cite (a finding's plan line is its item's line).

Anything unusual gives up and returns None: an alias or an anchor, a tag other than the
core map/seq/scalar ones, a merge key, a duplicate or non-scalar key, nesting near the limit, a
number outside the limits, a syntax error, a second document. The caller then reads the file
with `yamlsrc.load`, which refuses it with the error at its line and column, or accepts it with
every position. So this path never accepts what `yamlsrc.load` refuses, and it builds the same
data (tests/test_yaml_fast.py checks both on the corpus and on generated documents).
"""

from __future__ import annotations

from decimal import InvalidOperation

import yaml
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from plancheck import yamlsrc
from plancheck.yamlsrc import _T, MAX_DEPTH, Mark, Path, YamlError, _value

SHALLOW = 2  # positions kept: the root (0), the plan's fields (1), their items and subfields (2)
_Parser = getattr(yaml, "CBaseLoader", yaml.BaseLoader)  # only its event stream is used
_STR, _MAP, _SEQ, _MERGE = _T + "str", _T + "map", _T + "seq", _T + "merge"
_NO_KEY = object()
_CACHE_MAX = 4096  # plain scalars resolved per file: keys and enumerations repeat


class _GiveUp(Exception):
    pass


def load(text: str) -> tuple[object, dict[Path, Mark]] | None:
    """(data, positions of values at most SHALLOW levels deep), or None: read the file with
    `yamlsrc.load` instead (it has something this path does not handle, maybe an error)."""
    parser = _Parser(text)
    try:
        return _build(parser.get_event, _resolver())
    except (_GiveUp, YamlError, yaml.YAMLError, ValueError, InvalidOperation):
        return None
    finally:
        parser.dispose()


def _resolver():
    """Plain scalar -> tag, by the same implicit resolvers (and order) as `yamlsrc`'s loader."""
    table = yamlsrc._Loader.yaml_implicit_resolvers
    wild = list(table.get(None, []))
    by_first = {k: list(v) + wild for k, v in table.items() if k is not None}
    cache: dict[str, str] = {}

    def resolve(value: str) -> str:
        tag = cache.get(value)
        if tag is None:
            tag = _STR
            for t, rx in by_first.get(value[:1], wild):
                if rx.match(value):
                    tag = t
                    break
            if len(cache) < _CACHE_MAX:
                cache[value] = tag
        return tag

    return resolve


def _mark(event) -> Mark:
    return Mark(event.start_mark.line + 1, event.start_mark.column + 1)


def _scalar(pool: dict, tag: str, event):
    """The scalar's value, one object for every equal scalar of a document (issue 13: memory).
    A plan repeats its units, indicator keys, names, years and quotes (a sentence stating
    several figures is each fact's quote): as one object each, they are held once by the loaded
    plan and pickled once from a load worker. Text is keyed by itself; a converted value by its
    tag and text, so `225.0` and `225` stay two Decimals of their own precision."""
    text = event.value
    if tag == _STR:
        return pool.setdefault(text, text)
    key = (tag, text)
    value = pool.get(key, _NO_KEY)
    if value is _NO_KEY:
        value = pool[key] = _value(tag, text, event, ())
    return value


def _build(get, resolve) -> tuple[object, dict[Path, Mark]]:
    get()  # stream start
    event = get()
    if type(event) is StreamEndEvent:
        return None, {}
    positions: dict[Path, Mark] = {}
    scalars: dict = {}  # _scalar's pool: one object per distinct scalar of this document
    stack: list[list] = []  # open containers: [container, path or None, pending key, is a map]
    root = _NO_KEY
    while root is _NO_KEY:
        event = get()
        kind = type(event)
        if kind is MappingEndEvent or kind is SequenceEndEvent:
            done = stack.pop()[0]
            if not stack:
                root = done
            continue
        if kind is AliasEvent or event.anchor is not None or len(stack) >= MAX_DEPTH:
            raise _GiveUp  # anchors serve aliases only (refused); the composer checks their reuse
        top = stack[-1] if stack else None
        if kind is ScalarEvent:
            tag = event.tag
            if tag is None or tag == "!":
                tag = resolve(event.value) if event.implicit[0] else _STR
            if top is not None and top[3] and top[2] is _NO_KEY:  # a key
                if tag == _MERGE:
                    raise _GiveUp
                key = _scalar(scalars, tag, event)
                if not isinstance(key, str):
                    key = str(key)
                if key in top[0]:
                    raise _GiveUp  # a duplicate key: yamlsrc.load names it
                top[2] = key
                continue
            value = _scalar(scalars, tag, event)
            frame = None
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            is_map = kind is MappingStartEvent
            if event.tag not in (None, "!", _MAP if is_map else _SEQ):
                raise _GiveUp
            if top is not None and top[3] and top[2] is _NO_KEY:
                raise _GiveUp  # a map or a list as a key
            value = {} if is_map else []
            frame = [value, None, _NO_KEY, is_map]
        else:
            raise _GiveUp  # a second document, or an event a plan file never has
        if top is None:
            path: Path = ()
        elif top[3]:
            name, top[2] = top[2], _NO_KEY
            top[0][name] = value
            path = (*top[1], name) if len(stack) <= SHALLOW else None
        else:
            path = (*top[1], len(top[0])) if len(stack) <= SHALLOW else None
            top[0].append(value)
        if path is not None:
            positions[path] = _mark(event)
        if frame is None:
            if top is None:
                root = value
        else:
            frame[1] = path if path is not None and len(path) < SHALLOW else None
            stack.append(frame)
    if type(get()) is not DocumentEndEvent or type(get()) is not StreamEndEvent:
        raise _GiveUp
    return root, positions
