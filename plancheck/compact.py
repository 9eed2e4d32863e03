"""One set of field names per shape, shared by a plan's frozen models (issue 13: memory).

pydantic gives every model instance its own `__pydantic_fields_set__`, the names of the fields
the input gave. A plan's ~95 facts give the same few combinations, and a set of eleven names is
~730 bytes: a third of a loaded plan's memory at country scale (~90 KB of ~260 KB per plan). The
plan models are frozen (`_Strict`), so nothing adds a name to the set after validation (pydantic
does so only on assignment, which a frozen model refuses; `model_copy` copies the set): equal sets
can be one object. Sharing them also makes a plan's pickle (the load workers send every plan to
the main process) smaller and faster to rebuild, since pickle writes a shared object once.

The shared sets are one per shape in the whole process (`FieldNames`), and pickle as a lookup of
that process's own: the plans a load worker sends share their sets in the main process too, not
only within each plan (~20 sets per plan at ~730 bytes: ~45 MB at 3,000 plans).
"""

from __future__ import annotations

from pydantic import BaseModel

_MODELS: set[type] = set()  # the types met so far: pydantic models,
_CONTAINERS: set[type] = set()  # lists, tuples and dicts (which may hold models),
_LEAVES: set[type] = set()  # and everything else (str, int, Decimal, None, enums ...)


def _classify(t: type) -> None:  # issubclass once per type: isinstance against BaseModel's metaclass is slow
    (_MODELS if issubclass(t, BaseModel) else _CONTAINERS if issubclass(t, (list, tuple, dict)) else _LEAVES).add(t)


class FieldNames(set):
    """The one set of field names of a shape, shared by every frozen model of that shape in
    this process. It pickles as a lookup (`shared`), so an unpickled plan gets the receiving
    process's own set; a copy (pydantic's `model_copy`, which may then add names) is a plain set
    of its own, never the shared one."""

    __slots__ = ()

    def __reduce__(self):
        return (shared, (tuple(sorted(self)),))

    def __copy__(self) -> set:
        return set(self)

    def __deepcopy__(self, memo) -> set:
        return set(self)


_SHARED: dict[frozenset, FieldNames] = {}  # a few dozen shapes: the plan models' combinations of fields


def shared(names) -> FieldNames:
    """The process's one FieldNames equal to `names`."""
    key = frozenset(names)
    got = _SHARED.get(key)
    if got is None:
        got = _SHARED.setdefault(key, FieldNames(key))
    return got


def share_field_sets(model: BaseModel) -> BaseModel:
    """Give every frozen model in `model`'s tree (itself, its fields, the items of its list,
    tuple and dict fields) the process's one set object of its field names (`shared`); returns
    `model`. A model that is not frozen keeps its own set."""
    pool: dict[int, FieldNames] = {}  # id of a set met in this tree -> its shared one
    stack: list = [model]
    leaves, models = _LEAVES, _MODELS
    while stack:
        m = stack.pop()
        t = type(m)
        if t in models:
            if m.model_config.get("frozen"):
                names = m.__pydantic_fields_set__
                one = pool.get(id(names))
                if one is None:
                    one = pool[id(names)] = names if type(names) is FieldNames else shared(names)
                if one is not names:
                    object.__setattr__(m, "__pydantic_fields_set__", one)
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
