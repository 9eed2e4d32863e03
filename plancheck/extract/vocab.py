"""The extractor's vocabulary (data/extract.yaml) and the patterns built from it.

Units are not listed here: the unit pattern is built from the pint registry of
plancheck.units (data/units.txt), so the extractor reads exactly the units the rules know.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from plancheck.models.plan import Comparator


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class Vocab:
    data: dict
    before: dict[str, dict[str, Comparator]]
    after: dict[str, Comparator]
    inside: dict[str, Comparator]
    unit_re: str
    rate_words: dict[str, str]
    periods: dict[str, tuple[int, int]]

    def words(self, name: str) -> list[str]:
        return list(self.data.get(name, []))

    def alt(self, name: str) -> str:
        return _alt(self.data[name])


def _unit_pattern() -> str:
    from plancheck.units import registry

    ureg = registry()
    words = [u for u in ureg._units if not u.isascii() and u not in ("万", "亿", "百分点")]
    ascii_units = [u for u in ureg._units if u.isascii() and u.isalpha() and u != "percent"]
    prefixes = [p for p in ureg._prefixes if p]
    either = f"(?:\\((?:{_alt(words)})\\))?"  # 家(个): either word (plancheck.units reads it)
    base = f"(?:{_alt(prefixes)})?(?:{_alt(words)}){either}"
    per = f"(?:/(?:{_alt(prefixes)})?(?:{_alt(words)}))?"
    # order matters: points before %, a unit word (with its magnitude) before a bare magnitude
    return f"个百分点|百分点|%|‰|倍|{base}{per}|{_alt(ascii_units)}|万亿|亿|万"


def _periods() -> dict[str, tuple[int, int]]:
    """Plan-cycle names and their growth spans (base year, last year), from plancheck.vocab:
    十一五 … 十九五, the names that are never ordinary numbers (十五, 九五 are: not read here)."""
    from plancheck import vocab as V

    return {V.cycle_name(n): V.cycle(n).span for n in range(11, 20)}


@cache
def vocab() -> Vocab:
    text = resources.files("plancheck").joinpath("data/extract.yaml").read_text("utf-8")
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    before = {w: {k: Comparator(v) for k, v in d.items()} for w, d in data["comparators_before"].items()}
    after = {w: Comparator(v) for w, v in data["comparators_after"].items()}
    inside = {w: Comparator(v) for w, v in data["comparators_inside"].items()}
    periods = _periods()
    return Vocab(data, before, after, inside, _unit_pattern(), dict(data["rate_words"]), periods)
