"""A loaded plan's frozen models share one set of field names per shape (plancheck.compact):
the same plan, the same dumps (with and without `exclude_unset`), less memory."""

from __future__ import annotations

import pickle

from pydantic import BaseModel, ConfigDict

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
