"""Safe, position-aware YAML reading.

Builds plain Python data from a YAML document while recording the line and column of every
value, so that errors can name file, line, column and field. Floats become `Decimal` built from
the scalar's text (`225.0` keeps its trailing zero); timestamps stay strings; duplicate keys,
NaN/inf, aliases of collections and non-standard tags are errors.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import NamedTuple

import yaml

Path = tuple[str | int, ...]

_T = "tag:yaml.org,2002:"


class Mark(NamedTuple):
    line: int  # 1-based
    column: int  # 1-based


class YamlError(ValueError):
    def __init__(self, message: str, mark: Mark | None, path: Path = ()):
        super().__init__(message)
        self.message = message
        self.mark = mark
        self.path = path


def _mark(node: yaml.Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ~10x faster


def _compose(text: str) -> yaml.Node | None:
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def load(text: str) -> tuple[object, dict[Path, Mark]]:
    """Parse one YAML document; return (data, positions by path)."""
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as e:
        m = e.problem_mark or e.context_mark
        mark = Mark(m.line + 1, m.column + 1) if m else None
        raise YamlError(f"YAML syntax: {e.problem or e.context}", mark) from None
    except yaml.YAMLError as e:
        raise YamlError(f"YAML: {e}", None) from None
    positions: dict[Path, Mark] = {}
    if node is None:
        return None, positions
    return _build(node, (), positions, set()), positions


def _build(node: yaml.Node, path: Path, positions: dict[Path, Mark], seen: set[int]) -> object:
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
        if id(node) in seen:  # the composer resolved an alias (*name) to a node already built
            raise YamlError("YAML aliases (*name) are not allowed in plan files", _mark(node), path)
        seen.add(id(node))
    positions[path] = _mark(node)
    if isinstance(node, yaml.MappingNode):
        out: dict[str, object] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _T + "merge":
                raise YamlError("YAML merge keys (<<) are not allowed", _mark(key_node), path)
            key = _build(key_node, path, {}, seen)
            if not isinstance(key, str):
                key = str(key)
            if key in out:
                raise YamlError(f"duplicate key {key!r}", _mark(key_node), (*path, key))
            out[key] = _build(value_node, (*path, key), positions, seen)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*path, i), positions, seen) for i, item in enumerate(node.value)]
    return _scalar(node, path)


def _scalar(node: yaml.ScalarNode, path: Path) -> object:
    tag, text = node.tag, node.value
    if tag == _T + "str" or tag == _T + "timestamp":
        return text
    if tag == _T + "null":
        return None
    if tag == _T + "bool":
        return text.lower() in ("true", "yes", "on", "y")
    if tag == _T + "int":
        try:
            return int(text.replace("_", ""), 0)
        except ValueError:
            raise YamlError(f"cannot read integer {text!r}", _mark(node), path) from None
    if tag == _T + "float":
        low = text.lower()
        if "nan" in low or "inf" in low:
            raise YamlError(f"{text!r} is not a number a plan can state (NaN/inf)", _mark(node), path)
        try:
            return Decimal(text.replace("_", ""))
        except InvalidOperation:
            raise YamlError(f"cannot read number {text!r}", _mark(node), path) from None
    raise YamlError(f"tag {tag!r} is not allowed", _mark(node), path)


def position(positions: dict[Path, Mark], path: Path) -> Mark | None:
    """The mark of `path`, or of its nearest ancestor that has one."""
    p = tuple(path)
    while True:
        if p in positions:
            m = positions[p]
            return m if isinstance(m, Mark) else Mark(*m)
        if not p:
            return None
        p = p[:-1]
