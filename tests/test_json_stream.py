"""The streaming JSON encoder writes exactly `json.dumps(..., ensure_ascii=False, indent=2)`."""

from __future__ import annotations

import enum
import json
from collections import OrderedDict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plancheck.report import jsonstream


def dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"


class Sev(str, enum.Enum):
    error = "error"


class Rank(enum.IntEnum):
    one = 1


scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.integers(min_value=-(10**40), max_value=10**40),
                    st.floats(allow_nan=True, allow_infinity=True), st.text())
keys = st.one_of(st.text(), st.integers(), st.floats(allow_nan=False), st.booleans(), st.none())
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=40), st.tuples(inner, inner),
                                                       st.dictionaries(keys, inner, max_size=8)), max_leaves=200)


@settings(max_examples=300, deadline=None)
@given(values, st.sampled_from([1, 5, 64, 1 << 16]))
def test_the_text_is_json_dumps_for_any_json_value_and_chunk_size(obj, size):
    chunks = list(jsonstream.chunks(obj, size))
    assert "".join(chunks) == dumps(obj)
    assert all(len(c) >= size for c in chunks[:-1])


def test_subclasses_and_special_numbers_as_json_writes_them():
    doc = {"sev": Sev.error, "rank": Rank.one, Rank.one: "int-enum key", 2.5: "float key", None: [float("nan")],
           True: (float("inf"), -float("inf")), "od": OrderedDict([("b", 1), ("a", [])]), "e": {},
           "text": "“引号” <b>& \u2028 \x00 \ud800", "big": 10**30, "deep": [[[[[{"x": [1, [2, {"y": ()}]]}]]]]]}
    assert "".join(jsonstream.chunks(doc, 3)) == dumps(doc)


def test_items_are_encoded_as_the_list_they_yield_without_being_built_first():
    made = []

    def results():
        for i in range(100):
            made.append(i)
            yield {"i": i, "v": [i, str(i)]}

    stream = jsonstream.chunks({"runs": [{"results": jsonstream.Items(results())}]}, 64)
    first = next(stream)
    assert len(made) < 100  # streamed: the first chunk is out before the last result is made
    text = first + "".join(stream)
    assert text == dumps({"runs": [{"results": [{"i": i, "v": [i, str(i)]} for i in range(100)]}]})


def test_what_json_cannot_hold_is_the_same_type_error():
    for bad in ({"a": object()}, {(1, 2): "tuple key"}, [{1, 2}]):
        with pytest.raises(TypeError) as theirs:
            json.dumps(bad, ensure_ascii=False, indent=2)
        with pytest.raises(TypeError) as ours:
            "".join(jsonstream.chunks(bad))
        assert type(ours.value) is type(theirs.value)
