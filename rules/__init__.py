"""The rule registry: every module `pcNNN_*.py` in this package defines one rule."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from plancheck.rules.base import Rule, Scope

__all__ = ["Rule", "Scope", "all_rules", "declared", "get_rule"]


@cache
def all_rules() -> tuple[type[Rule], ...]:
    found: list[type[Rule]] = []
    for mod in pkgutil.iter_modules(__path__):
        if not mod.name.startswith("pc"):
            continue
        module = importlib.import_module(f"{__name__}.{mod.name}")
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, Rule) and obj is not Rule and obj.__module__ == module.__name__:
                found.append(obj)
    codes = [r.code for r in found]
    dup = {c for c in codes if codes.count(c) > 1}
    if dup:
        raise RuntimeError(f"duplicate rule codes: {sorted(dup)}")
    return tuple(sorted(found, key=lambda r: r.code))


def get_rule(code_or_name: str) -> type[Rule] | None:
    c = code_or_name.strip()
    return next((r for r in all_rules() if r.code.lower() == c.lower() or r.name == c), None)


@cache
def _by_code() -> dict[str, type[Rule]]:
    return {r.code: r for r in all_rules()}


def declared(code: str) -> type[Rule]:
    """What the rule with this code declares (its class: scope, traits), for code that reads a
    finding's `rule` field; `Rule` itself, which declares nothing, for a code no rule has."""
    return _by_code().get(code, Rule)
