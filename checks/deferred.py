"""Modules imported on first use in the data-quality suite's helper process.

Great Expectations imports every expectation class it ships, and one of them (the KL-divergence
expectation, which this suite never runs) imports `scipy.stats` and `altair` at module level:
~0.9 s and ~0.4 s of a 4.3 s import (`python -X importtime` on a loaded machine), and ~80 MiB of
the helper's peak (215 -> 133 MiB in a cold five-plan check). `defer()` puts a stand-in
module in `sys.modules` for each; the real module is imported the first time one of the
stand-in's attributes is read (or set, or listed), and every later read goes to it. A program
that uses the module therefore sees the module, only later.

Why not `importlib.util.LazyLoader`: on Python 3.11 an import statement that finds a module in
`sys.modules` reads its `__spec__` (to see whether it is still initialising), and LazyLoader's
module loads itself on any attribute read, `__spec__` included: it loads at the import statement,
which is what it was meant to put off. The stand-in holds the real spec in its own `__dict__`, so
reading it loads nothing.

Only the helper process calls `defer()` (`plancheck.checks.worker`), before it imports the suite.
A module already imported, or not installed, gets no stand-in.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
import types

MODULES = ("scipy.stats", "altair")  # imported by Great Expectations for expectations the suite never runs


class Deferred(types.ModuleType):
    """A stand-in for the module named `spec.name`, imported on its first attribute access."""

    def __init__(self, spec):
        super().__init__(spec.name)
        d = self.__dict__
        d["__spec__"] = spec
        d["__loader__"] = spec.loader
        d["__package__"] = spec.parent
        d["_deferred_lock"] = threading.RLock()
        d["_deferred_module"] = None

    def _deferred_load(self) -> types.ModuleType:
        d = self.__dict__
        with d["_deferred_lock"]:
            if d["_deferred_module"] is None:
                name = d["__name__"]
                if sys.modules.get(name) is self:
                    del sys.modules[name]
                d["_deferred_module"] = importlib.import_module(name)
            return d["_deferred_module"]

    def __getattr__(self, name):  # only for names not in the stand-in's own __dict__
        if name.startswith("_deferred_"):
            raise AttributeError(name)
        return getattr(self._deferred_load(), name)

    def __setattr__(self, name, value):
        setattr(self._deferred_load(), name, value)

    def __delattr__(self, name):
        delattr(self._deferred_load(), name)

    def __dir__(self):
        return dir(self._deferred_load())

    def __repr__(self):
        state = "loaded" if self.__dict__["_deferred_module"] is not None else "not yet imported"
        return f"<deferred module {self.__dict__['__name__']!r} ({state})>"


def defer(names=MODULES) -> list[str]:
    """Put a stand-in in `sys.modules` for each module of `names` that is installed and not yet
    imported; returns the names that got one. Finding a submodule's spec imports its parent
    package (scipy's own `__init__` is light: it imports neither stats nor its other submodules)."""
    done = []
    for name in names:
        if name in sys.modules:
            continue
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        if spec is None:
            continue
        sys.modules[name] = Deferred(spec)
        done.append(name)
    return done


def loaded(name: str) -> bool:
    """Whether `name` is imported for real (not only its stand-in)."""
    module = sys.modules.get(name)
    if isinstance(module, Deferred):
        return module.__dict__["_deferred_module"] is not None
    return module is not None
