"""One set of field names per shape, shared by a plan's frozen models (issue 13: memory).

pydantic gives every model instance its own `__pydantic_fields_set__`, the names of the fields
the input gave. A plan's ~95 facts give the same few combinations, and a set of eleven names is
~730 bytes: a third of a loaded plan's memory at country scale (~90 KB of ~260 KB per plan). The
plan models are frozen (`_Strict`), so nothing adds a name to the set after validation (pydantic
does so only on assignment, which a frozen model refuses; `model_copy` copies the set): equal sets
can be one object. Sharing them also makes a plan's pickle (the load workers send every plan to
the main process) smaller and faster to rebuild, since pickle writes a shared object once.
"""

from __future__ import annotations

from pydantic import BaseModel

_MODELS: set[type] = set()  # the types met so far: pydantic models,
_CONTAINERS: set[type] = set()  # lists, tuples and dicts (which may hold models),
_LEAVES: set[type] = set()  # and everything else (str, int, Decimal, None, enums ...)


def _classify(t: type) -> None:  # issubclass once per type: isinstance against BaseModel's metaclass is slow
    (_MODELS if issubclass(t, BaseModel) else _CONTAINERS if issubclass(t, (list, tuple, dict)) else _LEAVES).add(t)


def share_field_sets(model: BaseModel) -> BaseModel:
    """Give every frozen model in `model`'s tree (itself, its fields, the items of its list,
    tuple and dict fields) the one set object of its field names among equal ones; returns
    `model`. A model that is not frozen keeps its own set."""
    pool: dict[frozenset, set] = {}
    stack: list = [model]
    leaves, models = _LEAVES, _MODELS
    while stack:
        m = stack.pop()
        t = type(m)
        if t in models:
            if m.model_config.get("frozen"):
                names = m.__pydantic_fields_set__
                shared = pool.setdefault(frozenset(names), names)
                if shared is not names:
                    object.__setattr__(m, "__pydantic_fields_set__", shared)
            values = m.__dict__.values()
        elif t in _CONTAINERS:
            values = m.values() if isinstance(m, dict) else m
        elif t in leaves:
            continue
        else:
            _classify(t)
            stack.append(m)
            continue
        for v in values:
            if type(v) not in leaves:
                stack.append(v)
    return model
