"""Safe, position-aware YAML reading.

Builds plain Python data from a YAML document while recording the line and column of every
value, so that errors can name file, line, column and field. Floats become `Decimal` built from
the scalar's text (`225.0` keeps its trailing zero); timestamps stay strings. Errors, each at
its line: duplicate keys, NaN/inf, aliases (`*name`) of any node, merge keys, tags other than
the core schema's on scalars, lists and maps (`!!python/...`, `!!set`, `!!omap`...), nesting
deeper than `MAX_DEPTH`, and numbers a plan never prints (`limits`: exponent notation, more
than `MAX_DIGITS` digits, magnitudes of `MAX_MAGNITUDE` and above, non-decimal integers).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

import yaml

Path = tuple[str | int, ...]

_T = "tag:yaml.org,2002:"
MAX_DEPTH = 32  # plan files nest 4 levels; the catalog and waivers fewer
MAX_DIGITS = 30  # significant digits a printed figure can have, with room to spare
MAX_MAGNITUDE = 10**15  # 1000 万亿: above a nation's output in 元
_DECIMAL = re.compile(r"[-+]?(?:\d[\d_]*)?(?:\.[\d_]*)?")


class Mark(NamedTuple):
    line: int  # 1-based
    column: int  # 1-based


class YamlError(ValueError):
    def __init__(self, message: str, mark: Mark | None, path: Path = ()):
        super().__init__(message)
        self.message = message
        self.mark = mark
        self.path = path


def _mark(node) -> Mark:
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
    except RecursionError:  # the pure-Python composer (no libyaml) on deep nesting
        raise YamlError(f"nesting deeper than {MAX_DEPTH} levels is not allowed", None) from None
    positions: dict[Path, Mark] = {}
    if node is None:
        return None, positions
    return _build(node, (), positions, set()), positions


def _alias(node: yaml.Node, path: Path, at: Mark | None = None) -> YamlError:
    first = _mark(node)
    return YamlError(f"YAML aliases (*name) are not allowed in plan files (this repeats the value at line {first.line})",
                     at or first, path)


def _build(node: yaml.Node, path: Path, positions: dict[Path, Mark], seen: set[int]) -> object:
    if id(node) in seen:  # the composer resolved an alias (*name) to a node already built
        raise _alias(node, path)
    seen.add(id(node))
    if len(path) > MAX_DEPTH:
        raise YamlError(f"nesting deeper than {MAX_DEPTH} levels is not allowed", _mark(node), path)
    positions[path] = _mark(node)
    if isinstance(node, yaml.MappingNode):
        if node.tag != _T + "map":
            raise YamlError(f"tag {node.tag!r} is not allowed", _mark(node), path)
        out: dict[str, object] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _T + "merge":
                raise YamlError("YAML merge keys (<<) are not allowed", _mark(key_node), path)
            key = _build(key_node, path, {}, seen)
            if not isinstance(key, str):
                key = str(key)
            if key in out:
                raise YamlError(f"duplicate key {key!r}", _mark(key_node), (*path, key))
            if id(value_node) in seen:  # an alias as a value: report it at its key's line
                raise _alias(value_node, (*path, key), _mark(key_node))
            out[key] = _build(value_node, (*path, key), positions, seen)
        return out
    if isinstance(node, yaml.SequenceNode):
        if node.tag != _T + "seq":
            raise YamlError(f"tag {node.tag!r} is not allowed", _mark(node), path)
        return [_build(item, (*path, i), positions, seen) for i, item in enumerate(node.value)]
    return _scalar(node, path)


def _scalar(node: yaml.ScalarNode, path: Path) -> object:
    return _value(node.tag, node.value, node, path)


def _value(tag: str, text: str, node, path: Path) -> object:
    """The value of a scalar of resolved `tag`; `node` (a node or an event) only places errors."""
    if tag == _T + "str" or tag == _T + "timestamp":
        return text
    if tag == _T + "null":
        return None
    if tag == _T + "bool":
        return text.lower() in ("true", "yes", "on", "y")
    if tag == _T + "int":
        return _int(text, node, path)
    if tag == _T + "float":
        return _float(text, node, path)
    raise YamlError(f"tag {tag!r} is not allowed", _mark(node), path)


def _int(text: str, node, path: Path) -> int:
    digits = text.replace("_", "").lstrip("+-")
    if not digits.isdecimal() or not digits.isascii() or (len(digits) > 1 and digits[0] == "0"):
        raise YamlError(f"cannot read integer {text!r}: plan numbers are written in decimal", _mark(node), path)
    _limits(text, len(digits.lstrip("0")), len(digits), node, path)
    return int(text.replace("_", ""))


def _float(text: str, node, path: Path) -> Decimal:
    low = text.lower()
    if "nan" in low or "inf" in low:
        raise YamlError(f"{text!r} is not a number a plan can state (NaN/inf)", _mark(node), path)
    if "e" in low:
        raise YamlError(f"{text!r}: exponent notation is not used in plan documents; write the number as printed",
                        _mark(node), path)
    plain = text.replace("_", "")
    if not _DECIMAL.fullmatch(plain):
        raise YamlError(f"cannot read number {text!r}", _mark(node), path)
    whole = plain.lstrip("+-").split(".")[0].lstrip("0")
    _limits(text, len(whole), sum(c.isdigit() for c in plain), node, path)
    try:
        return Decimal(plain)
    except InvalidOperation:
        raise YamlError(f"cannot read number {text!r}", _mark(node), path) from None


def _limits(text: str, whole_digits: int, digits: int, node, path: Path) -> None:
    if digits > MAX_DIGITS:
        raise YamlError(f"number {text[:40]!r}{'...' if len(text) > 40 else ''} has {digits} digits; "
                        f"a printed figure has at most {MAX_DIGITS}", _mark(node), path)
    if whole_digits > len(str(MAX_MAGNITUDE)) - 1:
        raise YamlError(f"number {text!r} is out of range: plan figures are below {MAX_MAGNITUDE:.0e} "
                        "in absolute value", _mark(node), path)


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
