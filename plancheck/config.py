"""Settings: `[tool.plancheck]` in pyproject.toml (or a `plancheck.toml`), then command-line flags.

    [tool.plancheck]
    waivers = "waivers.yaml"
    output-dir = "reports"
    lang = "zh"                 # zh | en
    select = ["PC1", "PC001"]   # code prefixes; default: every rule
    ignore = []
    fail-on = "error"           # error | warning
    cache-dir = "/var/cache/pc"  # validated plans and per-plan findings (default: the user cache
                                 # directory, see plancheck.cache); "" to switch the cache off
    cache-max-mb = 512          # least recently used entries beyond this are evicted
    catalog = ["ref/indicators-*.yaml"]  # the repository's own reference data, merged with the
    regions = "ref/regions.yaml"          # built-in (plancheck.refdata); a file, glob or list
    floors = "ref/floors.yaml"
    reference = "ref/regional-totals.yaml"
    [tool.plancheck.rules.PC101]
    severity = "warning"        # error | warning | info
    # ...and the rule's own parameters (plancheck explain PC101 lists them)
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path


class ConfigError(ValueError):
    pass


@dataclass
class Settings:
    waivers: str | None = None
    output_dir: str = "reports"
    lang: str = "zh"
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    fail_on: str = "error"
    rules: dict[str, dict] = field(default_factory=dict)
    cache_dir: str | None = None  # None: the user cache directory (plancheck.cache.user_cache_dir)
    cache: bool = True  # `cache-dir = ""` switches it off
    cache_max_mb: int = 512
    source: str | None = None  # the file the settings came from
    reference_data: dict[str, list[str]] = field(default_factory=dict)  # catalog/regions/floors/reference -> files


_REFERENCE_KEYS = ("catalog", "regions", "floors", "reference")
_KEYS = {"waivers", "output-dir", "lang", "select", "ignore", "fail-on", "rules", "cache-dir", "cache-max-mb",
         *_REFERENCE_KEYS}


def load(path: Path | None = None, start: Path | None = None) -> Settings:
    """Read settings from `path`, or from the nearest pyproject.toml / plancheck.toml above `start`."""
    if path is None:
        here = (start or Path.cwd()).resolve()
        for d in [here, *here.parents]:
            for name in ("plancheck.toml", "pyproject.toml"):
                cand = d / name
                if cand.is_file():
                    data = _read(cand)
                    table = data if name == "plancheck.toml" else data.get("tool", {}).get("plancheck")
                    if table is not None:
                        return _settings(table, cand)
        return Settings()
    data = _read(path)
    table = data.get("tool", {}).get("plancheck", data) if path.name == "pyproject.toml" else data
    return _settings(table, path)


def _read(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise ConfigError(f"{path}: {e}") from None


def _settings(table: dict, path: Path) -> Settings:
    unknown = set(table) - _KEYS
    if unknown:
        raise ConfigError(f"{path}: unknown setting(s) {sorted(unknown)} in [tool.plancheck]")
    s = Settings(source=str(path))
    base = path.parent
    if "waivers" in table:
        s.waivers = str(base / table["waivers"])
    s.output_dir = table.get("output-dir", s.output_dir)
    if "cache-dir" in table:
        s.cache_dir = str(base / table["cache-dir"]) if table["cache-dir"] else None
        s.cache = bool(table["cache-dir"])
    s.cache_max_mb = table.get("cache-max-mb", s.cache_max_mb)
    s.lang = table.get("lang", s.lang)
    s.select = list(table.get("select", []))
    s.ignore = list(table.get("ignore", []))
    s.fail_on = table.get("fail-on", s.fail_on)
    s.rules = {k.upper(): dict(v) for k, v in table.get("rules", {}).items()}
    for key in _REFERENCE_KEYS:
        if key in table:
            names = [table[key]] if isinstance(table[key], str) else table[key]
            if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
                raise ConfigError(f"{path}: {key} must be a file name or a list of file names (globs allowed)")
            s.reference_data[key] = [str(base / n) for n in names]
    if s.lang not in ("zh", "en"):
        raise ConfigError(f"{path}: lang must be zh or en, not {s.lang!r}")
    if s.fail_on not in ("error", "warning"):
        raise ConfigError(f"{path}: fail-on must be error or warning, not {s.fail_on!r}")
    return s
