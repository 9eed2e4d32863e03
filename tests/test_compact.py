"""A loaded plan's frozen models share one set of field names per shape (plancheck.compact):
the same plan, the same dumps (with and without `exclude_unset`), less memory."""

from __future__ import annotations

import copyreg
import io
import pickle
import subprocess
import sys

import pytest
from pydantic import BaseModel, ConfigDict, ValidationError

from plancheck.compact import share_field_sets
from plancheck.loader import load_plans
from tests.planfactory import ROOT, corpus_files


def _models(m, out):
    if isinstance(m, BaseModel):
        out.append(m)
        for v in m.__dict__.values():
            _models(v, out)
    elif isinstance(m, (list, tuple)):
        for v in m:
            _models(v, out)
    elif isinstance(m, dict):
        for v in m.values():
            _models(v, out)
    return out


def test_loaded_plans_share_their_field_sets_and_are_unchanged():
    plans = load_plans(corpus_files(), ROOT).plans
    assert plans
    for lp in plans:
        models = _models(lp.plan, [])
        sets = {}
        for m in models:
            sets.setdefault(frozenset(m.__pydantic_fields_set__), set()).add(id(m.__pydantic_fields_set__))
        assert all(len(ids) == 1 for ids in sets.values()), lp.plan.id  # one object per shape
        assert len(sets) < len(models) / 3  # and far fewer shapes than models
        fresh = type(lp.plan).model_validate_json(lp.plan.model_dump_json(exclude_unset=True))
        assert fresh == lp.plan
        assert fresh.model_dump_json(exclude_unset=True) == lp.plan.model_dump_json(exclude_unset=True)
        back = pickle.loads(pickle.dumps(lp.plan))  # what a load worker sends: shared there too
        assert back == lp.plan and len({id(m.__pydantic_fields_set__) for m in _models(back, [])}) == len(sets)


class _Loose(BaseModel):
    a: int = 0
    b: int = 0


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)
    a: int = 0
    items: list[_Loose] = []
    more: dict[str, tuple[_Frozen, ...]] = {}


def test_a_model_that_is_not_frozen_keeps_its_own_set():
    root = _Frozen(a=1, items=[_Loose(a=1), _Loose(a=2)], more={"x": (_Frozen(a=2), _Frozen(a=3))})
    share_field_sets(root)
    x, y = root.more["x"]
    assert x.__pydantic_fields_set__ is y.__pydantic_fields_set__ == {"a"}
    assert root.items[0].__pydantic_fields_set__ is not root.items[1].__pydantic_fields_set__
    root.items[0].b = 5  # pydantic adds the name to that instance's set only
    assert root.items[0].__pydantic_fields_set__ == {"a", "b"} and root.items[1].__pydantic_fields_set__ == {"a"}


_FRESH_PROCESS = """
import pickle, sys, tracemalloc
texts, blob = pickle.loads(sys.stdin.buffer.read())  # some facts as JSON; many pickled
from plancheck.models.plan import Fact
validated = [Fact.model_validate_json(t) for t in texts]  # a process that has made facts already
tracemalloc.start()
facts = pickle.loads(blob)
print(tracemalloc.get_traced_memory()[0] // len(facts))
"""


class _AsPydantic(pickle.Pickler):
    """Pickles models as pydantic does (a new object given its dict), not by `compact.reduce`."""

    def reducer_override(self, obj):
        if isinstance(obj, BaseModel):
            return copyreg.__newobj__, (type(obj),), obj.__getstate__()
        return NotImplemented




def test_an_unpickled_plan_holds_its_models_values_inline_and_is_the_same_plan():
    plans = load_plans(corpus_files(), ROOT).plans
    for lp in plans:
        back = pickle.loads(pickle.dumps(lp.plan))
        assert back == lp.plan and back.model_dump_json() == lp.plan.model_dump_json()
        assert back.model_dump_json(exclude_unset=True) == lp.plan.model_dump_json(exclude_unset=True)
        assert back.model_fields_set == lp.plan.model_fields_set
        assert pickle.loads(pickle.dumps(back)) == back
        fact = back.facts[0]
        with pytest.raises(ValidationError, match="frozen"):
            fact.note = "changed"
        copied = fact.model_copy(update={"note": "changed"})
        assert copied.note == "changed" and fact.note != "changed"
    facts = [f for lp in plans for f in lp.plan.facts]
    # allocation sizes (tracemalloc), not timings, per unpickled fact (its values included): pydantic's
    # holds its twenty fields in a dict of its own (~460 bytes), compact.reduce's ~8 bytes a field
    # beside the object: ~240 bytes less. In a process that has validated facts first that needs
    # compact.prime: without it the rebuilt facts get a dict after all (~30 bytes more than pydantic's)
    many = [type(f).model_validate_json(f.model_dump_json()) for _ in range(10) for f in facts]  # not one object 10 times
    theirs = io.BytesIO()
    _AsPydantic(theirs, protocol=pickle.HIGHEST_PROTOCOL).dump(many)
    texts = [f.model_dump_json() for f in facts]

    def per_fact(blob: bytes) -> int:
        sent = pickle.dumps((texts, blob))
        run = subprocess.run([sys.executable, "-c", _FRESH_PROCESS], input=sent, capture_output=True, check=True,
                             cwd=ROOT)
        return int(run.stdout)

    ours, pydantics = per_fact(pickle.dumps(many)), per_fact(theirs.getvalue())
    assert ours < pydantics - 150, (ours, pydantics)


def test_a_model_with_more_than_fields_to_keep_is_refused_by_prime():
    from pydantic import PrivateAttr

    from plancheck.compact import prime

    class _Private(BaseModel):
        model_config = ConfigDict(extra="forbid", frozen=True)
        a: int = 0
        _seen: int = PrivateAttr(default=0)

    class _Extra(BaseModel):
        model_config = ConfigDict(extra="allow", frozen=True)
        a: int = 0

    class _Fields(BaseModel):
        model_config = ConfigDict(extra="forbid", frozen=True)
        a: int = 0

    for cls in (_Private, _Extra):
        with pytest.raises(TypeError, match="fields only"):
            prime(cls)
    prime(_Fields)  # fields only: accepted
