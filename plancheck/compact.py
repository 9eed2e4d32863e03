"""One set of field names per shape, shared by a plan's frozen models, and their values held
inline once unpickled (`reduce`, `rebuild`; issue 13: memory).

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

import operator

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


def prime(cls: type[BaseModel]) -> None:
    """Make `cls` ready for `reduce` and `rebuild`; call it once, before any instance is made.

    The names a class shares among its instances are filled by the first instance whose
    attributes are set one by one; CPython shrinks the room left for them with every instance made
    otherwise (a heuristic for classes whose instances hold no attributes), and pydantic makes its
    instances otherwise. A process that has validated a few hundred facts would then find no room
    left, and every rebuilt fact would get a dict after all (larger than pydantic's own). One
    instance made here sets every field name, in order, first. A class with private attributes
    or extra fields is refused: `rebuild` would drop them."""
    if cls.__private_attributes__ or cls.model_config.get("extra") != "forbid":
        raise TypeError(f"{cls.__name__}: compact.rebuild keeps fields only (no private attributes, extra forbidden)")
    names = tuple(cls.model_fields)
    probe = cls.__new__(cls)
    for name in names:
        object.__setattr__(probe, name, None)
    get = operator.attrgetter(*names) if names else (lambda m: ())
    _VALUES[cls] = (lambda m: (get(m),)) if len(names) == 1 else get


_VALUES: dict[type, object] = {}  # a primed model class -> the getter of its field values, in order


def reduce(model: BaseModel) -> tuple:
    """A primed model's pickle (issue 13: memory): its class, its set of field names and its
    values in field order, rebuilt by `rebuild` with its values inline.

    CPython (3.11+) keeps an instance's attributes in a small array beside the object, their
    names shared by the class, when they are set one by one on a new instance: ~8 bytes a field.
    pydantic gives each instance a dict of its own instead, on validation and on unpickling
    (~460 bytes for a fact's twenty fields, ~90 MB of a country's 3,000 plans). The load workers
    send every plan to the main process by pickle, so that is where the plans are made anew."""
    cls = type(model)
    return (rebuild, (cls, model.__pydantic_fields_set__, _VALUES[cls](model)))


def rebuild(cls: type[BaseModel], names: set, values: tuple) -> BaseModel:
    """A model back from `reduce`: a new instance, each field set on its own, so that its values
    are held inline (`prime` refused the classes with more than fields to keep)."""
    put = object.__setattr__
    model = cls.__new__(cls)
    put(model, "__pydantic_fields_set__", names)
    put(model, "__pydantic_extra__", None)
    put(model, "__pydantic_private__", None)
    for name, value in zip(cls.model_fields, values, strict=True):  # never `model.__dict__`: it makes the dict
        put(model, name, value)
    return model


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
