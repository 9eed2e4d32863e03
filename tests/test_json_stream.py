"""The streaming JSON encoder: the skeleton indented as `json.dumps(..., ensure_ascii=False,
indent=2)` writes it, everything from depth `flat` down compact on its line as json's C encoder
writes it (orjson's text, or json's where orjson refuses a value); with `flat` deeper than the
value, exactly the `indent=2` text. Floats are the one difference: the same number read back,
NaN and the infinities possibly as null."""

from __future__ import annotations

import enum
import json
import math
from collections import OrderedDict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plancheck.report import jsonstream


def dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"


def compact(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def layout(obj, flat: int, depth: int = 0) -> str:
    """The layout, built independently: `indent=2` down to depth `flat`, then compact."""
    if depth >= flat or not isinstance(obj, (dict, list, tuple)) or not obj:
        return compact(obj)
    pad, inner = "  " * depth, "  " * (depth + 1)
    if isinstance(obj, dict):
        members = [f"{inner}{compact({k: 0})[1:-3]}: {layout(v, flat, depth + 1)}" for k, v in obj.items()]
        return "{\n" + ",\n".join(members) + "\n" + pad + "}"
    return "[\n" + ",\n".join(inner + layout(v, flat, depth + 1) for v in obj) + "\n" + pad + "]"


DEEP = 10**6  # deeper than any value here: every container indented


class Sev(str, enum.Enum):
    error = "error"


class Rank(enum.IntEnum):
    one = 1


# every JSON value but floats (the text is json's byte for byte); keys of every kind json takes
exact = st.one_of(st.none(), st.booleans(), st.integers(), st.integers(min_value=-(10**40), max_value=10**40),
                  st.text())
keys = st.one_of(st.text(), st.integers(), st.floats(allow_nan=False), st.booleans(), st.none())


def _values(scalars):
    return st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=40), st.tuples(inner, inner),
                                                         st.dictionaries(keys, inner, max_size=8)), max_leaves=200)


values = _values(exact)
with_floats = _values(st.one_of(exact, st.floats(allow_nan=True, allow_infinity=True)))


@settings(max_examples=300, deadline=None)
@given(values, st.sampled_from([1, 5, 64, 1 << 16]))
def test_the_text_is_json_dumps_for_any_json_value_and_chunk_size(obj, size):
    chunks = list(jsonstream.chunks(obj, size, flat=DEEP))
    assert "".join(chunks) == dumps(obj)
    assert all(len(c) >= size for c in chunks[:-1])


@settings(max_examples=300, deadline=None)
@given(values, st.sampled_from([1, 5, 1 << 16]), st.integers(min_value=0, max_value=4))
def test_below_flat_each_value_is_compact_on_its_line(obj, size, flat):
    chunks = list(jsonstream.chunks(obj, size, flat))
    text = "".join(chunks)
    assert text == layout(obj, flat) + "\n"
    assert all(len(c) >= size for c in chunks[:-1])
    if flat == 0:
        assert text == compact(obj) + "\n"


class _Pairs(list):
    """An object as read, every member kept in order (json writes a key twice if two keys have
    one text: None and "null")."""


def _same(ours, value) -> bool:
    """`ours` (our text read with `_Pairs` objects) is `value` as json reads it back; a NaN or an
    infinity may have become None."""
    if isinstance(value, float):
        if not math.isfinite(value):
            return ours is None or (isinstance(ours, float) and (ours == value or math.isnan(ours) and math.isnan(value)))
        return isinstance(ours, float) and ours == value and math.copysign(1, ours) == math.copysign(1, value)
    if isinstance(value, dict):
        keys = [next(iter(json.loads(json.dumps({k: 0})))) for k in value]  # each key as json writes it
        return isinstance(ours, _Pairs) and [k for k, _ in ours] == keys and all(
            _same(o, v) for (_, o), v in zip(ours, value.values(), strict=True))
    if isinstance(value, (list, tuple)):
        return type(ours) is list and len(ours) == len(value) and all(map(_same, ours, value))
    return ours == value and type(ours) is type(json.loads(json.dumps(value)))


