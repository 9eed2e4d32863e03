""""Did you mean ...?" for unknown keys in a plan file: indicators, regions, units, plan ids.

Suggestions come from difflib over the known keys and, for an indicator, over the catalog's
names and aliases compared with the name the fact prints; for a region, over codes and over the
region names printed in the plan's title.
"""

from __future__ import annotations

import difflib
import unicodedata
from functools import cache
from importlib import resources

from plancheck.models import Catalog, RegionRegistry

PLACEHOLDER = "TODO"  # `indicator: TODO`: an indicator still to be chosen (plancheck draft writes it)


def _norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s)
    return "".join(ch for ch in s if ch.isalnum())


def indicators(catalog: Catalog, key: str, name: str | None = None, n: int = 3) -> list[str]:
    """Catalog keys close to an unknown `key`, or whose name/alias is close to the printed `name`."""
    out: list[str] = []
    if name:
        labels: dict[str, str] = {}
        for ind in catalog.indicators:
            for label in (ind.name, *ind.aliases):
                labels.setdefault(_norm(label), ind.key)
        target = _norm(name)
        exact = labels.get(target)
        if exact:
            out.append(exact)
        for label in difflib.get_close_matches(target, list(labels), n=n + 2, cutoff=0.5):
            out.append(labels[label])
        # a printed name that contains a catalog name (or is contained in one) is close too
        for label, k in sorted(labels.items(), key=lambda kv: -len(kv[0])):
            if len(label) >= 4 and (label in target or target in label):
                out.append(k)
    if key and key != PLACEHOLDER:
        out.extend(difflib.get_close_matches(key, [i.key for i in catalog.indicators], n=n, cutoff=0.6))
    return _uniq(out)[:n]


def regions(registry: RegionRegistry, code: str, context: str = "", n: int = 3) -> list[str]:
    """Region codes close to an unknown `code`, and regions named in `context` (the plan's title)."""
    named = [r.code for r in registry.regions if len(r.name) >= 2 and r.name in context]
    named.sort(key=lambda c: -len(registry.get(c).name))  # 嘉兴市 before a county of the same name
    close = []
    if code.isdigit() and len(code) == 6:
        def distance(c: str) -> tuple[int, int]:
            return sum(a != b for a, b in zip(c, code, strict=True)), abs(int(c) - int(code))

        ranked = sorted((distance(r.code), r.code) for r in registry.regions)
        close = [c for d, c in ranked if d[0] <= 2][:n]
    return _uniq(named + close)[:n]


def regions_label(registry: RegionRegistry, codes: list[str]) -> str:
    return ", ".join(f"{c} ({registry.get(c).name})" for c in codes if registry.get(c) is not None)


@cache
def _unit_candidates() -> tuple[str, ...]:
    from plancheck.units import UnitError, parse

    text = resources.files("plancheck").joinpath("data/units.txt").read_text("utf-8")
    words = [line.split("=")[0].strip() for line in text.splitlines()
             if "=" in line and not line.startswith("#") and not line.split("=")[0].strip().endswith("-")]
    out = ["%", "个百分点", "/"]
    for w in words:
        for prefix in ("", "万", "亿", "万亿", "千"):
            out.append(prefix + w)
            out.append(f"{prefix}{w}/人")
            out.append(f"{w}/{prefix}人" if prefix else f"{w}/万人")
    good = []
    for u in out:
        try:
            parse(u)
        except UnitError:
            continue
        good.append(u)
    return tuple(_uniq(good))


def units(printed: str, n: int = 3) -> list[str]:
    """Units close to a unit that does not parse (`亿园` -> `亿元`)."""
    target = unicodedata.normalize("NFKC", printed).strip()
    scored = []
    for i, u in enumerate(_unit_candidates()):
        ratio = difflib.SequenceMatcher(None, target, u).ratio()
        if ratio >= 0.5:
            scored.append((abs(len(u) - len(target)), -ratio, i, u))  # same length first: 亿园 -> 亿元, not 亿
    return [u for *_, u in sorted(scored)[:n]]


def plan_ids(known: list[str], pid: str, n: int = 3) -> list[str]:
    return difflib.get_close_matches(pid, known, n=n, cutoff=0.6)


def hint(options: list[str], zh: bool = False) -> str:
    """` (did you mean a, b?)` or nothing."""
    if not options:
        return ""
    return f"（是否指 {'、'.join(options)}？）" if zh else f" (did you mean {', '.join(options)}?)"


def _uniq(xs):
    seen, out = set(), []
    for x in xs:
        if x not in seen:
            seen.add(x)
            out.append(x)
    return out
