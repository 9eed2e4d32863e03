"""What the cache stores, as plain JSON, and how it is rebuilt and validated on read.

A decoder returns None for anything that is not exactly what the encoder writes (wrong shape,
wrong types, an invalid plan): the entry is then ignored and rebuilt. Objects are rebuilt by
pydantic (`model_validate_json` / a `TypeAdapter`), never by a deserialiser that can run code.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache

import orjson
import pydantic

from plancheck.cache import NotCached
from plancheck.findings import Finding
from plancheck.models import Plan
from plancheck.yamlsrc import Mark
from plancheck.yamlsrc import Path as YPath


def encode_plan(plan: Plan, positions: dict[YPath, Mark]) -> bytes:
    marks = [[list(p), m[0], m[1]] for p, m in positions.items()]
    return plan.model_dump_json().encode() + b"\n" + json.dumps(marks, separators=(",", ":")).encode()


def _part(p) -> bool:
    return isinstance(p, str) or (isinstance(p, int) and not isinstance(p, bool))


def decode_plan(body: bytes) -> tuple[Plan, dict[YPath, tuple[int, int]]] | None:
    plan_json, nl, marks_json = body.partition(b"\n")
    if not nl:
        return None
    try:
        plan = Plan.model_validate_json(plan_json)
        marks = json.loads(marks_json)
    except (ValueError, RecursionError):  # pydantic.ValidationError is a ValueError
        return None
    if not isinstance(marks, list):
        return None
    positions: dict[YPath, tuple[int, int]] = {}
    for m in marks:
        if not (isinstance(m, list) and len(m) == 3 and isinstance(m[0], list) and all(map(_part, m[0]))
                and type(m[1]) is int and type(m[2]) is int):
            return None
        positions[tuple(m[0])] = (m[1], m[2])
    return plan, positions


@cache
def _findings_adapter() -> pydantic.TypeAdapter:
    return pydantic.TypeAdapter(list[Finding], config=pydantic.ConfigDict(strict=False))


def _plain(v) -> bool:
    """JSON round-trips `v` exactly (no tuples, Decimals or non-string keys)."""
    t = type(v)
    if t is dict:  # the usual shapes first, without a call per string (a finding's values)
        for k, x in v.items():
            if not ((type(k) is str or isinstance(k, str)) and (type(x) is str or _plain(x))):
                return False
        return True
    if t is list:
        for x in v:
            if not (type(x) is str or _plain(x)):
                return False
        return True
    if v is None or isinstance(v, (str, bool, int)):
        return True
    if isinstance(v, float):
        return v == v and v not in (float("inf"), float("-inf"))
    if isinstance(v, list):
        return all(_plain(x) for x in v)
    if isinstance(v, dict):
        return all(isinstance(k, str) and _plain(x) for k, x in v.items())
    return False


def encode_findings(findings: list[Finding]) -> bytes | None:
    """The findings as JSON, or None when one carries values JSON cannot hold exactly (then the
    findings are simply not cached)."""
    try:
        return b"".join(findings_chunks(findings))
    except NotCached:
        return None


def findings_chunks(findings: list[Finding]) -> Iterator[bytes]:
    """The text of `encode_findings` in pieces, one finding at a time (the whole-run entry holds
    every finding of the corpus: it is written as it is encoded, never held whole, nor a dict per
    finding of it at once); raises NotCached at a finding JSON cannot hold exactly. Encoded by
    orjson: compact UTF-8 JSON that decodes to the same values as the standard library's, at a
    fifth of its CPU (docs/decisions.md, "orjson for the caches")."""
    yield b"["
    for i, f in enumerate(findings):
        if not _plain(f.values) or f.waived or f.baseline_status is not None:
            raise NotCached(f.rule)
        try:
            text = orjson.dumps({"rule": f.rule, "severity": f.severity.value, "plans": f.plans,
                                 "message_zh": f.message_zh, "message_en": f.message_en, "key": f.key,
                                 "values": f.values, "evidence": [e.to_json() for e in f.evidence]})
        except TypeError as e:  # orjson.JSONEncodeError: an integer beyond 64 bits, a str subclass it refuses
            raise NotCached(f.rule) from e
        yield b"," + text if i else text
    yield b"]"


def decode_findings(body: bytes) -> list[Finding] | None:
    try:
        found = _findings_adapter().validate_json(body)
    except (ValueError, RecursionError):
        return None
    if any(f.waived or f.baseline_status is not None for f in found):
        return None
    return found


@cache
def _lists_adapter() -> pydantic.TypeAdapter:
    return pydantic.TypeAdapter(list[list[Finding]], config=pydantic.ConfigDict(strict=False))


def decode_findings_lists(body: bytes, n: int) -> list[list[Finding]] | None:
    """`n` lists of findings (one per rule, as `plancheck.plancache` stores them), or None."""
    try:
        lists = _lists_adapter().validate_json(body)
    except (ValueError, RecursionError):
        return None
    if len(lists) != n or any(f.waived or f.baseline_status is not None for found in lists for f in found):
        return None
    return lists