@settings(max_examples=300, deadline=None)
@given(with_floats, st.integers(min_value=0, max_value=4))
def test_a_float_reads_back_as_the_same_number(obj, flat):
    text = "".join(jsonstream.chunks(obj, 64, flat))
    assert _same(json.loads(text, object_pairs_hook=_Pairs), obj)


def test_nan_and_the_infinities_are_null_as_json_readers_take_them():
    doc = {"findings": [{"values": [float("nan"), float("inf"), -float("inf"), 1e-07, 1e16, 0.1]}]}
    text = jsonstream.dumps(doc)
    assert '{"values":[null,null,null,1e-7,' in text
    assert json.loads(text)["findings"][0]["values"][3:] == [1e-07, 1e16, 0.1]


def test_a_report_document_one_finding_per_line():
    finding = {"id": "PC101-0123456789", "message": "“引号” <b>& \u2028", "values": {"a": [1, 2.5, None]},
               "evidence": [{"plan": "p", "line": 3}]}
    doc = {"tool": {"name": "plancheck"}, "summary": {"errors": 1}, "findings": [finding, finding], "causes": []}
    text = jsonstream.dumps(doc)
    assert json.loads(text) == doc
    lines = text.split("\n")  # (str.splitlines would also break at the U+2028 of the message)
    assert lines[:4] == ["{", '  "tool": {', '    "name": "plancheck"', "  },"]
    assert lines.count("    " + compact(finding) + ",") == 1 and "    " + compact(finding) in lines
    assert lines[-3:] == ['  "causes": []', "}", ""]


def test_subclasses_and_special_keys_and_numbers_as_json_writes_them():
    doc = {"sev": Sev.error, "rank": Rank.one, Rank.one: "int-enum key", 2.5: "float key", None: [{"sev": Sev.error}],
           True: ({"rank": Rank.one}, {2.5: "x"}, {"big": -(10**20)}), "od": OrderedDict([("b", 1), ("a", [])]), "e": {},
           "text": "“引号” <b>& \u2028 \x00 \ud800", "big": 10**30, "deep": [[[[[{"x": [1, [2, {"y": ()}]]}]]]]]}
    assert "".join(jsonstream.chunks(doc, 3, flat=DEEP)) == dumps(doc)
    assert "".join(jsonstream.chunks(doc, 3, flat=2)) == layout(doc, 2) + "\n"


def test_items_are_encoded_as_the_list_they_yield_without_being_built_first():
    made = []

    def results():
        for i in range(100):
            made.append(i)
            yield {"i": i, "v": [i, str(i)]}

    stream = jsonstream.chunks({"runs": [{"results": jsonstream.Items(results())}]}, 64, flat=DEEP)
    first = next(stream)
    assert len(made) < 100  # streamed: the first chunk is out before the last result is made
    text = first + "".join(stream)
    assert text == dumps({"runs": [{"results": [{"i": i, "v": [i, str(i)]} for i in range(100)]}]})


def test_what_json_cannot_hold_is_the_same_type_error():
    for bad in ({"a": object()}, {(1, 2): "tuple key"}, [{1, 2}]):
        with pytest.raises(TypeError) as theirs:
            json.dumps(bad, ensure_ascii=False, indent=2)
        for flat in (0, 1, DEEP):
            with pytest.raises(TypeError) as ours:
                "".join(jsonstream.chunks(bad, flat=flat))
            assert type(ours.value) is type(theirs.value)


@settings(max_examples=300, deadline=None)
@given(values, st.sampled_from([1, 5, 64, 1 << 16]), st.integers(min_value=0, max_value=4))
def test_the_bytes_a_file_is_written_from_are_the_text_in_utf8(obj, size, flat):
    raw = list(jsonstream.byte_chunks(obj, size, flat))
    assert all(isinstance(c, bytes) for c in raw)
    assert b"".join(raw) == "".join(jsonstream.chunks(obj, size, flat)).encode("utf-8")
    assert all(len(c) >= size for c in raw[:-1])


def test_a_lone_surrogate_cannot_go_into_a_file_but_stays_in_the_text():
    doc = {"text": "a \ud800 b"}
    assert "".join(jsonstream.chunks(doc)) == dumps(doc)
    with pytest.raises(UnicodeEncodeError):
        b"".join(jsonstream.byte_chunks(doc))
