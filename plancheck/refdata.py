"""Reference data: the indicator catalog, the region registry, floors and regional totals.

The built-in data (`models/data/indicators-*.yaml`, `models/data/regions.yaml`,
`rules/data/floors.yaml`) is merged with a plan-data repository's own files:

- named in settings (`[tool.plancheck] catalog = ["ref/indicators-*.yaml"]`, `regions = ...`,
  `floors = ...`, `reference = ...`: a file, a glob or a list of them, relative to the settings
  file), and
- found in the conventional folder `reference/` next to the plan files: `indicators*.yaml`,
  `regions*.yaml`, `floors*.yaml` and `regional-totals*.yaml`.

An entry defined twice (an indicator key, a region code, a floor's indicator, a total's
indicator/region/year) with different content is a clash: an input error that names both files
and lines. The first definition is kept (built-in data first), so the rest is still checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import pydantic

from plancheck import yamlsrc
from plancheck.inputs import CONVENTIONAL, KINDS, user_files  # noqa: F401 - user_files: this module's API
from plancheck.loader import InputError, dotted
from plancheck.models import Catalog, RegionRegistry
from plancheck.models.catalog import Indicator
from plancheck.models.region import Region
from plancheck.safeio import read_regular

_LIST_KEY = {"catalog": "indicators", "regions": "regions", "floors": "floors", "reference": "totals"}


@dataclass
class ReferenceData:
    catalog: Catalog
    regions: RegionRegistry
    floors: dict  # indicator key -> [rules.pc201_framework_floor.Floor], each scoped to its setter
    totals: object | None  # rules.pc203_ratio_vs_province.RegionalTotals, None when no file
    files: dict[str, list[str]] = field(default_factory=dict)  # kind -> files merged, for reports


@dataclass(frozen=True)
class _Entry:
    key: object
    data: dict
    file: str
    line: int | None


def builtin_files() -> dict[str, list[tuple[str, str]]]:
    """kind -> [(display name, text)] of the data shipped with plancheck."""
    models = resources.files("plancheck.models").joinpath("data")
    rules = resources.files("plancheck.rules").joinpath("data")
    cat = sorted(p.name for p in models.iterdir() if p.name.startswith("indicators") and p.name.endswith(".yaml"))
    return {
        "catalog": [(f"models/data/{n}", models.joinpath(n).read_text("utf-8")) for n in cat],
        "regions": [("models/data/regions.yaml", models.joinpath("regions.yaml").read_text("utf-8"))],
        "floors": [("rules/data/floors.yaml", rules.joinpath("floors.yaml").read_text("utf-8"))],
        "reference": [],
    }


def _entries(kind: str, display: str, text: str, errors: list[InputError]) -> tuple[list[_Entry], dict]:
    try:
        data, positions = yamlsrc.load(text)
    except yamlsrc.YamlError as e:
        errors.append(InputError(display, e.mark.line if e.mark else None, e.mark.column if e.mark else None,
                                 dotted(e.path), e.message))
        return [], {}
    data = data or {}
    lk = _LIST_KEY[kind]
    if not isinstance(data, dict) or not isinstance(data.get(lk, []), list):
        errors.append(InputError(display, 1, 1, lk, f"a {kind} file is a mapping with a list `{lk}:`"))
        return [], {}
    out = []
    for i, item in enumerate(data.get(lk) or []):
        mark = yamlsrc.position(positions, (lk, i))
        if not isinstance(item, dict):
            errors.append(InputError(display, mark.line if mark else None, 1, f"{lk}[{i}]", "an entry is a mapping"))
            continue
        key = {"catalog": lambda d: d.get("key"), "regions": lambda d: d.get("code"),
               "floors": lambda d: (d.get("indicator"), d.get("region"), d.get("level")),
               "reference": lambda d: (d.get("indicator"), d.get("region"), d.get("year"))}[kind](item)
        out.append(_Entry(key, item, display, mark.line if mark else None))
    return out, data


def _where(e: _Entry) -> str:
    return f"{e.file}:{e.line}" if e.line else e.file


def _merge(kind: str, entries: list[_Entry], errors: list[InputError]) -> list[_Entry]:
    kept: dict[object, _Entry] = {}
    for e in entries:
        first = kept.get(e.key)
        if first is None:
            kept[e.key] = e
        elif first.data != e.data:
            what = {"catalog": "indicator key", "regions": "region code", "floors": "floor for indicator",
                    "reference": "regional total"}[kind]
            errors.append(InputError(e.file, e.line, 1, _LIST_KEY[kind],
                                     f"{what} {e.key!r} clashes with its definition in {_where(first)}"))
    return list(kept.values())


def _validated(model, e: _Entry, errors: list[InputError]):
    try:
        return model.model_validate(e.data)
    except pydantic.ValidationError as exc:
        for err in exc.errors(include_url=False):
            errors.append(InputError(e.file, e.line, 1, dotted(err["loc"]), err["msg"]))
        return None


def load(user: dict[str, list[Path]] | None = None, root: Path | None = None) -> tuple[ReferenceData, list[InputError]]:
    """The built-in reference data merged with the user's files; problems as input errors."""
    from plancheck.rules.pc201_framework_floor import floor_of
    from plancheck.rules.pc203_ratio_vs_province import OmittedTotals, RegionalTotal, RegionalTotals

    errors: list[InputError] = []
    sources = {k: list(v) for k, v in _builtin().items()}
    for kind, paths in (user or {}).items():
        for p in paths:
            display = _display(p, root)
            try:
                sources[kind].append((display, read_regular(p).decode("utf-8")))
            except (OSError, UnicodeDecodeError) as e:
                errors.append(InputError(display, None, None, kind, f"cannot read {kind} file: {getattr(e, 'strerror', None) or e}"))
    merged: dict[str, list[_Entry]] = {}
    omitted: list = []
    for kind in KINDS:
        entries = []
        for display, text in sources[kind]:
            got, data = _entries(kind, display, text, errors)
            entries.extend(got)
            if kind == "reference":
                omitted.extend(data.get("omitted") or [])
        merged[kind] = _merge(kind, entries, errors)
    indicators = [i for e in merged["catalog"] if (i := _validated(Indicator, e, errors)) is not None]
    regions = [r for e in merged["regions"] if (r := _validated(Region, e, errors)) is not None]
    floors: dict[str, list] = {}
    for e in merged["floors"]:
        try:
            f = floor_of(e.data)
        except ValueError as exc:
            errors.append(InputError(e.file, e.line, 1, "floors", str(exc)))
            continue
        floors.setdefault(f.indicator, []).append(f)
    totals = None
    if sources["reference"]:
        rows = [t for e in merged["reference"] if (t := _validated(RegionalTotal, e, errors)) is not None]
        try:
            totals = RegionalTotals(totals=rows, omitted=[OmittedTotals.model_validate(o) for o in omitted])
        except pydantic.ValidationError as exc:
            errors.append(InputError(sources["reference"][0][0], None, None, "omitted", str(exc)))
            totals = RegionalTotals(totals=rows)
    files = {k: [d for d, _ in sources[k]] for k in KINDS}
    return ReferenceData(Catalog(indicators=indicators), RegionRegistry(regions=regions), floors, totals, files), errors


@cache
def _builtin() -> dict[str, tuple[tuple[str, str], ...]]:
    return {k: tuple(v) for k, v in builtin_files().items()}


def _display(path: Path, root: Path | None) -> str:
    try:
        return str(path.resolve().relative_to((root or Path.cwd()).resolve()))
    except ValueError:
        return str(path)
